package com.tradinginfra.pm.store;

import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A backend that the server ended while the connection sat idle (what RDS Proxy's idle timeout and a
 * failover do) is replaced before the next statement, on the real embedded PostgreSQL. The idle time
 * is a test clock, so no test waits.
 */
class ReusableConnectionTest {
    private static final EmbeddedDatabase DB = EmbeddedDatabase.shared();
    private final AtomicLong nanos = new AtomicLong();
    private final ReusableConnection connections = new ReusableConnection(DB.dataSource(), Duration.ofSeconds(1), nanos::get);

    @AfterEach
    void close() {
        connections.close();
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What the server does to every client connection in a failover: ends the backend. */
    private static void terminate(int pid) throws SQLException {
        try (Connection other = DB.dataSource().getConnection(); Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    private void idle(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aBackendEndedWhileIdleIsReplacedBeforeTheNextStatement() throws SQLException {
        int before = backendPid(connections.connection());
        terminate(before);
        idle(Duration.ofSeconds(30));

        int after = backendPid(connections.connection());

        assertThat(after).isNotEqualTo(before);
        assertThat(connections.validations()).isEqualTo(1);
    }

    @Test
    void withoutTheCheckTheSameDropFailsTheFirstStatement() throws SQLException {
        // the old behaviour, for contrast: a connection handed out again at once is not checked
        int before = backendPid(connections.connection());
        terminate(before);
        assertThatThrownBy(() -> backendPid(connections.connection())).isInstanceOf(SQLException.class);
        assertThat(connections.validations()).isZero();
    }

    @Test
    void statementsInQuickSuccessionAreNotChecked() throws SQLException {
        for (int i = 0; i < 5; i++) {
            backendPid(connections.connection());
            idle(Duration.ofMillis(900));
        }
        assertThat(connections.validations()).isZero();
        idle(Duration.ofMillis(100));
        backendPid(connections.connection());
        assertThat(connections.validations()).isEqualTo(1);
    }

    @Test
    void aConnectionInsideATransactionIsNeverSwappedOrChecked() throws SQLException {
        Connection c = connections.connection();
        c.setAutoCommit(false);
        try {
            idle(Duration.ofSeconds(30));
            assertThat(connections.connection()).isSameAs(c);
            assertThat(connections.validations()).isZero();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    void theCheckCostsAboutWhatOneStatementCosts() throws SQLException {
        Connection c = connections.connection();
        int n = 500;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(c.isValid(2)).isTrue();
        }
        long check = (System.nanoTime() - start) / 1_000 / n;
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(backendPid(c)).isPositive();
        }
        long statement = (System.nanoTime() - start) / 1_000 / n;
        // measured, not asserted (speed is the benchmark's business): printed for the README
        System.out.println("ReusableConnectionTest: isValid(2) " + check + " µs, SELECT pg_backend_pid() " + statement
                + " µs on loopback (means of " + n + ")");
    }
}
