package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseOrderService;
import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.Inbound;
import com.tradinginfra.pm.config.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloseQueue: submits each lot's close once (partial batch response). A transient broker failure fails only its item,
 * which returns within seconds ({@link Inbound.CloseQueue}), at last to the DLQ. Each outcome is a CloudWatch metric.
 */
public final class CloseOrderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String NAMESPACE = "PositionManager";
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderHandler.class);
    private final CloseOrderService closes;
    private final Inbound.CloseQueue queue;

    public CloseOrderHandler() {
        this(Components.fromEnvironment().closeOrderService(), Components.closeQueue());
        Priming.register();
    }

    public CloseOrderHandler(CloseOrderService closes) {
        this(closes, Inbound.CloseQueue.QUEUE_DEFAULT);
    }

    public CloseOrderHandler(CloseOrderService closes, Inbound.CloseQueue queue) {
        this.closes = closes;
        this.queue = queue;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> queue.closeRequests(event, LOG, request -> {
            CloseOutcome outcome = closes.close(request);
            MetricsFactory.getMetricsInstance().flushSingleMetric(metricOf(outcome), 1, MetricUnit.COUNT, NAMESPACE);
            return outcome.toString();
        }));
    }

    static String metricOf(CloseOutcome outcome) {
        return outcome instanceof CloseOutcome.Refused r ? (r.closeFailed() ? "CloseFailed" : "CloseRefused")
                : outcome instanceof CloseOutcome.Submitted ? "CloseSubmitted"
                : outcome instanceof CloseOutcome.AlreadySubmitted ? "CloseAlreadySubmitted"
                : outcome instanceof CloseOutcome.PositionGone ? "ClosePositionGone" : "CloseIgnored";
    }
}
