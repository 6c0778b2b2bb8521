package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's kill switch as an operator last set it. While paused, the manager still tracks,
 * reconciles and prices every lot, but decides no exit and submits no order; closes that were
 * due are decided by the first sweep after the resume, and close requests that arrived meanwhile
 * are re-sent by the first sync after it.
 *
 * @param paused whether trading is paused
 * @param by     who set it last (null when never set)
 * @param reason why (may be null for a resume)
 * @param since  when it was set last (null when never set)
 */
public record TradingPause(boolean paused, String by, String reason, Instant since) {
    /** An account whose switch was never set: not paused. */
    public static final TradingPause NEVER_SET = new TradingPause(false, null, null, null);

    /** The switch set by an operator at {@code at}. */
    public static TradingPause set(boolean paused, Operator operator, Instant at) {
        Objects.requireNonNull(operator, "operator");
        return new TradingPause(paused, operator.name(), operator.reason(), Objects.requireNonNull(at, "at"));
    }
}
