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
     * @param reason   the rule that fired
     * @param detail   a human sentence with the numbers that made it fire
     * @param quantity the quantity to close for a partial exit (scale-out); null closes the whole lot
     */
    record Exit(CloseReason reason, String detail, java.math.BigDecimal quantity) implements ExitDecision {
        public Exit {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (quantity != null && quantity.signum() <= 0) {
                throw new IllegalArgumentException("a partial exit closes a positive quantity, was " + quantity);
            }
        }

        /** Closes the whole lot. */
        public Exit(CloseReason reason, String detail) {
            this(reason, detail, null);
        }

        /** True for a partial exit: part of the lot closes, the rest stays open. */
        public boolean isPartial() {
            return quantity != null;
        }
    }
}
