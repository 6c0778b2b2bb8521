package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.RequestAllowance;
import com.tradinginfra.pm.domain.RequestPriority;

import java.time.Duration;
import java.util.Objects;

/**
 * The account-wide trading budget as one container spends it: tokens are claimed from the
 * {@link RequestAllowance} (the database's bucket) a few at a time, in one statement, and the
 * claimed ones serve the next requests for a moment. A token left unused when that moment is over
 * is simply lost: the account then sends fewer requests than it could, never more.
 *
 * <p>Closes ({@link RequestPriority#CLOSE}) wait up to {@link #CLOSE_WAIT} for a token — the bucket
 * refills one in well under a second — then fail their item as {@link BrokerFailure#RATE_LIMITED}
 * with the wait as retry-after, which brings the message back within seconds, never after the
 * queue's visibility timeout. Routine work waits at most {@link #ROUTINE_WAIT}: it is repeated the
 * next minute anyway, and must not hold a function while closes drain the bucket. Waits add up
 * within an invocation: a container waits at most twice its per-request bound in any
 * {@link #WAIT_WINDOW} (10 s for closes, a third of CloseOrderFunction's timeout), then fails fast.
 */
public final class AccountBudget implements TradingBudget {
    /** Longest wait of a close for a token: far under CloseOrderFunction's 30-s timeout. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Longest wait of routine work. */
    public static final Duration ROUTINE_WAIT = Duration.ofSeconds(2);
    /** The window in which a container's waits add up to at most twice the per-request bound. */
    static final Duration WAIT_WINDOW = Duration.ofSeconds(30);
    /** Tokens claimed at once: one close makes a few requests in a row (batch reads, cancels, submits). */
    static final int CLOSE_CLAIM = 3;
    static final int ROUTINE_CLAIM = 2;
    /** How long claimed tokens serve; shorter than a request, so they are not carried over a frozen container. */
    static final Duration CLAIM_LIFE = Duration.ofSeconds(1);

    private final RequestAllowance allowance;
    private final RequestPriority priority;
    private final int claimSize;
    private final long maxWaitNanos;
    private final long lifeNanos;
    private final RequestBudget.TimeSource time;
    private int claimed;
    private long claimedUntil;
    private long waitWindowStart;
    private long waitedInWindow;

    AccountBudget(RequestAllowance allowance, RequestPriority priority, int claimSize, Duration maxWait, Duration life,
                  RequestBudget.TimeSource time) {
        this.allowance = Objects.requireNonNull(allowance, "allowance");
        this.priority = Objects.requireNonNull(priority, "priority");
        if (claimSize < 1) {
            throw new IllegalArgumentException("claim size must be positive, was " + claimSize);
        }
        this.claimSize = Math.min(claimSize, allowance.rate().capacity());
        this.maxWaitNanos = maxWait.toNanos();
        this.lifeNanos = life.toNanos();
        this.time = Objects.requireNonNull(time, "time");
    }

    /** The budget of a container doing {@code priority}'s work, on the real clock. */
    public static AccountBudget of(RequestAllowance allowance, RequestPriority priority) {
        boolean close = priority == RequestPriority.CLOSE;
        return new AccountBudget(allowance, priority, close ? CLOSE_CLAIM : ROUTINE_CLAIM, close ? CLOSE_WAIT : ROUTINE_WAIT,
                CLAIM_LIFE, RequestBudget.TimeSource.SYSTEM);
    }

    @Override
    public int limit() {
        return allowance.rate().perMinute();
    }

    public RequestPriority priority() {
        return priority;
    }

    @Override
    public void acquire() {
        if (takeClaimed()) {
            return;
        }
        long deadline = time.nanoTime() + maxWaitNanos;
        int n = claimSize;
        while (true) {
            RequestAllowance.Grant grant = allowance.take(n, priority);
            if (grant.granted()) {
                keep(n - 1);
                return;
            }
            if (n > 1) {
                n = 1; // what is left may still serve this one request
                continue;
            }
            long wait = grant.retryIn().toNanos();
            if (time.nanoTime() + wait > deadline || !mayWait(wait)) {
                throw new BrokerException(BrokerFailure.RATE_LIMITED, 0, null, "the account's budget of " + limit()
                        + " trading requests a minute is spent for " + priority.name().toLowerCase(java.util.Locale.ROOT)
                        + " requests; next token in " + grant.retryIn().toMillis() + " ms", grant.retryIn(), null);
            }
            try {
                time.sleep(grant.retryIn());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException(BrokerFailure.RATE_LIMITED, 0, null,
                        "interrupted while waiting for the request budget", grant.retryIn(), e);
            }
        }
    }

    /** Counts {@code nanos} of waiting against the window's allowance, or refuses to wait when it would exceed it. */
    private synchronized boolean mayWait(long nanos) {
        long now = time.nanoTime();
        if (now - waitWindowStart >= WAIT_WINDOW.toNanos()) {
            waitWindowStart = now;
            waitedInWindow = 0;
        }
        if (waitedInWindow + nanos > 2 * maxWaitNanos) {
            return false;
        }
        waitedInWindow += nanos;
        return true;
    }

    private synchronized boolean takeClaimed() {
        if (claimed > 0 && time.nanoTime() < claimedUntil) {
            claimed--;
            return true;
        }
        claimed = 0;
        return false;
    }

    private synchronized void keep(int tokens) {
        claimed += tokens;
        claimedUntil = time.nanoTime() + lifeNanos;
    }

    @Override
    public String toString() {
        return "AccountBudget[" + limit() + "/min, " + priority + "]";
    }
}
