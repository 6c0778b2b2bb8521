/**
 * A faithful Alpaca simulator on loopback ({@link com.tradinginfra.pm.embedded.sim.AlpacaSimulator}),
 * for tests and the local runner: the trading and market-data endpoints the position manager uses,
 * Alpaca's error answers (ALPACA.md), a test-controlled clock with the NYSE calendar, order matching,
 * a per-account rate limit and fault switches ({@link com.tradinginfra.pm.embedded.sim.SimFaults}).
 *
 * <p>Rooms: {@code AlpacaSimulator} (the test controls and inspection), {@code SimHttp} (transport,
 * authentication, faults, rate limit via {@code SimRateLimit}), {@code SimRouter} (paths),
 * {@code SimTradingApi} and {@code SimMarketData} (the endpoints' answers), {@code SimClock} (time and
 * calendar), {@code SimMarket} (trades and quotes), {@code SimBook} (the order book: matching, fills,
 * cancels, opens and closes), {@code SimOrderEntry} (submission, by order class), {@code SimJson}
 * (Alpaca's JSON shapes) and the model ({@code SimAccount}, {@code SimOrder}, {@code SimPosition},
 * {@code SimFill}).
 *
 * <p>Point {@link com.tradinginfra.pm.broker.AlpacaBroker} at it with
 * {@code new AlpacaBroker(sim.settings("account"))}.
 */
package com.tradinginfra.pm.embedded.sim;
