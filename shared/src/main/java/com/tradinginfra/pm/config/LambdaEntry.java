package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How Lambda enters a handler: as a {@link RequestStreamHandler} (the runtime client prefers it over
 * {@link RequestHandler}), the event read and the answer written by {@link EventJson}, so that a cold
 * start skips the runtime client's Jackson mapping of the event. A handler extends one of these and
 * implements only the typed {@code handleRequest}, which tests and the local stack call directly.
 */
public final class LambdaEntry {
    private LambdaEntry() {
    }

    /** An SQS event source mapping's function, answering with a partial batch response. */
    public abstract static class Sqs implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {
        @Override
        public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            EventJson.write(handleRequest(EventJson.sqsEvent(in), context), out);
        }
    }

    /** An EventBridge schedule's function, answering with a summary map. */
    public abstract static class Scheduled implements RequestHandler<ScheduledEvent, java.util.Map<String, Object>>, RequestStreamHandler {
        @Override
        public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            EventJson.write(handleRequest(EventJson.scheduledEvent(in), context), out);
        }
    }
}
