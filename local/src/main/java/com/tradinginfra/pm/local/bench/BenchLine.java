package com.tradinginfra.pm.local.bench;

import java.util.List;
import java.util.Locale;

import static com.tradinginfra.pm.local.bench.Samples.median;
import static com.tradinginfra.pm.local.bench.Samples.of;

/**
 * The last line of {@code ./pm bench}, for scripts: the six figures of issue 11, each measured in
 * that run, {@code nan} for one the run did not measure (never a number from elsewhere).
 *
 * @param reactionFaultS       max seconds from crossing to close order with one transient failure on the first close
 * @param crashMaxS            max seconds from crossing to close order on the crash day
 * @param crashRequestsPerMin  the most trading requests in any minute of the crash day
 * @param sweepFloorRatio      warm sweep / its floor (same book, same run; medians)
 * @param latencyRatio         warm sweep with {@code --latency-ms} per data request / without (same book, same run; medians)
 * @param coldstartEmptyRatio  cold start / an empty SQS handler's under the same runtime client
 */
public record BenchLine(double reactionFaultS, double crashMaxS, double crashRequestsPerMin, double sweepFloorRatio,
                        double latencyRatio, double coldstartEmptyRatio) {
    /** A figure this run did not measure. */
    public static final double NOT_MEASURED = Double.NaN;

    /** The line of a run: each figure from its results, {@link #NOT_MEASURED} for a part the run skipped. */
    static BenchLine measuredIn(Benchmark.Results r) {
        return new BenchLine(r.reactionFaultSeconds().orElse(NOT_MEASURED), r.crashMaxSeconds().orElse(NOT_MEASURED),
                r.crashRequestsPerMinute().isPresent() ? r.crashRequestsPerMinute().getAsInt() : NOT_MEASURED,
                sweepFloorRatio(r), latencyRatio(r), r.coldstartEmptyRatio().orElse(NOT_MEASURED));
    }

    /** The largest book's median warm sweep over the median of its floor, or NaN without floor runs. */
    static double sweepFloorRatio(Benchmark.Results r) {
        SweepBench.SizeResult big = r.largestSweep();
        if (big == null || big.floorRuns().isEmpty()) {
            return NOT_MEASURED;
        }
        return median(of(big.newRuns(), SweepBench.Run::millis)) / median(of(big.floorRuns(), SweepBench.FloorRun::millis));
    }

    /** The latency book's median sweep with the added delay over its median without, or NaN when not run. */
    static double latencyRatio(Benchmark.Results r) {
        SweepBench.SizeResult slow = r.withLatency();
        if (slow == null) {
            return NOT_MEASURED;
        }
        SweepBench.SizeResult quiet = r.sweepOf(slow.book().lots());
        if (quiet == null) {
            return NOT_MEASURED;
        }
        return median(of(slow.newRuns(), SweepBench.Run::millis)) / median(of(quiet.newRuns(), SweepBench.Run::millis));
    }

    /** Exactly {@code bench: reaction_fault_s=… crash_max_s=… crash_requests_per_min=… sweep_floor_ratio=… latency_ratio=… coldstart_empty_ratio=…}. */
    public String text() {
        return String.join(" ", List.of("bench:",
                "reaction_fault_s=" + figure(reactionFaultS, 1),
                "crash_max_s=" + figure(crashMaxS, 1),
                "crash_requests_per_min=" + figure(crashRequestsPerMin, 0),
                "sweep_floor_ratio=" + figure(sweepFloorRatio, 2),
                "latency_ratio=" + figure(latencyRatio, 2),
                "coldstart_empty_ratio=" + figure(coldstartEmptyRatio, 2)));
    }

    private static String figure(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "nan";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    @Override
    public String toString() {
        return text();
    }
}
