package com.tradinginfra.pm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Lambda's SQS event source mapping does, on one machine: receive up to a batch, invoke the
 * handler with an {@link SQSEvent}, delete every message except the reported batch item failures,
 * which SQS redelivers after the visibility timeout and moves to the DLQ after maxReceiveCount.
 *
 * <p>Like Lambda, it leaves a failed message's visibility alone: a handler that called
 * {@code ChangeMessageVisibility} with the record's receipt handle (against this queue, on the
 * same SQS) decides when it comes back. Records carry what Lambda's do: the queue's ARN as
 * {@code eventSourceArn}, the region, and the system attributes ({@code ApproximateReceiveCount}).
 */
public final class QueueConsumer {
    private static final String REGION = "us-east-1";
    private final String name;
    private final SqsClient sqs;
    private final String queueUrl;
    private final int batchSize;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private String queueArn;
    private long invocations;
    private long failedItems;

    public QueueConsumer(String name, SqsClient sqs, String queueUrl, int batchSize, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.name = name;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.batchSize = batchSize;
        this.handler = handler;
    }

    /**
     * Receives one batch and handles it.
     *
     * @param waitSeconds long-poll wait (0 returns at once)
     * @return messages received
     */
    public int pollOnce(int waitSeconds) {
        ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL));
        List<Message> messages = response.messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn());
            record.setAwsRegion(REGION);
            record.setMd5OfBody(m.md5OfBody());
            records.add(record);
        }
        event.setRecords(records);
        invocations++;
        Set<String> failed;
        try {
            SQSBatchResponse result = handler.handleRequest(event, new LocalContext(name));
            failed = result == null || result.getBatchItemFailures() == null ? Set.of()
                    : result.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            // A handler that throws fails the whole batch, as in Lambda.
            System.err.println(name + ": invocation failed, the batch will be redelivered: " + e);
            failed = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        }
        failedItems += failed.size();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return messages.size();
    }

    private String queueArn() {
        if (queueArn == null) {
            queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        }
        return queueArn;
    }

    public String name() {
        return name;
    }

    public long invocations() {
        return invocations;
    }

    public long failedItems() {
        return failedItems;
    }
}
