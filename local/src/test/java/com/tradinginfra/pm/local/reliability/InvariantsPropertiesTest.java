package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.app.CloseOrderService;
import com.tradinginfra.pm.app.FrozenClockCloses;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.app.SweepService;
import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.RequestBudget;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import com.tradinginfra.pm.domain.exit.ScaleOut;
import com.tradinginfra.pm.embedded.ExecutionRowWriter;
import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.app.SweepRequest;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants, over random interleavings of executions, price moves, broker-side fills,
 * faults and duplicate or reordered deliveries. The application services run over the real
 * PostgreSQL and the real Alpaca simulator; this test plays SQS itself (at-least-once delivery,
 * duplicates, reordering, redelivery of failed items) so that jqwik chooses the interleavings.
 * Each try is a fresh account with its own symbols, from a Monday 10:00 ET.
 *
 * <p>Cancels are asynchronous in some tries, as at Alpaca (ALPACA.md: 204, then {@code pending_cancel}
 * until the venue confirms, still holding and still able to fill): the clock's advance confirms them.
 * Bracketed stock lots with a maximum hold make the close cancel working legs, and the interleavings
 * let those legs fill while their cancel is pending, or just before it so the cancel is refused.
 * After every step the orders and fills at the simulator are checked, not only at the end.
 *
 * <p>In most tries lots scale out ({@code TAKE_PARTIAL_PROFIT_PCT} of 1 or 3 %, half of the lot):
 * the partial exit cancels a bracketed or re-armed lot's legs, may meet the same late leg fills, and
 * its order counts with the lot's full close in the per-step no-oversell check; at the end no lot is
 * left scaling out, each lot scaled out at most once, and every lot's quantity, exits and P&L add up.
 * Scale-outs and re-arming ({@code MISSING_BRACKETS_ACTION=rearm}) are drawn independently, so many
 * tries have both.
 */
class InvariantsPropertiesTest {
    private static final Instant OPEN = Instant.parse("2026-11-23T15:00:00Z");
    private static final LocalDate EXPIRY = LocalDate.of(2026, 12, 18);
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static AlpacaSimulator sim;
    /** The client's request budget on the simulator's clock, which moves only with the actions (so it never sleeps). */
    private static final RequestBudget.TimeSource SIMULATED_TIME = new RequestBudget.TimeSource() {
        @Override
        public long nanoTime() {
            Instant t = sim.now();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }

        @Override
        public void sleep(Duration duration) {
            // nothing frees a slot while the test waits: the budget's maximum wait is zero
        }
    };
    private static EmbeddedDatabase db;

    /** The pattern of one account's scale-out client order ids: {@code pm-<account>-<lot>-s<attempt>}. */
    private static String partialIds(String account) {
        return "pm-" + account + "-\\d+-s\\d+";
    }

    @BeforeContainer
    static void start() {
        db = EmbeddedDatabase.shared();
        sim = AlpacaSimulator.start(OPEN);
        // A try plays up to ~20 simulated minutes within a fraction of a real second: on the wall clock,
        // Alpaca's 200 requests a minute would be spent by one busy try (slow cancels re-read their legs
        // at each delivery), every later request would meet 429, and lots would stay CLOSING for want of
        // requests, not for anything the product does. So both limits count simulated minutes.
        sim.rateLimitOnSimulatedClock();
    }

    @AfterContainer
    static void stop() {
        sim.close();
    }

    sealed interface Action permits Open, Price, Tick, DeliverSweeps, DeliverCloses, ByHand, Liquidate, Fault, Advance,
            LegFillsAtCancel, LegFillsNow, CancelProtection, PartialFillNext, OpenThenRally,
            CancelThenRally {
    }

    /** A stock lot opens and its price rises at once by {@code percent}: the next sweep may scale it out. */
    record OpenThenRally(Open open, int percent) implements Action {
    }

    /**
     * Someone cancels a stock's protection, a sync follows (re-arming it under {@code rearm}), and the
     * price rises by {@code percent}: the next sweep may scale a re-armed lot out, releasing its OCO.
     */
    record CancelThenRally(int symbol, int percent) implements Action {
    }

    /**
     * The venue fills the next market order of the stock only in part (one share), the rest at the next event; the
     * pending closes are delivered at once, so that order is most often a close or a scale-out of the stock.
     */
    record PartialFillNext(int symbol) implements Action {
    }

    /** {@code maxHold}: the execution's max_hold_minutes (0: none), so a bracketed lot closes while its legs work. */
    record Open(int symbol, boolean option, boolean bracket, int qty, int maxHold) implements Action {
    }

    record Price(int symbol, int percent) implements Action {
    }

    record Tick() implements Action {
    }

    record DeliverSweeps(boolean twice) implements Action {
    }

    record DeliverCloses(boolean twice, boolean reversed) implements Action {
    }

    record ByHand(int symbol, boolean whole) implements Action {
    }

    record Liquidate(int symbol) implements Action {
    }

    record Fault(int kind) implements Action {
    }

    record Advance(int seconds) implements Action {
    }

    /**
     * From now on, the next cancel of an order of each stock comes too late: it fills as the cancel is
     * refused (422 "order is not cancelable"), or, when {@code whilePending}, while the accepted cancel
     * is pending. Armed again whenever other faults are cleared: it is the market, not a fault.
     */
    record LegFillsAtCancel(boolean whilePending) implements Action {
    }

    /** Every leg whose cancel is pending fills now (the venue fills it before confirming the cancel). */
    record LegFillsNow() implements Action {
    }

    /**
     * Someone (the dispatcher, a person in the web UI) cancels the working protective orders of a stock:
     * its bracket legs and any OCO the manager placed. The lots stay unprotected while the position
     * remains: with {@code MISSING_BRACKETS_ACTION=close} they are closed, with {@code rearm} protected again.
     * {@code symbol} -1: every stock's.
     */
    record CancelProtection(int symbol) implements Action {
    }

    /**
     * How the venue treats cancels in a try: confirmed at once, or asynchronously after {@code delaySeconds};
     * and, when {@code legs} is present, from the start each stock's next cancel comes too late (as {@link LegFillsAtCancel}).
     */
    record Cancels(boolean async, int delaySeconds, Optional<LegFillsAtCancel> legs) {
    }

    /** {@code MISSING_BRACKETS_ACTION} of a try: {@code rearm} in most, so re-arming meets every other path. */
    @Provide
    Arbitrary<MissingBracketsAction> missingBrackets() {
        return Arbitraries.of(MissingBracketsAction.REARM, MissingBracketsAction.REARM, MissingBracketsAction.CLOSE);
    }

    @Provide
    Arbitrary<List<Action>> interleavings() {
        Arbitrary<Integer> symbol = Arbitraries.integers().between(0, 2);
        Arbitrary<Action> cancelProtection = Arbitraries.integers().between(-1, 2).map(CancelProtection::new);
        Arbitrary<Open> open = Combinators.combine(symbol, Arbitraries.of(true, false, false), Arbitraries.of(true, true, false),
                        Arbitraries.integers().between(1, 5), Arbitraries.of(0, 0, 1, 2, 3, 5))
                .as(Open::new);
        Arbitrary<Action> action = Arbitraries.oneOf(
                open.map(o -> (Action) o),
                Combinators.combine(open.map(o -> new Open(o.symbol(), false, o.bracket(), o.qty(), o.maxHold())),
                        Arbitraries.integers().between(1, 8)).as(OpenThenRally::new),
                Combinators.combine(symbol, Arbitraries.integers().between(-12, 12)).as(Price::new),
                Arbitraries.just(new Tick()),
                Arbitraries.of(true, false).map(DeliverSweeps::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false)).as(DeliverCloses::new),
                Combinators.combine(symbol, Arbitraries.of(true, false)).as(ByHand::new),
                symbol.map(Liquidate::new),
                Arbitraries.integers().between(0, 5).map(Fault::new),
                Arbitraries.integers().between(5, 90).map(Advance::new),
                Arbitraries.of(true, false).map(LegFillsAtCancel::new),
                Arbitraries.just(new LegFillsNow()),
                // Twice as likely: a scale-out filling in part needs it right before that scale-out's delivery.
                symbol.map(PartialFillNext::new), symbol.map(PartialFillNext::new),
                Combinators.combine(symbol, Arbitraries.integers().between(1, 8)).as(CancelThenRally::new),
                // Three times as likely as the others: re-arming needs a bracketed lot, a cancel, then a tick.
                cancelProtection, cancelProtection, cancelProtection);
        return action.list().ofMinSize(4).ofMaxSize(18);
    }

    /** A try's scale-out trigger in percent (empty: scaling out is off, as by default). */
    @Provide
    Arbitrary<Optional<Integer>> scaleOuts() {
        return Arbitraries.of(1, 3).optional(0.7);
    }

    @Provide
    Arbitrary<Cancels> cancels() {
        Arbitrary<Optional<LegFillsAtCancel>> legs = Arbitraries.of(true, false).map(LegFillsAtCancel::new).optional(0.6);
        return Arbitraries.oneOf(legs.map(l -> new Cancels(false, 0, l)),
                Combinators.combine(Arbitraries.of(0, 30, 90), legs).as((d, l) -> new Cancels(true, d, l)));
    }

    /**
     * A try CI found (seed -2634963088561963784, shrunk): a bracket's stop filled in part while both legs'
     * cancels were pending, then the venue filled the take-profit whole, and the position went short.
     * The simulator's fault, not the manager's (no lot was tracked yet): its take-profit kept its full
     * quantity after the stop's partial fill. Kept as an example so the pair's rule stays kept.
     */
    @net.jqwik.api.Example
    void aBracketsPartlyFilledStopLeavesItsTakeProfitOnlyTheRest() throws Exception {
        theInvariantsHold(List.of(new Open(0, false, true, 2, 0), new PartialFillNext(0), new Open(0, true, true, 3, 0),
                new CancelProtection(-1), new Fault(5), new DeliverSweeps(true), new PartialFillNext(1), new Price(0, -7),
                new LegFillsNow()), new Cancels(true, 0, Optional.empty()), MissingBracketsAction.REARM, Optional.of(3));
    }

    /** Tries: {@code jqwik.tries.default} in junit-platform.properties (-Djqwik.tries.default=N to change). */
    @Property
    void theInvariantsHold(@ForAll("interleavings") List<Action> actions, @ForAll("cancels") Cancels cancels,
                           @ForAll("missingBrackets") MissingBracketsAction missingBrackets,
                           @ForAll("scaleOuts") Optional<Integer> scaleOut) throws Exception {
        try (World world = new World("p" + TRIES.incrementAndGet(), cancels, missingBrackets, scaleOut)) {
            for (Action a : actions) {
                world.apply(a);
                world.checkOrders("after " + a);
            }
            world.heal();
            world.checkInvariants();
            if (missingBrackets == MissingBracketsAction.REARM) {
                // One more tick: a close of one lot may have cancelled another lot's OCO holding its shares during the last delivery.
                world.tick();
                world.checkProtected();
            }
            world.collectStatistics(cancels, scaleOut);
            Statistics.label("missing brackets").collect(missingBrackets.code() + (world.cancelledProtection ? ", legs cancelled" : "")
                    + (world.rearmed() ? ", re-armed" : ""));
            Statistics.label("a re-armed lot's OCO was cancelled and re-armed again").collect(world.rearmedTwice());
        }
    }

    /** One try: an account, its services, the queues this test plays, and what the dispatcher did. */
    static final class World implements AutoCloseable {
        final String account;
        final String prefix;
        final ReusableConnection connection = new ReusableConnection(db.dataSource());
        final AlpacaBroker broker;
        final List<SweepRequest> sweeps = new ArrayList<>();
        final List<CloseRequest> closes = new ArrayList<>();
        final SyncService sync;
        final SweepService sweep;
        final CloseOrderService close;
        final EntryTrader dispatcher;
        final Map<String, BigDecimal> prices = new HashMap<>();
        final Set<String> optionUnderlyings = new HashSet<>();
        Instant now = OPEN;

        /** The lots the dispatcher opened: execution id → what it opened (quantity, legs). */
        final Map<UUID, Opened> opened = new HashMap<>();
        /** Leg faults armed and not yet taken: re-armed when other faults are cleared (they are market behaviour). */
        final List<LegFillsAtCancel> legFaults = new ArrayList<>();
        /** Lot id → what the dispatcher opened, as far as read from the lots table. */
        final Map<Long, Opened> lots = new HashMap<>();
        final MissingBracketsAction missingBrackets;
        /** Set once a {@link CancelProtection} cancelled a working protective order. */
        boolean cancelledProtection;

        record Opened(String symbol, BigDecimal qty, List<String> legIds) {
        }

        World(String account, Cancels cancels, MissingBracketsAction missingBrackets, Optional<Integer> scaleOut) {
            this.account = account;
            this.missingBrackets = missingBrackets;
            this.prefix = account.toUpperCase();
            sim.faults().clear();
            sim.setTime(OPEN);
            sim.resetRequestLog();
            if (cancels.async()) {
                sim.cancelDelay(Duration.ofSeconds(cancels.delaySeconds()));
            } else {
                sim.synchronousCancels();
            }
            cancels.legs().ifPresent(legFaults::add);
            sim.account(account);
            broker = AlpacaBroker.builder(sim.settings(account)).budget(new RequestBudget(RequestBudget.ALPACA_REQUESTS_PER_MINUTE,
                    Duration.ofMinutes(1), Duration.ZERO, SIMULATED_TIME)).build();
            ManagerSettings settings = ManagerSettings.defaults(account).withSweepsPerMinute(1).withMissingBrackets(missingBrackets);
            if (scaleOut.isPresent()) {
                settings = settings.withExits(settings.exits().withScaleOut(
                        new ScaleOut(BigDecimal.valueOf(scaleOut.get()), new BigDecimal("0.5"), true)));
            }
            JdbcPositionStore store = new JdbcPositionStore(connection);
            Outbound queues = new Outbound() {
                @Override
                public void sendSweeps(List<DelayedSweep> s) {
                    s.forEach(d -> sweeps.add(d.request()));
                }

                @Override
                public void sendCloses(List<CloseRequest> c) {
                    closes.addAll(c);
                }
            };
            sync = new SyncService(settings, store, broker, queues);
            sweep = new SweepService(settings, store, broker, queues);
            // The simulator's clock moves only with the actions, so the close's real sleeps between re-reads would change nothing.
            close = FrozenClockCloses.service(settings, store, broker);
            dispatcher = new EntryTrader(sim.settings(account), new ExecutionRowWriter(db.dataSource()), account);
            clearFaults();
        }

        String stock(int i) {
            return prefix + "S" + i;
        }

        String root(int i) {
            return prefix.substring(0, Math.min(prefix.length(), 5)).replace("P", "Q") + (char) ('A' + i);
        }

        String option(int i) {
            return root(i) + "261218C00100000";
        }

        void apply(Action action) {
            try {
                if (action instanceof Open o) {
                    open(o);
                } else if (action instanceof OpenThenRally r) {
                    open(r.open());
                    movePrice(r.open().symbol(), r.percent());
                } else if (action instanceof Price p) {
                    movePrice(p.symbol(), p.percent());
                } else if (action instanceof Tick) {
                    tick();
                } else if (action instanceof DeliverSweeps d) {
                    deliverSweeps(d.twice());
                } else if (action instanceof DeliverCloses d) {
                    deliverCloses(d.twice(), d.reversed());
                } else if (action instanceof ByHand h) {
                    byHand(h.symbol(), h.whole());
                } else if (action instanceof Liquidate l) {
                    liquidate(l.symbol());
                } else if (action instanceof Fault f) {
                    fault(f.kind());
                } else if (action instanceof Advance a) {
                    now = now.plusSeconds(a.seconds());
                    sim.advanceTo(now);
                } else if (action instanceof LegFillsAtCancel l) {
                    legFaults.add(l);
                    arm(l);
                } else if (action instanceof CancelProtection c) {
                    for (int i = 0; i < 3; i++) {
                        if (c.symbol() < 0 || c.symbol() == i) {
                            cancelProtection(i);
                        }
                    }
                } else if (action instanceof CancelThenRally r) {
                    cancelProtection(r.symbol());
                    tick();
                    movePrice(r.symbol(), r.percent());
                } else if (action instanceof PartialFillNext p) {
                    sim.partialFillNext(stock(p.symbol()), BigDecimal.ONE);
                    deliverCloses(false, false);
                } else if (action instanceof LegFillsNow l) {
                    for (AlpacaSimulator.Order o : sim.orders(account)) {
                        // Re-read: a companion's fill has canceled its one-cancels-other sibling meanwhile.
                        if (o.parentId() != null && sim.order(account, o.id()).map(x -> x.status().equals("pending_cancel")).orElse(false)) {
                            sim.fillNow(account, o.id());
                        }
                    }
                }
            } catch (BrokerException e) {
                // A fault hit the dispatcher or the broker-side action itself: nothing of ours to check.
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("broker")) {
                    throw e;
                }
            }
        }

        void arm(LegFillsAtCancel l) {
            for (int i = 0; i < 3; i++) {
                if (l.whilePending()) {
                    sim.faults().fillWhileCancelPending(stock(i));
                } else {
                    sim.faults().fillBeforeCancel(stock(i));
                }
            }
        }

        /** Clears the faults, keeping the armed leg behaviours (a leg filling during its cancel is the market, not a fault). */
        void clearFaults() {
            sim.faults().clear();
            legFaults.forEach(this::arm);
        }

        void open(Open o) {
            clearFaults(); // the dispatcher's own orders are not what is under test
            if (o.option()) {
                String occ = option(o.symbol());
                optionUnderlyings.add(root(o.symbol()));
                BigDecimal premium = prices.computeIfAbsent(occ, k -> new BigDecimal("5.00"));
                sim.setPrice(occ, premium);
                dispatcher.option(root(o.symbol()), occ, "CALL", o.qty(), premium.multiply(new BigDecimal("0.8")).setScale(2, RoundingMode.HALF_UP),
                        premium.multiply(new BigDecimal("1.5")).setScale(2, RoundingMode.HALF_UP), "swing_trade", EXPIRY, now);
            } else {
                String s = stock(o.symbol());
                BigDecimal price = prices.computeIfAbsent(s, k -> new BigDecimal("100.00"));
                // The dispatcher's entry fills at once (a partial fill armed for our close is used up by it).
                sim.partialFillNext(s, BigDecimal.valueOf(1_000_000));
                sim.setPrice(s, price);
                EntryTrader.Opened e = dispatcher.open(new EntryTrader.Entry(s, s, "STOCK", "buy", o.qty(),
                        price.multiply(new BigDecimal("0.95")).setScale(2, RoundingMode.HALF_UP),
                        price.multiply(new BigDecimal("1.15")).setScale(2, RoundingMode.HALF_UP), "swing_trade", o.bracket(),
                        o.maxHold() == 0 ? null : o.maxHold(), null), now);
                List<String> legs = new ArrayList<>();
                if (e.stopOrderId() != null) {
                    legs.add(e.stopOrderId());
                }
                if (e.targetOrderId() != null) {
                    legs.add(e.targetOrderId());
                }
                opened.put(e.executionId(), new Opened(s, BigDecimal.valueOf(o.qty()), legs));
            }
        }

        /** Cancels the stock's working bracket legs and OCO orders (cancelling one order of a pair cancels the other). */
        void cancelProtection(int i) {
            for (AlpacaSimulator.Order o : sim.orders(account)) {
                boolean protective = o.parentId() != null || o.orderClass().equals("oco");
                if (o.symbol().equals(stock(i)) && protective && sim.order(account, o.id()).map(AlpacaSimulator.Order::isOpen).orElse(false)
                        && !sim.order(account, o.id()).orElseThrow().status().equals("held")) {
                    cancelledProtection |= dispatcher.cancel(o.id());
                }
            }
        }

        /** True when the manager placed at least one OCO in this try. */
        boolean rearmed() {
            String ours = "pm-" + account + "-";
            return sim.orders(account).stream().anyMatch(o -> o.orderClass().equals("oco") && o.clientOrderId() != null
                    && o.clientOrderId().startsWith(ours));
        }

        /** True when some lot got a second OCO (its first was cancelled while the position remained). */
        boolean rearmedTwice() {
            String ours = "pm-" + account + "-";
            return sim.orders(account).stream().anyMatch(o -> o.orderClass().equals("oco") && o.clientOrderId() != null
                    && o.clientOrderId().startsWith(ours) && o.clientOrderId().endsWith("-r2"));
        }

        void movePrice(int i, int percent) {
            for (String s : List.of(stock(i), option(i))) {
                BigDecimal before = prices.getOrDefault(s, s.equals(stock(i)) ? new BigDecimal("100.00") : new BigDecimal("5.00"));
                BigDecimal after = before.multiply(BigDecimal.valueOf(100 + percent)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP)
                        .max(new BigDecimal("0.05"));
                prices.put(s, after);
                sim.setPrice(s, after);
            }
        }

        void tick() {
            now = now.plusSeconds(60);
            sim.advanceTo(now);
            try {
                sync.sync(now);
            } catch (BrokerException e) {
                // a failed sync is retried by the next tick, as EventBridge would
            }
        }

        /** SQS: every pending message is delivered (twice when asked); a failed one stays for redelivery. */
        void deliverSweeps(boolean twice) {
            List<SweepRequest> batch = new ArrayList<>(sweeps);
            for (SweepRequest r : batch) {
                for (int i = 0; i < (twice ? 2 : 1); i++) {
                    try {
                        sweep.sweep(r);
                        sweeps.remove(r);
                    } catch (BrokerException e) {
                        // stays in the queue
                    }
                }
            }
        }

        void deliverCloses(boolean twice, boolean reversed) {
            List<CloseRequest> batch = new ArrayList<>(closes);
            if (reversed) {
                java.util.Collections.reverse(batch);
            }
            for (CloseRequest r : batch) {
                for (int i = 0; i < (twice ? 2 : 1); i++) {
                    try {
                        close.close(r);
                        closes.remove(r);
                    } catch (BrokerException e) {
                        // stays in the queue
                    }
                }
            }
        }

        void byHand(int i, boolean whole) {
            for (String s : List.of(stock(i), option(i))) {
                sim.position(account, s).ifPresent(p -> {
                    BigDecimal qty = whole ? p.qty().abs() : p.qty().abs().divide(BigDecimal.valueOf(2), 0, RoundingMode.DOWN);
                    if (qty.signum() > 0) {
                        sim.closeByHand(account, s, qty);
                    }
                });
            }
        }

        void liquidate(int i) {
            if (sim.position(account, option(i)).isPresent()) {
                sim.liquidate(account, option(i));
            }
        }

        void fault(int kind) {
            switch (kind) {
                case 0 -> sim.faults().failNext("GET", "/v2/positions", 503, 1);
                case 1 -> sim.faults().failNext("GET", "/v2/account/activities", 500, 1);
                case 2 -> sim.faults().acceptThenFail("POST", "/v2/orders", 1);
                case 3 -> sim.faults().failNext("GET", "/v2/stocks/snapshots", 503, 1);
                case 4 -> sim.faults().resetConnection("/v2/orders", 1);
                default -> sim.faults().failNext("GET", "/v1beta1/options/snapshots", 429, 1);
            }
        }

        /**
         * Faults stop; the system gets a bounded number of ticks, each delivering everything. 8 ticks are 480
         * simulated seconds, several times the longest cancel delay (90 s): a close waiting on pending legs is
         * redelivered until the second tick after its cancel, then sends its order.
         */
        void heal() throws Exception {
            clearFaults();
            for (int i = 0; i < 8; i++) {
                tick();
                checkOrders("after heal tick " + i);
                for (int round = 0; round < 3 && !(sweeps.isEmpty() && closes.isEmpty()); round++) {
                    deliverSweeps(false);
                    deliverCloses(false, false);
                    checkOrders("after heal delivery " + i + "." + round);
                }
            }
        }

        /**
         * After every step, at the simulator: no position has crossed zero, and no order was sent for a
         * quantity a leg's fill already closed — for each lot, what its close orders sold or may still sell
         * plus what its legs filled never exceeds the lot's quantity. A close order that ended unfilled
         * (refused, cancelled) counts its fill only, since a later attempt may then send the rest again.
         */
        void checkOrders(String when) throws Exception {
            List<AlpacaSimulator.Order> orders = sim.orders(account);
            Map<String, AlpacaSimulator.Order> byId = new HashMap<>();
            orders.forEach(o -> byId.put(o.id(), o));
            Map<Long, BigDecimal> closing = new HashMap<>();
            // A re-armed lot's OCO (pm-<account>-<lot>-r<arm>) and its stop leg are that lot's legs, not close orders;
            // a scale-out's order (pm-<account>-<lot>-s<attempt>) is one, counted with the lot's full close.
            Map<Long, BigDecimal> ocoFilled = new HashMap<>();
            Map<String, Long> ocoLot = new HashMap<>();
            String ours = "pm-" + account + "-";
            for (AlpacaSimulator.Order o : orders) {
                if (o.clientOrderId() != null && o.clientOrderId().startsWith(ours)) {
                    String rest = o.clientOrderId().substring(ours.length());
                    long lotId = Long.parseLong(rest.substring(0, rest.indexOf('-')));
                    BigDecimal filled = o.filledQty() == null ? BigDecimal.ZERO : o.filledQty();
                    if (rest.substring(rest.indexOf('-') + 1).startsWith("r")) {
                        ocoLot.put(o.id(), lotId);
                        continue;
                    }
                    BigDecimal counts = o.isOpen() || o.status().equals("filled") ? o.qty() : filled;
                    closing.merge(lotId, counts, BigDecimal::add);
                }
            }
            for (AlpacaSimulator.Order o : orders) {
                Long lotId = ocoLot.containsKey(o.id()) ? ocoLot.get(o.id()) : o.parentId() == null ? null : ocoLot.get(o.parentId());
                if (lotId != null && o.filledQty() != null) {
                    ocoFilled.merge(lotId, o.filledQty(), BigDecimal::add);
                }
            }
            if (!lots.keySet().containsAll(closing.keySet())) {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT id, execution_id FROM active_positions WHERE account_name = '" + account
                             + "' AND execution_id IS NOT NULL")) {
                    while (rs.next()) {
                        Opened lot = opened.get(rs.getObject(2, UUID.class));
                        if (lot != null) {
                            lots.put(rs.getLong(1), lot);
                        }
                    }
                }
            }
            // Only a lot with close orders can exceed itself: its legs are one-cancels-other.
            for (Map.Entry<Long, BigDecimal> e : closing.entrySet()) {
                long lotId = e.getKey();
                Opened lot = lots.get(lotId);
                if (lot != null) {
                    BigDecimal legsFilled = BigDecimal.ZERO;
                    for (String leg : lot.legIds()) {
                        AlpacaSimulator.Order o = byId.get(leg);
                        if (o != null && o.filledQty() != null) {
                            legsFilled = legsFilled.add(o.filledQty());
                        }
                    }
                    legsFilled = legsFilled.add(ocoFilled.getOrDefault(lotId, BigDecimal.ZERO));
                    BigDecimal sent = e.getValue();
                    assertThat(sent.add(legsFilled)).as(when + ": lot " + lotId + " of " + lot.qty() + " " + lot.symbol()
                            + ": close orders for " + sent + " while its legs filled " + legsFilled).isLessThanOrEqualTo(lot.qty());
                }
            }
            Map<String, BigDecimal> position = new HashMap<>();
            for (AlpacaSimulator.Fill fill : sim.fills(account)) {
                BigDecimal signed = fill.side().equals("buy") ? fill.qty() : fill.qty().negate();
                BigDecimal after = position.getOrDefault(fill.symbol(), BigDecimal.ZERO).add(signed);
                assertThat(after.signum()).as(when + ": " + fill.symbol() + " went short at fill " + fill.id() + " (we only hold longs here)")
                        .isNotNegative();
                position.put(fill.symbol(), after);
            }
        }

        /** What the try exercised, so the share of tries reaching each cancel path shows in the report. */
        void collectStatistics(Cancels cancels, Optional<Integer> scaleOut) {
            Set<String> legs = new HashSet<>();
            opened.values().forEach(o -> legs.addAll(o.legIds()));
            Set<String> cancelAccepted = new HashSet<>();
            Set<String> cancelRefused = new HashSet<>();
            boolean legCancelled = false;
            for (AlpacaSimulator.Request r : sim.requests("DELETE", "/v2/orders/")) {
                String id = r.path().substring("/v2/orders/".length());
                if (!account.equals(r.account()) || !legs.contains(id)) {
                    continue;
                }
                legCancelled = true;
                if (r.status() == 422) {
                    cancelRefused.add(id);
                } else if (r.status() / 100 == 2) {
                    cancelAccepted.add(id);
                }
            }
            boolean filledWhilePending = false;
            boolean filledAsRefused = false;
            for (AlpacaSimulator.Order o : sim.orders(account)) {
                if (o.status().equals("filled") && cancelAccepted.contains(o.id())) {
                    filledWhilePending = true;
                } else if (o.status().equals("filled") && cancelRefused.contains(o.id())) {
                    filledAsRefused = true;
                }
            }
            Statistics.label("cancels").collect(cancels.async() ? "asynchronous, " + cancels.delaySeconds() + " s" : "synchronous");
            Statistics.label("from the start, a stock's next cancel comes too late").collect(cancels.legs()
                    .map(l -> l.whilePending() ? "fills while pending" : "fills as refused").orElse("no"));
            Statistics.label("a bracketed lot's legs were cancelled by a close").collect(legCancelled);
            Statistics.label("a leg filled as its cancel was refused").collect(filledAsRefused);
            Statistics.label("a leg filled while its cancel was pending").collect(filledWhilePending);
            List<AlpacaSimulator.Order> partials = sim.orders(account).stream()
                    .filter(o -> o.clientOrderId() != null && o.clientOrderId().matches(partialIds(account))).toList();
            Statistics.label("scale-out").collect(scaleOut.isEmpty() ? "off" : partials.isEmpty() ? "on, none sent"
                    : partials.stream().anyMatch(o -> sim.fills(account).stream().filter(f -> f.orderId().equals(o.id()))
                    .anyMatch(f -> f.leavesQty() != null && f.leavesQty().signum() > 0)) ? "on, one filled in part" : "on, sent");
            Statistics.label("a scale-out released a bracketed or re-armed lot's legs").collect(count("SELECT count(*) FROM active_positions "
                    + "WHERE account_name = '" + account + "' AND legs_released") > 0);
            String ours = "pm-" + account + "-";
            Set<String> armedLots = new HashSet<>();
            sim.orders(account).stream().filter(o -> o.orderClass().equals("oco") && o.clientOrderId() != null
                    && o.clientOrderId().startsWith(ours)).forEach(o -> armedLots.add(o.clientOrderId().substring(0, o.clientOrderId().lastIndexOf('-'))));
            Statistics.label("a lot was both re-armed and scaled out").collect(partials.stream()
                    .anyMatch(o -> armedLots.contains(o.clientOrderId().substring(0, o.clientOrderId().lastIndexOf('-')))));
        }

        void checkInvariants() throws Exception {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                // No lot is tracked twice.
                assertThat(count(s, "SELECT count(*) FROM (SELECT execution_id FROM active_positions WHERE account_name = '" + account
                        + "' AND execution_id IS NOT NULL GROUP BY execution_id HAVING count(*) > 1) d")).as("executions tracked twice").isZero();
                // No filled execution stays untracked after a sync.
                assertThat(count(s, "SELECT count(*) FROM dispatch_executions de WHERE de.account_name = '" + account + "' AND NOT EXISTS "
                        + "(SELECT 1 FROM active_positions ap WHERE ap.execution_id = de.execution_id)")).as("untracked executions").isZero();
                // Every lot whose exit rule fired is CLOSED or CLOSE_FAILED once the faults stopped.
                try (ResultSet rs = s.executeQuery("SELECT ap.id, ap.ticker, ap.option_symbol, ap.status FROM active_positions ap "
                        + "WHERE ap.account_name = '" + account + "' AND ap.status NOT IN ('closed', 'close_failed') AND EXISTS "
                        + "(SELECT 1 FROM position_events pe WHERE pe.position_id = ap.id AND pe.event_type = 'exit_triggered' "
                        + "AND pe.details->>'rule' <> 'partial_profit')")) {
                    List<String> stuck = new ArrayList<>();
                    while (rs.next()) {
                        stuck.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                    }
                    assertThat(stuck).as("lots whose exit fired but that are not closed").isEmpty();
                }
                // No lot is left scaling out: every scale-out ended (the lot OPEN again) or its lot closed.
                assertThat(count(s, "SELECT count(*) FROM active_positions WHERE account_name = '" + account
                        + "' AND status = 'closing' AND partial_quantity IS NOT NULL")).as("lots still scaling out").isZero();
                // A lot keeps its identity: what it holds and what its exits closed add up to what it opened with.
                assertThat(count(s, "SELECT count(*) FROM active_positions WHERE account_name = '" + account
                        + "' AND quantity + closed_quantity <> original_quantity")).as("lots whose quantities do not add up").isZero();
                // Every exit of a closed lot is a history row, and the rows add up to the lot's realised P&L.
                try (ResultSet rs = s.executeQuery("SELECT ap.id, ap.realized_pnl, ap.closed_quantity, sum(ph.final_pnl_dollars), "
                        + "sum(ph.quantity), count(*) FILTER (WHERE ph.exit_kind = 'final') FROM active_positions ap "
                        + "JOIN position_history ph ON ph.position_id = ap.id WHERE ap.account_name = '" + account
                        + "' AND ap.status = 'closed' GROUP BY ap.id, ap.realized_pnl, ap.closed_quantity")) {
                    while (rs.next()) {
                        assertThat(rs.getBigDecimal(4)).as("lot " + rs.getLong(1) + ": P&L of its exits").isEqualByComparingTo(rs.getBigDecimal(2));
                        assertThat(rs.getBigDecimal(5)).as("lot " + rs.getLong(1) + ": quantity of its exits").isEqualByComparingTo(rs.getBigDecimal(3));
                        assertThat(rs.getLong(6)).as("lot " + rs.getLong(1) + ": final rows").isEqualTo(1);
                    }
                }
                // Every broker fill is accounted to exactly one lot (the ledger's key makes "at most"; this checks "at least").
                Set<String> ledger = new HashSet<>();
                Map<String, Long> owners = new HashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT fill_id, position_id FROM broker_fills WHERE account_name = '" + account + "'")) {
                    while (rs.next()) {
                        ledger.add(rs.getString(1));
                        owners.put(rs.getString(1), rs.getObject(2) == null ? null : rs.getLong(2));
                    }
                }
                for (AlpacaSimulator.Fill fill : sim.fills(account)) {
                    assertThat(ledger).as("fill " + fill.id() + " of " + fill.symbol() + " is in the ledger").contains(fill.id());
                    assertThat(owners.get(fill.id())).as("fill " + fill.id() + " " + fill.side() + " " + fill.symbol() + " has a lot").isNotNull();
                }

            }
            // No order sold more than the broker held: no position ever crossed to the other side.
            Map<String, BigDecimal> position = new HashMap<>();
            for (AlpacaSimulator.Fill fill : sim.fills(account)) {
                BigDecimal signed = fill.side().equals("buy") ? fill.qty() : fill.qty().negate();
                BigDecimal before = position.getOrDefault(fill.symbol(), BigDecimal.ZERO);
                BigDecimal after = before.add(signed);
                assertThat(before.signum() * after.signum()).as("position in " + fill.symbol() + " crossed from " + before + " to " + after)
                        .isNotNegative();
                assertThat(after.signum()).as(fill.symbol() + " went short (we only hold longs here)").isNotNegative();
                position.put(fill.symbol(), after);
            }
            // Each lot scaled out at most once: one partial client order id at most.
            Map<String, Integer> partialOrders = new HashMap<>();
            for (AlpacaSimulator.Order o : sim.orders(account)) {
                if (o.clientOrderId() != null && o.clientOrderId().matches(partialIds(account))) {
                    partialOrders.merge(o.clientOrderId().substring(0, o.clientOrderId().lastIndexOf('-')), 1, Integer::sum);
                }
            }
            assertThat(partialOrders.values()).as("partial exits per lot").allMatch(n -> n == 1);
            // No order for an option names the underlying.
            for (AlpacaSimulator.Order o : sim.orders(account)) {
                if (o.clientOrderId() != null && o.clientOrderId().startsWith("pm-")) {
                    assertThat(optionUnderlyings).as("order " + o.clientOrderId() + " names an option's underlying").doesNotContain(o.symbol());
                }
            }
        }

        /**
         * Re-armed: once the faults stopped, every open stock lot that was opened with legs has one of
         * its recorded legs working at the broker, unless the broker holds less than the symbol's lots
         * (then reconciliation comes first) or other orders hold every share; and no two working OCOs
         * of ours name one lot.
         */
        void checkProtected() throws Exception {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                checkProtected(s);
            }
        }

        private void checkProtected(Statement s) throws Exception {
            Map<String, BigDecimal> tracked = new HashMap<>();
            List<String[]> open = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, ticker, quantity, status, stop_order_id, target_order_id, option_symbol "
                    + "FROM active_positions WHERE account_name = '" + account + "' AND status <> 'closed'")) {
                while (rs.next()) {
                    tracked.merge(rs.getString(2), rs.getBigDecimal(3), BigDecimal::add);
                    // A lot whose legs a scale-out released is re-armed too (its breakeven stop at the broker).
                    if (rs.getString(4).equals("open") && rs.getString(7) == null && (rs.getString(5) != null || rs.getString(6) != null)) {
                        open.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(5), rs.getString(6)});
                    }
                }
            }
            Map<String, Long> workingOcos = new HashMap<>();
            String ours = "pm-" + account + "-";
            for (AlpacaSimulator.Order o : sim.orders(account)) {
                if (o.isOpen() && o.orderClass().equals("oco") && o.parentId() == null && o.clientOrderId() != null
                        && o.clientOrderId().startsWith(ours)) {
                    String lot = o.clientOrderId().substring(ours.length(), o.clientOrderId().lastIndexOf('-'));
                    assertThat(workingOcos.merge(lot, 1L, Long::sum)).as("working OCOs of lot " + lot).isEqualTo(1);
                }
            }
            for (String[] lot : open) {
                Optional<AlpacaSimulator.Position> held = sim.position(account, lot[1]);
                if (held.isEmpty() || held.get().qty().compareTo(tracked.get(lot[1])) < 0
                        || held.get().qtyAvailable().compareTo(BigDecimal.ONE) < 0) {
                    continue;
                }
                boolean working = false;
                for (int leg = 2; leg <= 3; leg++) {
                    if (lot[leg] != null && sim.order(account, lot[leg]).map(AlpacaSimulator.Order::isOpen).orElse(false)) {
                        working = true;
                    }
                }
                assertThat(working).as("open lot " + lot[0] + " of " + lot[1] + " has a working leg (" + lot[2] + ", " + lot[3] + ")").isTrue();
            }
        }

        private static long count(String sql) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                return count(s, sql);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static long count(Statement s, String sql) throws Exception {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() {
            broker.close();
            connection.close();
        }
    }
}
