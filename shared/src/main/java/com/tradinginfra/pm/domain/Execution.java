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
}
