package com.tradinginfra.pm.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One JSON object per line, with the keys and types of Powertools' {@code LambdaJsonLayout.json}
 * (powertools-logging-log4j 2.9.0, which this replaces): {@code level}, {@code message}, {@code error}
 * ({@code message}, {@code name}, {@code stack}), the Lambda context fields Powertools puts in the MDC
 * ({@code cold_start} a boolean, {@code function_memory_size} and {@code sampling_rate} numbers, the rest
 * strings), {@code timestamp} as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, then every other MDC entry
 * ({@code account}, {@code lot_id}, …) as a top-level string. Keys without a value are left out.
 *
 * <p>Written by hand rather than through a JSON library so that a cold start loads no more than this
 * class; it holds no state, so one instance serves every appender.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    /** Powertools' MDC keys, in the order LambdaJsonLayout.json writes them, each after level, message and error. */
    private static final List<String> CONTEXT_KEYS = List.of("cold_start", "function_arn", "function_memory_size",
            "function_name", "function_request_id", "function_version", "sampling_rate", "service");
    /** Written after the timestamp, as in LambdaJsonLayout.json. */
    private static final List<String> TRACE_KEYS = List.of("xray_trace_id", "correlation_id");
    /** Written in their places above, so not again with the rest of the MDC. */
    private static final Set<String> OWN_KEYS = Stream.concat(CONTEXT_KEYS.stream(), TRACE_KEYS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> BOOLEANS = Set.of("cold_start");
    private static final Set<String> NUMBERS = Set.of("function_memory_size", "sampling_rate");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return line(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The event as one line of JSON, ending in a newline. */
    public String line(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        Fields out = new Fields(json);
        out.string("level", event.getLevel().toString());
        out.string("message", event.getFormattedMessage());
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            out.key("error").append('{');
            Fields e = new Fields(json);
            e.string("message", error.getMessage());
            e.string("name", error.getClassName());
            e.string("stack", stack(error));
            json.append('}');
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        CONTEXT_KEYS.forEach(k -> out.typed(k, mdc.get(k)));
        out.string("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
        TRACE_KEYS.forEach(k -> out.typed(k, mdc.get(k)));
        mdc.forEach((k, v) -> {
            if (!OWN_KEYS.contains(k)) {
                out.string(k, v);
            }
        });
        return json.append("}\n").toString();
    }

    /** The stack as {@code Throwable.printStackTrace} prints it (LambdaJsonLayout's {@code stringified: true}). */
    private static String stack(IThrowableProxy error) {
        if (error instanceof ThrowableProxy proxy) {
            StringWriter text = new StringWriter();
            proxy.getThrowable().printStackTrace(new PrintWriter(text));
            return text.toString();
        }
        // a proxy without its Throwable (deserialised): its class, message and frames
        StringBuilder text = new StringBuilder(error.getClassName()).append(": ").append(error.getMessage()).append('\n');
        for (var frame : error.getStackTraceElementProxyArray()) {
            text.append('\t').append(frame.getSTEAsString()).append('\n');
        }
        return text.toString();
    }

    /** Writes the members of one JSON object, commas between them. */
    private static final class Fields {
        private final StringBuilder json;
        private boolean first = true;

        Fields(StringBuilder json) {
            this.json = json;
        }

        void typed(String key, String value) {
            if (value != null && (BOOLEANS.contains(key) && ("true".equals(value) || "false".equals(value))
                    || NUMBERS.contains(key) && isNumber(value))) {
                key(key).append(value);
            } else {
                string(key, value);
            }
        }

        void string(String key, String value) {
            if (value != null) {
                quoted(key(key), value);
            }
        }

        private StringBuilder key(String key) {
            if (!first) {
                json.append(',');
            }
            first = false;
            return quoted(json, key).append(':');
        }

        private static boolean isNumber(String value) {
            try {
                return Double.isFinite(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static StringBuilder quoted(StringBuilder json, String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            return json.append('"');
        }
    }
}
