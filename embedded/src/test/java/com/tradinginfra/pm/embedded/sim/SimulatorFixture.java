package com.tradinginfra.pm.embedded.sim;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A fresh simulator for each test, with raw HTTP as the account {@value #ACCOUNT}: started when
 * JUnit creates the test instance (one per test method) and closed after the test. Register it on
 * an instance field with {@code @RegisterExtension}; the fields after it may read {@link #sim} and
 * {@link #raw}, and {@link #price} and {@link #position} set the market the test starts from.
 */
final class SimulatorFixture implements AfterEachCallback {
    static final String ACCOUNT = "main";

    final AlpacaSimulator sim;
    final RawAlpaca raw;

    SimulatorFixture(Instant start) {
        sim = AlpacaSimulator.start(start);
        raw = new RawAlpaca(sim, ACCOUNT);
    }

    /** The symbol trades at {@code price}. */
    SimulatorFixture price(String symbol, String price) {
        sim.setPrice(symbol, price);
        return this;
    }

    /** The account already holds {@code qty} of the symbol, bought at {@code avgPrice}. */
    SimulatorFixture position(String symbol, String qty, String avgPrice) {
        sim.openPosition(ACCOUNT, symbol, new BigDecimal(qty), new BigDecimal(avgPrice));
        return this;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sim.close();
    }
}
