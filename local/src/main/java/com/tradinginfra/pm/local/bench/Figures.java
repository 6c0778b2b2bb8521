package com.tradinginfra.pm.local.bench;

import java.util.Locale;

/** How the report writes measured figures and verdicts (1 MB = 2^20 bytes). */
final class Figures {
    static final double MB = 1024.0 * 1024.0;

    private Figures() {
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String mb(double bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f MB", bytes / MB);
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String verdict(boolean pass, String margin) {
        return (pass ? "**PASS**" : "**MISS**") + (margin == null || margin.isEmpty() ? "" : " (" + margin + ")");
    }

    /** The verdict on a ratio with an upper bound: the margin to spare, or by how much it is over. */
    static String ratioVerdict(double ratio, double target) {
        return verdict(ratio <= target, ratio <= target ? String.format(Locale.ROOT, "%.2f× to spare", target - ratio)
                : String.format(Locale.ROOT, "over by %.2f×", ratio - target));
    }

    static String pct(double measured, double target) {
        return String.format(Locale.ROOT, "%.0f %% of the budget", 100 * measured / target);
    }
}
