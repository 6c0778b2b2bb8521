package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmfMetricsTest {
    private static final Instant T = Instant.parse("2026-11-20T15:00:00Z");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private EmfMetrics metrics(boolean disabled, String initializationType) {
        return new EmfMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(T, ZoneOffset.UTC), "pm-sweep",
                disabled, initializationType);
    }

    private List<JsonObject> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    private static JsonObject directive(JsonObject doc) {
        return doc.getAsJsonObject("_aws").getAsJsonArray("CloudWatchMetrics").get(0).getAsJsonObject();
    }

    @Test
    void aSingleMetricIsOneEmfDocumentWithTheServiceDimension() {
        metrics(false, null).flushSingleMetric("CloseSubmitted", 1, MetricUnit.COUNT, "PositionManager");
        List<JsonObject> docs = lines();
        assertThat(docs).hasSize(1);
        JsonObject doc = docs.get(0);
        assertThat(doc.getAsJsonObject("_aws").get("Timestamp").getAsLong()).isEqualTo(T.toEpochMilli());
        JsonObject d = directive(doc);
        assertThat(d.get("Namespace").getAsString()).isEqualTo("PositionManager");
        assertThat(d.getAsJsonArray("Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(d.getAsJsonArray("Metrics").toString()).isEqualTo("[{\"Name\":\"CloseSubmitted\",\"Unit\":\"Count\"}]");
        assertThat(doc.get("Service").getAsString()).isEqualTo("pm-sweep");
        assertThat(doc.get("CloseSubmitted").getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void flushWritesTheAddedMetricsOnceWithTheirUnitsAndResolution() {
        EmfMetrics m = metrics(false, null);
        m.setNamespace("PositionManager");
        m.addMetric("OpenPositions", 12, MetricUnit.COUNT);
        m.addMetric("LastSweepAgeSeconds", 4.5, MetricUnit.SECONDS, MetricResolution.HIGH);
        m.addDimension("Account", "large");
        m.flush();
        m.flush(); // nothing left: no second document
        List<JsonObject> docs = lines();
        assertThat(docs).hasSize(1);
        JsonObject d = directive(docs.get(0));
        assertThat(d.getAsJsonArray("Dimensions").toString()).isEqualTo("[[\"Service\",\"Account\"]]");
        assertThat(d.getAsJsonArray("Metrics").toString()).isEqualTo(
                "[{\"Name\":\"OpenPositions\",\"Unit\":\"Count\"},{\"Name\":\"LastSweepAgeSeconds\",\"Unit\":\"Seconds\",\"StorageResolution\":1}]");
        assertThat(docs.get(0).get("OpenPositions").getAsDouble()).isEqualTo(12.0);
        assertThat(docs.get(0).get("Account").getAsString()).isEqualTo("large");
    }

    @Test
    void anEmptyFlushRaisesOnlyWhenAsked() {
        EmfMetrics m = metrics(false, null);
        m.flush();
        assertThat(bytes.size()).isZero();
        m.setRaiseOnEmptyMetrics(true);
        assertThatThrownBy(m::flush).isInstanceOf(IllegalStateException.class).hasMessageContaining("No metrics");
    }

    @Test
    void disabledWritesNothing() {
        EmfMetrics m = metrics(true, null);
        m.addMetric("OpenPositions", 1, MetricUnit.COUNT);
        m.flush();
        m.flushSingleMetric("CloseSubmitted", 1, MetricUnit.COUNT, "PositionManager");
        m.captureColdStartMetric(context(), null);
        assertThat(bytes.size()).isZero();
    }

    @Test
    void coldStartCarriesServiceAndFunctionNameAndOnlyOnAColdStart() {
        EmfMetrics m = metrics(false, "on-demand");
        m.setNamespace("PositionManager");
        boolean cold = LambdaHandlerProcessor.isColdStart(); // Powertools' process-wide flag: true until logging marks it done
        m.captureColdStartMetric(context());
        List<JsonObject> docs = lines();
        assertThat(docs).hasSize(cold ? 1 : 0);
        if (cold) {
            assertThat(directive(docs.get(0)).getAsJsonArray("Dimensions").toString()).isEqualTo("[[\"Service\",\"FunctionName\"]]");
            assertThat(docs.get(0).get("ColdStart").getAsDouble()).isEqualTo(1.0);
            assertThat(docs.get(0).get("FunctionName").getAsString()).isEqualTo("SweepFunction");
            assertThat(docs.get(0).get("function_request_id").getAsString()).isEqualTo("req-1");
        }
    }

    @Test
    void noColdStartAfterASnapStartRestore() {
        metrics(false, "snap-start").captureColdStartMetric(context(), DimensionSet.of("Account", "large"));
        assertThat(bytes.size()).isZero();
    }

    private static Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[]{Context.class}, (p, method, args) ->
                switch (method.getName()) {
                    case "getFunctionName" -> "SweepFunction";
                    case "getAwsRequestId" -> "req-1";
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 0;
                    default -> null;
                });
    }
}
