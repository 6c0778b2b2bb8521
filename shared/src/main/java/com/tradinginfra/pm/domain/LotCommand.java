package com.tradinginfra.pm.domain;

import java.util.Optional;

/**
 * What an operator may ask of one lot, each a move of the {@link LotStatus} state machine to
 * CLOSING: {@code CLOSE} an open lot (reason {@code manual}), {@code RETRY} a close_failed one
 * with a new attempt. The state machine decides whether the lot may move. A lot scaling out is
 * CLOSING for part of itself: neither command may move it until its scale-out has ended (one writer).
 */
public enum LotCommand {
    CLOSE(LotStatus.OPEN), RETRY(LotStatus.CLOSE_FAILED);

    private final LotStatus from;

    LotCommand(LotStatus from) {
        this.from = from;
    }

    /** The state the lot must be in. */
    public LotStatus from() {
        return from;
    }

    /** Empty when {@code lot} may move to CLOSING by this command; else why not, naming the lot. */
    public Optional<String> refusal(Lot lot) {
        if (lot.status() == from && from.canMoveTo(LotStatus.CLOSING)) {
            return Optional.empty();
        }
        String what = "lot " + lot.id() + " (" + lot.symbol() + ") is " + lot.status().code();
        return Optional.of(switch (lot.status()) {
            case CLOSING -> lot.isScalingOut()
                    ? what + " for a scale-out of " + lot.partialQuantity().toPlainString() + " (attempt " + lot.closeAttempts()
                    + "): it is open again once that order has ended (the next sync); close it then"
                    : what + " already (" + (lot.closeReason() == null ? "no reason" : lot.closeReason().code())
                    + ", attempt " + lot.closeAttempts() + "): its close is in progress";
            case CLOSED -> what + ": nothing to close";
            case CLOSE_FAILED -> what + ": retry its close instead";
            case OPEN -> what + ": its close did not fail; close it instead";
        });
    }
}
