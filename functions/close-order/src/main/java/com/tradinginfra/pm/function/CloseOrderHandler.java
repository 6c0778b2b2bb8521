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
import com.tradinginfra.pm.queue.MessageVisibility;
import com.tradinginfra.pm.queue.RedeliveryBackoff;
import com.tradinginfra.pm.queue.SqsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloseQueue: submits each lot's close once (partial batch response). A transient broker failure fails only its item,
 * which returns within seconds ({@link RedeliveryBackoff}), at last to the DLQ. Each outcome is a CloudWatch metric.
 */
public final class CloseOrderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String NAMESPACE = "PositionManager";
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderHandler.class);
    private final SqsBatch.Item closeOne;

    public CloseOrderHandler() {
        this(Components.fromEnvironment().closeOrderService(), Components.closeQueueVisibility());
        Priming.register();
    }

    public CloseOrderHandler(CloseOrderService closes) {
        this(closes, MessageVisibility.QUEUE_DEFAULT);
    }

    public CloseOrderHandler(CloseOrderService closes, MessageVisibility visibility) {
        this.closeOne = new RedeliveryBackoff(visibility).around(message -> {
            CloseOutcome outcome = closes.close(MessageCodec.closeRequest(message.getBody()));
            MetricsFactory.getMetricsInstance().flushSingleMetric(metricOf(outcome), 1, MetricUnit.COUNT, NAMESPACE);
            return outcome.toString();
        });
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> SqsBatch.process(event, LOG, closeOne));
    }

    static String metricOf(CloseOutcome outcome) {
        return outcome instanceof CloseOutcome.Refused r ? ("close_failed".equals(r.status()) ? "CloseFailed" : "CloseRefused")
                : outcome instanceof CloseOutcome.Submitted ? "CloseSubmitted"
                : outcome instanceof CloseOutcome.AlreadySubmitted ? "CloseAlreadySubmitted"
                : outcome instanceof CloseOutcome.PositionGone ? "ClosePositionGone" : "CloseIgnored";
    }
}
