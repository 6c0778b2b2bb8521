package com.tradinginfra.pm.app;

import java.util.List;

/** The queues the functions send to. */
public interface Outbound {

    /**
     * For a function the template wires to no queue (CloseOrderFunction): sending through it is a
     * wiring error and fails loudly, so a close can never vanish into a collaborator that was left out.
     */
    Outbound NONE = new Outbound() {
        @Override
        public void sendSweeps(List<DelayedSweep> sweeps) {
            refuse(sweeps);
        }

        @Override
        public void sendCloses(List<CloseRequest> closes) {
            refuse(closes);
        }

        private void refuse(List<?> messages) {
            if (!messages.isEmpty()) {
                throw new IllegalStateException("this function is wired to send to no queue; " + messages.size() + " message(s) refused");
            }
        }

        @Override
        public String toString() {
            return "Outbound.NONE";
        }
    };

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
