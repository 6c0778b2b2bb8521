package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.EmbeddedStackExtension;
import com.tradinginfra.pm.embedded.LogCapture;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static com.tradinginfra.pm.embedded.LogCapture.has;
import static org.assertj.core.api.Assertions.assertThat;

/** A sweep message's JSON log lines carry its account and message id; the next message's lines carry its own id only. */
class SweepLogKeysTest {
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");

    @RegisterExtension
    static final EmbeddedStackExtension STACK = new EmbeddedStackExtension(AS_OF);

    @Test
    void eachSweepMessagesLinesCarryItsOwnKeys(EmbeddedStack stack) {
        SweepHandler handler = new SweepHandler(stack.components(ManagerSettings.defaults("large")).sweepService());
        SQSEvent event = EventLoader.loadSQSEvent("../../events/sweep-sqs-event.json");
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        first.setMessageId("m-first");
        SQSEvent.SQSMessage second = EventLoader.loadSQSEvent("../../events/sweep-sqs-event.json").getRecords().get(0);
        second.setMessageId("m-second");
        event.setRecords(List.of(first, second));

        List<JsonObject> lines = LogCapture.lines(() -> {
            handler.handleRequest(event, null);
            LoggerFactory.getLogger(SweepLogKeysTest.class).info("after the invocation");
        });

        List<JsonObject> firstLines = lines.stream().filter(l -> has(l, "message_id", "m-first")).toList();
        List<JsonObject> secondLines = lines.stream().filter(l -> has(l, "message_id", "m-second")).toList();
        assertThat(firstLines).isNotEmpty().allSatisfy(l -> assertThat(l.get("account").getAsString()).isEqualTo("large"));
        assertThat(secondLines).isNotEmpty().allSatisfy(l -> assertThat(l.get("account").getAsString()).isEqualTo("large"));
        // once the second message's lines begin, the first message's id is gone, and after the invocation so is the account
        int secondStarts = lines.indexOf(secondLines.get(0));
        assertThat(lines.subList(secondStarts, lines.size())).noneMatch(l -> has(l, "message_id", "m-first"));
        assertThat(lines).last().satisfies(l -> assertThat(l.get("message").getAsString()).isEqualTo("after the invocation"))
                .satisfies(l -> assertThat(List.of("account", "message_id")).noneMatch(l::has));
    }
}
