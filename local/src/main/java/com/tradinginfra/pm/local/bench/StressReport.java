package com.tradinginfra.pm.local.bench;

import java.util.List;
import java.util.Locale;

/** The report's section on the runs under stress (issue 11): only when they ran. */
final class StressReport {
    static final double TARGET_S = 15;
    static final int ALPACA_PER_MINUTE = 200;

    static void section(StringBuilder md, Benchmark.Results r) {
        if (!r.faults().ran() && !r.crash().ran()) {
            return;
        }
        md.append("## Under stress (wall-clock time, template SQS visibility, the account's budget in the database)\n\n");
        md.append("| run | measured | target | result |\n|---|---|---|---|\n");
        if (r.faults().ran()) {
            for (int status : new int[]{503, 429}) {
                List<Double> xs = r.faults().reactions(status);
                if (!xs.isEmpty()) {
                    double max = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                    md.append(String.format(Locale.ROOT, "| reaction with one %d on the first close (crossings: %d) | max %.1f s, median %.1f s "
                            + "| ≤ %.0f s | %s |%n", status, xs.size(), max, median(xs), TARGET_S, verdict(max <= TARGET_S)));
                }
            }
        }
        if (r.crash().ran()) {
            CrashDayBench.Result c = r.crash();
            md.append(String.format(Locale.ROOT, "| crash day: 50 stops in one sweep, crossing to order | max %.1f s, median %.1f s | ≤ %.0f s | %s |%n",
                    c.max(), c.median(), TARGET_S, verdict(c.max() <= TARGET_S)));
            md.append(String.format(Locale.ROOT, "| crash day: trading requests in any minute (%d in all, %d answered 429) | %d | ≤ %d | %s |%n",
                    c.tradingRequests(), c.rateLimited(), c.maxRequestsInAnyMinute(), ALPACA_PER_MINUTE,
                    verdict(c.maxRequestsInAnyMinute() <= ALPACA_PER_MINUTE && c.rateLimited() == 0)));
        }
        md.append('\n');
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private StressReport() {
    }
}
