package com.tradinginfra.pm.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed reads of environment variables. Problems are collected, so one start-up error names every
 * missing or malformed variable at once.
 */
public final class Environment {
    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    public Environment(Map<String, String> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** The raw value, or null when unset or blank. */
    public String optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String required(String name) {
        String v = optional(name);
        if (v == null) {
            problems.add(name + " is required but not set");
        }
        return v;
    }

    public String orDefault(String name, String fallback) {
        String v = optional(name);
        return v == null ? fallback : v;
    }

    public boolean flag(String name) {
        return flag(name, false);
    }

    /** {@code true} or {@code false}; {@code fallback} when unset. */
    public boolean flag(String name, boolean fallback) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            problems.add(name + " must be true or false, was '" + v + "'");
            return fallback;
        }
        return Boolean.parseBoolean(v);
    }

    public int integer(String name, int fallback, int min, int max) {
        return parse(name, fallback, Integer::parseInt, v -> v >= min && v <= max, "a whole number from " + min + " to " + max);
    }

    public BigDecimal percent(String name, String fallback, boolean zeroAllowed) {
        return parse(name, new BigDecimal(fallback), BigDecimal::new,
                v -> (zeroAllowed ? v.signum() >= 0 : v.signum() > 0) && v.compareTo(BigDecimal.valueOf(100)) < 0,
                "a percent " + (zeroAllowed ? "from 0" : "above 0") + " and below 100 (5 means 5 %)");
    }

    /** A decimal strictly between {@code min} and {@code max}; {@code fallback} (may be null) when unset. */
    public BigDecimal decimalBetween(String name, BigDecimal fallback, BigDecimal min, BigDecimal max, String expected) {
        return parse(name, fallback, BigDecimal::new, v -> v.compareTo(min) > 0 && v.compareTo(max) < 0, expected);
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, java.util.function.Predicate<T> valid, String expected) {
        String v = optional(name);
        if (v == null) {
            return fallback;
        }
        try {
            T parsed = parser.apply(v);
            if (valid.test(parsed)) {
                return parsed;
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        problems.add(name + " must be " + expected + ", was '" + v + "'");
        return fallback;
    }

    /** Records a problem found by the caller. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws one exception naming every problem seen so far. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration: " + String.join("; ", problems));
        }
    }
}
