package com.tradinginfra.pm.queue;

import java.util.List;

/** The queues the functions send to. */
public interface Outbound {

    /** Sends sweep requests; each is delayed by its offset from the tick ({@code DelaySeconds}). */
    void sendSweeps(List<DelayedSweep> sweeps);

    /** Sends close requests. */
    void sendCloses(List<CloseRequest> closes);

    /** A sweep request to deliver after {@code delaySeconds} (0–900). */
    record DelayedSweep(SweepRequest request, int delaySeconds) {
        public DelayedSweep {
            if (delaySeconds < 0 || delaySeconds > 900) {
                throw new IllegalArgumentException("SQS DelaySeconds must be 0-900, was " + delaySeconds);
            }
        }
    }
}
