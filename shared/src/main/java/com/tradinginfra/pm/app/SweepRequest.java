package com.tradinginfra.pm.app;

import java.time.Instant;
import java.util.Objects;

/**
 * Sweep the open lots of an account with ids in {@code [fromLotId, toLotId]} at {@code asOf}.
 * Sync sends several per tick (sub-minute sweeps, and lot ranges for large accounts).
 *
 * @param account   the account
 * @param asOf      the time this sweep acts at (the tick plus its offset)
 * @param slot      which sweep of the minute (0 … SWEEPS_PER_MINUTE-1)
 * @param fromLotId first lot id of the range
 * @param toLotId   last lot id of the range
 */
public record SweepRequest(String account, Instant asOf, int slot, long fromLotId, long toLotId) {
    public SweepRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(asOf, "asOf");
        if (fromLotId > toLotId) {
            throw new IllegalArgumentException("fromLotId " + fromLotId + " is after toLotId " + toLotId);
        }
    }

    /** All lots of the account. */
    public static SweepRequest all(String account, Instant asOf, int slot) {
        return new SweepRequest(account, asOf, slot, 0, Long.MAX_VALUE);
    }
}
