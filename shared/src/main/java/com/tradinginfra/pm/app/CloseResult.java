package com.tradinginfra.pm.app;

import java.util.Objects;

/**
 * What one request of a batch of closes came to: an outcome, or the failure that fails its item
 * (a transient broker failure, bad input), so the queue adapter still reports partial batch failures.
 */
public record CloseResult(CloseRequest request, CloseOutcome outcome, RuntimeException failure) {
    public CloseResult {
        Objects.requireNonNull(request, "request");
        if ((outcome == null) == (failure == null)) {
            throw new IllegalArgumentException("a close result has either an outcome or a failure");
        }
    }

    static CloseResult of(CloseRequest request, CloseOutcome outcome) {
        return new CloseResult(request, Objects.requireNonNull(outcome, "outcome"), null);
    }

    static CloseResult failed(CloseRequest request, RuntimeException failure) {
        return new CloseResult(request, null, Objects.requireNonNull(failure, "failure"));
    }

    /** The outcome, or the failure thrown. */
    public CloseOutcome outcomeOrThrow() {
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }
}
