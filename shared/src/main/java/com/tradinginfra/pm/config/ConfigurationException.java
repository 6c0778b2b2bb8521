package com.tradinginfra.pm.config;

/** A missing or malformed environment variable; the message names it (and never its value if secret). */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
