package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.queue.MessageCodec;
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

    /** CloseQueue: {@code handle} returns a one-line summary for the log. */
    public static SQSBatchResponse closeRequests(SQSEvent event, Logger log, Function<CloseRequest, String> handle) {
        return SqsBatch.process(event, log, message -> handle.apply(MessageCodec.closeRequest(message.getBody())));
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
