package com.tradinginfra.pm.domain.exit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The configured exit defaults. Percents are in percent (5 means 5 %).
 *
 * @param stopLossPct        default stop distance below (long) or above (short) the entry
 * @param takeProfitPct      default target distance
 * @param maxHold            default maximum hold time
 * @param trailingStopPct    trailing distance from the peak; zero disables the trailing stop
 * @param dayTradeCutoff     how long before the session close day trades are closed
 * @param optionExpiryCutoff how long before expiry (16:00 ET) options are closed
 * @param scaleOut           the partial exit ({@link ScaleOut#OFF} by default)
 */
public record ExitSettings(BigDecimal stopLossPct, BigDecimal takeProfitPct, Duration maxHold,
                           BigDecimal trailingStopPct, Duration dayTradeCutoff, Duration optionExpiryCutoff,
                           ScaleOut scaleOut) {
    public ExitSettings {
        Objects.requireNonNull(stopLossPct, "stopLossPct");
        Objects.requireNonNull(takeProfitPct, "takeProfitPct");
        Objects.requireNonNull(maxHold, "maxHold");
        Objects.requireNonNull(trailingStopPct, "trailingStopPct");
        Objects.requireNonNull(dayTradeCutoff, "dayTradeCutoff");
        Objects.requireNonNull(optionExpiryCutoff, "optionExpiryCutoff");
        Objects.requireNonNull(scaleOut, "scaleOut");
    }

    /** Without scaling out. */
    public ExitSettings(BigDecimal stopLossPct, BigDecimal takeProfitPct, Duration maxHold, BigDecimal trailingStopPct,
                        Duration dayTradeCutoff, Duration optionExpiryCutoff) {
        this(stopLossPct, takeProfitPct, maxHold, trailingStopPct, dayTradeCutoff, optionExpiryCutoff, ScaleOut.OFF);
    }

    /** These settings with {@code scaleOut}. */
    public ExitSettings withScaleOut(ScaleOut scaleOut) {
        return new ExitSettings(stopLossPct, takeProfitPct, maxHold, trailingStopPct, dayTradeCutoff, optionExpiryCutoff, scaleOut);
    }

    /** The starting values: stop 5 %, target 15 %, hold 24 h, trail 10 %, day trades 5 min, options 24 h, no scale-out. */
    public static ExitSettings defaults() {
        return new ExitSettings(BigDecimal.valueOf(5), BigDecimal.valueOf(15), Duration.ofHours(24),
                BigDecimal.valueOf(10), Duration.ofMinutes(5), Duration.ofHours(24));
    }
}
