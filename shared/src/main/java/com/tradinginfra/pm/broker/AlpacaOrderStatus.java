package com.tradinginfra.pm.broker;

import com.tradinginfra.pm.domain.BrokerOrderStatus;

import java.util.Locale;

/**
 * Alpaca's order status strings (its order entity's {@code status}; {@code held} is sent for bracket
 * legs though not documented, alpaca-py PR 182) and what each means to the domain.
 */
enum AlpacaOrderStatus {
    NEW("new", BrokerOrderStatus.NEW),
    ACCEPTED("accepted", BrokerOrderStatus.NEW),
    PENDING_NEW("pending_new", BrokerOrderStatus.NEW),
    ACCEPTED_FOR_BIDDING("accepted_for_bidding", BrokerOrderStatus.NEW),
    CALCULATED("calculated", BrokerOrderStatus.NEW),
    HELD("held", BrokerOrderStatus.HELD),
    PARTIALLY_FILLED("partially_filled", BrokerOrderStatus.PARTIALLY_FILLED),
    PENDING_CANCEL("pending_cancel", BrokerOrderStatus.PENDING_CANCEL),
    PENDING_REPLACE("pending_replace", BrokerOrderStatus.PENDING_REPLACE),
    SUSPENDED("suspended", BrokerOrderStatus.SUSPENDED),
    FILLED("filled", BrokerOrderStatus.FILLED),
    DONE_FOR_DAY("done_for_day", BrokerOrderStatus.DONE_FOR_DAY),
    CANCELED("canceled", BrokerOrderStatus.CANCELED),
    EXPIRED("expired", BrokerOrderStatus.EXPIRED),
    REPLACED("replaced", BrokerOrderStatus.REPLACED),
    REJECTED("rejected", BrokerOrderStatus.REJECTED),
    STOPPED("stopped", BrokerOrderStatus.STOPPED);

    private final String wire;
    private final BrokerOrderStatus meaning;

    AlpacaOrderStatus(String wire, BrokerOrderStatus meaning) {
        this.wire = wire;
        this.meaning = meaning;
    }

    /** Alpaca's string for the status. */
    String wire() {
        return wire;
    }

    /** The domain's status for Alpaca's string; {@link BrokerOrderStatus#UNKNOWN} for one not listed here or null. */
    static BrokerOrderStatus meaningOf(String wire) {
        if (wire != null) {
            String s = wire.trim().toLowerCase(Locale.ROOT);
            for (AlpacaOrderStatus status : values()) {
                if (status.wire.equals(s)) {
                    return status.meaning;
                }
            }
        }
        return BrokerOrderStatus.UNKNOWN;
    }
}
