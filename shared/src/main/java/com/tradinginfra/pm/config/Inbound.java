package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.queue.MessageVisibility;
import com.tradinginfra.pm.queue.RedeliveryBackoff;
import com.tradinginfra.pm.queue.SqsBatch;
import org.slf4j.Logger;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The queue adapter as the handlers see it: an SQS batch run item by item (partial batch
 * response), each body read strictly into the message the service takes. Handlers reach the
 * adapters only through {@code config}, so they import nothing but {@code app} and {@code config}.
 */
public final class Inbound {
    private Inbound() {
    }

    /**
     * CloseQueue as CloseOrderFunction consumes it: the message of a close that failed transiently
     * comes back after a short backoff instead of the queue's visibility timeout ({@link RedeliveryBackoff}).
     */
    public static final class CloseQueue {
        /** Failed items wait out the queue's own visibility timeout. */
        public static final CloseQueue QUEUE_DEFAULT = new CloseQueue(MessageVisibility.QUEUE_DEFAULT);
        private final RedeliveryBackoff backoff;

        public CloseQueue(MessageVisibility visibility) {
            this.backoff = new RedeliveryBackoff(visibility);
        }

        /** {@code handle} returns a one-line summary for the log. */
        public SQSBatchResponse closeRequests(SQSEvent event, Logger log, Function<CloseRequest, String> handle) {
            return SqsBatch.process(event, log, backoff.around(message -> {
                CloseRequest request = MessageCodec.closeRequest(message.getBody());
                LogKeys.lot(request.lotId());
                return handle.apply(request);
            }));
        }
    }

    /** SweepQueue. */
    public static SQSBatchResponse sweepRequests(SQSEvent event, Logger log, Function<SweepRequest, String> handle) {
        return SqsBatch.process(event, log, message -> handle.apply(MessageCodec.sweepRequest(message.getBody())));
    }

    /** ExecutionQueue: {@code handle} also gets the message, whose attributes carry its send time. */
    public static SQSBatchResponse executionNotices(SQSEvent event, Logger log,
                                                    BiFunction<ExecutionNotice, SQSEvent.SQSMessage, String> handle) {
        return SqsBatch.process(event, log, message -> handle.apply(MessageCodec.executionNotice(message.getBody()), message));
    }
}
