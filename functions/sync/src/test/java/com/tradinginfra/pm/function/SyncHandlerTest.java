package com.tradinginfra.pm.function;

import com.tradinginfra.pm.config.FunctionMetrics;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SyncHandler with the sample event of events/, on embedded PostgreSQL, ElasticMQ and the simulator. */
class SyncHandlerTest {
    private static final Instant TICK = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(TICK.minusSeconds(120));

    @Test
    void theSampleTickTracksTheFilledExecutionAndFansOutTheSweeps(EmbeddedStack stack) {
        stack.simulator().setPrice("SYNC", "42.00");
        stack.dispatcher("large").stock("SYNC", "buy", 3, new BigDecimal("40"), new BigDecimal("50"), "swing_trade", false,
                TICK.minusSeconds(60));
        SyncHandler handler = new SyncHandler(stack.components(ManagerSettings.defaults("large")).syncService(), FunctionMetrics.HealthPublisher.NONE, FunctionMetrics.DaySummaryPublisher.NONE);
        ScheduledEvent event = EventLoader.loadScheduledEvent("../../events/sync-scheduled-event.json");

        Map<String, Object> result = handler.handleRequest(event, null);

        assertThat(result).containsEntry("tick", "2026-11-20T15:00:00Z").containsEntry("tracked", 1).containsEntry("sweepsSent", 4);
        List<SweepRequest> sweeps = stack.receive(QueueTopology.SWEEP).stream().map(MessageCodec::sweepRequest).toList();
        // DelaySeconds hides the later slots: the first is visible at once, carrying the tick as asOf.
        assertThat(sweeps).extracting(SweepRequest::asOf).contains(TICK);
        assertThat(handler.handleRequest(event, null)).containsEntry("tracked", 0);
    }

    @Test
    void anEventWithoutATimeIsRefusedNamingIt(EmbeddedStack stack) {
        SyncHandler handler = new SyncHandler(stack.components(ManagerSettings.defaults("large")).syncService(), FunctionMetrics.HealthPublisher.NONE, FunctionMetrics.DaySummaryPublisher.NONE);
        assertThatThrownBy(() -> handler.handleRequest(new ScheduledEvent(), null)).hasMessageContaining("'time'");
    }
}
