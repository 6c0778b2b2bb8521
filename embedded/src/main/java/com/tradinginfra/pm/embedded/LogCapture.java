package com.tradinginfra.pm.embedded;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;

import java.io.StringWriter;
import java.util.List;

/**
 * The JSON log lines written while some work runs, through shared's real log4j2.properties: a second appender on the
 * root logger borrows the configured JsonAppender's layout, so what is parsed is exactly what the Console
 * appender prints to CloudWatch.
 */
public final class LogCapture {
    private LogCapture() {
    }

    /** Runs {@code work} and returns each JSON line it logged, in order. */
    public static List<JsonObject> lines(Runnable work) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender json = context.getConfiguration().getAppender("JsonAppender");
        if (json == null) {
            throw new IllegalStateException("no JsonAppender: shared's log4j2.properties is not the configuration in use");
        }
        StringWriter out = new StringWriter();
        WriterAppender capture = WriterAppender.newBuilder().setName("capture").setLayout(json.getLayout()).setTarget(out).build();
        capture.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.addAppender(capture, null, null);
        context.updateLoggers();
        try {
            work.run();
        } finally {
            root.removeAppender("capture");
            context.updateLoggers();
            capture.stop();
        }
        return out.toString().lines().filter(l -> !l.isBlank()).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    /** Whether {@code line} carries {@code key} with {@code value}. */
    public static boolean has(JsonObject line, String key, String value) {
        return line.has(key) && line.get(key).getAsString().equals(value);
    }
}
