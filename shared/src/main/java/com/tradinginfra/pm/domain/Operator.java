package com.tradinginfra.pm.domain;

import java.util.Objects;

/**
 * Who acts from the command line and why: recorded with every operator action in the audit trail.
 *
 * @param name   the operator (the OS user unless given)
 * @param reason why, in the operator's words; null where none is required (retry, resume)
 */
public record Operator(String name, String reason) {
    static final int MAX_NAME = 100;
    static final int MAX_REASON = 500;

    public Operator {
        Objects.requireNonNull(name, "name");
        name = name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("the operator's name must be 1 to " + MAX_NAME + " characters");
        }
        if (reason != null) {
            reason = reason.strip();
            if (reason.isEmpty() || reason.length() > MAX_REASON) {
                throw new IllegalArgumentException("the reason must be 1 to " + MAX_REASON + " characters");
            }
        }
    }

    /** This operator's action must say why: the reason is given. */
    public Operator requireReason(String action) {
        if (reason == null) {
            throw new IllegalArgumentException(action + " needs a reason");
        }
        return this;
    }
}
