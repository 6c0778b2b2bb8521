package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.config.LambdaEntry;
import com.tradinginfra.pm.config.Inbound;
import com.tradinginfra.pm.config.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Instant;

/**
 * ExecutionQueue: the dispatcher's {@code {"execution_id": "..."}} right after a fill, so the lot
 * is tracked within seconds instead of at the next tick. The message's send time is its event time.
 */
public final class ExecutionHandler extends LambdaEntry.Sqs {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionHandler.class);
    private static final FunctionMetrics METRICS = FunctionMetrics.fromEnvironment();
    private final SyncService sync;

    public ExecutionHandler() {
        // Tracking one execution sends nothing: this function needs no queue URLs.
        this(Components.fromEnvironment().syncService());
        Priming.register();
    }

    public ExecutionHandler(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        METRICS.coldStart(context);
        return PowertoolsLogging.withLogging(context, () -> LogKeys.forAccount(sync.account(), () ->
                Inbound.executionNotices(event, LOG, (notice, message) -> sync.trackExecution(notice.executionId(), sentTime(message))
                        .map(id -> {
                            LogKeys.lot(id);
                            return "execution " + notice.executionId() + " tracked as lot " + id;
                        })
                        .orElse("execution " + notice.executionId() + " already tracked or rejected"))));
    }

    private static Instant sentTime(SQSEvent.SQSMessage m) {
        String sent = m.getAttributes() == null ? null : m.getAttributes().get("SentTimestamp");
        if (sent == null) {
            throw new IllegalArgumentException("message " + m.getMessageId() + " has no SentTimestamp attribute");
        }
        return Instant.ofEpochMilli(Long.parseLong(sent));
    }
}
