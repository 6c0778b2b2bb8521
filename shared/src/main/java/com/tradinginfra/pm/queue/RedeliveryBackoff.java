package com.tradinginfra.pm.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Brings a message that failed on a transient broker error (429, 5xx, timeout, reset) back within
 * seconds instead of after the queue's {@code VisibilityTimeout}: before the item is reported as a
 * batch item failure, its visibility is set to a backoff that grows with
 * {@code ApproximateReceiveCount} — {@link #SCHEDULE}, and for a 429 never earlier than the broker's
 * {@code Retry-After} (or rate-limit reset) — and from the fourth receive on the queue's own timeout
 * applies again.
 *
 * <p>How Lambda's SQS event source mapping treats this (Lambda developer guide, "Handling errors
 * for an SQS event source"; SQS API reference, ChangeMessageVisibility): with
 * {@code ReportBatchItemFailures} Lambda deletes the batch's other messages and leaves the reported
 * ones in flight untouched, so they reappear when their visibility ends — the queue's timeout,
 * unless the function changed it with the receipt handle of this delivery. The change counts from
 * the call and is forgotten at the next receive. Lambda does not slow its polling for partial
 * failures, so a message visible again after 1 s is received about a second later. Each receive
 * still counts towards {@code maxReceiveCount} (5): with 1 s, 10 s, 60 s, then 180 s, a message
 * reaches the DLQ after about four minutes of continuous broker failure instead of twelve, and
 * sync's stuck-closing check sends the close again either way.
 *
 * <p>No second order can come of it: a redelivered close looks its deterministic
 * {@code client_order_id} up before it submits anything. The wait is spent in the queue, not in the
 * function: the batch's other closes are not held up and no Lambda time is spent sleeping. (A retry
 * inside the invocation would hold the batch and a concurrency slot for the wait, race the
 * invocation's remaining time, and gain at most a second over the poller's next receive.)
 */
public final class RedeliveryBackoff {
    /** Visibility after the 1st, 2nd and 3rd receive; later receives keep the queue's timeout. */
    public static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
    /** Longest {@code Retry-After} honoured (Alpaca's rate-limit window is one minute). */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    static final String RECEIVE_COUNT = "ApproximateReceiveCount";

    private final MessageVisibility visibility;
    private final LongUnaryOperator jitterSeconds;

    /**
     * Backs off through {@code visibility}, each delay spread by up to a quarter (whole seconds, the
     * unit of SQS visibility) so that many failures of one outage do not all return in one burst.
     */
    public RedeliveryBackoff(MessageVisibility visibility) {
        this(visibility, upTo -> upTo <= 0 ? 0 : ThreadLocalRandom.current().nextLong(upTo + 1));
    }

    /** @param jitterSeconds given the most seconds to add, how many to add */
    RedeliveryBackoff(MessageVisibility visibility, LongUnaryOperator jitterSeconds) {
        this.visibility = Objects.requireNonNull(visibility, "visibility");
        this.jitterSeconds = Objects.requireNonNull(jitterSeconds, "jitterSeconds");
    }

    /** {@code item}, with the backoff applied to its transient broker failures; the failure is rethrown as it was. */
    public SqsBatch.Item around(SqsBatch.Item item) {
        return message -> {
            try {
                return item.handle(message);
            } catch (BrokerException e) {
                if (e.isTransient()) {
                    delay(message, e).ifPresent(d -> visibility.showAgainAfter(message, d));
                }
                throw e;
            }
        };
    }

    /** The visibility to give {@code message} after {@code failure}, or empty to keep the queue's. */
    Optional<Duration> delay(SQSEvent.SQSMessage message, BrokerException failure) {
        int receive = receiveCount(message);
        if (receive > SCHEDULE.size()) {
            return Optional.empty();
        }
        Duration base = SCHEDULE.get(receive - 1);
        Duration spread = base.plusSeconds(jitterSeconds.applyAsLong(base.toSeconds() / 4));
        // Only a 429's hint: on a 5xx the adapter's hint may be X-RateLimit-Reset, which Alpaca sends on every
        // answer and which says when the request window turns over, nothing about when the outage ends.
        Optional<Duration> retryAfter = failure.retryAfter()
                .filter(r -> failure.failure() == BrokerFailure.RATE_LIMITED && !r.isNegative())
                .map(r -> r.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : r);
        return Optional.of(retryAfter.filter(r -> r.compareTo(spread) > 0).orElse(spread));
    }

    /** Lambda and SQS number receives from 1; an event without the attribute is a first receive. */
    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get(RECEIVE_COUNT);
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
