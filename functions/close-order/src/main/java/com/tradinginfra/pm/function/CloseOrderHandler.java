package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseOrderService;
import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.Priming;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.queue.SqsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloseQueue: submits each lot's close once (partial batch response). Transient broker failures
 * fail only their item, which SQS retries and finally moves to the DLQ. Each outcome is also a
 * CloudWatch metric ({@code CloseSubmitted}, {@code CloseRefused}, {@code CloseFailed}, ...).
 */
public final class CloseOrderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String NAMESPACE = "PositionManager";
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderHandler.class);
    private final CloseOrderService closes;

    public CloseOrderHandler() {
        this(Components.fromEnvironment().closeOrderService());
        Priming.register();
    }

    public CloseOrderHandler(CloseOrderService closes) {
        this.closes = closes;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> SqsBatch.process(event, LOG, message -> {
            CloseOutcome outcome = closes.close(MessageCodec.closeRequest(message.getBody()));
            MetricsFactory.getMetricsInstance().flushSingleMetric(metricOf(outcome), 1, MetricUnit.COUNT, NAMESPACE);
            return outcome.toString();
        }));
    }

    static String metricOf(CloseOutcome outcome) {
        if (outcome instanceof CloseOutcome.Submitted) {
            return "CloseSubmitted";
        }
        if (outcome instanceof CloseOutcome.AlreadySubmitted) {
            return "CloseAlreadySubmitted";
        }
        if (outcome instanceof CloseOutcome.Refused refused) {
            return refused.closeFailed() ? "CloseFailed" : "CloseRefused";
        }
        return outcome instanceof CloseOutcome.PositionGone ? "ClosePositionGone" : "CloseIgnored";
    }
}
