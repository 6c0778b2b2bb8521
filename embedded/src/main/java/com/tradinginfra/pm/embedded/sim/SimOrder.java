package com.tradinginfra.pm.embedded.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An order as the simulator holds it; a bracket's or OCO's legs are orders of their own pointing at
 * their parent. Its status moves only through the methods here.
 */
final class SimOrder {
    static final Set<String> TERMINAL = Set.of("filled", "canceled", "expired", "rejected", "replaced");

    final String id;
    final String clientOrderId;
    final String symbol;
    final boolean option;
    final String side;
    final String type;
    final String tif;
    /** {@code ""} for a simple order, as Alpaca sends it. */
    final String orderClass;
    final Instant createdAt;
    BigDecimal limitPrice;
    BigDecimal stopPrice;
    private BigDecimal qty;
    private BigDecimal filledQty = BigDecimal.ZERO;
    private BigDecimal filledAvg;
    private String status;
    private Instant updatedAt;
    private Instant submittedAt;
    private Instant filledAt;
    private Instant canceledAt;
    private Instant expiredAt;
    private Instant cancelRequestedAt;
    /** Set by a fault: when the pending cancel would be confirmed, the order fills instead. */
    private boolean fillsBeforeCancelConfirmed;
    private SimOrder parent;
    private final List<SimOrder> legs = new ArrayList<>();
    /** Set once the order has been looked at while the market was open (later fills of limits use the limit). */
    private boolean evaluated;

    SimOrder(String symbol, String side, String type, String tif, String orderClass, BigDecimal qty,
             String clientOrderId, Instant createdAt, boolean sessionOpen) {
        this.id = UUID.randomUUID().toString();
        this.clientOrderId = clientOrderId != null ? clientOrderId : UUID.randomUUID().toString();
        this.symbol = symbol;
        this.option = SimPosition.isOption(symbol);
        this.side = side;
        this.type = type;
        this.tif = tif;
        this.orderClass = orderClass;
        this.qty = qty;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.submittedAt = createdAt;
        // Outside the session Alpaca accepts the order and routes it at the open (ALPACA.md).
        this.status = sessionOpen ? "new" : "accepted";
    }

    // ------------------------------------------------------------------ reading

    String status() {
        return status;
    }

    BigDecimal qty() {
        return qty;
    }

    BigDecimal filledQty() {
        return filledQty;
    }

    BigDecimal filledAvg() {
        return filledAvg;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    Instant filledAt() {
        return filledAt;
    }

    Instant canceledAt() {
        return canceledAt;
    }

    Instant expiredAt() {
        return expiredAt;
    }

    /** When the pending cancel was requested, or null. */
    Instant cancelRequestedAt() {
        return cancelRequestedAt;
    }

    SimOrder parent() {
        return parent;
    }

    List<SimOrder> legs() {
        return Collections.unmodifiableList(legs);
    }

    boolean terminal() {
        return TERMINAL.contains(status);
    }

    /** Working at the market (a pending cancel included): neither final nor a bracket leg waiting for its entry. */
    boolean active() {
        return !terminal() && !"held".equals(status);
    }

    boolean pendingCancel() {
        return "pending_cancel".equals(status);
    }

    BigDecimal remaining() {
        return qty.subtract(filledQty);
    }

    boolean buys() {
        return "buy".equals(side);
    }

    // ------------------------------------------------------------------ changing

    void link(SimOrder... newLegs) {
        for (SimOrder leg : newLegs) {
            leg.parent = this;
            legs.add(leg);
        }
    }

    /** A bracket leg waits for its entry to fill. */
    void hold() {
        status = "held";
    }

    /** Marks the first look at the order in a session; true when this was it. */
    boolean arrive() {
        boolean first = !evaluated;
        evaluated = true;
        return first;
    }

    /**
     * An order accepted outside the session is routed at the open: that is when it is submitted, so
     * {@code submitted_at} is hours after {@code created_at} (ALPACA.md: "submitted_at can differ from created_at by hours").
     */
    void route(Instant at) {
        if ("accepted".equals(status)) {
            status = "new";
            submittedAt = at;
            updatedAt = at;
        }
    }

    /** A held bracket leg starts working once its entry has filled completely. */
    void activate(Instant at) {
        if ("held".equals(status)) {
            status = "new";
            updatedAt = at;
        }
    }

    void resize(BigDecimal newQty, Instant at) {
        qty = newQty;
        updatedAt = at;
    }

    /** Records a fill; true when the order is now completely filled. */
    boolean fill(BigDecimal fillQty, BigDecimal price, Instant at) {
        BigDecimal before = filledQty;
        filledQty = before.add(fillQty);
        filledAvg = (filledAvg == null ? BigDecimal.ZERO : filledAvg.multiply(before)).add(fillQty.multiply(price))
                .divide(filledQty, 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        boolean complete = filledQty.compareTo(qty) >= 0;
        status = complete ? "filled" : pendingCancel() ? "pending_cancel" : "partially_filled";
        updatedAt = at;
        if (complete) {
            filledAt = at;
        }
        return complete;
    }

    void cancel(Instant at) {
        status = "canceled";
        canceledAt = at;
        updatedAt = at;
    }

    /** The cancel is accepted but not yet confirmed by the venue: the order still works and holds its quantity. */
    void requestCancel(Instant at, boolean fillsFirst) {
        status = "pending_cancel";
        cancelRequestedAt = at;
        updatedAt = at;
        fillsBeforeCancelConfirmed = fillsFirst;
    }

    boolean fillsBeforeCancelConfirmed() {
        return fillsBeforeCancelConfirmed;
    }

    void expire(Instant at) {
        status = "expired";
        expiredAt = at;
        updatedAt = at;
    }
}
