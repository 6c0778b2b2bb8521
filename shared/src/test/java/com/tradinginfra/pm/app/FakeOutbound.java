package com.tradinginfra.pm.app;

import java.util.ArrayList;
import java.util.List;

/** {@link Outbound} in memory: what was sent, in order; a test may make the next send fail as SQS can. */
final class FakeOutbound implements Outbound {
    private final List<DelayedSweep> sweeps = new ArrayList<>();
    private final List<CloseRequest> closes = new ArrayList<>();
    private RuntimeException nextFailure;

    void failNextSend(RuntimeException e) {
        nextFailure = e;
    }

    @Override
    public void sendSweeps(List<DelayedSweep> list) {
        fail();
        sweeps.addAll(list);
    }

    @Override
    public void sendCloses(List<CloseRequest> list) {
        fail();
        closes.addAll(list);
    }

    private void fail() {
        if (nextFailure != null) {
            RuntimeException e = nextFailure;
            nextFailure = null;
            throw e;
        }
    }

    List<DelayedSweep> sweeps() {
        return List.copyOf(sweeps);
    }

    List<CloseRequest> closes() {
        return List.copyOf(closes);
    }
}
