package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.config.LambdaEntry;
import com.tradinginfra.pm.config.Priming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * EventBridge {@code rate(1 minute)}: one sync at the event's time (never the wall clock), then sweeps and
 * metrics: the health view's every tick, the day's summary on the tick that recorded it.
 */
public final class SyncHandler extends LambdaEntry.Scheduled {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);
    private static final FunctionMetrics METRICS = FunctionMetrics.fromEnvironment();
    private final SyncService sync;
    private final FunctionMetrics.HealthPublisher health;
    private final FunctionMetrics.DaySummaryPublisher days;

    /** Lambda's constructor: dependencies built once per container from the environment. */
    public SyncHandler() {
        this(Components.fromEnvironment(Configuration.Sends.SWEEPS, Configuration.Sends.CLOSES));
        Priming.register();
    }

    private SyncHandler(Components parts) {
        this(parts.syncService(), METRICS.healthOf(parts.store(), parts.settings().account()), METRICS::publish);
    }

    /** With the given publishers ({@code NONE} of each: no metrics, as on the local stack and in tests). */
    public SyncHandler(SyncService sync, FunctionMetrics.HealthPublisher health, FunctionMetrics.DaySummaryPublisher days) {
        this.sync = sync;
        this.health = health;
        this.days = days;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        METRICS.coldStart(context);
        return PowertoolsLogging.withLogging(context, () -> LogKeys.forAccount(sync.account(), () -> {
            var tick = SyncTick.of(event);
            var report = sync.sync(tick);
            Map<String, Object> out = SyncTick.summary(tick, report);
            health.publish(tick);
            report.recordedSummary().ifPresent(days::publish);
            LOG.info("sync done {}", out);
            return out;
        }));
    }
}
