package com.tradinginfra.pm.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The functions' JSON lines: LambdaJsonLayout's keys and types, escaping, errors, and Powertools' level hook. */
class JsonLogEncoderTest {
    private final JsonLogEncoder encoder = new JsonLogEncoder();

    @Test
    void powertoolsContextFieldsKeepLambdaJsonLayoutsTypesAndOurKeysAreStrings() {
        Map<String, String> mdc = Map.of("cold_start", "true", "function_memory_size", "512", "sampling_rate", "0.1",
                "function_name", "pm-sweep", "service", "position-manager", "lot_id", "42", "account", "large");

        String line = encoder.line(event("sweep {} done", mdc, null, "large"));
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();

        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        assertThat(json.get("level").getAsString()).isEqualTo("INFO");
        assertThat(json.get("message").getAsString()).isEqualTo("sweep large done");
        assertThat(json.get("timestamp").getAsString()).isEqualTo("2026-11-20T15:00:00.123Z");
        assertThat(json.get("cold_start").getAsJsonPrimitive().isBoolean()).isTrue();
        assertThat(json.get("function_memory_size").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(json.get("function_memory_size").getAsInt()).isEqualTo(512);
        assertThat(json.get("sampling_rate").getAsDouble()).isEqualTo(0.1);
        assertThat(json.get("function_name").getAsString()).isEqualTo("pm-sweep");
        // our MDC keys are strings, even one that looks like a number
        assertThat(json.get("lot_id").getAsJsonPrimitive().isString()).isTrue();
        assertThat(json.get("account").getAsString()).isEqualTo("large");
        assertThat(json.keySet()).doesNotContain("error", "xray_trace_id", "correlation_id", "function_arn");
        assertThat(List.copyOf(json.keySet())).containsSubsequence("level", "message", "cold_start", "function_name",
                "timestamp", "lot_id");
    }

    @Test
    void aValueThatIsNotOfItsTypeIsWrittenAsAStringAndEveryCharacterSurvives() {
        Map<String, String> mdc = Map.of("cold_start", "maybe", "function_memory_size", "lots", "symbol", "A\"B\\C");
        String message = "quote \" backslash \\ newline \n tab \t bell \u0007 é";

        JsonObject json = JsonParser.parseString(encoder.line(event(message, mdc, null))).getAsJsonObject();

        assertThat(json.get("message").getAsString()).isEqualTo(message);
        assertThat(json.get("cold_start").getAsString()).isEqualTo("maybe");
        assertThat(json.get("function_memory_size").getAsString()).isEqualTo("lots");
        assertThat(json.get("symbol").getAsString()).isEqualTo("A\"B\\C");
    }

    @Test
    void anErrorCarriesItsNameMessageAndStackAsLambdaJsonLayoutWritesThem() {
        IllegalStateException error = new IllegalStateException("broker said \"no\"", new RuntimeException("cause"));

        JsonObject json = JsonParser.parseString(encoder.line(event("close failed", Map.of(), error))).getAsJsonObject();

        JsonObject e = json.getAsJsonObject("error");
        assertThat(e.get("name").getAsString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.get("message").getAsString()).isEqualTo("broker said \"no\"");
        assertThat(e.get("stack").getAsString()).startsWith("java.lang.IllegalStateException: broker said \"no\"")
                .contains("\tat com.tradinginfra.pm.config.JsonLogEncoderTest.").contains("Caused by: java.lang.RuntimeException: cause");
    }

    @Test
    void powertoolsLogLevelReachesTheRootAndTheQuietedLibrariesAsLog4jsSetAllLevelsDid() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger okhttp = context.getLogger("okhttp3");
        Level rootBefore = root.getLevel();
        Level okhttpBefore = okhttp.getLevel();
        LogbackLevels levels = new LogbackLevels();
        assertThat(root.getAppender(JsonLogConfigurator.APPENDER)).as("JsonLogConfigurator found as a service").isNotNull();
        assertThat(okhttpBefore).isEqualTo(Level.WARN);
        try {
            levels.setLogLevel(org.slf4j.event.Level.DEBUG);

            assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(okhttp.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(levels.getLogLevel(LoggerFactory.getLogger("com.tradinginfra.pm.anything"))).isEqualTo(org.slf4j.event.Level.DEBUG);
        } finally {
            root.setLevel(rootBefore);
            okhttp.setLevel(okhttpBefore);
        }
    }

    private static LoggingEvent event(String message, Map<String, String> mdc, Throwable error, Object... args) {
        LoggingEvent event = new LoggingEvent();
        event.setLevel(Level.INFO);
        event.setLoggerName("test");
        event.setMessage(message);
        event.setArgumentArray(args.length == 0 ? null : args);
        event.setMDCPropertyMap(mdc);
        event.setTimeStamp(Instant.parse("2026-11-20T15:00:00.123Z").toEpochMilli());
        if (error != null) {
            event.setThrowableProxy(new ThrowableProxy(error));
        }
        return event;
    }
}
