package com.tradinginfra.pm.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Powertools' hook for log levels, for Logback: Powertools finds it through
 * {@code META-INF/services/software.amazon.lambda.powertools.logging.internal.LoggingManager} and calls it
 * to apply {@code POWERTOOLS_LOG_LEVEL} and its sampling rate. Like powertools-logging-log4j's
 * {@code Log4jLoggingManager} (Log4j's {@code Configurator.setAllLevels} from the root), it sets the root
 * and every logger given a level of its own, the quiet libraries too.
 */
public final class LogbackLevels implements LoggingManager {
    @Override
    public void setLogLevel(org.slf4j.event.Level level) {
        Level to = Level.toLevel(level.toString());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null || Logger.ROOT_LOGGER_NAME.equals(logger.getName())) {
                logger.setLevel(to);
            }
        }
    }

    @Override
    public org.slf4j.event.Level getLogLevel(org.slf4j.Logger logger) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level level = context.getLogger(logger.getName()).getEffectiveLevel();
        // SLF4J has no OFF or ALL: the nearest level it has
        return level.levelInt >= Level.ERROR_INT ? org.slf4j.event.Level.ERROR
                : level.levelInt <= Level.TRACE_INT ? org.slf4j.event.Level.TRACE : org.slf4j.event.Level.valueOf(level.toString());
    }
}
