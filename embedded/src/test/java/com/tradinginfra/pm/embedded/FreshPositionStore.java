package com.tradinginfra.pm.embedded;

import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import com.tradinginfra.pm.store.RoundTripCounter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test, the shared embedded database with every table emptied and a {@link JdbcPositionStore}
 * over one reusable connection whose round trips are counted: made when JUnit creates the test
 * instance (one per test method), the connection closed after the test. Register it on an instance
 * field with {@code @RegisterExtension}; the fields after it may read {@link #db}, {@link #store} and
 * {@link #roundTrips}.
 */
final class FreshPositionStore implements AfterEachCallback {
    final EmbeddedDatabase db = EmbeddedDatabase.shared();
    final RoundTripCounter roundTrips;
    final JdbcPositionStore store;

    FreshPositionStore() {
        db.truncateAll();
        roundTrips = new RoundTripCounter(new ReusableConnection(db.dataSource()));
        store = new JdbcPositionStore(roundTrips);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        roundTrips.close();
    }
}
