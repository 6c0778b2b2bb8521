package com.tradinginfra.pm.domain;

import java.util.Locale;

/**
 * What a broker error means to the position manager, classified from the HTTP status, Alpaca's
 * numeric code and its message (docs/ALPACA.md, "Error bodies"; docs/BROKER-ERRORS.md).
 */
public enum BrokerFailure {
    /** 404 40410000: the position is gone; reconcile, do not retry. */
    POSITION_NOT_FOUND(false),
    /** 404 on an order. */
    ORDER_NOT_FOUND(false),
    /** 403 40310000 insufficient (options) buying power: retrying will not help soon. */
    INSUFFICIENT_BUYING_POWER(false),
    /** 403 40310000 insufficient qty available: open orders hold the shares; cancel them, then retry. */
    INSUFFICIENT_QTY(true),
    /** 403 40310100 pattern day trading protection. */
    PATTERN_DAY_TRADING(false),
    /** 422 40010001 client_order_id must be unique: the order exists already. */
    DUPLICATE_CLIENT_ORDER_ID(false),
    /** 422 42210000: options market orders only during market hours. */
    MARKET_CLOSED(true),
    /** 422 on cancel: the order is not cancelable (already filled or canceled). */
    NOT_CANCELABLE(false),
    /** 429. */
    RATE_LIMITED(true),
    /** 5xx, timeouts, connection resets. */
    UNAVAILABLE(true),
    /** Any other rejection. */
    REJECTED(false);

    private final boolean transientFailure;

    BrokerFailure(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** True when the same request may succeed later without any change on our side. */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * Classifies an error response.
     *
     * @param httpStatus the HTTP status, or 0 when no response arrived (I/O error, timeout)
     * @param code       Alpaca's numeric {@code code}, may be null
     * @param message    Alpaca's {@code message}, may be null
     */
    public static BrokerFailure classify(int httpStatus, Integer code, String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (httpStatus == 0 || httpStatus >= 500) {
            return UNAVAILABLE;
        }
        if (httpStatus == 429) {
            return RATE_LIMITED;
        }
        if (httpStatus == 404) {
            // Alpaca uses 40410000 for any missing resource: the message tells a position from an order.
            if (text.contains("order")) {
                return ORDER_NOT_FOUND;
            }
            return text.contains("position") || (code != null && code == 40410000) ? POSITION_NOT_FOUND : ORDER_NOT_FOUND;
        }
        if (httpStatus == 403) {
            if ((code != null && code == 40310100) || text.contains("pattern day")) {
                return PATTERN_DAY_TRADING;
            }
            if (text.contains("insufficient qty") || text.contains("held_for_orders")) {
                return INSUFFICIENT_QTY;
            }
            if (text.contains("buying power")) {
                return INSUFFICIENT_BUYING_POWER;
            }
            return REJECTED;
        }
        if (httpStatus == 422) {
            if ((code != null && code == 40010001) || text.contains("client_order_id must be unique")) {
                return DUPLICATE_CLIENT_ORDER_ID;
            }
            if ((code != null && code == 42210000) || text.contains("market hours")) {
                return MARKET_CLOSED;
            }
            if (text.contains("not cancelable") || text.contains("cannot be canceled") || text.contains("already")) {
                return NOT_CANCELABLE;
            }
            return REJECTED;
        }
        return REJECTED;
    }
}
