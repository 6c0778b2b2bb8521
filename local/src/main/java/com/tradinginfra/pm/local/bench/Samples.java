package com.tradinginfra.pm.local.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Statistics of a benchmark's samples (times, counts): an empty sample gives NaN, shown as "–". */
final class Samples {
    private Samples() {
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The sum of a census's counts (classes by package). */
    static int total(java.util.Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    static <T> List<Double> of(List<T> xs, ToDoubleFunction<T> f) {
        return xs.stream().mapToDouble(f).boxed().toList();
    }
}
