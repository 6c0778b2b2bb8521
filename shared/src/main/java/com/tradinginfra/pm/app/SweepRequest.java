package com.tradinginfra.pm.app;

import java.time.Instant;
import java.util.Objects;

/**
 * Sweep the open lots of an account with ids in {@code [fromLotId, toLotId]} and, when bounded,
 * symbols in {@code [fromSymbol, toSymbol)} at {@code asOf}. Sync sends several per tick: sub-minute
 * sweeps, and for large accounts symbol ranges, so that every lot of a symbol falls in one range and
 * each symbol's price is asked once per sweep, however many ranges the book has.
 *
 * @param account    the account
 * @param asOf       the time this sweep acts at (the tick plus its offset)
 * @param slot       which sweep of the minute (0 … SWEEPS_PER_MINUTE-1)
 * @param fromLotId  first lot id of the range
 * @param toLotId    last lot id of the range
 * @param fromSymbol the range's first symbol (a lot's order symbol: ticker or OCC contract), null for no lower bound
 * @param toSymbol   the first symbol after the range, null for no upper bound; symbols compare by character code
 */
public record SweepRequest(String account, Instant asOf, int slot, long fromLotId, long toLotId, String fromSymbol,
                           String toSymbol) {
    public SweepRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(asOf, "asOf");
        if (fromLotId > toLotId) {
            throw new IllegalArgumentException("fromLotId " + fromLotId + " is after toLotId " + toLotId);
        }
        if (fromSymbol != null && toSymbol != null && fromSymbol.compareTo(toSymbol) >= 0) {
            throw new IllegalArgumentException("fromSymbol '" + fromSymbol + "' is not before toSymbol '" + toSymbol + "'");
        }
    }

    /** A lot-id range with no symbol bounds. */
    public SweepRequest(String account, Instant asOf, int slot, long fromLotId, long toLotId) {
        this(account, asOf, slot, fromLotId, toLotId, null, null);
    }

    /** All lots of the account. */
    public static SweepRequest all(String account, Instant asOf, int slot) {
        return new SweepRequest(account, asOf, slot, 0, Long.MAX_VALUE);
    }

    /** The lots whose symbols are in {@code [fromSymbol, toSymbol)} (either null: unbounded on that side). */
    public static SweepRequest symbols(String account, Instant asOf, int slot, String fromSymbol, String toSymbol) {
        return new SweepRequest(account, asOf, slot, 0, Long.MAX_VALUE, fromSymbol, toSymbol);
    }

    /** True when the range is bounded by symbol. */
    public boolean bySymbol() {
        return fromSymbol != null || toSymbol != null;
    }

    /**
     * The key of this range's newest-sweep mark ({@code sweep_progress.from_lot_id}): the first lot
     * id of a lot-id range; for a symbol range a negative number derived from its first symbol (64-bit
     * FNV-1a), so it never meets a lot-id key and stays the same for every delivery of the range.
     */
    public long progressKey() {
        if (!bySymbol()) {
            return fromLotId;
        }
        long h = 0xcbf29ce484222325L;
        String first = fromSymbol == null ? "" : fromSymbol;
        for (int i = 0; i < first.length(); i++) {
            h ^= first.charAt(i);
            h *= 0x100000001b3L;
        }
        return -1 - (h & Long.MAX_VALUE >>> 1);
    }
}
