package com.tradinginfra.pm.domain;

/**
 * What a broker error means to the position manager. The broker adapter maps its venue's HTTP
 * statuses, codes and messages to these meanings; nothing here knows a venue's codes or texts
 * (docs/BROKER-ERRORS.md lists the mapping and what the manager does with each).
 */
public enum BrokerFailure {
    /** The position does not exist at the broker: reconcile, do not retry. */
    POSITION_NOT_FOUND(false),
    /** The order does not exist at the broker. */
    ORDER_NOT_FOUND(false),
    /** Not enough buying power (e.g. closing a cash-secured put): retrying will not help soon. */
    INSUFFICIENT_BUYING_POWER(false),
    /** Open orders hold the quantity: once they end, the same order may pass. */
    INSUFFICIENT_QTY(true),
    /** Pattern day trading protection: no further attempt today will pass. */
    PATTERN_DAY_TRADING(false),
    /** An order with this client order id exists already (also after it was cancelled). */
    DUPLICATE_CLIENT_ORDER_ID(false),
    /** Orders of this kind are accepted only during the session (option market orders). */
    MARKET_CLOSED(true),
    /** The broker refuses a trade against an open opposite-side order of the same symbol. */
    WASH_TRADE(false),
    /** The order can no longer be cancelled: it usually has just filled, or has ended. */
    NOT_CANCELABLE(false),
    /**
     * The broker did not accept our credentials (bad or rotated keys): not the lot's fault and not a
     * refusal of the order; nothing passes until the keys work again.
     */
    AUTHENTICATION(false),
    /** Too many requests. */
    RATE_LIMITED(true),
    /** No usable answer: server errors, timeouts, connection resets. */
    UNAVAILABLE(true),
    /** Any other refusal, including validation errors: the broker's message says why. */
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
     * True when the broker refused this order for a reason of the order or the account (not the
     * transport, not our credentials): such refusals count against a lot's close attempts.
     */
    public boolean isRefusalOfTheOrder() {
        return switch (this) {
            case INSUFFICIENT_BUYING_POWER, INSUFFICIENT_QTY, PATTERN_DAY_TRADING, WASH_TRADE, REJECTED -> true;
            default -> false;
        };
    }
}
