package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.local.bench.Benchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./pm}: the position manager on one machine, and the operator's controls.
 *
 * <pre>
 * pm demo       a simulated trading day on the embedded stack
 * pm run        real time against an Alpaca paper account
 * pm positions  open positions (v_open_positions_summary)
 * pm health     v_position_health_check
 * pm history    exits of positions, partial and final (v_position_performance)
 * pm report     a trading day's report (HTML and a text summary) from position_history
 * pm bench      benchmarks
 * pm status | retry | close | flatten | pause | resume   the controls for the bad day
 * </pre>
 *
 * The command line is picocli's: subcommands, help, typed options and exit codes (0 ok, 1 failure,
 * 2 usage or configuration), every error one line naming what is wrong. The older commands keep
 * their own option parsing ({@link Args}) and get their arguments as they came.
 */
@Command(name = "pm", sortOptions = false,
        description = {"The position manager on one machine (embedded PostgreSQL, ElasticMQ for SQS, the",
                "unchanged Lambda handlers) and the operator's controls for the bad day."},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage or configuration. './pm <command> --help' shows a command's options."})
public final class Main implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private final PrintStream out;

    private Main(PrintStream out) {
        this.out = out;
    }

    /** {@code ./pm} without a command: the help, as a usage error. */
    @Override
    public Integer call() {
        out.print(new CommandLine(this).getUsageMessage());
        return 2;
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the process exit code (0 ok, 1 failure, 2 usage or configuration). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC(), System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with the operator actions' clock and the environment given. */
    static int run(String[] args, PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {
        return commandLine(out, err, clock, env).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {
        CommandLine top = new CommandLine(new Main(out));
        top.setExpandAtFiles(false); // '@x' is an argument, not a file to read
        passthrough(top, "demo", "trade a simulated day against the Alpaca simulator (every exit rule fires)",
                argv -> new DemoCommand(out, err).run(argv));
        passthrough(top, "run", "manage a real Alpaca paper account in real time (ALPACA_API_KEY_ID, ALPACA_API_SECRET_KEY)",
                argv -> new RunCommand(out, err, env).run(argv));
        for (String[] view : new String[][]{{"positions", "open positions of a data directory or database (v_open_positions_summary)"},
                {"health", "the health check (v_position_health_check)"}, {"history", "exits of positions, partial and final (v_position_performance)"}}) {
            passthrough(top, view[0], view[1], argv -> new ViewCommand(view[0], out, err).run(argv));
        }
        passthrough(top, "report", "a trading day's report from the database: HTML with a cumulative P&L chart, and a text summary",
                argv -> new ReportCommand(out).run(argv));
        passthrough(top, "bench", "benchmarks", argv -> {
            Benchmark.Options options = Benchmark.Options.parse(argv);
            // beside the bench's other output, under target/: nothing it makes lands in the working directory
            configureLogging(options.root().resolve(options.work()).resolve("pm-bench.log").toString());
            Benchmark.main(options);
            return 0;
        });
        passthrough(top, "simulator", "the Alpaca simulator on a fixed port (docker-compose.yml, sam local invoke)",
                argv -> new SimulatorCommand(out).run(argv));
        OperatorCommands.Terminal terminal = new OperatorCommands.Terminal(out, err, clock, env);
        OperatorCommands.all(terminal).forEach(top::addSubcommand);
        top.addSubcommand("help", new CommandLine.HelpCommand());
        // set after the subcommands were added: these propagate to every one of them
        top.setOut(new PrintWriter(out, true));
        top.setErr(new PrintWriter(err, true));
        top.setParameterExceptionHandler((e, argv) -> {
            CommandLine at = e.getCommandLine();
            if (at == top && e instanceof CommandLine.UnmatchedArgumentException && argv.length > 0 && !argv[0].startsWith("-")) {
                err.println("pm: unknown command '" + argv[0] + "' (commands: " + String.join(", ", top.getSubcommands().keySet())
                        + "; see ./pm --help)");
            } else {
                err.println(prefix(at) + ": " + oneLine(e) + " (see ./pm" + (at == top ? "" : " " + at.getCommandName()) + " --help)");
            }
            return 2;
        });
        top.setExecutionExceptionHandler((e, at, parsed) -> {
            err.println(prefix(at) + ": " + oneLine(e));
            return e instanceof Args.UsageException ? 2 : 1;
        });
        return top;
    }

    private static String prefix(CommandLine at) {
        return at.getParent() == null ? "pm" : "pm " + at.getCommandName();
    }

    /** One of the older commands, which parse their own options: its arguments pass through as they came. */
    @Command
    static final class Passthrough implements Callable<Integer> {
        @FunctionalInterface
        interface Body {
            int run(String[] argv) throws Exception;
        }

        @Unmatched
        List<String> args = new ArrayList<>();
        private final Body body;

        Passthrough(Body body) {
            this.body = body;
        }

        @Override
        public Integer call() throws Exception {
            return body.run(args.toArray(new String[0]));
        }
    }

    private static void passthrough(CommandLine top, String name, String description, Passthrough.Body body) {
        CommandLine sub = new CommandLine(new Passthrough(body));
        sub.getCommandSpec().usageMessage().description(description);
        sub.setStopAtUnmatched(true); // the first argument and all after it go to the command untouched
        sub.setExpandAtFiles(false);
        top.addSubcommand(name, sub);
    }

    /** An error's message as one line: its first line (Flyway's and the driver's run over several), else the cause's. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getCause() != null ? oneLine(e.getCause()) : e.getClass().getSimpleName();
        }
        return m.strip().lines().findFirst().orElse(m).strip();
    }

    /**
     * Sends the handlers' logs to a file (the live table owns the terminal): {@link FileLogConfigurator} reads it
     * when Logback starts, so this must run before the first logger is created; a later call changes nothing.
     */
    static void configureLogging(String file) {
        if (System.getProperty(FileLogConfigurator.FILE) == null) {
            System.setProperty(FileLogConfigurator.FILE, file);
        }
    }
}
