package com.tradinginfra.pm.local.bench;

/** The benchmark's targets (issue 5), against which the report gives its verdicts. */
final class Targets {
    static final int TARGET_LOTS = 10_000;
    static final double TARGET_SWEEP_MS = 1000;
    static final long TARGET_ROUND_TRIPS = 6;
    static final double TARGET_RATIO = 50;
    static final double TARGET_REACTION_S = 15;
    static final double TARGET_JAR_MB = 20;
    static final double TARGET_COLD_MS = 1500;
    static final double TARGET_HEAP_MB = 256;

    private Targets() {
    }
}
