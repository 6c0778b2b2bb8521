package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The shape of the account's token bucket for {@code perMinute} trading requests a minute: half of
 * it as a burst ({@link #capacity()}), the other half refilled evenly over the minute
 * ({@link #refillPerSecond()}). In any 60-second window at most capacity + 60 × refill =
 * {@code perMinute} tokens can be taken, however many containers take them, which is the rolling
 * minute Alpaca counts; the burst lets a crash day's closes go out at once.
 *
 * <p>Routine requests may take tokens only while {@link #closeReserve()} remain, so closes always
 * find some even when discovery and housekeeping are busy.
 */
public record RequestRate(int perMinute) {
    public RequestRate {
        if (perMinute < 2) {
            throw new IllegalArgumentException("requests per minute must be at least 2, was " + perMinute);
        }
    }

    /** Tokens the bucket holds at most: the burst. */
    public int capacity() {
        return perMinute / 2;
    }

    /** Tokens added per second of elapsed time. */
    public BigDecimal refillPerSecond() {
        return BigDecimal.valueOf(perMinute - capacity()).divide(BigDecimal.valueOf(60), 6, RoundingMode.DOWN);
    }

    /** Tokens routine requests must leave in the bucket: a quarter of the burst. */
    public int closeReserve() {
        return capacity() / 4;
    }

    /** Tokens {@code priority} must leave in the bucket after taking its own. */
    public int floor(RequestPriority priority) {
        return priority == RequestPriority.CLOSE ? 0 : closeReserve();
    }
}
