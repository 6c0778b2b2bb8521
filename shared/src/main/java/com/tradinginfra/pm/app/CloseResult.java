package com.tradinginfra.pm.app;

import java.util.Objects;

/**
 * What one request of a batch of closes came to: an outcome, or the failure that fails its item
 * (a transient broker failure, bad input), so the queue adapter still reports partial batch failures.
 * {@code symbol} and {@code clientOrderId} are the lot's broker symbol and this attempt's client order
 * id, for the message's log keys; null when the lot was not found.
 */
public record CloseResult(CloseRequest request, String symbol, String clientOrderId, CloseOutcome outcome,
                          RuntimeException failure) {
    public CloseResult {
        Objects.requireNonNull(request, "request");
        if ((outcome == null) == (failure == null)) {
            throw new IllegalArgumentException("a close result has either an outcome or a failure");
        }
    }

    static CloseResult of(CloseRequest request, String symbol, String clientOrderId, CloseOutcome outcome) {
        return new CloseResult(request, symbol, clientOrderId, Objects.requireNonNull(outcome, "outcome"), null);
    }

    static CloseResult failed(CloseRequest request, String symbol, String clientOrderId, RuntimeException failure) {
        return new CloseResult(request, symbol, clientOrderId, null, Objects.requireNonNull(failure, "failure"));
    }

    /** The outcome, or the failure thrown. */
    public CloseOutcome outcomeOrThrow() {
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }
}
