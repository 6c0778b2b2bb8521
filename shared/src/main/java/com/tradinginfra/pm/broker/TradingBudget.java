package com.tradinginfra.pm.broker;

/**
 * What {@link AlpacaConnection} asks before every trading-API request: the container's own
 * {@link RequestBudget} (tests, {@code ./pm} without a database) or the account-wide
 * {@link AccountBudget} the functions share through the database.
 */
public interface TradingBudget {

    /**
     * Takes one request, waiting briefly when the budget is spent.
     *
     * @throws com.tradinginfra.pm.domain.BrokerException {@link com.tradinginfra.pm.domain.BrokerFailure#RATE_LIMITED},
     *                                                    with the wait as its retry-after, when the wait would be longer
     */
    void acquire();

    /** Requests a minute this budget allows. */
    int limit();
}
