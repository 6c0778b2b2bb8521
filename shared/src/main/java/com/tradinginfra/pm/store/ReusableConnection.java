package com.tradinginfra.pm.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link ConnectionSource} that keeps one connection from a {@link DataSource}, checks it before
 * handing it out again after it sat idle, and reopens it when it is dead or broke.
 *
 * <p>Why the check: RDS Proxy closes client connections idle past its {@code IdleClientTimeout},
 * and a failover drops all of them. The socket of a dropped connection still looks open
 * ({@code isClosed()} stays false) until a statement fails on it — which would be the first
 * statement of the next invocation. So a connection idle for at least {@link #IDLE_BEFORE_CHECK}
 * is checked with {@link Connection#isValid(int)} (pgjdbc sends an empty query: one round trip,
 * about a tenth of a millisecond on loopback) and replaced if it does not answer. Statements of
 * one invocation follow each other closely and are not checked, so a sweep stays at its constant
 * number of round trips plus at most one check per invocation-sized gap (the check runs beneath
 * {@link RoundTripCounter}'s statements and is counted by {@link #validations()} instead).
 */
public final class ReusableConnection implements ConnectionSource {
    /** Idle time after which the connection is checked before use: longer than the gaps inside one invocation. */
    public static final Duration IDLE_BEFORE_CHECK = Duration.ofSeconds(1);
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final long idleBeforeCheckNanos;
    private final LongSupplier nanoTime;
    private Connection connection;
    private long lastHandedOut;
    private long validations;

    public ReusableConnection(DataSource dataSource) {
        this(dataSource, IDLE_BEFORE_CHECK, System::nanoTime);
    }

    ReusableConnection(DataSource dataSource, Duration idleBeforeCheck, LongSupplier nanoTime) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.idleBeforeCheckNanos = idleBeforeCheck.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        long now = nanoTime.getAsLong();
        // Never inside a transaction: a replacement would run the rest of it outside the transaction.
        if (connection != null && !connection.isClosed() && connection.getAutoCommit()
                && now - lastHandedOut >= idleBeforeCheckNanos) {
            validations++;
            if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                close(); // dropped while idle (proxy idle timeout, failover): open a new one below
            }
        }
        if (connection == null || connection.isClosed()) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        lastHandedOut = now;
        return connection;
    }

    /** How many idle checks ({@code isValid}) were made: each one is a database round trip. */
    public synchronized long validations() {
        return validations;
    }

    @Override
    public synchronized void invalidate() {
        close();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing to release
            }
            connection = null;
        }
    }
}
