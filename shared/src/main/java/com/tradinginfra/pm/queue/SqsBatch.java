package com.tradinginfra.pm.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.domain.BrokerException;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs an SQS batch item by item and reports the failed ones ({@code ReportBatchItemFailures}):
 * a bad or failing message fails only itself; SQS retries it and, after {@code maxReceiveCount},
 * moves it to the dead-letter queue.
 */
public final class SqsBatch {
    private SqsBatch() {
    }

    /** Handles one message and returns a one-line summary for the log. */
    @FunctionalInterface
    public interface Item {
        String handle(SQSEvent.SQSMessage message);
    }

    public static SQSBatchResponse process(SQSEvent event, Logger log, Item item) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            // message_id (and whatever the item adds: lot_id, symbol, client_order_id) on this message's lines only
            try (LogKeys.Message keys = LogKeys.message(message.getMessageId())) {
                handleOne(message, log, item, failures);
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static void handleOne(SQSEvent.SQSMessage message, Logger log, Item item,
                                  List<SQSBatchResponse.BatchItemFailure> failures) {
        try {
            String summary = item.handle(message);
            log.info("message {} done: {}", message.getMessageId(), summary);
        } catch (MalformedMessageException | IllegalArgumentException e) {
            log.error("message {} rejected as bad input: {}", message.getMessageId(), e.getMessage());
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        } catch (BrokerException e) {
            log.warn("message {} failed at the broker ({} {}), will be retried: {}", message.getMessageId(),
                    e.failure(), e.httpStatus(), e.getMessage());
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        } catch (RuntimeException e) {
            log.error("message {} failed, will be retried: {}", message.getMessageId(), e.toString(), e);
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
    }
}
