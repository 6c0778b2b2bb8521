package com.tradinginfra.pm.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.List;

/**
 * The functions' logging, set up in code: Logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} before it would look for a
 * {@code logback.xml}, so a cold start reads no file and loads no XML parser. One appender, on
 * standard output (which the Lambda runtime ships to CloudWatch Logs), writes {@link JsonLogEncoder}'s
 * lines; the root level is INFO until Powertools applies {@code POWERTOOLS_LOG_LEVEL}
 * ({@link LogbackLevels}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
    /** The name of the one appender on the root logger. */
    public static final String APPENDER = "json";
    /** Chatty libraries, kept at WARN so that their noise stays out of the position log. */
    public static final List<String> QUIET = List.of("software.amazon.awssdk", "okhttp3", "org.postgresql", "com.zaxxer.hikari");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        attach(context, console, encoder, Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Makes {@code appender}, writing through {@code encoder}, the root logger's only one, and quiets {@link #QUIET}. */
    public static void attach(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender,
                              ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder, Level root) {
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();
        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.detachAndStopAllAppenders();
        rootLogger.addAppender(appender);
        rootLogger.setLevel(root);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    }
}
