package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One row of the dispatcher's {@code dispatch_executions}, as read: every field may be missing or
 * wrong, which {@link ExecutionCheck} decides.
 */
public record Execution(UUID executionId, String accountName, String ticker, String instrumentType,
                        String optionSymbol, String side, BigDecimal quantity, BigDecimal filledQty,
                        BigDecimal entryPrice, BigDecimal stopLoss, BigDecimal takeProfit, String strategyType,
                        Integer maxHoldMinutes, LocalDate expirationDate, String executionMode, String status,
                        String brokerOrderId, String stopOrderId, String targetOrderId, Instant executedAt) {

    /** Paper and live executions reached the broker; SIMULATED ones never did. */
    public static final java.util.Set<String> BROKER_MODES = java.util.Set.of("ALPACA_PAPER", "LIVE");
    /** Statuses under which the broker holds (some of) the position. */
    public static final java.util.Set<String> FILLED_STATUSES = java.util.Set.of("FILLED", "PARTIALLY_FILLED");

    /** True when the broker holds what this execution bought or sold: only then is it a lot. */
    public boolean isFilledAtBroker() {
        return executionMode != null && BROKER_MODES.contains(executionMode.trim().toUpperCase(java.util.Locale.ROOT))
                && status != null && FILLED_STATUSES.contains(status.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
