package com.tradinginfra.pm.embedded.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Alpaca's per-account limit on trading-API requests in a rolling minute (200 by default), with its
 * {@code X-RateLimit-*} headers and, over the limit, {@code Retry-After}. Wall-clock based, like Alpaca's,
 * unless {@link #onClock} counts the minute on the simulated clock (tests that run many simulated
 * minutes within one real one). Used under the simulator's lock.
 */
final class SimRateLimit {
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private int perMinute;
    /** The simulated clock the minute is counted on; null: the wall clock. */
    private Supplier<Instant> simulated;

    SimRateLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    void perMinute(int limit) {
        perMinute = limit;
    }

    void reset() {
        windows.clear();
    }

    /** Counts the rolling minute on {@code simulated} from now on (null: the wall clock again); forgets what was counted. */
    void onClock(Supplier<Instant> simulated) {
        this.simulated = simulated;
        windows.clear();
    }

    /** Counts a request against the account's rolling minute and fills {@code headers}; false when over the limit. */
    boolean admit(String account, Map<String, String> headers) {
        Instant at = simulated == null ? null : simulated.get();
        long now = at == null ? System.nanoTime() : TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
        Deque<Long> window = windows.computeIfAbsent(account, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
            window.removeFirst();
        }
        boolean admitted = window.size() < perMinute;
        if (admitted) {
            window.addLast(now);
        }
        long resetNanos = window.isEmpty() ? 0 : Math.max(0, window.peekFirst() + WINDOW_NANOS - now);
        long nowMillis = at == null ? System.currentTimeMillis() : at.toEpochMilli();
        long resetEpoch = (nowMillis + TimeUnit.NANOSECONDS.toMillis(resetNanos) + 999) / 1000;
        headers.put("X-RateLimit-Limit", String.valueOf(perMinute));
        headers.put("X-RateLimit-Remaining", String.valueOf(Math.max(0, perMinute - window.size())));
        headers.put("X-RateLimit-Reset", String.valueOf(resetEpoch));
        if (!admitted) {
            headers.put("Retry-After", String.valueOf(Math.max(1, (resetNanos + 999_999_999L) / 1_000_000_000L)));
        }
        return admitted;
    }

}
