package com.tradinginfra.pm.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.time.Duration;

/**
 * When a message the function received becomes visible in its queue again: SQS
 * {@code ChangeMessageVisibility} with the message's receipt handle. The delay counts from the
 * call, replaces the queue's {@code VisibilityTimeout} for this receipt only, and is forgotten at
 * the next receive (SQS API reference, ChangeMessageVisibility).
 */
public interface MessageVisibility {

    /** Leaves every message to its queue's {@code VisibilityTimeout}. */
    MessageVisibility QUEUE_DEFAULT = new MessageVisibility() {
        @Override
        public void showAgainAfter(SQSEvent.SQSMessage message, Duration delay) {
            // the queue's own timeout applies
        }

        @Override
        public String toString() {
            return "MessageVisibility.QUEUE_DEFAULT";
        }
    };

    /** Makes {@code message} visible again {@code delay} (whole seconds, 0 to 12 hours) from now. */
    void showAgainAfter(SQSEvent.SQSMessage message, Duration delay);
}
