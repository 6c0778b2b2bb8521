package com.tradinginfra.pm.local;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.embedded.EmbeddedStack;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * Each function's shaded jar, alone on the classpath of a fresh JVM, builds its handler from the
 * environment (as Lambda does) and handles an event against the embedded stack: the jar holds
 * everything it loads, minimized or not.
 */
class ShadedJarTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Instant AS_OF = Instant.parse("2026-11-20T15:00:00Z");
    private static EmbeddedStack stack;
    private static long lotId;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(AS_OF);
        stack.db().truncateAll();
        var components = stack.components(ManagerSettings.defaults("shaded"));
        stack.simulator().setPrice("JAR", "94.00");
        stack.simulator().openPosition("shaded", "JAR", BigDecimal.TEN, new BigDecimal("100"));
        lotId = components.store().track(List.of(new NewLot("shaded", UUID.randomUUID(), new Instrument.Stock("JAR"), PositionSide.LONG,
                BigDecimal.TEN, new BigDecimal("100"), AS_OF.minusSeconds(3600), new BigDecimal("95"), new BigDecimal("115"),
                "swing_trade", null, ProtectiveLegs.NONE, null)), AS_OF).get(0);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private String invoke(String function, String handler, String kind, String argument) throws Exception {
        Path jar = ROOT.resolve("functions/" + function + "/target/" + function + "-lambda.jar");
        assertThat(jar).as("run mvn package first").exists();
        Map<String, String> env = new HashMap<>(stack.sqs().environment());
        env.put("ACCOUNT_NAME", "shaded");
        env.put("DB_URL", stack.db().jdbcUrl());
        env.put("DB_USER", stack.db().user());
        env.put("DB_PASSWORD", stack.db().password());
        env.put("ALPACA_API_KEY_ID", stack.simulator().settings("shaded").keyId());
        env.put("ALPACA_API_SECRET_KEY", stack.simulator().settings("shaded").secretKey());
        env.put("ALPACA_TRADING_URL", stack.simulator().baseUrl());
        env.put("ALPACA_DATA_URL", stack.simulator().baseUrl());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "x");
        // What Lambda sets: Powertools then writes metrics (EMF) to stdout as in AWS.
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("POWERTOOLS_SERVICE_NAME", "pm-" + function);
        Path out = Files.createTempFile("shaded-" + function, ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + java.io.File.pathSeparator + ROOT.resolve("local/target/test-classes"),
                ShadedInvoker.class.getName(), handler, kind, argument)
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theSyncJarRunsATick() throws Exception {
        String out = invoke("sync", "com.tradinginfra.pm.function.SyncHandler", "scheduled", AS_OF.toString());
        assertThat(out).contains("RESULT {tick=2026-11-20T15:00:00Z");
        assertThat(out).contains("\"level\":\"INFO\""); // Powertools' JSON layout was found in the jar
    }

    @Test
    void theSweepAndCloseJarsMoveALotThroughItsStopAndSendItsClose() throws Exception {
        String sweep = invoke("sweep", "com.tradinginfra.pm.function.SweepHandler", "sqs",
                MessageCodec.encode(new SweepRequest("shaded", AS_OF, 0, lotId, lotId)));
        assertThat(sweep).contains("RESULT").contains("batchItemFailures=[]");
        List<CloseRequest> closes = stack.receive(QueueTopology.CLOSE).stream().map(MessageCodec::closeRequest).toList();
        assertThat(closes).extracting(CloseRequest::lotId).contains(lotId);
        String close = invoke("close-order", "com.tradinginfra.pm.function.CloseOrderHandler", "sqs",
                MessageCodec.encode(closes.get(0)));
        assertThat(close).contains("batchItemFailures=[]").contains("CloseSubmitted");
        assertThat(stack.simulator().orders("shaded").stream().filter(o -> o.side().equals("sell") && o.symbol().equals("JAR")))
                .singleElement().satisfies(o -> assertThat(o.qty()).isEqualByComparingTo("10"));
    }
}
