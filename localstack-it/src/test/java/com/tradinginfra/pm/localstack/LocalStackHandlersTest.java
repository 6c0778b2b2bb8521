package com.tradinginfra.pm.localstack;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions as {@code sam local invoke} runs them on LocalStack: each function's shaded jar in a
 * fresh JVM builds its handler from the environment alone (Lambda's no-argument constructor), the
 * Alpaca keys come from LocalStack's Secrets Manager, the messages travel through LocalStack's SQS
 * (queues and secret made by the same {@code localstack/init-aws.sh} as docker-compose.yml's), with
 * embedded PostgreSQL and the Alpaca simulator. Needs Docker: {@code mvn -B verify -Plocalstack}.
 */
@Testcontainers
class LocalStackHandlersTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");
    /** The image docker-compose.yml runs. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    @org.testcontainers.junit.jupiter.Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.SQS, LocalStackContainer.Service.SECRETSMANAGER,
                    LocalStackContainer.Service.CLOUDWATCH)
            .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("localstack/init-aws.sh"), 0755), "/opt/pm/init-aws.sh");

    /** local's test class that builds a handler as Lambda does and invokes it (local/target/test-classes). */
    private static final String SHADED_INVOKER = "com.tradinginfra.pm.local.ShadedInvoker";

    private static EmbeddedStack stack;
    private static SqsClient sqs;
    private static long lotId;

    @BeforeAll
    static void start() throws Exception {
        Container.ExecResult init = LOCALSTACK.execInContainer("bash", "/opt/pm/init-aws.sh");
        assertThat(init.getExitCode()).as(init.getStdout() + init.getStderr()).isZero();
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
        stack = EmbeddedStack.start(AS_OF);
        stack.db().truncateAll();
        // account "large": the simulator's keys KEY-large / SECRET-large are what the init script's secret holds
        var components = stack.components(ManagerSettings.defaults("large"));
        stack.simulator().setPrice("LCS", "94.00");
        stack.simulator().openPosition("large", "LCS", BigDecimal.TEN, new BigDecimal("100"));
        lotId = components.store().track(List.of(new NewLot("large", UUID.randomUUID(), new Instrument.Stock("LCS"),
                PositionSide.LONG, BigDecimal.TEN, new BigDecimal("100"), AS_OF.minusSeconds(3600), new BigDecimal("95"),
                new BigDecimal("115"), "swing_trade", null, ProtectiveLegs.NONE, null)), AS_OF).get(0);
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTickSweepsTheLotThroughLocalStacksQueuesAndItsCloseOrderReachesTheBroker() throws Exception {
        String sync = invoke("sync", "com.tradinginfra.pm.function.SyncHandler", "scheduled", AS_OF.toString());
        assertThat(sync).contains("RESULT {tick=2026-11-20T15:00:00Z");
        // slot 0 has no delay; the handler sent it to LocalStack's SweepQueue
        String sweepBody = receiveOne("SweepQueue").body();
        SweepRequest sweep = MessageCodec.sweepRequest(sweepBody);
        assertThat(sweep.account()).isEqualTo("large");
        assertThat(sweep.asOf()).isEqualTo(AS_OF);

        // that request as the sweep's SQS event: the price 94 is below the stop 95
        String swept = invoke("sweep", "com.tradinginfra.pm.function.SweepHandler", "sqs", sweepBody);
        assertThat(swept).contains("batchItemFailures=[]");
        CloseRequest close = MessageCodec.closeRequest(receiveOne("CloseQueue").body());
        assertThat(close.lotId()).isEqualTo(lotId);

        String closed = invoke("close-order", "com.tradinginfra.pm.function.CloseOrderHandler", "sqs", MessageCodec.encode(close));
        assertThat(closed).contains("batchItemFailures=[]").contains("CloseSubmitted");
        assertThat(stack.simulator().orders("large").stream().filter(o -> o.side().equals("sell") && o.symbol().equals("LCS")))
                .singleElement().satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("10"));
    }

    private static Message receiveOne(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20).maxNumberOfMessages(1)).messages();
        assertThat(messages).as("a message on LocalStack's " + queue).hasSize(1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
        return messages.get(0);
    }

    /** One function's shaded jar alone in a fresh JVM, its environment as env.json gives it to sam local invoke. */
    private static String invoke(String function, String handler, String kind, String argument) throws Exception {
        Path jar = ROOT.resolve("functions/" + function + "/target/" + function + "-lambda.jar");
        assertThat(jar).as("the function modules are packaged before this one").exists();
        Map<String, String> env = new HashMap<>();
        env.put("ACCOUNT_NAME", "large");
        env.put("DB_URL", stack.db().jdbcUrl());
        env.put("DB_USER", stack.db().user());
        env.put("DB_PASSWORD", stack.db().password());
        env.put("DB_IAM_AUTH", "false");
        env.put("ALPACA_SECRET_ARN", "position-manager/alpaca");
        env.put("ALPACA_API_KEY_ID", "");
        env.put("ALPACA_API_SECRET_KEY", "");
        env.put("ALPACA_TRADING_URL", stack.simulator().baseUrl());
        env.put("ALPACA_DATA_URL", stack.simulator().baseUrl());
        env.put("AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString());
        env.put("AWS_REGION", LOCALSTACK.getRegion());
        env.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        for (String queue : List.of("SweepQueue", "CloseQueue", "ExecutionQueue")) {
            env.put(queue.replace("Queue", "").toUpperCase() + "_QUEUE_URL", sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl());
        }
        env.put("AWS_LAMBDA_FUNCTION_NAME", function); // Powertools writes metrics (EMF) to stdout, as in Lambda
        env.put("POWERTOOLS_SERVICE_NAME", "pm-" + function);
        env.put("POWERTOOLS_METRICS_NAMESPACE", "PositionManagerLocalStack");
        Path out = Files.createTempFile("localstack-" + function, ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + ROOT.resolve("local/target/test-classes"),
                SHADED_INVOKER, handler, kind, argument)
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
