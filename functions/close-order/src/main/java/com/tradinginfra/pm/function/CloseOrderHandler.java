package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseOrderService;
import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.config.LambdaEntry;
import com.tradinginfra.pm.config.Inbound;
import com.tradinginfra.pm.config.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * CloseQueue: submits each lot's close once, the batch's broker reads shared by its closes (partial batch response). A transient broker failure fails only its item,
 * which returns within seconds ({@link Inbound.CloseQueue}), at last to the DLQ. Each outcome is also a CloudWatch
 * metric ({@code CloseSubmitted}, {@code CloseRefused}, {@code CloseFailed}, ...; {@link FunctionMetrics}).
 */
public final class CloseOrderHandler extends LambdaEntry.Sqs {
    private static final FunctionMetrics METRICS = FunctionMetrics.fromEnvironment();
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
        METRICS.coldStart(context);
        return PowertoolsLogging.withLogging(context, () -> LogKeys.forAccount(closes.account(), () ->
                queue.closeBatch(event, LOG, closes::closeAll, result -> METRICS.counted(result::outcomeOrThrow).toString())));
    }

    static String metricOf(CloseOutcome outcome) {
        return FunctionMetrics.closeMetric(outcome);
    }
}
