package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Powertools' {@link Metrics} written as CloudWatch embedded metric format (EMF) lines on stdout with Gson, the
 * document Powertools' own implementation writes through the EMF library: {@code _aws.Timestamp}, one
 * {@code CloudWatchMetrics} directive (namespace, one dimension set, each metric's name, unit and, when high,
 * {@code StorageResolution} 1), then dimensions, metrics and metadata as top-level keys. Default dimension
 * {@code Service} ({@code POWERTOOLS_SERVICE_NAME}); {@code POWERTOOLS_METRICS_DISABLED=true} writes nothing.
 * Powertools' implementation brings the EMF library and Jackson's data binding into every cold start (about 600
 * classes for one {@code ColdStart} line); this writes the same lines with what the function has loaded anyway.
 *
 * <p>Cold start as Powertools counts it ({@link LambdaHandlerProcessor#isColdStart()}, which Powertools' logging
 * marks done after the first invocation), and none after a SnapStart restore ({@code AWS_LAMBDA_INITIALIZATION_TYPE}
 * {@code snap-start}): dimensions {@code Service} and {@code FunctionName}, metadata {@code function_request_id}.
 */
public final class EmfMetrics implements Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

    private record Value(double value, MetricUnit unit, MetricResolution resolution) {
    }

    private final PrintStream out;
    private final Clock clock;
    private final boolean disabled;
    private final boolean restored;
    private String namespace;
    private DimensionSet defaults;
    private Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private Instant timestamp;
    private boolean raiseOnEmpty;

    /** {@code service}: the {@code Service} dimension, null for none; {@code initializationType}: Lambda's, or null. */
    public EmfMetrics(PrintStream out, Clock clock, String service, boolean disabled, String initializationType) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.disabled = disabled;
        this.restored = "snap-start".equals(initializationType);
        this.defaults = service == null ? new DimensionSet() : DimensionSet.of("Service", service);
    }

    /** As Lambda runs it: stdout, the wall clock (a metric's timestamp only), the Powertools variables. */
    public static EmfMetrics fromEnvironment(Environment env) {
        return new EmfMetrics(System.out, Clock.systemUTC(), env.orDefault("POWERTOOLS_SERVICE_NAME", "service_undefined"),
                "true".equalsIgnoreCase(env.orDefault("POWERTOOLS_METRICS_DISABLED", "false")),
                env.orDefault("AWS_LAMBDA_INITIALIZATION_TYPE", null));
    }

    @Override
    public synchronized void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
        values.put(Objects.requireNonNull(key, "metric name"), new Value(value, unit, resolution));
    }

    @Override
    public synchronized void addDimension(DimensionSet dimensionSet) {
        dimensions.putAll(Objects.requireNonNull(dimensionSet, "DimensionSet cannot be null").getDimensions());
    }

    @Override
    public synchronized void setTimestamp(Instant timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public synchronized void addMetadata(String key, Object value) {
        metadata.put(key, value);
    }

    @Override
    public synchronized void setDefaultDimensions(DimensionSet dimensionSet) {
        this.defaults = Objects.requireNonNull(dimensionSet, "DimensionSet cannot be null");
    }

    @Override
    public synchronized DimensionSet getDefaultDimensions() {
        return DimensionSet.of(defaults.getDimensions());
    }

    @Override
    public synchronized void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public synchronized void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
        this.raiseOnEmpty = raiseOnEmptyMetrics;
    }

    @Override
    public synchronized void clearDefaultDimensions() {
        defaults = new DimensionSet();
    }

    @Override
    public synchronized void flush() {
        if (disabled) {
            clear();
            return;
        }
        if (values.isEmpty()) {
            if (raiseOnEmpty) {
                throw new IllegalStateException("No metrics were emitted");
            }
            LOG.warn("No metrics were emitted");
        } else {
            Map<String, String> all = new LinkedHashMap<>(defaults.getDimensions());
            all.putAll(dimensions);
            out.println(document(namespace, all, values, metadata, timestamp != null ? timestamp : clock.instant()));
        }
        clear();
    }

    private void clear() {
        values.clear();
        metadata.clear();
        dimensions = new LinkedHashMap<>();
        timestamp = null;
    }

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensionSet) {
        if (!LambdaHandlerProcessor.isColdStart() || restored) {
            return;
        }
        Map<String, String> dims = new LinkedHashMap<>(getDefaultDimensions().getDimensions());
        if (context != null && context.getFunctionName() != null) {
            dims.put("FunctionName", context.getFunctionName());
        }
        if (dimensionSet != null) {
            dims.putAll(dimensionSet.getDimensions());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (context != null && context.getAwsRequestId() != null) {
            meta.put("function_request_id", context.getAwsRequestId());
        }
        LambdaHandlerProcessor.getXrayTraceId().ifPresent(id -> meta.put("xray_trace_id", id));
        single(dims, Map.of("ColdStart", new Value(1, MetricUnit.COUNT, MetricResolution.STANDARD)), meta);
    }

    @Override
    public void captureColdStartMetric(DimensionSet dimensionSet) {
        captureColdStartMetric(null, dimensionSet);
    }

    @Override
    public void flushMetrics(Consumer<Metrics> metricsConsumer) {
        EmfMetrics one = new EmfMetrics(out, clock, null, disabled, null);
        synchronized (this) {
            one.setDefaultDimensions(getDefaultDimensions());
            one.setNamespace(namespace);
        }
        metricsConsumer.accept(one);
        one.flush();
    }

    @Override
    public void flushSingleMetric(String name, double value, MetricUnit unit, String namespace, DimensionSet dimensions) {
        Map<String, String> dims = new LinkedHashMap<>(getDefaultDimensions().getDimensions());
        if (dimensions != null) {
            dims.putAll(dimensions.getDimensions());
        }
        if (!disabled) {
            out.println(document(namespace, dims, Map.of(name, new Value(value, unit, MetricResolution.STANDARD)), Map.of(),
                    clock.instant()));
        }
    }

    private void single(Map<String, String> dims, Map<String, Value> metric, Map<String, Object> meta) {
        String ns;
        synchronized (this) {
            ns = namespace;
        }
        if (!disabled) {
            out.println(document(ns, dims, metric, meta, clock.instant()));
        }
    }

    /** One EMF document, on one line. */
    static String document(String namespace, Map<String, String> dimensions, Map<String, Value> metrics,
                           Map<String, Object> metadata, Instant at) {
        JsonArray keys = new JsonArray();
        dimensions.keySet().forEach(keys::add);
        JsonArray sets = new JsonArray();
        sets.add(keys);
        JsonArray definitions = new JsonArray();
        metrics.forEach((name, v) -> {
            JsonObject d = new JsonObject();
            d.addProperty("Name", name);
            d.addProperty("Unit", v.unit() == null ? MetricUnit.NONE.getName() : v.unit().getName());
            if (v.resolution() == MetricResolution.HIGH) {
                d.addProperty("StorageResolution", 1);
            }
            definitions.add(d);
        });
        JsonObject directive = new JsonObject();
        directive.addProperty("Namespace", namespace);
        directive.add("Dimensions", sets);
        directive.add("Metrics", definitions);
        JsonArray directives = new JsonArray();
        directives.add(directive);
        JsonObject aws = new JsonObject();
        aws.addProperty("Timestamp", at.toEpochMilli());
        aws.add("CloudWatchMetrics", directives);
        JsonObject root = new JsonObject();
        root.add("_aws", aws);
        dimensions.forEach(root::addProperty);
        metrics.forEach((name, v) -> root.addProperty(name, v.value()));
        metadata.forEach((k, v) -> {
            if (v instanceof Number n) {
                root.addProperty(k, n);
            } else if (v instanceof Boolean b) {
                root.addProperty(k, b);
            } else {
                root.addProperty(k, String.valueOf(v));
            }
        });
        return root.toString();
    }
}
