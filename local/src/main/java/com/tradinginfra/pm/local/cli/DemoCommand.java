package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.domain.exit.ScaleOut;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.embedded.sim.NyseCalendar;
import com.tradinginfra.pm.local.OneMachineStack;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./pm demo}: a simulated trading day on the embedded stack. Each 15 simulated seconds the
 * clock moves (releasing the delayed sub-minute sweeps), prices move, the scenario acts; at each
 * minute boundary EventBridge's tick invokes SyncFunction; then every queue is drained.
 */
final class DemoCommand {
    static final String ACCOUNT = "demo";
    static final LocalDate DEFAULT_DATE = LocalDate.of(2026, 11, 23);
    static final double DEFAULT_SPEED = 6.5;
    static final long DEFAULT_SEED = 42;
    static final int MINUTES_AFTER_CLOSE = 5;
    /** The handlers' logs of the last demo, in the data directory that './pm run' uses too. */
    static final Path LOG = ViewCommand.DEFAULT_DATA.resolve("demo.log");

    static final String HELP = String.join("\n",
            "usage: ./pm demo [--date YYYY-MM-DD] [--speed N] [--minutes M] [--seed S] [--prices FILE] [--report FILE] [--data DIR]",
            "                 [--plain]",
            "",
            "Trades one simulated day on the embedded stack: PostgreSQL (migrations applied), ElasticMQ with the",
            "template's queues and DLQs, the Alpaca simulator on loopback, and the unchanged handlers. A simulated",
            "dispatcher opens stocks long and short, calls and puts, day and swing trades (some with bracket legs,",
            "one option expiring today, one position opened at the broker by hand) so that every exit rule fires.",
            "",
            "options:",
            "  --date D       the trading day (default " + DEFAULT_DATE + "; 2026-11-27 closes early at 13:00 ET)",
            "  --speed N      simulated minutes per real second (default " + DEFAULT_SPEED + ": a day in about a minute;",
            "                 0 = as fast as the machine goes)",
            "  --minutes M    stop M simulated minutes after the open (default: the close + " + MINUTES_AFTER_CLOSE + " min)",
            "  --seed S       seed of the random walk and of the ids (default " + DEFAULT_SEED + "): the same seed prints the same",
            "                 output byte for byte (the wall-clock times go to stderr)",
            "  --prices FILE  CSV of time,symbol,price (time HH:MM[:SS] New York or ISO); replaces the named symbols' paths",
            "  --report FILE  the HTML report (default pm-report-<date>.html in the working directory)",
            "  --data DIR     keep the demo's database in DIR (a new directory: PostgreSQL in DIR/postgres, the log in",
            "                 DIR/demo.log); './pm report|positions|history|health --data DIR' then read it. Without it",
            "                 the database is a temporary one, gone when the demo ends",
            "  --plain        plain log lines even on a terminal (no live table)",
            "",
            "The handlers' logs go to " + LOG + " (replaced at each run; its path is printed at the end).");

    private final PrintStream out;
    private final PrintStream err;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The demo's parameters. */
    record Options(LocalDate date, double speed, Integer minutes, long seed, Path prices, Path report, boolean live, Path data) {
        Options(LocalDate date, double speed, Integer minutes, long seed, Path prices, Path report, boolean live) {
            this(date, speed, minutes, seed, prices, report, live, null);
        }
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("date", "speed", "minutes", "seed", "prices", "report", "data"), Set.of("plain"));
        if (a.has("help")) {
            out.println(HELP);
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        LocalDate date;
        try {
            date = a.has("date") ? LocalDate.parse(a.get("date")) : DEFAULT_DATE;
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--date must be YYYY-MM-DD, was '" + a.get("date") + "'");
        }
        Integer minutes = a.has("minutes") ? (int) a.getLong("minutes", 0) : null;
        if (minutes != null && minutes < 1) {
            throw new Args.UsageException("--minutes must be at least 1");
        }
        Path prices = a.has("prices") ? Path.of(a.get("prices")) : null;
        if (prices != null && !Files.isReadable(prices)) {
            throw new Args.UsageException("--prices " + prices + " is not a readable file");
        }
        Path report = Path.of(a.get("report", "pm-report-" + date + ".html"));
        Path data = a.has("data") ? keptDatabase(Path.of(a.get("data"))) : null;
        Options o = new Options(date, a.getDouble("speed", DEFAULT_SPEED), minutes, a.getLong("seed", DEFAULT_SEED), prices,
                report, !a.has("plain") && System.console() != null, data);
        Path log = data == null ? LOG : data.resolve("demo.log");
        if (System.getProperty(FileLogConfigurator.FILE) == null) {
            // one place for the demo's log, replaced at each run (Logback creates the directory)
            try {
                Files.deleteIfExists(log);
            } catch (java.io.IOException e) {
                err.println("pm demo: could not remove the last run's log " + log + ": " + e.getMessage());
            }
            Main.configureLogging(log.toString());
        }
        DemoResult result = run(o);
        result.print(out);
        out.println("handler logs: " + System.getProperty(FileLogConfigurator.FILE));
        if (data != null) {
            out.println("database kept in " + data + ": ./pm report --date " + date + " --data " + data
                    + " (or positions, history, health --data " + data + ")");
        }
        // wall-clock times differ between runs: kept off stdout, which the seed determines byte for byte
        err.println(result.timing());
        return result.ok() ? 0 : 1;
    }

    /**
     * The directory of {@code --data}: new or empty of a database, because the demo's lots and ids would
     * mix with another run's (its report and checks read the whole account).
     */
    static Path keptDatabase(Path dir) {
        Path pg = ViewCommand.postgresDir(dir);
        if (Files.exists(pg)) {
            throw new Args.UsageException("--data " + dir + " already holds a database (" + pg + "): give a new directory, "
                    + "or remove that one first");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new Args.UsageException("--data " + dir + " cannot be created: " + e.getMessage());
        }
        return dir;
    }

    /** Runs the demo; the caller prints the result. */
    DemoResult run(Options o) {
        NyseCalendar.Day day = new NyseCalendar().day(o.date())
                .orElseThrow(() -> new Args.UsageException(o.date() + " is not a trading day (weekend or NYSE holiday)"));
        Instant open = day.openAt();
        Instant close = day.closeAt();
        int sessionMinutes = (int) Duration.between(open, close).toMinutes();
        Instant end = close.plus(Duration.ofMinutes(MINUTES_AFTER_CLOSE));
        if (o.minutes() != null && open.plus(Duration.ofMinutes(o.minutes())).isBefore(end)) {
            end = open.plus(Duration.ofMinutes(o.minutes()));
        }
        DemoScenario scenario = new DemoScenario(o.date(), sessionMinutes);
        int steps = (int) (Duration.between(open, close.plus(Duration.ofMinutes(MINUTES_AFTER_CLOSE))).toSeconds()
                / PricePaths.STEP.toSeconds()) + 1;
        PricePaths paths = PricePaths.generate(scenario.prices, o.seed(), open, steps);
        if (o.prices() != null) {
            Set<String> unknown = paths.override(o.prices(), o.date());
            if (!unknown.isEmpty()) {
                err.println("pm demo: --prices names symbols no lot trades (their prices are set, nothing more): " + unknown);
            }
        }
        {
            out.println("pm demo: " + o.date() + ", session " + Monitor.clock(open) + "-" + Monitor.clock(close) + " ET, seed "
                    + o.seed() + ", " + (o.speed() == 0 ? "full speed" : o.speed() + " simulated min/s")
                    + (o.minutes() != null ? ", stopping after " + o.minutes() + " min" : ""));
            out.println("pm demo: starting embedded PostgreSQL, ElasticMQ and the Alpaca simulator ...");
        }
        long started = System.nanoTime();
        ManagerSettings settings = ManagerSettings.defaults(ACCOUNT).withSweepsPerMinute(4).withExits(ExitSettings.defaults()
                .withScaleOut(new ScaleOut(DemoScenario.SCALE_OUT_PCT, new BigDecimal("0.5"), true)));
        OneMachineStack.Options stackOptions = OneMachineStack.Options.simulated(settings, open);
        if (o.data() != null) {
            stackOptions = new OneMachineStack.Options(settings, ViewCommand.postgresDir(o.data()), null, null, true,
                    stackOptions.visibilityTimeout(), open);
        }
        try (OneMachineStack stack = OneMachineStack.start(stackOptions)) {
            long ready = System.nanoTime();
            AlpacaSimulator sim = stack.simulator();
            // ids derived from the seed, so that the same seed prints the same lines (Alpaca's and the dispatcher's are random)
            sim.seedIds(o.seed());
            DemoEntries dispatcher = new DemoEntries(stack.brokerSettings(), stack.dispatcherTable(), ACCOUNT, o.seed());
            Monitor monitor = new Monitor(stack.dataSource(), ACCOUNT, out, o.live(),
                    "pm demo " + o.date() + " (seed " + o.seed() + ")").statusEvery(30);
            Map<String, DemoEntries.Opened> opened = new LinkedHashMap<>();
            Map<String, Instant> entryTimes = new HashMap<>();
            long stepNanos = o.speed() == 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(PricePaths.STEP.toSeconds()) / 60.0 / o.speed());
            long loopStart = System.nanoTime();
            int k = 0;
            int failedTicks = 0;
            long[] profile = new long[3];
            java.util.Arrays.fill(DRAIN, 0);
            for (Instant t = open; !t.isAfter(end); t = t.plus(PricePaths.STEP), k++) {
                long p0 = System.nanoTime();
                stack.advanceTo(t);
                for (String symbol : paths.symbols()) {
                    sim.setPrice(symbol, paths.at(symbol, t));
                }
                boolean minute = t.getEpochSecond() % 60 == 0;
                if (minute) {
                    // Alpaca's 200 requests a minute, in simulated minutes (the simulator counts wall-clock minutes)
                    sim.resetRateLimits();
                    int m = (int) Duration.between(open, t).toMinutes();
                    for (DemoScenario.LotPlan plan : scenario.lots) {
                        if (plan.entryMinute() == m && !opened.containsKey(plan.symbol())) {
                            entryTimes.put(plan.symbol(), t);
                            if (plan.handOpened()) {
                                sim.openPosition(ACCOUNT, plan.symbol(), BigDecimal.valueOf(plan.side().equals("buy") ? plan.qty() : -plan.qty()),
                                        paths.at(plan.symbol(), t));
                                opened.put(plan.symbol(), null);
                            } else {
                                opened.put(plan.symbol(), dispatcher.open(plan, paths.at(plan.symbol(), t), t));
                            }
                        }
                    }
                    for (DemoScenario.Action action : scenario.actions) {
                        if (action.minute() == m && action.kind().equals("cancel_legs") && opened.get(action.symbol()) != null) {
                            for (String leg : opened.get(action.symbol()).legIds()) {
                                dispatcher.cancel(leg);
                            }
                        }
                    }
                    try {
                        stack.tick(t);
                    } catch (RuntimeException e) {
                        // as in Lambda: the invocation fails, EventBridge ticks again next minute
                        failedTicks++;
                        err.println(Monitor.clock(t) + " ET  SyncFunction failed: " + e.getMessage());
                    }
                }
                long p1 = System.nanoTime();
                drain(stack);
                long p2 = System.nanoTime();
                if (minute) {
                    monitor.tick(t);
                } else {
                    monitor.poll();
                }
                long p3 = System.nanoTime();
                profile[0] += p1 - p0;
                profile[1] += p2 - p1;
                profile[2] += p3 - p2;
                if (stepNanos > 0) {
                    long due = loopStart + (k + 1) * stepNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
            }
            stack.drain();
            monitor.poll();
            monitor.close();
            if (System.getenv("PM_DEMO_PROFILE") != null) {
                err.printf("profile: clock+prices+dispatcher+tick %d ms, drain %d ms, monitor %d ms%n",
                        profile[0] / 1_000_000, profile[1] / 1_000_000, profile[2] / 1_000_000);
                err.printf("drain: sweep busy %d ms idle %d ms, close busy %d ms idle %d ms, %d sweeps %d closes%n",
                        DRAIN[0] / 1_000_000, DRAIN[1] / 1_000_000, DRAIN[2] / 1_000_000, DRAIN[3] / 1_000_000, DRAIN[4], DRAIN[5]);
            }
            long finished = System.nanoTime();
            int dlq = 0;
            Map<String, Integer> dlqs = new TreeMap<>();
            for (QueueTopology q : QueueTopology.values()) {
                int n = stack.deadLetters(q);
                dlqs.put(q.dlqName(), n);
                dlq += n;
            }
            Instant lastTime = end;
            DemoResult result = DemoResult.collect(stack.dataSource(), ACCOUNT, scenario, settings, open, close, lastTime, dlq, dlqs,
                    Duration.ofNanos(ready - started), Duration.ofNanos(finished - ready));
            result.failedTicks = failedTicks;
            if (o.live()) {
                out.println();
            }
            try {
                HtmlReport.write(o.report(), result, scenario, paths, o.seed());
                result.reportPath = o.report().toAbsolutePath();
            } catch (java.io.IOException e) {
                err.println("pm demo: could not write the report " + o.report() + ": " + e.getMessage());
            }
            return result;
        }
    }

    /**
     * Drains SweepQueue, then CloseQueue, in rounds until no batch comes back full. Cheaper than
     * {@link OneMachineStack#drain()} (two idle rounds over three queues; an idle receive costs ~6 ms
     * here): the demo never uses the ExecutionQueue (its handler dates a notice by the wall-clock
     * SentTimestamp), and the close consumer polls right after the sweeps that feed it, so one
     * round sees every message sent before it. Items that failed come back after the visibility
     * timeout and are handled at a later step.
     */
    static final long[] DRAIN = new long[6];
    /** Batch sizes of the local stack's consumers (as template.yaml's event source mappings). */
    private static final int SWEEP_BATCH = 10;
    private static final int CLOSE_BATCH = 10;

    static void drain(OneMachineStack stack) {
        while (true) {
            long a = System.nanoTime();
            int sweeps = stack.sweepConsumer().pollOnce(0);
            long b = System.nanoTime();
            int closes = stack.closeConsumer().pollOnce(0);
            long c = System.nanoTime();
            DRAIN[sweeps > 0 ? 0 : 1] += b - a;
            DRAIN[closes > 0 ? 2 : 3] += c - b;
            DRAIN[4] += sweeps;
            DRAIN[5] += closes;
            // the close consumer polled after the sweeps that feed it: another round only when a batch was full
            if (sweeps < SWEEP_BATCH && closes < CLOSE_BATCH) {
                return;
            }
        }
    }
}
