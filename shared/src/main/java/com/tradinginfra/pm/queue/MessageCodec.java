package com.tradinginfra.pm.queue;

import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.app.SweepRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * JSON for the queue messages. Reading is strict: a missing or malformed field is a
 * {@link MalformedMessageException} naming it, so a bad message fails only its own item.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    public static String encode(SweepRequest r) {
        JsonObject o = new JsonObject();
        o.addProperty("account", r.account());
        o.addProperty("asOf", r.asOf().toString());
        o.addProperty("slot", r.slot());
        o.addProperty("fromLotId", r.fromLotId());
        o.addProperty("toLotId", r.toLotId());
        if (r.fromSymbol() != null) {
            o.addProperty("fromSymbol", r.fromSymbol());
        }
        if (r.toSymbol() != null) {
            o.addProperty("toSymbol", r.toSymbol());
        }
        return o.toString();
    }

    public static String encode(CloseRequest r) {
        JsonObject o = new JsonObject();
        o.addProperty("account", r.account());
        o.addProperty("lotId", r.lotId());
        o.addProperty("attempt", r.attempt());
        o.addProperty("reason", r.reason());
        o.addProperty("asOf", r.asOf().toString());
        return o.toString();
    }

    public static String encode(ExecutionNotice n) {
        JsonObject o = new JsonObject();
        o.addProperty("execution_id", n.executionId().toString());
        return o.toString();
    }

    public static SweepRequest sweepRequest(String body) {
        JsonObject o = object(body);
        return wrap(() -> new SweepRequest(text(o, "account"), instant(o, "asOf"), integer(o, "slot", 0),
                number(o, "fromLotId", 0), number(o, "toLotId", Long.MAX_VALUE), optionalText(o, "fromSymbol"),
                optionalText(o, "toSymbol")));
    }

    public static CloseRequest closeRequest(String body) {
        JsonObject o = object(body);
        return wrap(() -> new CloseRequest(text(o, "account"), number(o, "lotId", -1), integer(o, "attempt", -1),
                o.has("reason") && !o.get("reason").isJsonNull() ? text(o, "reason") : null, instant(o, "asOf")));
    }

    public static ExecutionNotice executionNotice(String body) {
        JsonObject o = object(body);
        String id = text(o, "execution_id");
        try {
            return new ExecutionNotice(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("execution_id '" + id + "' is not a UUID");
        }
    }

    private static <T> T wrap(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedMessageException("message body is empty");
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonObject()) {
                throw new MalformedMessageException("message body is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException("message body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new MalformedMessageException("field '" + field + "' is missing");
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString() || e.getAsString().isBlank()) {
            throw new MalformedMessageException("field '" + field + "' must be a non-empty string");
        }
        return e.getAsString();
    }

    /** An optional string field: absent or null is null, anything else must be a non-empty string. */
    private static String optionalText(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : text(o, field);
    }

    private static long number(JsonObject o, String field, long fallback) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (fallback < 0) {
                throw new MalformedMessageException("field '" + field + "' is missing");
            }
            return fallback;
        }
        try {
            if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
                throw new NumberFormatException();
            }
            return e.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new MalformedMessageException("field '" + field + "' must be a whole number, was " + e);
        }
    }

    private static int integer(JsonObject o, String field, int fallback) {
        long value = number(o, field, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedMessageException("field '" + field + "' is out of range: " + value);
        }
        return (int) value;
    }

    private static Instant instant(JsonObject o, String field) {
        String text = text(o, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("field '" + field + "' is not an ISO-8601 instant: '" + text + "'");
        }
    }
}
