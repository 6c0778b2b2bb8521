package com.tradinginfra.pm.local.bench;

/**
 * Placeholder so that {@code ./pm bench} compiles on the cli branch: the bench branch replaces this
 * file with the real benchmark (resolve the merge by taking the bench branch's version).
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) {
        System.err.println("pm bench: the benchmark is not part of this build yet (the bench branch provides it)");
        System.exit(2);
    }
}
