package com.tradinginfra.pm.queue;

import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.Outbound;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Outbound} on SQS: batches of ten, and any entry SQS refuses is an error, never silently dropped. */
public final class SqsOutbound implements Outbound {
    private static final int SQS_BATCH = 10;
    private final SqsClient sqs;
    private final String sweepQueueUrl;
    private final String closeQueueUrl;

    public SqsOutbound(SqsClient sqs, String sweepQueueUrl, String closeQueueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.sweepQueueUrl = sweepQueueUrl;
        this.closeQueueUrl = closeQueueUrl;
    }

    @Override
    public void sendSweeps(List<DelayedSweep> sweeps) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (DelayedSweep s : sweeps) {
            entries.add(SendMessageBatchRequestEntry.builder().id("s" + entries.size())
                    .messageBody(MessageCodec.encode(s.request())).delaySeconds(s.delaySeconds()).build());
        }
        send(require(sweepQueueUrl, "SWEEP_QUEUE_URL"), entries);
    }

    @Override
    public void sendCloses(List<CloseRequest> closes) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (CloseRequest c : closes) {
            entries.add(SendMessageBatchRequestEntry.builder().id("c" + entries.size())
                    .messageBody(MessageCodec.encode(c)).build());
        }
        send(require(closeQueueUrl, "CLOSE_QUEUE_URL"), entries);
    }

    private static String require(String url, String variable) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(variable + " is not configured for this function");
        }
        return url;
    }

    private void send(String queueUrl, List<SendMessageBatchRequestEntry> entries) {
        for (int i = 0; i < entries.size(); i += SQS_BATCH) {
            List<SendMessageBatchRequestEntry> batch = entries.subList(i, Math.min(entries.size(), i + SQS_BATCH));
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                BatchResultErrorEntry first = response.failed().get(0);
                throw new IllegalStateException("SQS refused " + response.failed().size() + " message(s) to " + queueUrl
                        + ": " + first.code() + " " + first.message());
            }
        }
    }
}
