package com.tradinginfra.pm.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The broker orders that protect a lot: the stop-loss and take-profit legs of its bracket.
 *
 * @param stopOrderId   the stop leg's broker order id, or null
 * @param targetOrderId the take-profit leg's broker order id, or null
 */
public record ProtectiveLegs(String stopOrderId, String targetOrderId) {
    public static final ProtectiveLegs NONE = new ProtectiveLegs(null, null);

    /** True when the lot was opened with protective legs at the broker. */
    public boolean expected() {
        return stopOrderId != null || targetOrderId != null;
    }

    /** The leg ids that are set. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(2);
        if (stopOrderId != null) {
            ids.add(stopOrderId);
        }
        if (targetOrderId != null) {
            ids.add(targetOrderId);
        }
        return ids;
    }

    /** True when at least one leg is among the broker's open orders. */
    public boolean anyOpenAmong(Collection<String> openOrderIds) {
        return ids().stream().anyMatch(openOrderIds::contains);
    }

    /** The reason a fill of this order closes the lot, when the order is one of the legs. */
    public CloseReason reasonForLeg(String orderId) {
        if (orderId == null) {
            return null;
        }
        if (orderId.equals(stopOrderId)) {
            return CloseReason.STOP_LOSS;
        }
        if (orderId.equals(targetOrderId)) {
            return CloseReason.TAKE_PROFIT;
        }
        return null;
    }
}
