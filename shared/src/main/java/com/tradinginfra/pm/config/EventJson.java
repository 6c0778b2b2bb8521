package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the events Lambda delivers to our functions (SQS batches, EventBridge's scheduled event)
 * and of their answers, read and written with Gson, which the broker adapter loads anyway. The
 * handlers take their events as streams ({@code RequestStreamHandler}) so that a cold start does not
 * also load and configure the runtime client's own Jackson to map them (about 800 classes); the typed
 * {@code handleRequest(SQSEvent, Context)} stays what tests and the local stack call.
 */
public final class EventJson {
    private EventJson() {
    }

    /** An SQS event source mapping's batch: {@code {"Records": [...]}}, the field names of Lambda's SQS event. */
    public static SQSEvent sqsEvent(InputStream in) throws IOException {
        JsonObject root = object(in, "SQS event");
        JsonElement records = root.get("Records");
        if (records == null || !records.isJsonArray()) {
            throw new IllegalArgumentException("SQS event has no 'Records' array");
        }
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (JsonElement e : records.getAsJsonArray()) {
            JsonObject r = e.getAsJsonObject();
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(string(r, "messageId"));
            m.setReceiptHandle(string(r, "receiptHandle"));
            m.setBody(string(r, "body"));
            m.setMd5OfBody(string(r, "md5OfBody"));
            m.setMd5OfMessageAttributes(string(r, "md5OfMessageAttributes"));
            m.setEventSource(string(r, "eventSource"));
            m.setEventSourceArn(string(r, "eventSourceARN"));
            m.setAwsRegion(string(r, "awsRegion"));
            m.setAttributes(strings(r.get("attributes")));
            m.setMessageAttributes(messageAttributes(r.get("messageAttributes")));
            messages.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    /** EventBridge's scheduled event; {@code time} as Lambda's own mapping gives it (a Joda {@code DateTime} in UTC). */
    public static ScheduledEvent scheduledEvent(InputStream in) throws IOException {
        JsonObject root = object(in, "scheduled event");
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion(string(root, "version"));
        event.setId(string(root, "id"));
        event.setDetailType(string(root, "detail-type"));
        event.setSource(string(root, "source"));
        event.setAccount(string(root, "account"));
        event.setRegion(string(root, "region"));
        String time = string(root, "time");
        if (time != null) {
            try {
                event.setTime(new DateTime(Instant.parse(time).toEpochMilli(), DateTimeZone.UTC));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("scheduled event's 'time' is not an ISO-8601 instant: " + time);
            }
        }
        JsonElement resources = root.get("resources");
        if (resources != null && resources.isJsonArray()) {
            List<String> list = new ArrayList<>();
            resources.getAsJsonArray().forEach(r -> list.add(r.getAsString()));
            event.setResources(list);
        }
        JsonElement detail = root.get("detail");
        if (detail != null && detail.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            detail.getAsJsonObject().entrySet().forEach(d -> map.put(d.getKey(), plain(d.getValue())));
            event.setDetail(map);
        }
        return event;
    }

    /** A partial batch response: {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}. */
    public static void write(SQSBatchResponse response, OutputStream out) throws IOException {
        JsonArray failures = new JsonArray();
        if (response.getBatchItemFailures() != null) {
            for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                JsonObject item = new JsonObject();
                item.addProperty("itemIdentifier", f.getItemIdentifier());
                failures.add(item);
            }
        }
        JsonObject root = new JsonObject();
        root.add("batchItemFailures", failures);
        out.write(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A map of strings, numbers, booleans, lists and maps as a JSON object (anything else as its string). */
    public static void write(Map<String, ?> response, OutputStream out) throws IOException {
        out.write(tree(response).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonElement tree(Object value) {
        if (value == null) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, v) -> o.add(String.valueOf(k), tree(v)));
            return o;
        }
        if (value instanceof Collection<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(tree(v)));
            return a;
        }
        return new JsonPrimitive(value.toString());
    }

    private static JsonObject object(InputStream in, String what) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static Map<String, String> strings(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        e.getAsJsonObject().entrySet().forEach(a -> map.put(a.getKey(), a.getValue().isJsonNull() ? null : a.getValue().getAsString()));
        return map;
    }

    private static Map<String, SQSEvent.MessageAttribute> messageAttributes(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return null;
        }
        Map<String, SQSEvent.MessageAttribute> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> a : e.getAsJsonObject().entrySet()) {
            JsonObject v = a.getValue().getAsJsonObject();
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(string(v, "dataType"));
            attribute.setStringValue(string(v, "stringValue"));
            String binary = string(v, "binaryValue");
            if (binary != null) {
                attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(binary)));
            }
            JsonElement list = v.get("stringListValues");
            if (list != null && list.isJsonArray()) {
                List<String> values = new ArrayList<>();
                list.getAsJsonArray().forEach(s -> values.add(s.getAsString()));
                attribute.setStringListValues(values);
            }
            map.put(a.getKey(), attribute);
        }
        return map;
    }

    private static Object plain(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(d -> map.put(d.getKey(), plain(d.getValue())));
            return map;
        }
        if (e.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> list.add(plain(x)));
            return list;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? p.getAsBigDecimal() : p.getAsString();
    }
}
