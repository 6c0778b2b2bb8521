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

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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

    /** Figures of one book. */
    public record SizeResult(BenchLots book, List<Run> newRuns, Run viaQueue, List<Run> oldRuns) {
    }

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
        for (int i = 0; i < warmup; i++) {
            newWay(book);
        }
        List<Run> news = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            news.add(newWay(book));
        }
        Run queued = viaQueue(book);
        for (int i = 0; i < oldWarmup; i++) {
            oldWay(book);
        }
        List<Run> olds = new ArrayList<>();
        for (int i = 0; i < oldRuns; i++) {
            olds.add(oldWay(book));
        }
        return new SizeResult(book, news, queued, olds);
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
    }
}
