package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.DaySummary;

import java.util.List;
import java.util.Optional;

/**
 * What one sync did.
 *
 * @param tracked    lots created from executions
 * @param rejected   executions rejected as bad input
 * @param adopted    broker positions adopted
 * @param closed     lots the broker closed (now CLOSED)
 * @param partial    lots the broker closed in part
 * @param resent     close requests (re)sent for CLOSING lots
 * @param sweeps     sweep requests sent
 * @param anomalies  things that did not add up (also recorded as events)
 * @param skipped    why nothing was done (another sync holds the lock), or null
 * @param daySummary the day's summary when this tick recorded it (the first tick after the close), or null
 */
public record SyncReport(int tracked, int rejected, int adopted, List<Long> closed, int partial, int resent, int sweeps,
                         List<String> anomalies, String skipped, DaySummary daySummary) {
    /** The day's summary, when this tick recorded it. */
    public Optional<DaySummary> recordedSummary() {
        return Optional.ofNullable(daySummary);
    }

    /** The New York trading day whose summary this tick recorded, as {@code YYYY-MM-DD}. */
    public Optional<String> recordedDay() {
        return recordedSummary().map(s -> s.day().toString());
    }
}
