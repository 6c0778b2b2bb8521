package com.tradinginfra.pm.local.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import com.tradinginfra.pm.config.JsonLogConfigurator;

import java.util.List;

/**
 * ./pm's logging: the handlers' structured logs would drown the live table, so they go as text to the file
 * {@code pm.log.file} names ({@link Main#configureLogging}: DIR/pm.log of the data directory for {@code run}
 * and the views, the demo's and the bench's own files). Ranked above the functions' {@link JsonLogConfigurator},
 * which Logback uses instead when the property is not set (the functions' jars do not hold this class).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class FileLogConfigurator extends ContextAwareBase implements Configurator {
    /** The system property naming the log file. */
    public static final String FILE = "pm.log.file";
    /** The embedded stack's own chatty parts, quieted beside {@link JsonLogConfigurator#QUIET}. */
    private static final List<String> QUIET = List.of("org.flywaydb", "io.zonky", "org.elasticmq", "org.apache.pekko");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String file = System.getProperty(FILE);
        if (file == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS,UTC}Z %-5level [%thread] %logger{20}: %msg%n");
        text.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setFile(file);
        appender.setAppend(true);
        JsonLogConfigurator.attach(context, appender, text, Level.INFO);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
