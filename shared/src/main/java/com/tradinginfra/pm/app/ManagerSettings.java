package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;

import java.time.Duration;
import java.util.Objects;

/**
 * How the position manager runs, beyond the exit rules.
 *
 * @param account            the one account this stack manages
 * @param exits              exit rule defaults
 * @param maxCloseAttempts   close attempts the broker may refuse before a lot is CLOSE_FAILED
 * @param sweepsPerMinute    sweeps per EventBridge tick (spread with SQS DelaySeconds)
 * @param stockBatchSize     stock symbols per price request
 * @param lotsPerSweep       open lots one sweep invocation handles before sync splits by lot range
 * @param stuckClosingAfter  a CLOSING lot older than this is re-examined against the broker
 * @param priceMaxAge        no exit is decided on a price older than this at the sweep's time
 * @param missingBrackets    what happens to a lot whose protective legs are gone ({@code MISSING_BRACKETS_ACTION})
 */
public record ManagerSettings(String account, ExitSettings exits, int maxCloseAttempts, int sweepsPerMinute,
                              int stockBatchSize, int lotsPerSweep, Duration stuckClosingAfter, Duration priceMaxAge,
                              MissingBracketsAction missingBrackets) {
    /** Options snapshots take at most 100 symbols a request (docs/ALPACA.md). */
    public static final int OPTION_BATCH_SIZE = 100;
    /** {@code PRICE_MAX_AGE_SECONDS} when unset: two sweeps' worth of a one-minute tick. */
    public static final int DEFAULT_PRICE_MAX_AGE_SECONDS = 120;

    /** As the canonical constructor with the default price age. */
    public ManagerSettings(String account, ExitSettings exits, int maxCloseAttempts, int sweepsPerMinute,
                           int stockBatchSize, int lotsPerSweep, Duration stuckClosingAfter) {
        this(account, exits, maxCloseAttempts, sweepsPerMinute, stockBatchSize, lotsPerSweep, stuckClosingAfter,
                Duration.ofSeconds(DEFAULT_PRICE_MAX_AGE_SECONDS));
    }

    /** As the canonical constructor, closing lots whose legs are gone. */
    public ManagerSettings(String account, ExitSettings exits, int maxCloseAttempts, int sweepsPerMinute,
                           int stockBatchSize, int lotsPerSweep, Duration stuckClosingAfter, Duration priceMaxAge) {
        this(account, exits, maxCloseAttempts, sweepsPerMinute, stockBatchSize, lotsPerSweep, stuckClosingAfter, priceMaxAge,
                MissingBracketsAction.CLOSE);
    }

    public ManagerSettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(missingBrackets, "missingBrackets");
        Objects.requireNonNull(exits, "exits");
        Objects.requireNonNull(stuckClosingAfter, "stuckClosingAfter");
        Objects.requireNonNull(priceMaxAge, "priceMaxAge");
        if (maxCloseAttempts < 1 || sweepsPerMinute < 1 || sweepsPerMinute > 60 || stockBatchSize < 1 || lotsPerSweep < 1) {
            throw new IllegalArgumentException("invalid settings: attempts " + maxCloseAttempts + ", sweeps/min "
                    + sweepsPerMinute + ", batch " + stockBatchSize + ", lots/sweep " + lotsPerSweep);
        }
    }

    /** Defaults for an account: see the README's configuration table. */
    public static ManagerSettings defaults(String account) {
        return new ManagerSettings(account, ExitSettings.defaults(), 3, 4, 500, 5000, Duration.ofMinutes(3));
    }

    public ManagerSettings withSweepsPerMinute(int n) {
        return new ManagerSettings(account, exits, maxCloseAttempts, n, stockBatchSize, lotsPerSweep, stuckClosingAfter, priceMaxAge, missingBrackets);
    }

    public ManagerSettings withLotsPerSweep(int n) {
        return new ManagerSettings(account, exits, maxCloseAttempts, sweepsPerMinute, stockBatchSize, n, stuckClosingAfter, priceMaxAge, missingBrackets);
    }

    public ManagerSettings withExits(ExitSettings e) {
        return new ManagerSettings(account, e, maxCloseAttempts, sweepsPerMinute, stockBatchSize, lotsPerSweep, stuckClosingAfter, priceMaxAge, missingBrackets);
    }

    public ManagerSettings withMissingBrackets(MissingBracketsAction action) {
        return new ManagerSettings(account, exits, maxCloseAttempts, sweepsPerMinute, stockBatchSize, lotsPerSweep, stuckClosingAfter,
                priceMaxAge, action);
    }

    public ManagerSettings withPriceMaxAge(Duration maxAge) {
        return new ManagerSettings(account, exits, maxCloseAttempts, sweepsPerMinute, stockBatchSize, lotsPerSweep, stuckClosingAfter, maxAge, missingBrackets);
    }
}
