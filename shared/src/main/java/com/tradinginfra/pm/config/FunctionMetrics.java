package com.tradinginfra.pm.config;

import com.amazonaws.services.lambda.runtime.Context;
import com.tradinginfra.pm.app.CloseOutcome;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.PositionHealth;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.domain.TradingPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Instant;
import java.util.Objects;

/**
 * The functions' CloudWatch metrics, through Powertools' {@link Metrics} interface (embedded metric format on
 * stdout, which Lambda ships to CloudWatch, written by {@link EmfMetrics}): namespace {@code POWERTOOLS_METRICS_NAMESPACE}
 * (default {@value #DEFAULT_NAMESPACE}), dimension {@code Service} ({@code POWERTOOLS_SERVICE_NAME}).
 * Every function's cold start; each close's outcome; and at every sync tick the health view's counts
 * the age of the last sweep and whether trading is paused, which the template's alarms and dashboard read;
 * and once a day, after the close, the day's summary ({@link #publish(DaySummary)}).
 */
public final class FunctionMetrics {
    public static final String DEFAULT_NAMESPACE = "PositionManager";
    private static final Logger LOG = LoggerFactory.getLogger(FunctionMetrics.class);

    /** Publishes the health view's counts of one account at a tick. */
    @FunctionalInterface
    public interface HealthPublisher {
        void publish(Instant tick);

        /** For the local stack and tests, which have no CloudWatch. */
        HealthPublisher NONE = tick -> { };
    }

    /** Publishes the day's summary that a sync tick recorded. */
    @FunctionalInterface
    public interface DaySummaryPublisher {
        void publish(DaySummary summary);

        /** For the local stack and tests, which have no CloudWatch. */
        DaySummaryPublisher NONE = summary -> { };
    }

    private final Metrics metrics;
    private final String namespace;

    public FunctionMetrics(Metrics metrics, String namespace) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        metrics.setNamespace(namespace);
    }

    /**
     * Powertools' metrics interface on our own EMF writer ({@link EmfMetrics}: the same lines without the EMF library
     * and Jackson in the cold start), namespace from the environment (empty counts as unset).
     */
    public static FunctionMetrics fromEnvironment() {
        Environment env = Environment.system();
        return new FunctionMetrics(EmfMetrics.fromEnvironment(env), env.orDefault("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE));
    }

    /**
     * {@code ColdStart} 1 on a container's first on-demand invocation (Powertools' rule: none after a
     * SnapStart restore). Call it before {@code PowertoolsLogging.withLogging}, which marks the cold start done.
     */
    public void coldStart(Context context) {
        metrics.captureColdStartMetric(context);
    }

    /** One count of a close's outcome: {@code CloseSubmitted}, {@code CloseFailed}, ... */
    public void closed(CloseOutcome outcome) {
        metrics.flushSingleMetric(closeMetric(outcome), 1, MetricUnit.COUNT, namespace);
    }

    /**
     * Runs one close and counts its outcome; a close the broker refused for our credentials (401: bad or
     * rotated keys) is counted as {@value #BROKER_UNAUTHORIZED} and rethrown, so the item fails without
     * using an attempt and the alarm on that metric fires — an item failure is no function error.
     */
    public CloseOutcome counted(java.util.function.Supplier<CloseOutcome> close) {
        try {
            CloseOutcome outcome = close.get();
            closed(outcome);
            return outcome;
        } catch (BrokerException e) {
            if (e.failure() == BrokerFailure.AUTHENTICATION) {
                LOG.error("the broker refused our credentials (bad or rotated keys): {}", e.getMessage());
                metrics.flushSingleMetric(BROKER_UNAUTHORIZED, 1, MetricUnit.COUNT, namespace);
            }
            throw e;
        }
    }

    /** The metric of a broker request refused for our credentials. */
    public static final String BROKER_UNAUTHORIZED = "BrokerUnauthorized";

    /** The metric name of a close's outcome. */
    public static String closeMetric(CloseOutcome outcome) {
        if (outcome instanceof CloseOutcome.Submitted) {
            return "CloseSubmitted";
        }
        if (outcome instanceof CloseOutcome.AlreadySubmitted) {
            return "CloseAlreadySubmitted";
        }
        if (outcome instanceof CloseOutcome.Refused refused) {
            return refused.closeFailed() ? "CloseFailed" : "CloseRefused";
        }
        return outcome instanceof CloseOutcome.PositionGone ? "ClosePositionGone" : "CloseIgnored";
    }

    /**
     * The sync's publisher: reads the account's health view and kill switch at each tick. A failed read
     * is logged and does not fail the tick, whose work is already committed.
     */
    public HealthPublisher healthOf(PositionStore store, String account) {
        return tick -> {
            PositionHealth health;
            TradingPause pause;
            try {
                health = store.health(account);
                pause = store.tradingPause(account);
            } catch (RuntimeException e) {
                LOG.warn("health metrics not published: {}", e.getMessage());
                return;
            }
            publish(health, pause, tick);
        };
    }

    /**
     * The health view's counts, the seconds from the last sweep of an open lot to the tick, and
     * {@code TradingPaused} (1 while an operator's pause is on, else 0: the template alarms on it).
     */
    public void publish(PositionHealth health, TradingPause pause, Instant tick) {
        metrics.addMetric("TradingPaused", pause.paused() ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric("OpenPositions", health.open(), MetricUnit.COUNT);
        metrics.addMetric("ClosingPositions", health.closing(), MetricUnit.COUNT);
        metrics.addMetric("StalePositions", health.stale(), MetricUnit.COUNT);
        metrics.addMetric("MissingBrackets", health.missingBrackets(), MetricUnit.COUNT);
        metrics.addMetric("CloseFailedPositions", health.closeFailed(), MetricUnit.COUNT);
        metrics.addMetric("StuckClosingPositions", health.stuckClosing(), MetricUnit.COUNT);
        metrics.addMetric("ExpiringSoonPositions", health.expiringSoon(), MetricUnit.COUNT);
        health.sweepAge(tick).ifPresent(age -> metrics.addMetric("LastSweepAgeSeconds", age.toMillis() / 1000.0, MetricUnit.SECONDS));
        metrics.flush();
    }

    /**
     * The day's summary, once, when sync recorded it: {@code DayLotsOpened}, {@code DayLotsClosed},
     * {@code DayWinningLots}, {@code DayLosingLots}, {@code DayRealizedPnl} (dollars) and, when a lot
     * closed, {@code DayWinRatePercent}; the trading day and the P&L by strategy and by reason as metadata.
     */
    public void publish(DaySummary summary) {
        metrics.addMetric("DayLotsOpened", summary.lotsOpened(), MetricUnit.COUNT);
        metrics.addMetric("DayLotsClosed", summary.lotsClosed(), MetricUnit.COUNT);
        metrics.addMetric("DayWinningLots", summary.wins(), MetricUnit.COUNT);
        metrics.addMetric("DayLosingLots", summary.losses(), MetricUnit.COUNT);
        // CloudWatch takes doubles; the exact amount stays in daily_summaries
        metrics.addMetric("DayRealizedPnl", summary.realizedPnl().doubleValue(), MetricUnit.NONE);
        summary.winRatePercent().ifPresent(rate -> metrics.addMetric("DayWinRatePercent", rate.doubleValue(), MetricUnit.PERCENT));
        metrics.addMetadata("TradingDay", summary.day().toString());
        metrics.addMetadata("PnlByStrategy", plain(summary.byStrategy()));
        java.util.Map<String, String> byReason = new java.util.TreeMap<>();
        summary.byReason().forEach((reason, pnl) -> byReason.put(reason.code(), pnl.toPlainString()));
        metrics.addMetadata("PnlByReason", byReason);
        metrics.flush();
    }

    private static java.util.Map<String, String> plain(java.util.Map<String, java.math.BigDecimal> amounts) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        amounts.forEach((k, v) -> out.put(k, v.toPlainString()));
        return out;
    }
}
