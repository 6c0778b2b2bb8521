package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.CloseReason;

import java.util.Objects;

/** The outcome of the exit rules for one lot: hold it, or close it for a reason. */
public sealed interface ExitDecision permits ExitDecision.Hold, ExitDecision.Exit {

    Hold HOLD = new Hold();

    /** Keep the lot open. */
    record Hold() implements ExitDecision {
    }

    /**
     * Close the lot.
     *
     * @param reason the rule that fired
     * @param detail a human sentence with the numbers that made it fire
     */
    record Exit(CloseReason reason, String detail) implements ExitDecision {
        public Exit {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
