package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.tradinginfra.pm.app.SyncReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** SyncHandler's tick, from the event alone, and its answer and log line: what the tick did, tick first. */
final class SyncTick {
    private SyncTick() {
    }

    static Instant of(ScheduledEvent event) {
        if (event == null || event.getTime() == null) {
            throw new IllegalArgumentException("scheduled event has no 'time': the tick must come from the event");
        }
        return Instant.ofEpochMilli(event.getTime().getMillis());
    }

    static Map<String, Object> summary(Instant tick, SyncReport report) {
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
        report.recordedDay().ifPresent(day -> out.put("daySummaryRecorded", day));
        if (report.skipped() != null) {
            out.put("skipped", report.skipped());
        }
        return out;
    }
}
