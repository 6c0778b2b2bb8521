package com.tradinginfra.pm.embedded;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.tradinginfra.pm.config.JsonLogConfigurator;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON log lines written while some work runs, through the functions' real logging set-up
 * ({@code JsonLogConfigurator}): a second appender on the root logger borrows the configured appender's
 * encoder, so what is parsed is exactly what the functions print to CloudWatch.
 */
public final class LogCapture {
    private static final String NAME = "capture";

    private LogCapture() {
    }

    /** Runs {@code work} and returns each JSON line it logged, in order. */
    public static List<JsonObject> lines(Runnable work) {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender(JsonLogConfigurator.APPENDER) instanceof OutputStreamAppender<ILoggingEvent> json)) {
            throw new IllegalStateException("no '" + JsonLogConfigurator.APPENDER + "' appender: JsonLogConfigurator did not configure Logback");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
        capture.setContext(root.getLoggerContext());
        capture.setName(NAME);
        capture.setEncoder(json.getEncoder());
        capture.setOutputStream(out);
        capture.start();
        root.addAppender(capture);
        try {
            work.run();
        } finally {
            root.detachAppender(NAME);
            capture.stop();
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    /** Whether {@code line} carries {@code key} with {@code value}. */
    public static boolean has(JsonObject line, String key, String value) {
        return line.has(key) && line.get(key).getAsString().equals(value);
    }
}
