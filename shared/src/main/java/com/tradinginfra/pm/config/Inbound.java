package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.CloseResult;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.queue.MessageVisibility;
import com.tradinginfra.pm.queue.RedeliveryBackoff;
import com.tradinginfra.pm.queue.SqsBatch;
import org.slf4j.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

        /**
         * The batch's close requests handled together by {@code closeAll} (its reads shared), each result then
         * reported as its own message's: {@code report} turns a result into the log summary, or throws its failure,
         * which fails that item only. A body that cannot be read fails its item and is not handed on.
         */
        public SQSBatchResponse closeBatch(SQSEvent event, Logger log, Function<List<CloseRequest>, List<CloseResult>> closeAll,
                                           Function<CloseResult, String> report) {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            Map<String, CloseRequest> requests = new LinkedHashMap<>();
            Map<String, RuntimeException> unreadable = new HashMap<>();
            for (SQSEvent.SQSMessage message : records) {
                try {
                    requests.put(message.getMessageId(), MessageCodec.closeRequest(message.getBody()));
                } catch (RuntimeException e) {
                    unreadable.put(message.getMessageId(), e);
                }
            }
            List<CloseResult> results = requests.isEmpty() ? List.of() : closeAll.apply(List.copyOf(requests.values()));
            Map<String, CloseResult> byMessage = new HashMap<>();
            int i = 0;
            for (String messageId : requests.keySet()) {
                byMessage.put(messageId, results.get(i++));
            }
            return SqsBatch.process(event, log, backoff.around(message -> {
                RuntimeException bad = unreadable.get(message.getMessageId());
                if (bad != null) {
                    throw bad;
                }
                CloseResult result = byMessage.get(message.getMessageId());
                LogKeys.lot(result.request().lotId());
                LogKeys.order(result.symbol(), result.clientOrderId());
                return report.apply(result);
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
