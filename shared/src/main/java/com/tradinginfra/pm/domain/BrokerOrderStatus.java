package com.tradinginfra.pm.domain;

import java.util.Locale;

/**
 * Where an order is in its life at the broker. The broker adapter maps its venue's status strings
 * to these; an unknown one is {@link #UNKNOWN}, which is treated as still working (it may fill).
 */
public enum BrokerOrderStatus {
    /** Accepted and working (or waiting to be routed); nothing filled yet. */
    NEW,
    /** A bracket leg waiting for its entry to fill. */
    HELD,
    /** Part filled; the rest is working. */
    PARTIALLY_FILLED,
    /** A cancel was requested and not confirmed yet: the order still holds its quantity and can still fill. */
    PENDING_CANCEL,
    /** A replace was requested and not confirmed yet. */
    PENDING_REPLACE,
    /** Suspended by the venue; it may resume. */
    SUSPENDED,
    /** Completely filled. */
    FILLED,
    /** Done for the day; nothing more fills today. */
    DONE_FOR_DAY,
    /** Cancelled. */
    CANCELED,
    /** Expired. */
    EXPIRED,
    /** Replaced by another order. */
    REPLACED,
    /** Rejected. */
    REJECTED,
    /** Stopped: a fill is guaranteed at a price, and the order takes no further part. */
    STOPPED,
    /** A status this code does not know: treated as still working. */
    UNKNOWN;

    /** True once the broker will not fill any more of the order. */
    public boolean isTerminal() {
        return switch (this) {
            case FILLED, DONE_FOR_DAY, CANCELED, EXPIRED, REPLACED, REJECTED, STOPPED -> true;
            default -> false;
        };
    }

    /** The lower-case name, as event details show it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@link #code()}: event details that print a status keep their lower-case form. */
    @Override
    public String toString() {
        return code();
    }
}
