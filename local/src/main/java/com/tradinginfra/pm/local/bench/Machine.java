package com.tradinginfra.pm.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The machine the figures were measured on. */
public record Machine(int processors, long memoryBytes, String cpu, String jvm, String os, Instant date, String loadAtStart) {

    public static Machine describe() {
        String cpu = "unknown";
        long memory = -1;
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memory = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpu, jvm, os,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), loadAverage());
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg: other work competing for the CPUs. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public String memory() {
        return memoryBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024));
    }

    /** The machine and its load in a few words, to quote next to a figure. */
    public String context() {
        return processors + " CPUs (" + cpu + "), load average " + loadAtStart + " (1, 5, 15 min) at the start";
    }

    public String summary() {
        return processors + " CPUs (" + cpu + "), " + memory() + " RAM, " + jvm + ", " + os + ", " + date;
    }
}
