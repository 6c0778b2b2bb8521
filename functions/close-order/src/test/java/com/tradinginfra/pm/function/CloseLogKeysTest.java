package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.exit.ExitDecision;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.LogCapture;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static com.tradinginfra.pm.embedded.LogCapture.has;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON log lines of a close, written through the functions' real logging set-up (JsonLogConfigurator's
 * JsonLogEncoder, with the keys of Powertools' LambdaJsonLayout): the message's keys are top-level JSON fields, and none of them
 * reaches the next message's lines. {@link LogCapture} reads them.
 */
class CloseLogKeysTest {
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");
    private static final String OCC = "GOOGL261218C00340000";

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(AS_OF.minusSeconds(300));

    @Test
    void aCloseMessagesLinesCarryItsKeysAndTheNextMessagesLinesDoNot(EmbeddedStack stack) {
        var components = stack.components(ManagerSettings.defaults("large"));
        stack.simulator().setPrice("GOOGL", "330.00");
        stack.simulator().setPrice(OCC, "5.00");
        stack.dispatcher("large").option("GOOGL", OCC, "CALL", 2, new BigDecimal("4.00"), new BigDecimal("7.50"),
                "swing_trade", LocalDate.of(2026, 12, 18), AS_OF.minusSeconds(300));
        components.syncService().sync(AS_OF.minusSeconds(240));
        Lot lot = components.store().activeLots("large").get(0);
        components.store().recordSweep("large", List.of(new SweepOutcome(lot.id(), new BigDecimal("3.90"), null, null,
                new ExitDecision.Exit(CloseReason.STOP_LOSS, "test"))), AS_OF);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                message("m-close", "{\"account\":\"large\",\"lotId\":" + lot.id() + ",\"attempt\":1,\"reason\":\"stop_loss\","
                        + "\"asOf\":\"2026-11-20T15:00:00Z\"}"),
                message("m-bad", "{\"account\":\"large\"}")));

        List<JsonObject> lines = LogCapture.lines(() -> {
            new CloseOrderHandler(components.closeOrderService()).handleRequest(event, null);
            LoggerFactory.getLogger(CloseLogKeysTest.class).info("after the invocation");
        });

        List<JsonObject> close = lines.stream().filter(l -> has(l, "message_id", "m-close")).toList();
        List<JsonObject> bad = lines.stream().filter(l -> has(l, "message_id", "m-bad")).toList();
        assertThat(close).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("account").getAsString()).isEqualTo("large");
            assertThat(l.get("lot_id").getAsString()).isEqualTo(Long.toString(lot.id()));
            assertThat(l.get("symbol").getAsString()).isEqualTo(OCC);
            assertThat(l.get("client_order_id").getAsString()).isEqualTo("pm-large-" + lot.id() + "-1");
        });
        assertThat(close).anySatisfy(l -> assertThat(l.get("message").getAsString()).contains("done"));
        assertThat(bad).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("account").getAsString()).isEqualTo("large");
            assertThat(l.has("lot_id")).isFalse();
            assertThat(l.has("symbol")).isFalse();
            assertThat(l.has("client_order_id")).isFalse();
        });
        assertThat(bad).anySatisfy(l -> assertThat(l.get("message").getAsString()).contains("rejected as bad input"));
        // nothing outlives the invocation: a line after it carries none of the keys
        assertThat(lines).filteredOn(l -> l.get("message").getAsString().equals("after the invocation")).singleElement()
                .satisfies(l -> assertThat(List.of("account", "message_id", "lot_id", "symbol", "client_order_id"))
                        .noneMatch(l::has));
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setReceiptHandle("rh-" + id);
        return m;
    }
}
