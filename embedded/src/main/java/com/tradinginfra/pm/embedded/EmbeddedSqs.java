package com.tradinginfra.pm.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An in-process SQS (ElasticMQ) on {@code 127.0.0.1}, on a free port, holding every queue and
 * dead-letter queue of {@link QueueTopology} with the template's {@code RedrivePolicy}.
 *
 * <pre>{@code
 * try (EmbeddedSqs sqs = EmbeddedSqs.start(Duration.ofSeconds(2))) {
 *     SqsClient client = sqs.client();
 *     client.sendMessage(b -> b.queueUrl(sqs.queueUrl("SweepQueue")).messageBody("{}"));
 *     Map<String, String> env = sqs.environment(); // SWEEP_QUEUE_URL, ..., AWS_ENDPOINT_URL
 * }
 * }</pre>
 *
 * Queue names are the template's logical ids ({@code SweepQueue}, {@code SweepDLQ}, ...).
 * The visibility timeout is the template's unless overridden — tests use a small value so a
 * message that was received but not deleted comes back quickly.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** Fake static credentials; ElasticMQ accepts any. */
    public static final String ACCESS_KEY_ID = "x";
    public static final String SECRET_ACCESS_KEY = "x";
    public static final Region REGION = Region.US_EAST_1;

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final Map<String, String> queueUrls; // logical name (queue or DLQ) → URL
    private volatile boolean closed;

    /** Starts ElasticMQ with the template's visibility timeouts. */
    public static EmbeddedSqs start() {
        return new EmbeddedSqs(Optional.empty());
    }

    /**
     * Starts ElasticMQ; every work queue gets {@code visibilityTimeout} (whole seconds, ≥ 0)
     * instead of the template's value, for fast local redelivery.
     */
    public static EmbeddedSqs start(Duration visibilityTimeout) {
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        if (visibilityTimeout.isNegative() || visibilityTimeout.getSeconds() > 43_200) {
            throw new IllegalArgumentException("visibilityTimeout must be within 0..43200 s: " + visibilityTimeout);
        }
        return new EmbeddedSqs(Optional.of(visibilityTimeout));
    }

    private EmbeddedSqs(Optional<Duration> visibilityOverride) {
        SQSRestServer started = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        SqsClient sqsClient = null;
        try {
            Http.ServerBinding binding = started.waitUntilStarted();
            int port = binding.localAddress().getPort();
            this.endpoint = URI.create("http://127.0.0.1:" + port);
            sqsClient = SqsClient.builder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
            this.queueUrls = Collections.unmodifiableMap(createQueues(sqsClient, visibilityOverride));
        } catch (RuntimeException | Error e) {
            if (sqsClient != null) {
                sqsClient.close();
            }
            started.stopAndWait();
            throw e;
        }
        this.server = started;
        this.client = sqsClient;
    }

    private static Map<String, String> createQueues(SqsClient client, Optional<Duration> visibilityOverride) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (QueueTopology q : QueueTopology.values()) {
            String dlqUrl = client.createQueue(CreateQueueRequest.builder()
                    .queueName(q.dlqName())
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                            Integer.toString(QueueTopology.DLQ_RETENTION_SECONDS)))
                    .build()).queueUrl();
            String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                    .queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN).build())
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            long visibility = visibilityOverride.map(Duration::getSeconds).orElse((long) q.visibilityTimeoutSeconds());
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + q.maxReceiveCount() + "\"}";
            String url = client.createQueue(CreateQueueRequest.builder()
                    .queueName(q.logicalName())
                    .attributes(Map.of(
                            QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility),
                            QueueAttributeName.REDRIVE_POLICY, redrive))
                    .build()).queueUrl();
            urls.put(q.logicalName(), url);
            urls.put(q.dlqName(), dlqUrl);
        }
        return urls;
    }

    /** The SQS endpoint, e.g. {@code http://127.0.0.1:41234} — what {@code AWS_ENDPOINT_URL} should be. */
    public URI endpoint() {
        return endpoint;
    }

    /** The URL of a queue or DLQ by its template logical name ({@code SweepQueue}, {@code SweepDLQ}, ...). */
    public String queueUrl(String logicalName) {
        String url = queueUrls.get(logicalName);
        if (url == null) {
            throw new IllegalArgumentException("no queue named '" + logicalName + "'; known: " + queueUrls.keySet());
        }
        return url;
    }

    public String queueUrl(QueueTopology queue) {
        return queueUrl(queue.logicalName());
    }

    public String dlqUrl(QueueTopology queue) {
        return queueUrl(queue.dlqName());
    }

    /** A client bound to this server (shared; closed by {@link #close()}). */
    public SqsClient client() {
        return client;
    }

    /**
     * The environment a function needs to use these queues: each queue's URL variable
     * ({@code SWEEP_QUEUE_URL}, {@code CLOSE_QUEUE_URL}, {@code EXECUTION_QUEUE_URL}) and
     * {@code AWS_ENDPOINT_URL}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (QueueTopology q : QueueTopology.values()) {
            env.put(q.urlEnvironmentVariable(), queueUrl(q));
        }
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        return Collections.unmodifiableMap(env);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.close();
        } finally {
            server.stopAndWait();
        }
    }
}
