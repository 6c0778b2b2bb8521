package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.embedded.ExecutionRowWriter;
import com.tradinginfra.pm.embedded.EntryTrader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's upstream dispatcher: the scenario's lots opened through {@link EntryTrader}
 * (plain HTTP to the broker, then the {@code dispatch_executions} row), with stops and targets set
 * as percents of the price at entry.
 */
final class DemoEntries {
    private final EntryTrader dispatcher;

    /** The executions' ids are named by {@code seed} and their order: the same seed, the same ids. */
    DemoEntries(AlpacaSettings broker, ExecutionRowWriter table, String account, long seed) {
        AtomicLong written = new AtomicLong();
        this.dispatcher = new EntryTrader(broker, table, account, () -> UUID.nameUUIDFromBytes(
                ("demo-execution:" + seed + ":" + written.incrementAndGet()).getBytes(StandardCharsets.UTF_8)));
    }

    /** What was opened. */
    record Opened(UUID executionId, String orderId, List<String> legIds, BigDecimal fillPrice, BigDecimal stop, BigDecimal target) {
    }

    /** Opens {@code plan} at the current price {@code price} (the market order fills at it). */
    Opened open(DemoScenario.LotPlan plan, BigDecimal price, Instant at) {
        boolean isLong = plan.side().equals("buy");
        BigDecimal stop = away(price, plan.stopPct(), !isLong);
        BigDecimal target = away(price, plan.targetPct(), isLong);
        EntryTrader.Opened opened = dispatcher.open(new EntryTrader.Entry(plan.symbol(), plan.underlying(),
                plan.isOption() ? plan.type() : "STOCK", plan.side(), plan.qty(), stop, target, plan.strategy(), plan.bracket(),
                plan.maxHoldMinutes(), plan.isOption() ? plan.expiry() : null), at);
        List<String> legIds = new ArrayList<>();
        if (opened.stopOrderId() != null) {
            legIds.add(opened.stopOrderId());
        }
        if (opened.targetOrderId() != null) {
            legIds.add(opened.targetOrderId());
        }
        return new Opened(opened.executionId(), opened.orderId(), legIds, opened.fillPrice(), stop, target);
    }

    /** Cancels an order at the broker (DELETE /v2/orders/{id}); false when it was not cancelable. */
    boolean cancel(String orderId) {
        return dispatcher.cancel(orderId);
    }

    private static BigDecimal away(BigDecimal price, double pct, boolean up) {
        BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(up ? pct : -pct).movePointLeft(2));
        return price.multiply(factor).setScale(2, RoundingMode.HALF_EVEN);
    }
}
