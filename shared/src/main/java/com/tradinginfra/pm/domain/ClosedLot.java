package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A lot that is closed, with every exit it took: one exit for a lot closed in one go, several when
 * it scaled out. Its realised P&amp;L is the sum of its exits', its close reason and time those of
 * its last exit.
 *
 * @param lotId      the lot's id
 * @param account    the account it belongs to
 * @param symbol     what was traded (the OCC symbol for an option)
 * @param type       stock, call or put
 * @param side       long or short
 * @param strategy   the dispatcher's strategy type, or null when it gave none
 * @param entryPrice the average entry price
 * @param entryTime  when the lot was entered
 * @param exits      its exits, at least one, oldest first
 */
public record ClosedLot(long lotId, String account, String symbol, InstrumentType type, PositionSide side, String strategy,
                        BigDecimal entryPrice, Instant entryTime, List<Exit> exits) {

    /**
     * One exit fill (or the fills of one close) of a lot.
     *
     * @param quantity how much left the lot
     * @param price    the average exit price
     * @param pnl      the realised P&amp;L of this exit, in dollars
     * @param reason   why it left
     * @param at       when
     */
    public record Exit(BigDecimal quantity, BigDecimal price, BigDecimal pnl, CloseReason reason, Instant at) {
        public Exit {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(pnl, "pnl");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    public ClosedLot {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(entryPrice, "entryPrice");
        Objects.requireNonNull(entryTime, "entryTime");
        if (exits == null || exits.isEmpty()) {
            throw new IllegalArgumentException("closed lot " + lotId + " has no exit");
        }
        exits = exits.stream().sorted(Comparator.comparing(Exit::at)).toList();
    }

    /** The quantity that left the lot over all its exits. */
    public BigDecimal quantity() {
        return exits.stream().map(Exit::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The realised P&amp;L over all its exits. */
    public BigDecimal pnl() {
        return exits.stream().map(Exit::pnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Why the lot finally closed: the reason of its last exit. */
    public CloseReason closeReason() {
        return last().reason();
    }

    /** When the lot finally closed. */
    public Instant closedAt() {
        return last().at();
    }

    /** From entry to the last exit. */
    public Duration holdTime() {
        return Duration.between(entryTime, closedAt());
    }

    /** True when it took more than one exit (it scaled out). */
    public boolean scaledOut() {
        return exits.size() > 1;
    }

    private Exit last() {
        return exits.get(exits.size() - 1);
    }
}
