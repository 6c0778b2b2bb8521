package com.tradinginfra.pm.local.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every symbol's price on the demo's 15-second grid, computed before the day starts: scripted
 * paths (waypoints, linear in between, with a little seeded noise that never changes which rule
 * fires), seeded random walks, or a CSV of {@code time,symbol,price} that replaces the paths of the
 * symbols it names.
 */
final class PricePaths {
    static final Duration STEP = Duration.ofSeconds(15);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** How one symbol moves. */
    sealed interface Spec permits Scripted, Walk {
    }

    /**
     * Waypoints (minutes after the open, price), linear in between, held after the last; plus an
     * AR(1) noise of relative size {@code noise} (0.001 = 0.1 %).
     */
    record Scripted(double[][] waypoints, double noise) implements Spec {
    }

    /** A geometric random walk from {@code start} with the given daily volatility (0.015 = 1.5 %). */
    record Walk(double start, double dailyVol) implements Spec {
    }

    private final Instant start;
    private final int steps;
    private final Map<String, BigDecimal[]> paths = new LinkedHashMap<>();

    private PricePaths(Instant start, int steps) {
        this.start = start;
        this.steps = steps;
    }

    /** Paths for {@code steps} grid points from {@code start}; the same seed gives the same paths. */
    static PricePaths generate(Map<String, Spec> specs, long seed, Instant start, int steps) {
        PricePaths p = new PricePaths(start, steps);
        specs.forEach((symbol, spec) -> p.paths.put(symbol, build(spec, new Random(seed * 1_000_003L + symbol.hashCode()), steps)));
        return p;
    }

    private static BigDecimal[] build(Spec spec, Random random, int steps) {
        BigDecimal[] out = new BigDecimal[steps];
        if (spec instanceof Walk w) {
            double sigma = w.dailyVol() / Math.sqrt(26 * 60); // 1560 quarter-minutes in a 6.5 h day
            double price = w.start();
            for (int i = 0; i < steps; i++) {
                out[i] = round(price);
                price *= Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
            }
        } else if (spec instanceof Scripted s) {
            double noise = 0;
            double phi = 0.9;
            double innovation = s.noise() * Math.sqrt(1 - phi * phi);
            for (int i = 0; i < steps; i++) {
                double minute = i * STEP.toSeconds() / 60.0;
                noise = phi * noise + innovation * random.nextGaussian();
                double bounded = Math.max(-2 * s.noise(), Math.min(2 * s.noise(), noise));
                out[i] = round(interpolate(s.waypoints(), minute) * (1 + bounded));
            }
        }
        return out;
    }

    private static double interpolate(double[][] points, double x) {
        if (x <= points[0][0]) {
            return points[0][1];
        }
        for (int i = 1; i < points.length; i++) {
            if (x <= points[i][0]) {
                double[] a = points[i - 1];
                double[] b = points[i];
                return a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]);
            }
        }
        return points[points.length - 1][1];
    }

    private static BigDecimal round(double price) {
        return BigDecimal.valueOf(Math.max(0.01, price)).setScale(2, RoundingMode.HALF_EVEN);
    }

    int index(Instant t) {
        long i = Duration.between(start, t).toSeconds() / STEP.toSeconds();
        return (int) Math.max(0, Math.min(steps - 1, i));
    }

    Instant timeOf(int index) {
        return start.plus(STEP.multipliedBy(index));
    }

    int steps() {
        return steps;
    }

    Set<String> symbols() {
        return paths.keySet();
    }

    BigDecimal at(String symbol, Instant t) {
        BigDecimal[] path = paths.get(symbol);
        return path == null ? null : path[index(t)];
    }

    BigDecimal at(String symbol, int index) {
        BigDecimal[] path = paths.get(symbol);
        return path == null ? null : path[Math.max(0, Math.min(steps - 1, index))];
    }

    /**
     * Replaces the paths of the symbols a CSV names: {@code time,symbol,price} per line (a header
     * line is skipped); time is {@code HH:MM[:SS]} New York time on {@code date}, or an ISO
     * timestamp with offset. Linear between rows; before the first row the generated path (or the
     * first price), after the last row the last price.
     *
     * @return symbols the CSV named that no lot of the demo trades
     */
    Set<String> override(Path csv, LocalDate date) {
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new Args.UsageException("cannot read --prices " + csv + ": " + e.getMessage());
        }
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 3) {
                throw new Args.UsageException(csv + " line " + n + ": expected time,symbol,price, got '" + line + "'");
            }
            double price;
            try {
                price = Double.parseDouble(f[2].strip());
            } catch (NumberFormatException e) {
                if (n == 1) {
                    continue; // header
                }
                throw new Args.UsageException(csv + " line " + n + ": price '" + f[2].strip() + "' is not a number");
            }
            if (price <= 0) {
                throw new Args.UsageException(csv + " line " + n + ": price must be positive");
            }
            Instant at = parseTime(f[0].strip(), date, csv, n);
            double index = Duration.between(start, at).toMillis() / (double) STEP.toMillis();
            rows.computeIfAbsent(f[1].strip().toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(new double[]{index, price});
        }
        Set<String> unknown = new TreeSet<>();
        rows.forEach((symbol, points) -> {
            points.sort(Comparator.comparingDouble(p -> p[0]));
            BigDecimal[] path = paths.get(symbol);
            if (path == null) {
                unknown.add(symbol);
                path = new BigDecimal[steps];
                paths.put(symbol, path);
            }
            double[][] pts = points.toArray(new double[0][]);
            for (int i = 0; i < steps; i++) {
                if (i < pts[0][0] && path[i] != null) {
                    continue;
                }
                path[i] = round(interpolate(pts, i));
            }
        });
        return unknown;
    }

    private static Instant parseTime(String text, LocalDate date, Path csv, int line) {
        try {
            if (text.contains("T")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return date.atTime(LocalTime.parse(text)).atZone(NEW_YORK).toInstant();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException(csv + " line " + line + ": time '" + text + "' is neither HH:MM[:SS] (New York) nor an ISO timestamp");
        }
    }
}
