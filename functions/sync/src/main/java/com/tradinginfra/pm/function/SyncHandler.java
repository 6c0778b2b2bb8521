package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.tradinginfra.pm.app.SyncReport;
import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.Priming;
import com.tradinginfra.pm.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge {@code rate(1 minute)}: one sync at the event's time, then the tick's sweep requests.
 * The event's {@code time} is the tick: nothing here reads the wall clock.
 */
public final class SyncHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);
    private final SyncService sync;

    /** Lambda's constructor: dependencies built once per container from the environment. */
    public SyncHandler() {
        this(Components.fromEnvironment(Configuration.Sends.SWEEPS, Configuration.Sends.CLOSES).syncService());
        Priming.register();
    }

    public SyncHandler(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            if (event == null || event.getTime() == null) {
                throw new IllegalArgumentException("scheduled event has no 'time': the tick must come from the event");
            }
            Instant tick = Instant.ofEpochMilli(event.getTime().getMillis());
            SyncReport report = sync.sync(tick);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tick", tick.toString());
            out.put("tracked", report.tracked());
            out.put("rejected", report.rejected());
            out.put("adopted", report.adopted());
            out.put("closed", report.closed().size());
            out.put("partiallyClosed", report.partial());
            out.put("closesResent", report.resent());
            out.put("sweepsSent", report.sweeps());
            out.put("anomalies", report.anomalies());
            if (report.skipped() != null) {
                out.put("skipped", report.skipped());
            }
            LOG.info("sync done {}", out);
            return out;
        });
    }
}
