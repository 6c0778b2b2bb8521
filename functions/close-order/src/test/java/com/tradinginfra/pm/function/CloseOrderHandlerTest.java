package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.exit.ExitDecision;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CloseOrderHandler with the sample SQS event of events/ (lot 42, attempt 1). */
class CloseOrderHandlerTest {
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(AS_OF.minusSeconds(300));

    @Test
    void theSampleCloseSubmitsOneSellOfTheLotsQuantityAndARedeliverySubmitsNothing(EmbeddedStack stack) {
        var components = stack.components(ManagerSettings.defaults("large"));
        stack.simulator().setPrice("CLS", "20.00");
        EntryTrader.Opened opened = stack.dispatcher("large").stock("CLS", "buy", 7, new BigDecimal("19"),
                new BigDecimal("25"), "swing_trade", true, AS_OF.minusSeconds(300));
        stack.db().execute("SELECT setval('active_positions_id_seq', 41)"); // the sample event names lot 42
        components.syncService().sync(AS_OF.minusSeconds(240));
        long id = components.store().activeLots("large").get(0).id();
        assertThat(id).isEqualTo(42);
        components.store().recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("18.90"), null, null,
                new ExitDecision.Exit(CloseReason.STOP_LOSS, "test"))), AS_OF);
        CloseOrderHandler handler = new CloseOrderHandler(components.closeOrderService());
        SQSEvent event = EventLoader.loadSQSEvent("../../events/close-order-sqs-event.json");

        SQSBatchResponse first = handler.handleRequest(event, null);
        SQSBatchResponse again = handler.handleRequest(event, null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        List<AlpacaSimulator.Order> sells = stack.simulator().orders("large").stream()
                .filter(o -> o.symbol().equals("CLS") && "pm-large-42-1".equals(o.clientOrderId())).toList();
        assertThat(sells).singleElement().satisfies(o -> {
            assertThat(o.side()).isEqualTo("sell");
            assertThat(o.qty()).isEqualByComparingTo("7");
        });
        // the bracket legs were cancelled before the close, so nothing held the shares
        assertThat(stack.simulator().order("large", opened.stopOrderId()).orElseThrow().status()).isEqualTo("canceled");
    }

    @Test
    void outcomesMapToMetricNames() {
        assertThat(CloseOrderHandler.metricOf(new CloseOutcome.Refused(LotStatus.CLOSE_FAILED, "x"))).isEqualTo("CloseFailed");
        assertThat(CloseOrderHandler.metricOf(new CloseOutcome.Refused(LotStatus.CLOSING, "x"))).isEqualTo("CloseRefused");
        assertThat(CloseOrderHandler.metricOf(new CloseOutcome.Submitted("o", "c", "1"))).isEqualTo("CloseSubmitted");
    }
}
