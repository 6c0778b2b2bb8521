package com.tradinginfra.pm.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A budget's clock that tests move by hand: sleeping records the wait and moves the time on, so no test sleeps. */
final class FakeTime implements RequestBudget.TimeSource {
    long nanos = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        nanos += d.toNanos();
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }
}
