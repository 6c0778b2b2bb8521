package com.tradinginfra.pm.embedded;

import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotHolding;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.OrderBooking;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.Reconciliation;
import com.tradinginfra.pm.domain.SweepOutcome;
import com.tradinginfra.pm.domain.exit.ExitDecision;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import com.tradinginfra.pm.store.RoundTripCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC store against a real PostgreSQL with the real migrations. */
class JdbcPositionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T15:00:00Z");
    @RegisterExtension
    final FreshPositionStore fresh = new FreshPositionStore();
    private final EmbeddedDatabase db = fresh.db;
    private final RoundTripCounter counter = fresh.roundTrips;
    private final JdbcPositionStore store = fresh.store;

    private static NewLot stock(String account, String symbol, UUID execution, String qty, String entry) {
        BigDecimal e = new BigDecimal(entry);
        return new NewLot(account, execution, new Instrument.Stock(symbol), PositionSide.LONG, new BigDecimal(qty), e, T0,
                e.multiply(new BigDecimal("0.95")), e.multiply(new BigDecimal("1.15")), "swing_trade", null, ProtectiveLegs.NONE, null);
    }

    /** One long contract of the option {@code occ} for the account "large", bought at 4.80. */
    private static NewLot option(String occ) {
        return new NewLot("large", UUID.randomUUID(), new Instrument.OptionContract(OccSymbol.parse(occ)), PositionSide.LONG,
                BigDecimal.ONE, new BigDecimal("4.80"), T0, new BigDecimal("3.60"), new BigDecimal("7.20"), "swing_trade", null,
                ProtectiveLegs.NONE, null);
    }

    @Test
    void trackingTheSameExecutionTwiceCreatesOneLot() {
        UUID execution = UUID.randomUUID();
        List<Long> first = store.track(List.of(stock("large", "AAPL", execution, "10", "100")), T0);
        List<Long> second = store.track(List.of(stock("large", "AAPL", execution, "10", "100")), T0);
        assertThat(first.get(0)).isNotNull();
        assertThat(second.get(0)).isNull();
        assertThat(store.activeLots("large")).hasSize(1);
    }

    @Test
    void anAccountNeverSeesAnotherAccountsLots() {
        long large = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        long tiny = store.track(List.of(stock("tiny", "AAPL", UUID.randomUUID(), "5", "100")), T0).get(0);
        assertThat(store.activeLots("large")).extracting(Lot::id).containsExactly(large);
        assertThat(store.lot("large", tiny)).isEmpty();
        assertThat(store.openLots("tiny", 0, Long.MAX_VALUE)).extracting(Lot::id).containsExactly(tiny);
        // A sweep of large that names tiny's lot changes nothing of tiny's.
        store.recordSweep("large", List.of(new SweepOutcome(tiny, new BigDecimal("1"), null, new BigDecimal("1"),
                new ExitDecision.Exit(CloseReason.STOP_LOSS, "x"))), T0);
        assertThat(store.lot("tiny", tiny).orElseThrow().status()).isEqualTo(LotStatus.OPEN);
    }

    @Test
    void optionLotKeepsItsContractSymbol() {
        NewLot option = option("GOOGL260220C00340000");
        long id = store.track(List.of(option), T0).get(0);
        Lot lot = store.lot("large", id).orElseThrow();
        assertThat(lot.symbol()).isEqualTo("GOOGL260220C00340000");
        assertThat(lot.instrument().underlying()).isEqualTo("GOOGL");
    }

    @Test
    void aSymbolRangeReadsItsLotsByOrderSymbolInCharacterCodeOrder() {
        NewLot option = option("AAPL261218C00200000");
        // "BRK.B" < "BRKB" by character code ('.' is 0x2E) whatever the database's collation says
        List<Long> ids = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "1", "100"), option,
                stock("large", "BRKB", UUID.randomUUID(), "1", "100"), stock("large", "BRK.B", UUID.randomUUID(), "1", "100"),
                stock("large", "MSFT", UUID.randomUUID(), "1", "100"), stock("large", "AAPL", UUID.randomUUID(), "2", "100")), T0);

        assertThat(store.openLots("large", 0, Long.MAX_VALUE, null, "AAPL261218C00200000")).extracting(Lot::id)
                .containsExactly(ids.get(0), ids.get(5));
        assertThat(store.openLots("large", 0, Long.MAX_VALUE, "AAPL261218C00200000", "BRKB")).extracting(Lot::id)
                .containsExactly(ids.get(1), ids.get(3));
        assertThat(store.openLots("large", 0, Long.MAX_VALUE, "BRKB", null)).extracting(Lot::id)
                .containsExactly(ids.get(2), ids.get(4));
        assertThat(store.openLots("large", 0, Long.MAX_VALUE, null, null)).hasSize(6);
        assertThat(store.openLots("large", ids.get(2), ids.get(4), "BRKB", null)).extracting(Lot::id)
                .containsExactly(ids.get(2), ids.get(4));
    }

    @Test
    void aSweepOfAThousandLotsIsAConstantNumberOfRoundTrips() {
        List<NewLot> lots = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lots.add(stock("large", "S" + (i % 300), UUID.randomUUID(), "10", "100"));
        }
        store.track(lots, T0);
        List<Lot> open = store.openLots("large", 0, Long.MAX_VALUE);
        List<SweepOutcome> outcomes = new ArrayList<>();
        for (Lot lot : open) {
            BigDecimal price = new BigDecimal("101");
            ExitDecision d = lot.id() % 10 == 0 ? new ExitDecision.Exit(CloseReason.STOP_LOSS, "t") : ExitDecision.HOLD;
            outcomes.add(new SweepOutcome(lot.id(), price, lot.pnlAt(price), lot.nextPeak(price), d));
        }
        counter.reset();
        List<Lot> moved = store.recordSweep("large", outcomes, T0.plusSeconds(60));
        store.markDispatched("large", moved.stream().map(Lot::id).toList(), T0.plusSeconds(60));
        assertThat(counter.count()).isEqualTo(2);
        assertThat(moved).hasSize(100).allSatisfy(l -> {
            assertThat(l.status()).isEqualTo(LotStatus.CLOSING);
            assertThat(l.closeAttempts()).isEqualTo(1);
            assertThat(l.closeReason()).isEqualTo(CloseReason.STOP_LOSS);
        });
        Lot held = store.lot("large", open.get(1).id()).orElseThrow();
        assertThat(held.currentPrice()).isEqualByComparingTo("101");
        assertThat(held.peakPrice()).isEqualByComparingTo("101");
    }

    @Test
    void twoConcurrentSweepsMoveALotToClosingOnce() throws Exception {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            results.add(pool.submit(() -> {
                try (ReusableConnection c = new ReusableConnection(db.dataSource())) {
                    JdbcPositionStore own = new JdbcPositionStore(c);
                    start.await();
                    return own.recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("90"), null, new BigDecimal("100"),
                            new ExitDecision.Exit(CloseReason.STOP_LOSS, "t"))), T0).size();
                }
            }));
        }
        start.countDown();
        int moved = 0;
        for (Future<Integer> f : results) {
            moved += f.get();
        }
        pool.shutdown();
        assertThat(moved).isEqualTo(1);
        assertThat(store.lot("large", id).orElseThrow().closeAttempts()).isEqualTo(1);
    }

    @Test
    void settlementClosesWithRealPriceAndWritesHistoryOnce() {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        Lot lot = store.lot("large", id).orElseThrow();
        Instant at = T0.plusSeconds(600);
        var partial = LotSettlement.of(lot, List.of(new Reconciliation.LotExit(id, new BigDecimal("4"), new BigDecimal("95"),
                CloseReason.STOP_LOSS, "o1", at, "fill")));
        assertThat(store.settle("large", List.of(partial))).isEmpty();
        Lot after = store.lot("large", id).orElseThrow();
        assertThat(after.quantity()).isEqualByComparingTo("6");
        var rest = LotSettlement.of(after, List.of(new Reconciliation.LotExit(id, new BigDecimal("6"), new BigDecimal("96"),
                CloseReason.STOP_LOSS, "o1", at, "fill")));
        assertThat(store.settle("large", List.of(rest))).containsExactly(id);
        // settling again changes nothing: the lot is closed
        assertThat(store.settle("large", List.of(rest))).isEmpty();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT status, exit_price, realized_pnl, close_reason, (SELECT count(*) FROM position_history) AS h, "
                     + "(SELECT sum(final_pnl_dollars) FROM position_history) AS hp, "
                     + "(SELECT outcome FROM position_history WHERE exit_kind = 'final') AS o "
                     + "FROM active_positions WHERE id = " + id)) {
            rs.next();
            assertThat(rs.getString("status")).isEqualTo("closed");
            assertThat(rs.getBigDecimal("exit_price")).isEqualByComparingTo("95.6"); // (4*95 + 6*96) / 10
            assertThat(rs.getBigDecimal("realized_pnl")).isEqualByComparingTo("-44");
            assertThat(rs.getString("close_reason")).isEqualTo("stop_loss");
            assertThat(rs.getInt("h")).as("one row per exit: the partial one and the final one").isEqualTo(2);
            assertThat(rs.getBigDecimal("hp")).as("the exits add up to the lot's P&L").isEqualByComparingTo("-44");
            assertThat(rs.getString("o")).isEqualTo("loss");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT exit_kind, quantity, exit_price, final_pnl_dollars, final_pnl_percent FROM v_position_performance "
                     + "WHERE position_id = " + id + " ORDER BY exit_id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("partial");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("4");
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("95");
            assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("-20");
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("-5");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("final");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("6");
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("96");
            assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("-24");
            assertThat(rs.next()).isFalse();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aScaleOutMovesOnceAndOnlyOneWriterEndsIt() {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        ExitDecision.Exit part = new ExitDecision.Exit(CloseReason.PARTIAL_PROFIT, "t", new BigDecimal("5"));
        List<Lot> moved = store.recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("105"), null, null, part)), T0);
        assertThat(moved).singleElement().satisfies(l -> {
            assertThat(l.isScalingOut()).isTrue();
            assertThat(l.partialQuantity()).isEqualByComparingTo("5");
            assertThat(l.partialFromQuantity()).isEqualByComparingTo("10");
            assertThat(l.partialTaken()).isTrue();
            assertThat(l.closeClientOrderId(l.closeAttempts())).endsWith("-s1");
        });
        assertThat(store.requestClose("large", List.of(id), CloseReason.MANUAL, T0)).as("a scaling lot is not open").isEmpty();
        assertThat(store.releaseLegs("large", id, 1, T0)).isTrue();
        assertThat(store.endScaleOut("large", id, 2, null, T0)).as("another attempt").isFalse();
        assertThat(store.endScaleOut("large", id, 1, new BigDecimal("100"), T0)).isTrue();
        assertThat(store.endScaleOut("large", id, 1, new BigDecimal("100"), T0)).as("once").isFalse();
        Lot open = store.lot("large", id).orElseThrow();
        assertThat(open.status()).isEqualTo(LotStatus.OPEN);
        assertThat(open.stopLoss()).isEqualByComparingTo("100");
        assertThat(open.partialQuantity()).isNull();
        assertThat(open.legsReleased()).isTrue();
        assertThat(open.closeReason()).isNull();
        // once per lot, even if a stale decision comes again
        assertThat(store.recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("106"), null, null, part)), T0)).isEmpty();
        assertThat(store.lot("large", id).orElseThrow().status()).isEqualTo(LotStatus.OPEN);
        // a full close is never ended as a scale-out
        store.recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("90"), null, null,
                new ExitDecision.Exit(CloseReason.STOP_LOSS, "t"))), T0);
        assertThat(store.endScaleOut("large", id, 2, null, T0)).isFalse();
        assertThat(store.lot("large", id).orElseThrow().closeClientOrderId(2)).endsWith("-2");
    }

    @Test
    void fillsAreAccountedOnce() {
        BrokerFill fill = new BrokerFill("f1", "o1", "AAPL", OrderSide.SELL, BigDecimal.TEN, new BigDecimal("95"), T0);
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(fill, null, Reconciliation.Role.UNMATCHED)));
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(fill, null, Reconciliation.Role.UNMATCHED)));
        assertThat(store.knownFills("large", List.of("f1", "f2"))).containsExactly("f1");
        assertThat(store.knownFills("tiny", List.of("f1"))).isEmpty();
        assertThat(store.latestFillTime("large")).contains(T0);
    }

    @Test
    void aLotsHoldingCountsOnlyItsOwnBookedExitFillsOfTheGivenOrders() {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        long other = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "5", "100")), T0).get(0);
        BrokerFill stop = new BrokerFill("f1", "stop-1", "AAPL", OrderSide.SELL, new BigDecimal("4"), new BigDecimal("95"), T0);
        BrokerFill elsewhere = new BrokerFill("f2", "stop-1", "AAPL", OrderSide.SELL, BigDecimal.ONE, new BigDecimal("95"), T0);
        BrokerFill manual = new BrokerFill("f3", "dashboard", "AAPL", OrderSide.SELL, BigDecimal.ONE, new BigDecimal("95"), T0);
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(stop, id, Reconciliation.Role.EXIT),
                new Reconciliation.FillAllocation(elsewhere, other, Reconciliation.Role.EXIT),
                new Reconciliation.FillAllocation(manual, id, Reconciliation.Role.EXIT)));
        store.settle("large", List.of(LotSettlement.of(store.lot("large", id).orElseThrow(), List.of(new Reconciliation.LotExit(id,
                new BigDecimal("5"), new BigDecimal("95"), CloseReason.STOP_LOSS, "stop-1", T0, "fill")))));

        LotHolding holding = store.holding("large", id, List.of("stop-1", "target-1"));
        assertThat(holding.quantity()).isEqualByComparingTo("5");
        assertThat(holding.booked()).as("the lot's own fills of its legs, not another lot's nor a manual one").isEqualByComparingTo("4");
        assertThat(store.holding("large", id, List.of()).booked()).isEqualByComparingTo("0");
        assertThat(holding.leftAfter(new BigDecimal("4"))).as("booked already: nothing more off").isEqualByComparingTo("5");
        assertThat(holding.leftAfter(new BigDecimal("6"))).as("2 not yet booked").isEqualByComparingTo("3");
    }

    @Test
    void whatWasBookedFromAnOrderIsKeptWithTheSettlementAndMatchedByTheOrdersFillsRecordedSince() {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        // 3 of the order's fills were published and booked; the other 5 the position showed are booked from the order
        BrokerFill early = new BrokerFill("f1", "c-1", "AAPL", OrderSide.SELL, new BigDecimal("3"), new BigDecimal("95"), T0);
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(early, id, Reconciliation.Role.EXIT)));
        Lot lot = store.lot("large", id).orElseThrow();
        LotSettlement settled = LotSettlement.of(lot, List.of(
                new Reconciliation.LotExit(id, new BigDecimal("3"), new BigDecimal("95"), CloseReason.STOP_LOSS, "c-1", T0, "fill"),
                new Reconciliation.LotExit(id, new BigDecimal("5"), new BigDecimal("95"), CloseReason.STOP_LOSS, "c-1", T0, "order")));
        // a booking of a lot this settle does not book is not kept
        store.settle("large", List.of(settled), List.of(new OrderBooking("c-1", id, new BigDecimal("5")),
                new OrderBooking("c-9", id + 1000, new BigDecimal("1"))));

        assertThat(store.unmatchedBookings("large", List.of("c-1", "c-9", "other"))).containsExactly(new OrderBooking("c-1", id, new BigDecimal("5")));
        assertThat(store.unmatchedBookings("small", List.of("c-1"))).isEmpty();

        // the late fills of the order, accounted to the lot: what they match is no longer unmatched
        BrokerFill late = new BrokerFill("f2", "c-1", "AAPL", OrderSide.SELL, new BigDecimal("2"), new BigDecimal("95"), T0.plusSeconds(1));
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(late, id, Reconciliation.Role.EXIT)));
        assertThat(store.unmatchedBookings("large", List.of("c-1"))).extracting(OrderBooking::quantity)
                .singleElement().satisfies(q -> assertThat(q).isEqualByComparingTo("3"));
        BrokerFill last = new BrokerFill("f3", "c-1", "AAPL", OrderSide.SELL, new BigDecimal("3"), new BigDecimal("95"), T0.plusSeconds(2));
        store.recordFills("large", List.of(new Reconciliation.FillAllocation(last, id, Reconciliation.Role.EXIT)));
        assertThat(store.unmatchedBookings("large", List.of("c-1"))).isEmpty();
    }

    @Test
    void refusedClosesAreBoundedThenCloseFailed() {
        long id = store.track(List.of(stock("large", "AAPL", UUID.randomUUID(), "10", "100")), T0).get(0);
        store.recordSweep("large", List.of(new SweepOutcome(id, new BigDecimal("90"), null, null,
                new ExitDecision.Exit(CloseReason.STOP_LOSS, "t"))), T0);
        assertThat(store.closeRefused("large", id, 1, "insufficient buying power", 3, T0)).contains(LotStatus.CLOSING);
        assertThat(store.closeRefused("large", id, 1, "again", 3, T0)).isEmpty(); // stale attempt: nothing
        assertThat(store.closeRefused("large", id, 2, "insufficient buying power", 3, T0)).contains(LotStatus.CLOSING);
        assertThat(store.closeRefused("large", id, 3, "insufficient buying power", 3, T0)).contains(LotStatus.CLOSE_FAILED);
        assertThat(store.lot("large", id).orElseThrow().status()).isEqualTo(LotStatus.CLOSE_FAILED);
    }

    @Test
    void anExecutionClaimsTheLotAdoptedForItsPosition() {
        NewLot adopted = NewLot.adopted("large", "MSFT", false, PositionSide.LONG, BigDecimal.TEN, new BigDecimal("400"), T0,
                com.tradinginfra.pm.domain.exit.ExitSettings.defaults());
        long adoptedId = store.track(List.of(adopted), T0).get(0);
        UUID execution = UUID.randomUUID();
        long claimed = store.track(List.of(stock("large", "MSFT", execution, "10", "401")), T0).get(0);
        assertThat(claimed).isEqualTo(adoptedId);
        assertThat(store.activeLots("large")).singleElement().satisfies(l -> {
            assertThat(l.executionId()).isEqualTo(execution);
            assertThat(l.entryPrice()).isEqualByComparingTo("401");
        });
    }
}
