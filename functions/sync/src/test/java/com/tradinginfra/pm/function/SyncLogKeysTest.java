package com.tradinginfra.pm.function;

import com.tradinginfra.pm.config.FunctionMetrics;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static com.tradinginfra.pm.embedded.LogCapture.has;
import static org.assertj.core.api.Assertions.assertThat;

/** The sync function's JSON log lines: an execution notice's carry its keys, the tick's carry the account. */
class SyncLogKeysTest {
    private static final Instant TICK = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(TICK.minusSeconds(120));

    @Test
    void anExecutionNoticesLinesCarryItsAccountMessageIdAndOnceTrackedItsLot(EmbeddedStack stack) {
        var components = stack.components(ManagerSettings.defaults("large"));
        stack.simulator().setPrice("LOGX", "42.00");
        EntryTrader.Opened opened = stack.dispatcher("large").stock("LOGX", "buy", 3, new BigDecimal("40"), new BigDecimal("50"),
                "swing_trade", false, TICK.minusSeconds(60));
        SQSEvent event = EventLoader.loadSQSEvent("../../events/execution-sqs-event.json");
        SQSEvent.SQSMessage notice = event.getRecords().get(0);
        notice.setMessageId("m-exec");
        notice.setBody("{\"execution_id\":\"" + opened.executionId() + "\"}");

        List<JsonObject> lines = LogCapture.lines(() -> new ExecutionHandler(components.syncService()).handleRequest(event, null));

        long lot = components.store().activeLots("large").get(0).id();
        List<JsonObject> exec = lines.stream().filter(l -> has(l, "message_id", "m-exec")).toList();
        assertThat(exec).isNotEmpty().allSatisfy(l -> assertThat(l.get("account").getAsString()).isEqualTo("large"));
        assertThat(exec).anySatisfy(l -> {
            assertThat(l.get("message").getAsString()).contains("tracked as lot " + lot);
            assertThat(has(l, "lot_id", Long.toString(lot))).as("lot_id %s on %s", lot, l).isTrue();
        });
    }

    @Test
    void theSyncTicksLinesCarryTheAccount(EmbeddedStack stack) {
        SyncHandler handler = new SyncHandler(stack.components(ManagerSettings.defaults("large")).syncService(), FunctionMetrics.HealthPublisher.NONE, FunctionMetrics.DaySummaryPublisher.NONE);
        ScheduledEvent event = EventLoader.loadScheduledEvent("../../events/sync-scheduled-event.json");

        List<JsonObject> lines = LogCapture.lines(() -> handler.handleRequest(event, null));

        assertThat(lines).anySatisfy(l -> assertThat(l.get("message").getAsString()).startsWith("sync done"));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.get("account").getAsString()).isEqualTo("large"));
    }
}
