package com.tradinginfra.pm.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (embedded binaries) on loopback with the project's migrations applied:
 * what the tests and the local stack use. With a data directory its state survives a restart.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        // prepareThreshold=0 as behind RDS Proxy: server-side prepared statements would pin connections.
        this.jdbcUrl = postgres.getJdbcUrl("postgres", "postgres") + "&prepareThreshold=0";
    }

    private static EmbeddedDatabase shared;

    /**
     * One throw-away database for the whole JVM (tests share it; each test truncates what it
     * uses), stopped when the JVM exits.
     */
    public static synchronized EmbeddedDatabase shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** A throw-away database in a temporary directory, migrated. */
    public static EmbeddedDatabase start() {
        return start(null);
    }

    /**
     * A database kept in {@code dataDirectory} (created when missing), migrated; null for a
     * temporary one.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
            db.migrate();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** Applies {@code migrations/} (packaged as {@code db/migration}) to any PostgreSQL. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private void migrate() {
        migrate(dataSource());
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /** A fresh data source (each connection is a new session). */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user());
        ds.setPassword(password());
        return ds;
    }

    /** Runs SQL as it is (test fixtures, e.g. the dispatcher's inserts). */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** Empties every table of the position manager and the dispatcher: a clean slate between tests. */
    public void truncateAll() {
        execute("TRUNCATE daily_summaries, trading_pause, sweep_progress, broker_fills, position_history, position_events, active_positions, dispatch_executions RESTART IDENTITY CASCADE");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
