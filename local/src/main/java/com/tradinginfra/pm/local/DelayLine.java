package com.tradinginfra.pm.local;

import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.Outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SQS {@code DelaySeconds} in simulated time: a delayed sweep is held until the simulation's clock
 * reaches its {@code asOf}, then sent with no delay. Real-time runs do not use it.
 */
final class DelayLine implements Outbound {
    private final Outbound target;
    private final List<DelayedSweep> held = new ArrayList<>();

    DelayLine(Outbound target) {
        this.target = target;
    }

    @Override
    public synchronized void sendSweeps(List<DelayedSweep> sweeps) {
        List<DelayedSweep> now = new ArrayList<>();
        for (DelayedSweep s : sweeps) {
            if (s.delaySeconds() == 0) {
                now.add(s);
            } else {
                held.add(s);
            }
        }
        if (!now.isEmpty()) {
            target.sendSweeps(now);
        }
    }

    @Override
    public void sendCloses(List<CloseRequest> closes) {
        target.sendCloses(closes);
    }

    /** Sends every held sweep due at or before {@code now}; returns how many. */
    synchronized int release(Instant now) {
        List<DelayedSweep> due = held.stream().filter(s -> !s.request().asOf().isAfter(now))
                .sorted(Comparator.comparing(s -> s.request().asOf())).toList();
        if (due.isEmpty()) {
            return 0;
        }
        held.removeAll(due);
        target.sendSweeps(due.stream().map(s -> new DelayedSweep(s.request(), 0)).toList());
        return due.size();
    }
}
