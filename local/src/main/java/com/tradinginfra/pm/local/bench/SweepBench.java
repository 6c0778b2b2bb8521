package com.tradinginfra.pm.local.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.function.SweepHandler;
import com.tradinginfra.pm.local.LocalContext;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import com.tradinginfra.pm.store.RoundTripCounter;
import com.tradinginfra.pm.domain.OccSymbol;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warm sweeps of one book, the new way and the old way, on the embedded stack.
 *
 * <p>New way: a SweepFunction "container" wired exactly as {@link OneMachineStack} wires its own (its
 * own {@link ReusableConnection} behind a {@link RoundTripCounter}, its own {@link AlpacaBroker} on
 * the simulator, the stack's SQS outbound) and the unchanged {@link SweepHandler}, invoked with an
 * {@link SQSEvent} holding one {@link SweepRequest} for the book's lot range: the time measured is
 * the handler invocation, what Lambda bills as Duration. One more sweep goes through the real path
 * (SweepQueue on ElasticMQ → the stack's SweepFunction consumer) to check that it costs the same
 * round trips and requests.
 *
 * <p>Old way: {@link OldWaySweep} on another container of the same database and simulator.
 */
public final class SweepBench implements AutoCloseable {
    private final OneMachineStack stack;
    private final AlpacaSimulator sim;
    private final RoundTripCounter newDb;
    private final AlpacaBroker newBroker;
    private final SweepHandler handler;
    private final RoundTripCounter oldDb;
    private final AlpacaBroker oldBroker;
    private final OldWaySweep oldWay;
    private final Stopwatches watch = new Stopwatches();
    private final Connection floorDb;
    private final AlpacaBroker floorBroker;
    private final ExecutorService floorPool;
    private Instant clock;

    /** Figures of one sweep. */
    public record Run(double millis, long roundTrips, Map<String, Integer> requests, long allocatedBytes, int priced,
                      double dbMillis, double brokerMillis) {
        public int totalRequests() {
            return requests.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int priceRequests() {
            return requests.entrySet().stream().filter(e -> e.getKey().contains("/snapshots"))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** Figures of one book; {@code floorRuns} interleaved with the measured new-way sweeps. */
    public record SizeResult(BenchLots book, List<Run> newRuns, Run viaQueue, List<Run> oldRuns, List<FloorRun> floorRuns) {
        public SizeResult(BenchLots book, List<Run> newRuns, Run viaQueue, List<Run> oldRuns) {
            this(book, newRuns, viaQueue, oldRuns, List.of());
        }
    }

    /**
     * The sweep's floor: what any sweep of the book must at least do, over the same JDBC and HTTP
     * clients. The bare SELECT of the lots' columns (every value read), the snapshots of the same
     * symbols fetched and parsed in the same batches with the same {@value #FLOOR_IN_FLIGHT} in flight,
     * and one {@code UPDATE … FROM unnest(…)} of the same rows; one after another, as the sweep does them.
     */
    public record FloorRun(double selectMillis, double fetchMillis, double updateMillis, int rows, int prices) {
        public double millis() {
            return selectMillis + fetchMillis + updateMillis;
        }
    }

    /** As the sweep's PriceBook: price requests in flight at once. */
    static final int FLOOR_IN_FLIGHT = 8;
    /** The columns the sweep's SELECT reads (LotTable's column list). */
    private static final String FLOOR_COLUMNS = "id, account_name, execution_id, ticker, instrument_type, option_symbol, side, "
            + "quantity, entry_price, entry_time, stop_loss, take_profit, strategy_type, max_hold_minutes, broker_order_id, "
            + "stop_order_id, target_order_id, status, peak_price, current_price, close_reason, close_attempts, close_order_id";
    private static final String FLOOR_SELECT = "SELECT " + FLOOR_COLUMNS + " FROM active_positions "
            + "WHERE account_name = ? AND status = 'open' AND id BETWEEN ? AND ? ORDER BY id";
    private static final String FLOOR_UPDATE = "UPDATE active_positions ap SET current_price = v.price, "
            + "current_pnl_dollars = v.pnl_dollars, current_pnl_percent = v.pnl_percent, peak_price = v.peak, "
            + "last_checked_at = ?, updated_at = ? "
            + "FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[]) AS v(id, price, pnl_dollars, pnl_percent, peak) "
            + "WHERE ap.id = v.id AND ap.account_name = ? AND ap.status = 'open'";

    public SweepBench(OneMachineStack stack, Instant start) {
        this.stack = stack;
        this.sim = stack.simulator();
        this.clock = start;
        this.newDb = new RoundTripCounter(new ReusableConnection(stack.dataSource()));
        this.newBroker = new AlpacaBroker(stack.brokerSettings());
        // The stack's SweepFunction sends closes to CloseQueue; this bench's books never exit.
        Components parts = new Components(stack.settings(), new JdbcPositionStore(newDb), watch.broker(newBroker),
                new com.tradinginfra.pm.queue.SqsOutbound(stack.sqs().client(), stack.sqs().queueUrl(QueueTopology.SWEEP),
                        stack.sqs().queueUrl(QueueTopology.CLOSE)));
        this.handler = new SweepHandler(parts.sweepService());
        this.oldDb = new RoundTripCounter(new ReusableConnection(stack.dataSource()));
        this.oldBroker = new AlpacaBroker(stack.brokerSettings());
        this.oldWay = new OldWaySweep(stack.settings(), oldDb, watch.broker(oldBroker));
        try {
            this.floorDb = stack.dataSource().getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("the floor's connection", e);
        }
        this.floorBroker = new AlpacaBroker(stack.brokerSettings());
        this.floorPool = Executors.newFixedThreadPool(FLOOR_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "floor-fetch");
            t.setDaemon(true);
            return t;
        });
    }

    /** The next sweep time: one second after the previous, the simulator following. */
    private Instant next() {
        clock = clock.plusSeconds(1);
        stack.advanceTo(clock);
        return clock;
    }

    private static SQSEvent eventOf(SweepRequest request) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(UUID.randomUUID().toString());
        m.setReceiptHandle("bench");
        m.setBody(MessageCodec.encode(request));
        m.setEventSource("aws:sqs");
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        return event;
    }

    private static long allocated() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemoryEnabled()) {
            return s.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private Map<String, Integer> requestsByEndpoint() {
        Map<String, Integer> out = new TreeMap<>();
        for (AlpacaSimulator.Request r : sim.requests()) {
            out.merge(r.method() + " " + r.path(), 1, Integer::sum);
        }
        return out;
    }

    /** One new-way sweep of the book, through the handler. */
    public Run newWay(BenchLots book) {
        Instant asOf = next();
        SQSEvent event = eventOf(new SweepRequest(stack.account(), asOf, 0, book.firstId(), book.lastId()));
        sim.resetRequestLog();
        newDb.reset();
        watch.reset();
        long a0 = allocated();
        long t0 = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(event, new LocalContext("SweepFunction"));
        long t1 = System.nanoTime();
        long a1 = allocated();
        long trips = newDb.count();
        long dbNanos = newDb.nanos();
        if (response != null && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the sweep of " + book.lots() + " lots failed: " + response.getBatchItemFailures());
        }
        return new Run((t1 - t0) / 1e6, trips, requestsByEndpoint(), a0 < 0 ? -1 : a1 - a0, allPriced(book, asOf),
                dbNanos / 1e6, watch.brokerNanos.get() / 1e6);
    }

    /** Every lot of the book must carry this sweep's time, and still be open: else the figures would not be of N lots. */
    private int allPriced(BenchLots book, Instant asOf) {
        int priced = checkedAt(book, asOf);
        if (priced != book.lots()) {
            throw new IllegalStateException("the sweep at " + asOf + " priced " + priced + " of " + book.lots() + " open lots");
        }
        return priced;
    }

    /** One new-way sweep through SweepQueue and the stack's SweepFunction consumer (time includes ElasticMQ). */
    public Run viaQueue(BenchLots book) {
        Instant asOf = next();
        sim.resetRequestLog();
        stack.sweepRoundTrips().reset();
        long t0 = System.nanoTime();
        stack.sqs().client().sendMessage(b -> b.queueUrl(stack.sqs().queueUrl(QueueTopology.SWEEP))
                .messageBody(MessageCodec.encode(new SweepRequest(stack.account(), asOf, 0, book.firstId(), book.lastId()))));
        stack.drain();
        long t1 = System.nanoTime();
        return new Run((t1 - t0) / 1e6, stack.sweepRoundTrips().count(), requestsByEndpoint(), -1, allPriced(book, asOf),
                Double.NaN, Double.NaN);
    }

    /** One old-way sweep of the book. */
    public Run oldWay(BenchLots book) {
        Instant asOf = next();
        sim.resetRequestLog();
        oldDb.reset();
        watch.reset();
        long a0 = allocated();
        long t0 = System.nanoTime();
        OldWaySweep.Result r = oldWay.sweep(book.firstId(), book.lastId(), asOf);
        long t1 = System.nanoTime();
        long a1 = allocated();
        long trips = oldDb.count();
        long dbNanos = oldDb.nanos();
        if (r.priced() != book.lots()) {
            throw new IllegalStateException("old way priced " + r.priced() + " of " + book.lots());
        }
        return new Run((t1 - t0) / 1e6, trips, requestsByEndpoint(), a0 < 0 ? -1 : a1 - a0, allPriced(book, asOf),
                dbNanos / 1e6, watch.brokerNanos.get() / 1e6);
    }

    /** One floor run of the book (see {@link FloorRun}); it writes the rows' own prices back, at the last sweep's time. */
    public FloorRun floor(BenchLots book) {
        try {
            long t0 = System.nanoTime();
            List<Long> ids = new ArrayList<>(book.lots());
            List<BigDecimal> prices = new ArrayList<>(book.lots());
            List<BigDecimal> pnl = new ArrayList<>(book.lots());
            List<BigDecimal> pct = new ArrayList<>(book.lots());
            List<BigDecimal> peaks = new ArrayList<>(book.lots());
            try (PreparedStatement ps = floorDb.prepareStatement(FLOOR_SELECT)) {
                ps.setString(1, stack.account());
                ps.setLong(2, book.firstId());
                ps.setLong(3, book.lastId());
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                        BigDecimal entry = rs.getBigDecimal(9);
                        BigDecimal price = rs.getBigDecimal(20) == null ? entry : rs.getBigDecimal(20);
                        ids.add(rs.getLong(1));
                        prices.add(price);
                        pnl.add(price.subtract(entry));
                        pct.add(BigDecimal.ZERO);
                        peaks.add(rs.getBigDecimal(19) == null ? entry : rs.getBigDecimal(19));
                    }
                }
            }
            long t1 = System.nanoTime();
            int priced = fetchFloorPrices(book);
            long t2 = System.nanoTime();
            try (PreparedStatement ps = floorDb.prepareStatement(FLOOR_UPDATE)) {
                java.sql.Timestamp at = java.sql.Timestamp.from(clock);
                ps.setTimestamp(1, at);
                ps.setTimestamp(2, at);
                ps.setArray(3, floorDb.createArrayOf("bigint", ids.toArray()));
                ps.setArray(4, floorDb.createArrayOf("numeric", prices.toArray()));
                ps.setArray(5, floorDb.createArrayOf("numeric", pnl.toArray()));
                ps.setArray(6, floorDb.createArrayOf("numeric", pct.toArray()));
                ps.setArray(7, floorDb.createArrayOf("numeric", peaks.toArray()));
                ps.setString(8, stack.account());
                ps.executeUpdate();
            }
            long t3 = System.nanoTime();
            if (ids.size() != book.lots() || priced != book.symbols().size()) {
                throw new IllegalStateException("the floor read " + ids.size() + " of " + book.lots() + " lots and priced "
                        + priced + " of " + book.symbols().size() + " symbols");
            }
            return new FloorRun((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, ids.size(), priced);
        } catch (SQLException e) {
            throw new IllegalStateException("the floor of " + book.lots() + " lots", e);
        }
    }

    /** The book's snapshots in the sweep's batches, {@value #FLOOR_IN_FLIGHT} in flight, parsed by the adapter. */
    private int fetchFloorPrices(BenchLots book) {
        TreeSet<String> stocks = new TreeSet<>();
        TreeSet<String> options = new TreeSet<>();
        for (String symbol : book.symbols()) {
            (OccSymbol.looksLikeOcc(symbol) ? options : stocks).add(symbol);
        }
        List<Future<Integer>> answers = new ArrayList<>();
        for (List<String> batch : chunks(stocks, stack.settings().stockBatchSize())) {
            answers.add(floorPool.submit(() -> floorBroker.stockMarketPrices(batch).size()));
        }
        for (List<String> batch : chunks(options, AlpacaBroker.MAX_OPTION_SYMBOLS)) {
            answers.add(floorPool.submit(() -> floorBroker.optionMarketPrices(batch).size()));
        }
        int priced = 0;
        for (Future<Integer> f : answers) {
            try {
                priced += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a floor price request failed", e.getCause());
            }
        }
        return priced;
    }

    private static List<List<String>> chunks(TreeSet<String> symbols, int size) {
        List<List<String>> out = new ArrayList<>();
        List<String> all = new ArrayList<>(symbols);
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    /** Lots of the book whose last_checked_at is {@code asOf}: proof the sweep priced them (read outside the timing). */
    public int checkedAt(BenchLots book, Instant asOf) {
        try (Connection c = stack.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM active_positions WHERE id BETWEEN " + book.firstId()
                     + " AND " + book.lastId() + " AND status = 'open' AND last_checked_at = '" + asOf + "'::timestamptz")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Warm-up then measured sweeps of a book: {@code warmup} unmeasured new-way sweeps (JIT, the
     * calendar cached as in a warm container), {@code runs} measured new-way sweeps, one through the
     * queue, then {@code oldWarmup} + {@code oldRuns} old-way sweeps.
     */
    public SizeResult measure(BenchLots book, int warmup, int runs, int oldWarmup, int oldRuns) {
        return measure(book, warmup, runs, oldWarmup, oldRuns, true);
    }

    /**
     * As {@link #measure(BenchLots, int, int, int, int)}; with {@code floor} each measured new-way
     * sweep is followed by a {@link #floor} run (after as many warm-up floor runs), so that both see
     * the same load of the machine.
     */
    public SizeResult measure(BenchLots book, int warmup, int runs, int oldWarmup, int oldRuns, boolean floor) {
        for (int i = 0; i < warmup; i++) {
            newWay(book);
            if (floor) {
                floor(book);
            }
        }
        List<Run> news = new ArrayList<>();
        List<FloorRun> floors = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            news.add(newWay(book));
            if (floor) {
                floors.add(floor(book));
            }
        }
        Run queued = viaQueue(book);
        for (int i = 0; i < oldWarmup; i++) {
            oldWay(book);
        }
        List<Run> olds = new ArrayList<>();
        for (int i = 0; i < oldRuns; i++) {
            olds.add(oldWay(book));
        }
        return new SizeResult(book, news, queued, olds, floors);
    }

    public Instant clock() {
        return clock;
    }

    @Override
    public void close() {
        newDb.close();
        oldDb.close();
        newBroker.close();
        oldBroker.close();
        floorBroker.close();
        floorPool.shutdownNow();
        try {
            floorDb.close();
        } catch (SQLException ignored) {
            // closing at the end of the bench
        }
    }
}
