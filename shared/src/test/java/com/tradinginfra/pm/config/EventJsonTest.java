package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {
    private static InputStream sample(String name) throws IOException {
        return Files.newInputStream(Path.of("..", "events", name));
    }

    private static InputStream json(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSampleSqsEventAsLambdaDeliversIt() throws IOException {
        SQSEvent event = EventJson.sqsEvent(sample("sweep-sqs-event.json"));
        assertThat(event.getRecords()).hasSize(1);
        SQSEvent.SQSMessage m = event.getRecords().get(0);
        assertThat(m.getMessageId()).isEqualTo("0c4a1f9e-2b7d-4e3a-9f61-5d8c7b6a5e01");
        assertThat(m.getReceiptHandle()).startsWith("AQEB");
        assertThat(m.getBody()).isEqualTo(
                "{\"account\":\"large\",\"asOf\":\"2026-11-20T15:00:00Z\",\"slot\":0,\"fromLotId\":0,\"toLotId\":9223372036854775807}");
        assertThat(m.getAttributes()).containsEntry("SentTimestamp", "1795186800800").containsEntry("ApproximateReceiveCount", "1");
        assertThat(m.getEventSource()).isEqualTo("aws:sqs");
        assertThat(m.getEventSourceArn()).startsWith("arn:aws:sqs:");
        assertThat(m.getMessageAttributes()).isEmpty();
    }

    @Test
    void readsMessageAttributes() throws IOException {
        SQSEvent event = EventJson.sqsEvent(json("{\"Records\":[{\"messageId\":\"m1\",\"body\":\"x\",\"messageAttributes\":"
                + "{\"kind\":{\"stringValue\":\"close\",\"dataType\":\"String\"},\"raw\":{\"binaryValue\":\"AQI=\",\"dataType\":\"Binary\"}}}]}"));
        Map<String, SQSEvent.MessageAttribute> attributes = event.getRecords().get(0).getMessageAttributes();
        assertThat(attributes.get("kind").getStringValue()).isEqualTo("close");
        assertThat(attributes.get("kind").getDataType()).isEqualTo("String");
        assertThat(attributes.get("raw").getBinaryValue().remaining()).isEqualTo(2);
    }

    @Test
    void readsTheSampleScheduledEventsTimeInUtc() throws IOException {
        ScheduledEvent tick = EventJson.scheduledEvent(sample("sync-scheduled-event.json"));
        assertThat(tick.getTime().toDate().toInstant()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
        assertThat(tick.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(tick.getSource()).isEqualTo("aws.events");
        assertThat(tick.getResources()).isNotEmpty();
    }

    @Test
    void aScheduledEventWithoutTimeHasNone() throws IOException {
        assertThat(EventJson.scheduledEvent(json("{\"source\":\"aws.events\"}")).getTime()).isNull();
    }

    @Test
    void badInputNamesWhatIsWrong() {
        assertThatThrownBy(() -> EventJson.sqsEvent(json("{\"records\":[]}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Records'");
        assertThatThrownBy(() -> EventJson.sqsEvent(json("{\"Records\":"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventJson.scheduledEvent(json("{\"time\":\"yesterday\"}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'time'").hasMessageContaining("yesterday");
    }

    @Test
    void writesThePartialBatchResponseLambdaExpects() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventJson.write(new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m2"))), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}");
        out.reset();
        EventJson.write(new SQSBatchResponse(List.of()), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void writesASummaryMap() throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tick", "2026-11-20T15:00:00Z");
        summary.put("tracked", 2);
        summary.put("skipped", null);
        summary.put("anomalies", List.of("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventJson.write(summary, out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"tick\":\"2026-11-20T15:00:00Z\",\"tracked\":2,\"skipped\":null,\"anomalies\":[\"a\"]}");
    }
}
