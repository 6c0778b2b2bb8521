package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A budget of requests per rolling window kept in this process alone (Alpaca allows 200 trading-API
 * requests a minute per account): for tests and for {@code ./pm} in simulated time; the functions
 * share the account-wide {@link AccountBudget} instead. Staying under the limit ourselves is cheaper than meeting 429s: a 429 costs
 * a whole SQS redelivery, while a short wait here usually does not.
 *
 * <p>When the budget is spent, {@link #acquire()} waits until the oldest request leaves the
 * window, but never longer than {@code maxWait}; beyond that it throws
 * {@link BrokerFailure#RATE_LIMITED} so a Lambda does not burn its time budget sleeping.
 *
 * <p>Time comes from an injected {@link TimeSource}, so tests run without sleeping.
 */
public final class RequestBudget implements TradingBudget {

    /** Alpaca's documented limit. */
    public static final int ALPACA_REQUESTS_PER_MINUTE = 200;

    /** Monotonic time and sleeping, injectable for tests. */
    public interface TimeSource {
        /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
        long nanoTime();

        /** Waits for the duration (a test source just advances its time). */
        void sleep(Duration duration) throws InterruptedException;

        /** The real clock. */
        TimeSource SYSTEM = new TimeSource() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(Math.max(1, duration.toMillis()));
            }
        };
    }

    private final int limit;
    private final long windowNanos;
    private final long maxWaitNanos;
    private final TimeSource time;
    private final Deque<Long> sent = new ArrayDeque<>();

    /**
     * @param limit   requests allowed per window (positive)
     * @param window  the rolling window, one minute for Alpaca
     * @param maxWait the longest {@link #acquire()} waits before giving up
     * @param time    the time source
     */
    public RequestBudget(int limit, Duration window, Duration maxWait, TimeSource time) {
        if (limit <= 0) {
            throw new IllegalArgumentException("request budget must be positive, was " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("request budget window must be positive, was " + window);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxWaitNanos = Math.max(0, maxWait.toNanos());
        this.time = Objects.requireNonNull(time, "time");
    }

    /** {@code requestsPerMinute} per rolling minute, waiting at most 2 s, on the real clock. */
    public static RequestBudget perMinute(int requestsPerMinute) {
        return new RequestBudget(requestsPerMinute, Duration.ofMinutes(1), Duration.ofSeconds(2), TimeSource.SYSTEM);
    }

    /** Alpaca's default: 200 per rolling minute. */
    public static RequestBudget alpacaDefault() {
        return perMinute(ALPACA_REQUESTS_PER_MINUTE);
    }

    @Override
    public int limit() {
        return limit;
    }

    /**
     * Takes one request from the budget, waiting up to {@code maxWait} when it is spent.
     *
     * @throws BrokerException {@link BrokerFailure#RATE_LIMITED} when the wait would be longer
     */
    @Override
    public void acquire() {
        long wait = tryAcquireNanos();
        if (wait == 0) {
            return;
        }
        if (wait > maxWaitNanos) {
            throw exhausted(wait);
        }
        try {
            time.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(BrokerFailure.RATE_LIMITED, 0, null,
                    "interrupted while waiting for the request budget", Duration.ofNanos(wait), e);
        }
        long again = tryAcquireNanos();
        if (again != 0) {
            // Other threads took the freed slots while we slept: give up rather than spin.
            throw exhausted(again);
        }
    }

    /** Requests still allowed in the current window. */
    public synchronized int remaining() {
        prune(time.nanoTime());
        return limit - sent.size();
    }

    /** Takes a slot and returns 0, or returns how long until one frees up (and takes nothing). */
    private synchronized long tryAcquireNanos() {
        long now = time.nanoTime();
        prune(now);
        if (sent.size() < limit) {
            sent.addLast(now);
            return 0;
        }
        return Math.max(1, sent.peekFirst() + windowNanos - now);
    }

    private void prune(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.removeFirst();
        }
    }

    @Override
    public String toString() {
        return "RequestBudget[" + limit + "/" + Duration.ofNanos(windowNanos).toSeconds() + " s, this process]";
    }

    private BrokerException exhausted(long waitNanos) {
        Duration retry = Duration.ofNanos(waitNanos);
        return new BrokerException(BrokerFailure.RATE_LIMITED, 0, null,
                "client-side request budget of " + limit + " per " + Duration.ofNanos(windowNanos).toSeconds()
                        + " s is spent; next slot in " + retry.toMillis() + " ms", retry, null);
    }
}
