package com.tradinginfra.pm.local.bench;

/** The benchmark's targets (issues 5 and 11), against which the report gives its verdicts. */
final class Targets {
    static final int TARGET_LOTS = 10_000;
    static final double TARGET_SWEEP_MS = 1000;
    static final long TARGET_ROUND_TRIPS = 6;
    static final double TARGET_RATIO = 50;
    static final double TARGET_REACTION_S = 15;
    static final double TARGET_JAR_MB = 20;
    static final double TARGET_COLD_MS = 1500;
    static final double TARGET_HEAP_MB = 256;
    /** Issue 11: the warm sweep within this multiple of its floor. */
    static final double TARGET_FLOOR_RATIO = 1.3;
    /** Issue 11: the sweep with 20 ms per data request within this multiple of the sweep without. */
    static final double TARGET_LATENCY_RATIO = 1.5;

    /** Issue 11: a cold start within this multiple of an empty SQS handler's under the same runtime client. */
    static final double TARGET_COLD_EMPTY_RATIO = 2;
    /** Issue 11: Alpaca's trading requests a minute per account, which the crash day must stay within. */
    static final int TARGET_REQUESTS_PER_MINUTE = 200;

    private Targets() {
    }
}
