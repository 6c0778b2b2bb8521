package com.tradinginfra.pm.local.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.queue.MessageCodec;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Cold starts of every function against the empty SQS handler ({@link EmptySqsHandler}) under the same runtime client
 * and flags ({@link ColdStart}): the figure issue 11 sets a target on ({@link Comparison#coldstartEmptyRatio()}).
 * Runs alternate between the functions and the baseline, so a change in the machine's load falls on both.
 *
 * <p>{@code java … ColdStarts [--runs 5] [--lots 100] [--root .] [--work local/target/bench/cold] [--census]}
 */
public final class ColdStarts {
    /** The functions of the template, and the baseline. */
    public enum Target {
        SWEEP("SweepFunction", "com.tradinginfra.pm.function.SweepHandler::handleRequest", "functions/sweep/target/sweep-lambda.jar",
                "pm-sweep"),
        SYNC("SyncFunction", "com.tradinginfra.pm.function.SyncHandler::handleRequest", "functions/sync/target/sync-lambda.jar",
                "pm-sync"),
        CLOSE_ORDER("CloseOrderFunction", "com.tradinginfra.pm.function.CloseOrderHandler::handleRequest",
                "functions/close-order/target/close-order-lambda.jar", "pm-close-order"),
        EMPTY_SQS("EmptyFunction", EmptySqsHandler.class.getName() + "::handleRequest", null, "pm-empty");

        /** The template's functions (all but the baseline). */
        public static final List<Target> FUNCTIONS = List.of(SWEEP, SYNC, CLOSE_ORDER);

        final String functionName;
        final String handler;
        final String jar;
        final String service;

        Target(String functionName, String handler, String jar, String service) {
            this.functionName = functionName;
            this.handler = handler;
            this.jar = jar;
            this.service = service;
        }

        public String functionName() {
            return functionName;
        }
    }

    /** One function's cold starts and the baseline's, taken in the same run. */
    public record Comparison(Target target, List<ColdStart.Run> runs, List<ColdStart.Run> empty) {
        /** Median time from process start to the first response. */
        public double medianMillis() {
            return Samples.median(Samples.of(runs, ColdStart.Run::firstResponseMillis));
        }

        public double emptyMedianMillis() {
            return Samples.median(Samples.of(empty, ColdStart.Run::firstResponseMillis));
        }

        /** Median CPU time of the function's JVM to its first response, and the empty handler's: load-independent. */
        public double medianCpuMillis() {
            return Samples.median(Samples.of(runs, ColdStart.Run::cpuMillis));
        }

        public double emptyMedianCpuMillis() {
            return Samples.median(Samples.of(empty, ColdStart.Run::cpuMillis));
        }

        public double medianInitMillis() {
            return Samples.median(Samples.of(runs, ColdStart.Run::initMillis));
        }

        /** The function's median cold start over the empty handler's: the bench line's {@code coldstart_empty_ratio}. */
        public double coldstartEmptyRatio() {
            return medianMillis() / emptyMedianMillis();
        }

        /** The same ratio of CPU times: what the wall-clock ratio would be on an idle machine, roughly. */
        public double cpuRatio() {
            return medianCpuMillis() / emptyMedianCpuMillis();
        }
    }

    /** All targets' comparisons and the worst ratio among them (what the bench line reports). */
    public record Result(List<Comparison> comparisons) {
        /** The function with the highest wall-clock ratio to the empty handler. */
        public Comparison worst() {
            return comparisons.stream().max(java.util.Comparator.comparingDouble(Comparison::coldstartEmptyRatio)).orElseThrow();
        }

        /** For the bench line: the worst function's wall-clock ratio. */
        public double coldstartEmptyRatio() {
            return comparisons.isEmpty() ? Double.NaN : worst().coldstartEmptyRatio();
        }

        /** The worst function's CPU-time ratio. */
        public double cpuRatio() {
            return comparisons.stream().mapToDouble(Comparison::cpuRatio).max().orElse(Double.NaN);
        }
    }

    static final String SYNC_ACCOUNT = "bench-sync";
    private final OneMachineStack stack;
    private final Path root;
    private final Path work;
    private final List<Path> runtimeJars;
    private BenchLots book;
    private Instant asOf;
    private int index;

    /** {@code book}: the lots the sweep prices and the close-order function closes (one per run). */
    public ColdStarts(OneMachineStack stack, Path root, Path work, List<Path> runtimeJars, BenchLots book, Instant asOf) {
        this.stack = stack;
        this.root = root;
        this.work = work;
        this.runtimeJars = runtimeJars;
        this.book = book;
        this.asOf = asOf;
    }

    /** {@code runs} cold starts of each of {@code targets} and as many of the empty handler, interleaved. */
    public Result compare(List<Target> targets, int runs, PrintStream log) throws Exception {
        ColdStart empty = ColdStart.prepareEmptyHandler(runtimeJars, work.resolve("empty"));
        List<Comparison> out = new ArrayList<>();
        for (Target target : targets) {
            ColdStart function = ColdStart.prepare(root.resolve(target.jar), runtimeJars, work.resolve(target.name().toLowerCase(Locale.ROOT)));
            List<ColdStart.Run> mine = new ArrayList<>();
            List<ColdStart.Run> base = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                base.add(run(empty, Target.EMPTY_SQS, book, 0, null, false));
                mine.add(run(function, target, book, 0, null, false));
                log.printf(Locale.ROOT, "%s cold start %d: %,.0f ms (init %,.0f ms, CPU %,.0f ms); empty handler %,.0f ms (CPU %,.0f ms)%n",
                        target.functionName, i + 1, mine.get(i).firstResponseMillis(), mine.get(i).initMillis(), mine.get(i).cpuMillis(),
                        base.get(i).firstResponseMillis(), base.get(i).cpuMillis());
            }
            Comparison c = new Comparison(target, mine, base);
            log.printf(Locale.ROOT, "%s: median %,.0f ms (init %,.0f ms) against the empty handler's %,.0f ms: %.2f×; CPU %,.0f ms against %,.0f ms: %.2f×%n",
                    target.functionName, c.medianMillis(), c.medianInitMillis(), c.emptyMedianMillis(), c.coldstartEmptyRatio(),
                    c.medianCpuMillis(), c.emptyMedianCpuMillis(), c.cpuRatio());
            out.add(c);
        }
        return new Result(out);
    }

    /** One extra run of {@code target} that logs class loading (slower: not a timing run); classes by package. */
    public Map<String, Integer> census(Target target) throws Exception {
        return run(prepare(target), target, book, 0, null, true).classesByPackage();
    }

    /**
     * A cold SweepFunction sweeping {@code lots}, then {@code warm} warm sweeps in the same JVM, its heap read at the end;
     * {@code maxHeapMb} (null: Lambda's) caps the heap.
     */
    public ColdStart.Run sweep(BenchLots lots, int warm, Integer maxHeapMb) throws Exception {
        return run(prepare(Target.SWEEP), Target.SWEEP, lots, warm, maxHeapMb, false);
    }

    private ColdStart prepare(Target target) throws java.io.IOException {
        return target == Target.EMPTY_SQS ? ColdStart.prepareEmptyHandler(runtimeJars, work.resolve("empty"))
                : ColdStart.prepare(root.resolve(target.jar), runtimeJars, work.resolve(target.name().toLowerCase(Locale.ROOT)));
    }

    /** {@code swept}: the lots a sweep event covers; a heap reading comes with warm runs or a cap. */
    private ColdStart.Run run(ColdStart cold, Target target, BenchLots swept, int warm, Integer maxHeapMb, boolean census)
            throws Exception {
        asOf = asOf.plusSeconds(10);
        stack.advanceTo(asOf);
        Map<String, String> env = new java.util.LinkedHashMap<>(ColdStart.environment(stack, "-", cold.taskRoot()));
        env.put("POWERTOOLS_SERVICE_NAME", target.service);
        if (target == Target.CLOSE_ORDER) {
            env.put("BROKER_REQUEST_PRIORITY", "close"); // as the template sets it for CloseOrderFunction
        }
        if (target == Target.SYNC) {
            // an account of its own: the simulator holds none of the book's positions, so a sync of the bench account
            // would close the whole book that the sweep prices and the close-order function closes
            env.put("ACCOUNT_NAME", SYNC_ACCOUNT);
        }
        Instant at = asOf;
        IntFunction<String> event = switch (target) {
            case SWEEP, EMPTY_SQS -> i -> ColdStart.sqsEvent(new SweepRequest(stack.account(), at.plusSeconds(i), 0, swept.firstId(),
                    swept.lastId()));
            case SYNC -> i -> scheduledEvent(at.plusSeconds(60L * i));
            case CLOSE_ORDER -> i -> ColdStart.sqsEvent(MessageCodec.encode(closing(stack.dataSource(), at.plusSeconds(i))), "CloseQueue", at);
        };
        boolean heap = warm > 0 || maxHeapMb != null;
        return cold.launch(target.functionName, target.handler, env, event, warm, heap, maxHeapMb, index++, census);
    }

    /** Moves the book's next open lot to CLOSING, as a sweep would, and returns its close request. */
    private CloseRequest closing(DataSource db, Instant at) {
        String sql = "UPDATE active_positions SET status = 'closing', close_reason = 'stop_loss', close_requested_at = ?, "
                + "close_attempts = close_attempts + 1, updated_at = ? WHERE id = (SELECT min(id) FROM active_positions "
                + "WHERE account_name = ? AND status = 'open' AND id BETWEEN ? AND ?) RETURNING id, close_attempts";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, stack.account());
            s.setLong(4, book.firstId());
            s.setLong(5, book.lastId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    // a sync has closed the book (the simulator holds none of its positions): track a fresh lot
                    BenchLots more = BenchLots.create(db, stack.simulator(), stack.account(), 1, at);
                    book = new BenchLots(more.firstId(), more.lastId(), more.lots(), more.stockLots(), more.optionLots(),
                            more.stockSymbols(), more.contracts());
                    return closing(db, at);
                }
                return new CloseRequest(stack.account(), r.getLong(1), r.getInt(2), "stop_loss", at);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot move a lot to CLOSING: " + e.getMessage(), e);
        }
    }

    /** The EventBridge event of a {@code rate(1 minute)} rule firing at {@code time}. */
    static String scheduledEvent(Instant time) {
        JsonObject event = new JsonObject();
        event.addProperty("version", "0");
        event.addProperty("id", UUID.randomUUID().toString());
        event.addProperty("detail-type", "Scheduled Event");
        event.addProperty("source", "aws.events");
        event.addProperty("account", "000000000000");
        event.addProperty("time", time.toString());
        event.addProperty("region", "us-east-1");
        JsonArray resources = new JsonArray();
        resources.add("arn:aws:events:us-east-1:000000000000:rule/position-manager-tick");
        event.add("resources", resources);
        event.add("detail", new JsonObject());
        return event.toString();
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int lots = 100;
        Path root = Path.of(".");
        Path work = Path.of("local/target/bench/cold");
        boolean census = false;
        List<Target> targets = Target.FUNCTIONS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--lots" -> lots = Integer.parseInt(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--census" -> census = true;
                case "--only" -> targets = List.of(Target.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (ColdStarts [--runs 5] [--lots 100] [--root .] [--work DIR] [--census] [--only sweep|sync|close_order])");
            }
        }
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
        PrintStream log = System.out;
        log.println("machine: " + Machine.describe().summary());
        try (OneMachineStack stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults(Benchmark.ACCOUNT),
                Benchmark.OPEN))) {
            BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, lots, Benchmark.OPEN);
            ColdStarts cold = new ColdStarts(stack, root, root.resolve(work), ColdStart.findRuntimeJars(), book,
                    Benchmark.OPEN.plusSeconds(3600));
            Result r = cold.compare(targets, runs, log);
            log.printf(Locale.ROOT, "coldstart_empty_ratio=%.2f (CPU time: %.2f)%n", r.coldstartEmptyRatio(), r.cpuRatio());
            if (census) {
                List<Target> all = new ArrayList<>(targets);
                all.add(Target.EMPTY_SQS);
                for (Target t : all) {
                    Map<String, Integer> classes = cold.census(t);
                    log.println(t.functionName + " classes: " + classes.values().stream().mapToInt(Integer::intValue).sum() + " " + classes);
                }
            }
        }
    }
}
