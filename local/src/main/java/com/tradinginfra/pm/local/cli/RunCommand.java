package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.config.ConfigurationException;
import com.tradinginfra.pm.config.Environment;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.local.OneMachineStack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./pm run}: the real thing without AWS. Embedded PostgreSQL kept in a data directory (or an
 * existing PostgreSQL), ElasticMQ, real Alpaca paper trading; EventBridge's tick at each real
 * minute boundary; the queue consumers poll continuously (sub-minute sweeps through SQS
 * DelaySeconds). Ctrl-C stops it cleanly.
 */
final class RunCommand {
    static final String KEY_ID = "ALPACA_API_KEY_ID";
    static final String SECRET = "ALPACA_API_SECRET_KEY";

    static final String HELP = String.join("\n",
            "usage: ./pm run [--data DIR | --db-url URL [--db-user U] [--db-password P]] [--account NAME] [--plain]",
            "",
            "Manages a real Alpaca paper account in real time on this machine: embedded PostgreSQL (state kept in",
            "the data directory, so a restart loses nothing) or an existing PostgreSQL, ElasticMQ for the queues,",
            "and the unchanged handlers. EventBridge's tick fires at each minute boundary; Ctrl-C stops cleanly.",
            "",
            "environment:",
            "  " + KEY_ID + ", " + SECRET + "   the paper account's keys (required; never printed)",
            "  ALPACA_TRADING_URL, ALPACA_DATA_URL           optional base URLs (default: paper trading and market data)",
            "  ACCOUNT_NAME                                  the account name in the database (default 'paper')",
            "  DEFAULT_STOP_LOSS_PCT, SWEEPS_PER_MINUTE, ...  the exit defaults and settings of the functions (see the README)",
            "",
            "options:",
            "  --data DIR        the data directory (default " + ViewCommand.DEFAULT_DATA + "): PostgreSQL in DIR/postgres,",
            "                    logs in DIR/pm.log",
            "  --db-url URL      an existing PostgreSQL (jdbc:postgresql://...) instead of the embedded one,",
            "                    with --db-user and --db-password (or DB_USER, DB_PASSWORD); migrations are applied;",
            "                    logs in " + ViewCommand.DEFAULT_DATA + "/pm.log",
            "  --account NAME    the account name (overrides ACCOUNT_NAME)",
            "  --plain           plain log lines even on a terminal (no live table)",
            "",
            "Dispatcher executions for the account (dispatch_executions) are tracked at the next tick; positions",
            "opened at the broker by other means are adopted with the default stop and target.");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    RunCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("data", "db-url", "db-user", "db-password", "account"), Set.of("plain"));
        if (a.has("help")) {
            out.println(HELP);
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        if (a.has("db-url") && a.has("data")) {
            throw new Args.UsageException("--data and --db-url exclude each other");
        }
        List<String> missing = new ArrayList<>();
        if (env(KEY_ID) == null) {
            missing.add(KEY_ID);
        }
        if (env(SECRET) == null) {
            missing.add(SECRET);
        }
        if (!missing.isEmpty()) {
            err.println("pm run: missing environment variable" + (missing.size() == 1 ? " " : "s ") + String.join(" and ", missing)
                    + " (the Alpaca paper trading keys; see ./pm run --help)");
            return 2;
        }
        AlpacaSettings alpaca;
        try {
            alpaca = new AlpacaSettings(env(KEY_ID), env(SECRET), env("ALPACA_TRADING_URL"), env("ALPACA_DATA_URL"));
        } catch (IllegalArgumentException e) {
            err.println("pm run: " + e.getMessage());
            return 2;
        }
        if (alpaca.isLive()) {
            err.println("pm run: ALPACA_TRADING_URL points at the live (real money) API; ./pm run manages paper accounts only");
            return 2;
        }
        String account = a.get("account", env("ACCOUNT_NAME") == null ? "paper" : env("ACCOUNT_NAME"));
        if (!account.matches("[A-Za-z0-9_.-]{1,50}")) {
            throw new Args.UsageException("the account name must be 1-50 letters, digits, '.', '_' or '-', was '" + account + "'");
        }
        Path data = null;
        OneMachineStack.ExternalDb external = null;
        if (a.has("db-url")) {
            String url = a.get("db-url");
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new Args.UsageException("--db-url must start with jdbc:postgresql://");
            }
            external = new OneMachineStack.ExternalDb(url, a.get("db-user", env("DB_USER") == null ? "postgres" : env("DB_USER")),
                    a.get("db-password", env("DB_PASSWORD")));
            Main.configureLogging(ViewCommand.DEFAULT_DATA.toAbsolutePath().resolve("pm.log").toString());
        } else {
            data = Path.of(a.get("data", ViewCommand.DEFAULT_DATA.toString())).toAbsolutePath();
            try {
                Files.createDirectories(data);
            } catch (java.io.IOException e) {
                err.println("pm run: cannot create the data directory " + data + ": " + e.getMessage());
                return 2;
            }
            Main.configureLogging(data.resolve("pm.log").toString());
        }
        boolean live = !a.has("plain") && System.console() != null;
        // The same exit defaults and settings as the functions (DEFAULT_STOP_LOSS_PCT, SWEEPS_PER_MINUTE, ...).
        Environment environment = Environment.system();
        ManagerSettings settings = Configuration.managerSettings(environment, account);
        try {
            environment.check();
        } catch (ConfigurationException e) {
            err.println("pm run: " + e.getMessage());
            return 2;
        }
        out.println("pm run: account '" + account + "', broker " + alpaca.tradingUrl() + ", database "
                + (external != null ? Configuration.maskPassword(external.url()) : data) + ", logs " + System.getProperty(FileLogConfigurator.FILE));
        out.println("pm run: starting ... (Ctrl-C stops)");
        // PostgreSQL wants a directory of its own (initdb refuses a non-empty one): DIR/postgres, logs in DIR/pm.log
        OneMachineStack.Options options = new OneMachineStack.Options(settings, data == null ? null : ViewCommand.postgresDir(data), external,
                alpaca, false, Duration.ofSeconds(30), null);
        return serve(options, live);
    }

    private int serve(OneMachineStack.Options options, boolean live) {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            running.set(false);
            main.interrupt();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pm-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        OneMachineStack stack = null;
        Thread consumers = null;
        try {
            stack = OneMachineStack.start(options);
            OneMachineStack s = stack;
            consumers = new Thread(() -> {
                while (running.get()) {
                    try {
                        s.pollOnce(1);
                    } catch (RuntimeException e) {
                        if (running.get()) {
                            err.println("pm run: queue poll failed: " + e.getMessage());
                            sleepQuietly(1000);
                        }
                    }
                }
            }, "pm-run-consumers");
            consumers.setDaemon(true);
            consumers.start();
            Monitor monitor = new Monitor(stack.dataSource(), options.settings().account(), out, live,
                    "pm run (" + options.settings().account() + ")").statusEvery(5).skipExisting();
            out.println("pm run: running; ticks at each minute boundary");
            while (running.get()) {
                Instant next = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                long wait = Duration.between(Instant.now(), next).toMillis();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                if (!running.get()) {
                    break;
                }
                try {
                    stack.tick(next);
                } catch (RuntimeException e) {
                    err.println(Monitor.clock(next) + " ET  tick failed: " + e.getMessage());
                }
                try {
                    monitor.tick(next);
                } catch (RuntimeException e) {
                    err.println("pm run: could not read the positions: " + e.getMessage());
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("pm run: " + Main.oneLine(e));
            return 1;
        } finally {
            running.set(false);
            if (consumers != null) {
                try {
                    consumers.join(5000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
            if (stack != null) {
                stack.close();
            }
            out.println();
            out.println("pm run: stopped");
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
