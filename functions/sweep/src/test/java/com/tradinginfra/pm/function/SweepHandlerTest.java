package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** SweepHandler with the sample SQS event of events/. */
class SweepHandlerTest {
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(AS_OF);

    @Test
    void theSampleSweepMovesALotThroughItsStopToClosingAndQueuesOneClose(EmbeddedStack stack) {
        var components = stack.components(ManagerSettings.defaults("large"));
        long id = components.store().track(List.of(new NewLot("large", UUID.randomUUID(), new Instrument.Stock("SWP"), PositionSide.LONG,
                BigDecimal.TEN, new BigDecimal("100"), AS_OF.minusSeconds(600), new BigDecimal("95"), new BigDecimal("115"),
                "swing_trade", null, ProtectiveLegs.NONE, null)), AS_OF).get(0);
        stack.simulator().setPrice("SWP", "94.50");
        SweepHandler handler = new SweepHandler(components.sweepService());
        SQSEvent event = EventLoader.loadSQSEvent("../../events/sweep-sqs-event.json");
        // a second record that is not a sweep request fails alone
        List<SQSEvent.SQSMessage> records = new ArrayList<>(event.getRecords());
        SQSEvent.SQSMessage bad = new SQSEvent.SQSMessage();
        bad.setMessageId("bad-1");
        bad.setBody("{\"account\":\"large\"}");
        records.add(bad);
        event.setRecords(records);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("bad-1");
        assertThat(components.store().lot("large", id).orElseThrow().status().code()).isEqualTo("closing");
        List<CloseRequest> closes = stack.receive(QueueTopology.CLOSE).stream().map(MessageCodec::closeRequest).toList();
        assertThat(closes).singleElement().satisfies(c -> {
            assertThat(c.lotId()).isEqualTo(id);
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.reason()).isEqualTo("stop_loss");
            assertThat(c.asOf()).isEqualTo(AS_OF);
        });
    }
}
