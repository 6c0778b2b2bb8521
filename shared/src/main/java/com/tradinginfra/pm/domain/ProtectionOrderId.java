package com.tradinginfra.pm.domain;

/**
 * Deterministic {@code client_order_id} of one re-arming of a lot's protection:
 * {@code pm-<account>-<lot>-r<arm>}. Looked up before submitting, so a retried re-arm finds the
 * order instead of placing a second one; Alpaca keeps ids unique even after a cancel, so each arm
 * gets a new number. The {@code r} keeps it apart from {@link CloseOrderId}'s close attempts and
 * scale-outs ({@code s}): an id shared with a scale-out would make either look-up find the other's order.
 */
public final class ProtectionOrderId {
    private ProtectionOrderId() {
    }

    public static String of(String account, long lotId, int arm) {
        if (arm < 1) {
            throw new IllegalArgumentException("protection arms count from 1, was " + arm);
        }
        return "pm-" + account + "-" + lotId + "-r" + arm;
    }
}
