package com.tradinginfra.pm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

class EmbeddedSqsTest {

    private static EmbeddedSqs sqs;

    @BeforeAll
    static void start() {
        sqs = EmbeddedSqs.start(Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @Test
    void listensOnLoopbackAndExposesEveryQueueOfTheTopology() {
        assertThat(sqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sqs.endpoint().getPort()).isPositive();
        for (QueueTopology q : QueueTopology.values()) {
            assertThat(sqs.queueUrl(q.logicalName())).startsWith(sqs.endpoint() + "/").endsWith("/" + q.logicalName());
            assertThat(sqs.queueUrl(q.dlqName())).endsWith("/" + q.dlqName());
            Map<QueueAttributeName, String> attrs = sqs.client().getQueueAttributes(GetQueueAttributesRequest.builder()
                    .queueUrl(sqs.queueUrl(q)).attributeNames(QueueAttributeName.ALL).build()).attributes();
            assertThat(attrs.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("1");
            assertThat(attrs.get(QueueAttributeName.REDRIVE_POLICY))
                    .contains(q.dlqName()).contains(Integer.toString(q.maxReceiveCount()));
        }
        assertThat(sqs.environment()).containsKeys("SWEEP_QUEUE_URL", "CLOSE_QUEUE_URL", "EXECUTION_QUEUE_URL")
                .containsEntry("AWS_ENDPOINT_URL", sqs.endpoint().toString());
        assertThatThrownBy(() -> sqs.queueUrl("NoSuchQueue")).hasMessageContaining("NoSuchQueue");
    }

    @Test
    void aMessageReceivedMoreThanMaxReceiveCountTimesLandsInTheDlq() throws Exception {
        QueueTopology q = QueueTopology.CLOSE;
        SqsClient client = sqs.client();
        String body = "{\"account\":\"large\",\"lotId\":42,\"attempt\":1,\"reason\":\"stop_loss\",\"asOf\":\"2026-11-20T15:00:00Z\"}";
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl(q)).messageBody(body));

        List<Integer> receiveCounts = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> got = client.receiveMessage(ReceiveMessageRequest.builder()
                    .queueUrl(sqs.queueUrl(q)).waitTimeSeconds(2).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .build()).messages();
            if (got.isEmpty() && receiveCounts.size() >= q.maxReceiveCount()) {
                break; // moved away on the (maxReceiveCount + 1)-th receive
            }
            for (Message m : got) {
                assertThat(m.body()).isEqualTo(body);
                receiveCounts.add(Integer.parseInt(
                        m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
                // not deleted: the consumer "failed"; visible again after 1 s
            }
        }
        assertThat(receiveCounts).hasSize(q.maxReceiveCount());

        List<Message> dead = client.receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(sqs.dlqUrl(q)).waitTimeSeconds(5).build()).messages();
        assertThat(dead).singleElement().extracting(Message::body).isEqualTo(body);
        client.deleteMessage(b -> b.queueUrl(sqs.dlqUrl(q)).receiptHandle(dead.get(0).receiptHandle()));
    }

    @Test
    void delaySecondsHoldsAMessageBack() {
        SqsClient client = sqs.client();
        String url = sqs.queueUrl(QueueTopology.SWEEP);
        long sentAt = System.nanoTime();
        client.sendMessage(b -> b.queueUrl(url).messageBody("delayed").delaySeconds(2));

        assertThat(client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();

        List<Message> got = List.of();
        long deadline = sentAt + Duration.ofSeconds(15).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got = client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
        }
        assertThat(got).singleElement().extracting(Message::body).isEqualTo("delayed");
        assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        String handle = got.get(0).receiptHandle();
        client.deleteMessage(b -> b.queueUrl(url).receiptHandle(handle));
    }

    @Test
    void templateVisibilityTimeoutsByDefault() {
        try (EmbeddedSqs defaults = EmbeddedSqs.start()) {
            for (QueueTopology q : QueueTopology.values()) {
                String vt = defaults.client().getQueueAttributes(b -> b.queueUrl(defaults.queueUrl(q))
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes()
                        .get(QueueAttributeName.VISIBILITY_TIMEOUT);
                assertThat(vt).isEqualTo(Integer.toString(q.visibilityTimeoutSeconds()));
            }
        }
    }
}
