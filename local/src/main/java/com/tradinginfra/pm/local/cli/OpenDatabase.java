package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The database a command works on: the data directory of {@code ./pm run} ({@code --data DIR},
 * reached while {@code pm run} holds it, else started for the command) or an existing PostgreSQL
 * ({@code --db-url}, migrated first). Every way it can fail is one line naming what is wrong: a
 * {@link Args.UsageException} for a bad option or a missing directory (exit 2), a
 * {@link CommandFailure} for a database that cannot be reached or migrated (exit 1).
 */
final class OpenDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final EmbeddedDatabase started;

    private OpenDatabase(DataSource dataSource, EmbeddedDatabase started) {
        this.dataSource = dataSource;
        this.started = started;
    }

    /** A command's failure that is not a usage error: printed as one line, exit code 1. */
    static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }
    }

    /**
     * @param data     {@code --data}, or null
     * @param url      {@code --db-url}, or null (then the data directory, default {@link ViewCommand#DEFAULT_DATA})
     * @param user     {@code --db-user}, or null for DB_USER (default postgres)
     * @param password {@code --db-password}, or null for DB_PASSWORD
     */
    static OpenDatabase open(String data, String url, String user, String password, Map<String, String> env) {
        if (url != null && data != null) {
            throw new Args.UsageException("--data and --db-url exclude each other");
        }
        if (url != null) {
            return external(url, user != null ? user : env.getOrDefault("DB_USER", "postgres"),
                    password != null ? password : env.get("DB_PASSWORD"));
        }
        Path dir = Path.of(data != null ? data : ViewCommand.DEFAULT_DATA.toString());
        if (!Files.isDirectory(dir)) {
            throw new Args.UsageException("no data directory " + dir + " (start './pm run --data " + dir + "' or './pm demo --data " + dir + "' first, or pass --db-url)");
        }
        Path pg = ViewCommand.postgresDir(dir);
        if (!Files.isDirectory(pg)) {
            throw new Args.UsageException(dir + " holds no database yet (" + pg + " is missing; start './pm run --data " + dir
                    + "' first)");
        }
        Main.configureLogging(dir.resolve("pm.log").toString());
        Integer port = ViewCommand.runningPort(pg);
        if (port != null) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres?prepareThreshold=0");
            ds.setUser("postgres");
            ds.setPassword("postgres");
            return new OpenDatabase(reachable(ds, "the database of " + dir), null);
        }
        try {
            EmbeddedDatabase db = EmbeddedDatabase.start(pg);
            return new OpenDatabase(db.dataSource(), db);
        } catch (RuntimeException e) {
            throw new CommandFailure("could not start the database in " + pg + ": " + Main.oneLine(e));
        }
    }

    private static OpenDatabase external(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new Args.UsageException("--db-url must start with jdbc:postgresql://, was '" + Configuration.maskPassword(url) + "'");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setUrl(url);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--db-url is not a PostgreSQL JDBC URL: " + Main.oneLine(e));
        }
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        // as './pm run --db-url': logs in the default data directory, never the working directory
        Main.configureLogging(ViewCommand.DEFAULT_DATA.toAbsolutePath().resolve("pm.log").toString());
        String where = Configuration.maskPassword(url);
        reachable(ds, where);
        try {
            EmbeddedDatabase.migrate(ds); // the views and tables exist after the migrations
        } catch (RuntimeException e) {
            throw new CommandFailure("applying the migrations to " + where + " failed: " + Main.oneLine(e));
        }
        return new OpenDatabase(ds, null);
    }

    /** Connects once, so that an unreachable database is one line instead of a failure deep inside. */
    private static DataSource reachable(DataSource ds, String where) {
        try (Connection ignored = ds.getConnection()) {
            return ds;
        } catch (SQLException e) {
            throw new CommandFailure("cannot connect to " + where + ": " + Main.oneLine(e));
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
