package com.tradinginfra.pm.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.List;

/**
 * The cold-start baseline: an SQS handler that does nothing, in a task root of its own with only
 * {@code aws-lambda-java-core}, {@code aws-lambda-java-events} and joda-time ({@link ColdStart#prepareEmptyHandler}).
 * It takes the event as an {@link SQSEvent}, so the runtime client maps it with its own Jackson, as a
 * plain {@code RequestHandler<SQSEvent, …>} does.
 */
public final class EmptySqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return new SQSBatchResponse(List.of());
    }
}
