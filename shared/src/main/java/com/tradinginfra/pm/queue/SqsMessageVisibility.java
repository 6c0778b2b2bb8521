package com.tradinginfra.pm.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link MessageVisibility} on SQS for the one queue a function consumes. The client is made on
 * first use, so a container that never backs off never pays for it at cold start. A failed call
 * is logged and otherwise ignored: the message then comes back after the queue's own timeout, later
 * but just as surely.
 */
public final class SqsMessageVisibility implements MessageVisibility {
    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageVisibility.class);
    private static final long MAX_SECONDS = 43_200; // SQS: 12 hours
    private final Supplier<SqsClient> clients;
    private final String queueUrl;
    private SqsClient client;

    public SqsMessageVisibility(Supplier<SqsClient> clients, String queueUrl) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void showAgainAfter(SQSEvent.SQSMessage message, Duration delay) {
        int seconds = (int) Math.min(MAX_SECONDS, Math.max(0, delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0)));
        try {
            sqs().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle()).visibilityTimeout(seconds));
            LOG.info("message {} returns to the queue in {} s", message.getMessageId(), seconds);
        } catch (SdkException e) {
            LOG.warn("message {}: could not change its visibility ({}); it returns after the queue's timeout",
                    message.getMessageId(), e.getMessage());
        }
    }

    private synchronized SqsClient sqs() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    @Override
    public String toString() {
        return "SqsMessageVisibility(" + queueUrl + ")";
    }
}
