package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.store.ReusableConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm functions whose database connections the server dropped between two invocations (RDS
 * Proxy's idle timeout, a failover: every client connection ends) do their next invocation on the
 * first delivery — no failed item, no redelivery — on the real embedded PostgreSQL.
 */
class DroppedConnectionTest {
    @RegisterExtension
    static final StackFixture f = new StackFixture();

    private static Object tracked(String symbol) {
        f.sim.setPrice(symbol, "40.00");
        return f.stack.dispatcher().stock(symbol, "buy", 3, new BigDecimal("38.00"), new BigDecimal("60.00"),
                "swing_trade", false, f.now).executionId();
    }

    /** Ends every other backend of the database, as a failover does, then lets the containers sit idle as between invocations. */
    private static void dropEveryConnection() throws InterruptedException {
        long ended = f.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') t");
        assertThat(ended).isPositive();
        Thread.sleep(ReusableConnection.IDLE_BEFORE_CHECK.toMillis() + 200);
    }

    @Test
    void aWarmSweepAfterTheDatabaseDroppedItsConnectionSucceedsOnTheFirstDelivery() throws InterruptedException {
        Object lot = tracked("DCS");
        f.minute();
        f.minute(); // every function has used its connection: warm
        Object checkedBefore = f.lotOf(lot).get("last_checked_at");
        long sweepFailures = f.stack.sweepConsumer().failedItems();
        dropEveryConnection();
        f.sim.setPrice("DCS", "41.00");

        f.minute();

        assertThat(f.stack.sweepConsumer().failedItems()).isEqualTo(sweepFailures);
        Map<String, Object> after = f.lotOf(lot);
        assertThat(after.get("last_checked_at")).isNotEqualTo(checkedBefore);
        assertThat((BigDecimal) after.get("current_price")).isEqualByComparingTo("41.00");
    }

    @Test
    void aWarmCloseAfterTheDatabaseDroppedItsConnectionSucceedsOnTheFirstDelivery() throws InterruptedException {
        Object first = tracked("DCA");
        Object second = tracked("DCB");
        f.minute();
        f.sim.setPrice("DCA", "37.00");
        f.minute(); // CloseOrderFunction closes DCA: its connection is warm
        assertThat(f.ourOrders("DCA")).hasSize(1);
        long closeFailures = f.stack.closeConsumer().failedItems();
        dropEveryConnection();
        f.sim.setPrice("DCB", "37.00");

        f.minute(); // no redelivery: the close must succeed the first time it is delivered

        assertThat(f.stack.closeConsumer().failedItems()).isEqualTo(closeFailures);
        assertThat(f.ourOrders("DCB")).hasSize(1);
        f.minute();
        assertThat(f.lotOf(first)).containsEntry("status", "closed");
        assertThat(f.lotOf(second)).containsEntry("status", "closed");
    }
}
