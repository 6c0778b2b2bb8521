package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.local.bench.Benchmark;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./pm}: the position manager on one machine.
 *
 * <pre>
 * pm demo       a simulated trading day on the embedded stack
 * pm run        real time against an Alpaca paper account
 * pm positions  open positions (v_open_positions_summary)
 * pm health     v_position_health_check
 * pm history    closed positions (v_position_performance)
 * pm bench      benchmarks
 * </pre>
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: ./pm <command> [options]",
            "",
            "The position manager on one machine: embedded PostgreSQL, ElasticMQ for SQS and the",
            "unchanged Lambda handlers (SyncFunction, SweepFunction, CloseOrderFunction, ExecutionFunction).",
            "",
            "commands:",
            "  demo       trade a simulated day against the Alpaca simulator (every exit rule fires)",
            "  run        manage a real Alpaca paper account in real time (ALPACA_API_KEY_ID, ALPACA_API_SECRET_KEY)",
            "  positions  open positions of a data directory or database (v_open_positions_summary)",
            "  health     the health check (v_position_health_check)",
            "  history    closed positions (v_position_performance)",
            "  bench      benchmarks",
            "  simulator  the Alpaca simulator on a fixed port (docker-compose.yml, sam local invoke)",
            "",
            "'./pm <command> --help' shows a command's options.");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command; returns the process exit code (0 ok, 1 failure, 2 usage or configuration). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0].toLowerCase(Locale.ROOT);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("bench")) {
            try {
                Benchmark.Options options = Benchmark.Options.parse(rest);
                // beside the bench's other output, under target/: nothing it makes lands in the working directory
                configureLogging(options.root().resolve(options.work()).resolve("pm-bench.log").toString());
                Benchmark.main(options);
                return 0;
            } catch (Exception e) {
                err.println("pm bench: " + e.getMessage());
                return 1;
            }
        }
        try {
            return switch (command) {
                case "demo" -> new DemoCommand(out, err).run(rest);
                case "run" -> new RunCommand(out, err, System.getenv()).run(rest);
                case "positions", "health", "history" -> new ViewCommand(command, out, err).run(rest);
                case "simulator" -> new SimulatorCommand(out).run(rest);
                default -> {
                    err.println("pm: unknown command '" + args[0] + "' (commands: demo, run, positions, health, history, bench; see ./pm --help)");
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            err.println("pm " + command + ": " + e.getMessage());
            return 2;
        }
    }

    /**
     * Sends the handlers' logs to a file (the live table owns the terminal). Must run before the
     * first logger is created; a later call only changes the file when Log4j has not started yet.
     */
    static void configureLogging(String file) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "pm-log4j2.xml");
        }
        // ./pm closes the stack in its own shutdown hook; Log4j's hook would stop logging first
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) {
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        if (System.getProperty("pm.log.file") == null) {
            System.setProperty("pm.log.file", file);
        }
    }
}
