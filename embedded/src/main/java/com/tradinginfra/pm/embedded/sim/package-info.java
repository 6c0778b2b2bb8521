/**
 * A faithful Alpaca simulator on loopback ({@link com.tradinginfra.pm.embedded.sim.AlpacaSimulator}),
 * for tests and the local runner: the trading and market-data endpoints the position manager uses,
 * Alpaca's error answers (docs/ALPACA.md), a test-controlled clock with the NYSE calendar, order matching,
 * a per-account rate limit and fault switches ({@link com.tradinginfra.pm.embedded.sim.SimFaults}).
 *
 * <p>Point {@link com.tradinginfra.pm.broker.AlpacaBroker} at it with
 * {@code new AlpacaBroker(sim.settings("account"))}.
 */
package com.tradinginfra.pm.embedded.sim;
