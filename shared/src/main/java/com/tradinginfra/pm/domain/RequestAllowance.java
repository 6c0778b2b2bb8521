package com.tradinginfra.pm.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The account's allowance of trading requests, shared by all its containers (Alpaca counts per
 * account). A claim takes tokens for a batch of requests at once, or none.
 */
public interface RequestAllowance {

    /** A claim's answer: granted, or refused with how long until enough tokens would be there. */
    record Grant(boolean granted, Duration retryIn) {
        public Grant {
            Objects.requireNonNull(retryIn, "retryIn");
        }

        public static final Grant GRANTED = new Grant(true, Duration.ZERO);
    }

    /** Takes {@code requests} tokens when {@code priority} may have them, else takes none. */
    Grant take(int requests, RequestPriority priority);

    /** The account's trading requests a minute. */
    RequestRate rate();
}
