package com.tradinginfra.pm.embedded.sim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The simulated time and the NYSE calendar it is read against. Time only moves when a test (or
 * the running clock of the local runner) moves it. Not thread-safe: used under the simulator's lock.
 */
final class SimClock {
    private final NyseCalendar calendar = new NyseCalendar();
    private Instant now;
    /** Last order stamp handed out: submission times are unique and increasing, like Alpaca's microsecond stamps. */
    private Instant lastStamp = Instant.EPOCH;
    private boolean running;
    private Instant anchorSim;
    private long anchorNanos;

    SimClock(Instant start) {
        this.now = start;
        anchor();
    }

    Instant now() {
        return now;
    }

    /** Sets the time as it is; processing what happens on the way is {@link SimBook#advanceTo}'s job. */
    void set(Instant time) {
        now = time;
    }

    NyseCalendar calendar() {
        return calendar;
    }

    boolean isOpen() {
        return calendar.isOpen(now);
    }

    Instant nextOpen() {
        return calendar.nextOpen(now, false);
    }

    Instant nextClose() {
        return calendar.nextClose(now, false);
    }

    /** A unique, increasing stamp at (or just after) the current time. */
    Instant stamp() {
        Instant s = now.isAfter(lastStamp) ? now : lastStamp.plus(1, ChronoUnit.MICROS);
        lastStamp = s;
        return s;
    }

    /** Whether simulated time follows the wall clock (from the moment it was last set). */
    void running(boolean on) {
        running = on;
        anchor();
    }

    /** Re-anchors the running clock at the current simulated time. */
    void anchor() {
        anchorSim = now;
        anchorNanos = System.nanoTime();
    }

    /** Where the running clock says simulated time should be, when it runs and is ahead. */
    Optional<Instant> wallTarget() {
        if (!running) {
            return Optional.empty();
        }
        Instant target = anchorSim.plusNanos(System.nanoTime() - anchorNanos);
        return target.isAfter(now) ? Optional.of(target) : Optional.empty();
    }
}
