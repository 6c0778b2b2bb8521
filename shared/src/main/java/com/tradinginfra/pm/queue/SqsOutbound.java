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
import java.util.function.Supplier;

/** {@link Outbound} on SQS: batches of ten, and any entry SQS refuses is an error, never silently dropped. */
public final class SqsOutbound implements Outbound {
    private static final int SQS_BATCH = 10;
    private final Supplier<SqsClient> clients;
    private final String sweepQueueUrl;
    private final String closeQueueUrl;
    private SqsClient sqs;

    public SqsOutbound(SqsClient sqs, String sweepQueueUrl, String closeQueueUrl) {
        this(constant(Objects.requireNonNull(sqs, "sqs")), sweepQueueUrl, closeQueueUrl);
    }

    /**
     * The client is made on the first send: a sweep that closes nothing never builds one, and a cold
     * start does not pay for the SDK's set-up before its first message.
     */
    public SqsOutbound(Supplier<SqsClient> clients, String sweepQueueUrl, String closeQueueUrl) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.sweepQueueUrl = sweepQueueUrl;
        this.closeQueueUrl = closeQueueUrl;
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = Objects.requireNonNull(clients.get(), "SQS client");
        }
        return sqs;
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
            SendMessageBatchResponse response = sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                BatchResultErrorEntry first = response.failed().get(0);
                throw new IllegalStateException("SQS refused " + response.failed().size() + " message(s) to " + queueUrl
                        + ": " + first.code() + " " + first.message());
            }
        }
    }
}
