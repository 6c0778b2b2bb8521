package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.EventType;
import com.tradinginfra.pm.domain.Execution;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.Reconciliation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.AFTER_CLOSE;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@link SyncService} alone, on fakes of its ports: tracking, every reconciliation path, re-sends and the tick's sweeps. */
class SyncServiceTest {
    private static final Instant TICK = OPEN.plus(Duration.ofMinutes(10));
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession().at(TICK);
    private final FakeOutbound outbound = new FakeOutbound();
    private SyncService service = new SyncService(Fixtures.settings(), store, broker, outbound);

    private static Execution execution(String account, String ticker, String side, String filled, String price, String mode,
                                       String status, String entryOrderId, String stopOrderId, String targetOrderId) {
        return new Execution(UUID.randomUUID(), account, ticker, "STOCK", null, side, d(filled), d(filled),
                price == null ? null : d(price), null, null, "swing_trade", null, null, mode, status, entryOrderId, stopOrderId,
                targetOrderId, OPEN);
    }

    private static Execution filled(String ticker, String quantity, String price) {
        return execution(ACCOUNT, ticker, "buy", quantity, price, "ALPACA_PAPER", "FILLED", null, null, null);
    }

    /** A lot the broker holds, tracked before this test's tick. */
    private long held(NewLot lot) {
        long id = store.insert(lot, OPEN);
        broker.holding(lot.symbol(), lot.side() == PositionSide.LONG ? lot.quantity().toPlainString()
                : lot.quantity().negate().toPlainString(), lot.entryPrice().toPlainString());
        return id;
    }

    @Test
    void whileAnotherSyncHoldsTheLockNothingIsDoneOrSent() {
        store.addExecution(filled("AAPL", "10", "100.00"));
        store.holdSyncLockElsewhere();

        SyncReport report = service.sync(TICK);

        assertThat(report.skipped()).contains("holds the lock");
        assertThat(store.rows()).isEmpty();
        assertThat(outbound.sweeps()).isEmpty();
        assertThat(broker.calls("positions")).isZero();
    }

    @Test
    void filledExecutionsOfTheAccountAreTrackedOnceAndTheTickIsFannedOutAsSweeps() {
        Execution good = filled("AAPL", "10", "100.00");
        store.addExecution(good);
        store.addExecution(execution(ACCOUNT, "MSFT", "buy", "5", "300.00", "SIMULATED", "FILLED", null, null, null));
        store.addExecution(execution(ACCOUNT, "NVDA", "buy", "5", "130.00", "LIVE", "NEW", null, null, null));
        store.addExecution(execution("other", "TSLA", "buy", "5", "250.00", "LIVE", "FILLED", null, null, null));
        broker.holding("AAPL", "10", "100.00");

        SyncReport first = service.sync(TICK);
        SyncReport second = service.sync(TICK.plusSeconds(60));

        assertThat(first.tracked()).isEqualTo(1);
        assertThat(second.tracked()).isZero();
        assertThat(store.rows()).singleElement().satisfies(r -> {
            assertThat(r.executionId).isEqualTo(good.executionId());
            assertThat(r.stopLoss).as("default stop applied").isEqualByComparingTo("95.00");
        });
        assertThat(store.events(AuditEvent.Tracked.class)).containsExactly(new AuditEvent.Tracked("AAPL", PositionSide.LONG,
                d("10"), d("100.0000"), d("95.0000"), d("115.0000")));
        // Four sweeps a minute, 15 s apart, each at its own time.
        assertThat(outbound.sweeps().subList(0, 4)).extracting(Outbound.DelayedSweep::delaySeconds).containsExactly(0, 15, 30, 45);
        assertThat(outbound.sweeps().get(3).request()).isEqualTo(SweepRequest.all(ACCOUNT, TICK.plusSeconds(45), 3));
        assertThat(first.sweeps()).isEqualTo(4);
    }

    @Test
    void aBadExecutionIsRejectedOnceNamingTheField() {
        Execution noPrice = filled("AAPL", "10", null);
        store.addExecution(noPrice);

        assertThat(service.sync(TICK).rejected()).isEqualTo(1);
        assertThat(service.sync(TICK.plusSeconds(60)).rejected()).isZero();

        assertThat(store.events()).singleElement().satisfies(e -> {
            assertThat(e.executionId()).isEqualTo(noPrice.executionId());
            assertThat(e.event()).isInstanceOfSatisfying(AuditEvent.ExecutionRejected.class,
                    r -> assertThat(r.field()).isEqualTo("entry_price"));
        });
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void oneExecutionIsTrackedAtOnceFromItsNotice() {
        Execution good = filled("AAPL", "10", "100.00");
        Execution notYet = execution(ACCOUNT, "MSFT", "buy", "5", "300.00", "LIVE", "NEW", null, null, null);
        store.addExecution(good);
        store.addExecution(notYet);

        Optional<Long> id = service.trackExecution(good.executionId(), TICK);

        assertThat(id).isPresent();
        assertThat(service.trackExecution(good.executionId(), TICK)).as("tracked already").isEmpty();
        assertThat(service.trackExecution(notYet.executionId(), TICK)).as("not filled yet").isEmpty();
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> service.trackExecution(unknown, TICK)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(unknown.toString());
        assertThat(store.rows()).hasSize(1);
    }

    @Test
    void theEntryGrowsWithFurtherFillsOfItsExecution() {
        Execution partial = execution(ACCOUNT, "AAPL", "buy", "4", "100.00", "LIVE", "PARTIALLY_FILLED", null, null, null);
        store.addExecution(partial);
        broker.holding("AAPL", "4", "100.00");
        service.sync(TICK);
        store.addExecution(new Execution(partial.executionId(), ACCOUNT, "AAPL", "STOCK", null, "buy", d("10"), d("10"),
                d("100.00"), null, null, "swing_trade", null, null, "LIVE", "FILLED", null, null, null, OPEN));
        broker.holding("AAPL", "10", "100.00");

        service.sync(TICK.plusSeconds(60));

        assertThat(store.rows()).singleElement().satisfies(r -> assertThat(r.quantity).isEqualByComparingTo("10"));
        assertThat(store.events(AuditEvent.Adopted.class)).as("the growth is no stranger's position").isEmpty();
    }

    @Test
    void aLotClosedByItsBracketLegBetweenTwoTicksIsClosedWithTheLegsFillPrice() {
        long id = held(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"));
        broker.filledBracket("entry-1", "AAPL", "10", "stop-1", "target-1");
        broker.fill("target-1", "115.20", TICK.minusSeconds(200));

        SyncReport report = service.sync(TICK);

        assertThat(report.closed()).containsExactly(id);
        FakePositionStore.Row row = store.row(id);
        assertThat(row.status).isEqualTo(LotStatus.CLOSED);
        assertThat(row.closeReason).isEqualTo(CloseReason.TAKE_PROFIT);
        assertThat(row.exitPrice).isEqualByComparingTo("115.20");
        assertThat(row.realizedPnl).isEqualByComparingTo("152.00");
        assertThat(store.history()).containsExactly(id);
        assertThat(store.events(AuditEvent.Closed.class)).containsExactly(new AuditEvent.Closed("AAPL", d("10"), d("115.2000"),
                d("152.0000"), CloseReason.TAKE_PROFIT, "fill"));
        assertThat(store.fills()).extracting(Reconciliation.FillAllocation::role).containsExactly(Reconciliation.Role.EXIT);
        assertThat(store.events(AuditEvent.OrphanedLegsCanceled.class)).as("the broker cancelled the other leg itself").isEmpty();
    }

    @Test
    void aLotClosedByHandIsClosedExternallyAndItsLegsLeftWorkingAreCanceled() {
        long id = held(Fixtures.withLegs(Fixtures.longStock("AAPL", "10", "100.00"), "stop-1", "target-1", "entry-1"));
        broker.filledBracket("entry-1", "AAPL", "10", "stop-1", "target-1");
        broker.working("dashboard-1", "web-1", "AAPL", OrderSide.SELL, "market", "10");
        broker.fill("dashboard-1", "104.00", TICK.minusSeconds(300));

        service.sync(TICK);

        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSED);
        assertThat(store.row(id).closeReason).isEqualTo(CloseReason.CLOSED_EXTERNALLY);
        assertThat(broker.placed("stop-1").status().code()).isEqualTo("canceled");
        assertThat(broker.placed("target-1").status().code()).isEqualTo("canceled");
        assertThat(store.events(AuditEvent.OrphanedLegsCanceled.class)).containsExactly(
                new AuditEvent.OrphanedLegsCanceled(List.of("stop-1")));
    }

    @Test
    void aPartialCloseByHandLeavesTheRestOpen() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        broker.working("dashboard-1", "web-1", "AAPL", OrderSide.SELL, "market", "4");
        broker.fill("dashboard-1", "104.00", TICK.minusSeconds(300));

        SyncReport report = service.sync(TICK);

        assertThat(report.partial()).isEqualTo(1);
        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(id).quantity).isEqualByComparingTo("6");
        assertThat(store.events(AuditEvent.PartiallyClosed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(CloseReason.CLOSED_EXTERNALLY));
    }

    @Test
    void aPositionThatShrankWithoutAFillSeenIsClosedAtTheLastPrice() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        broker.holding("AAPL", "0", "100.00");

        service.sync(TICK);

        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSED);
        assertThat(store.events(AuditEvent.Closed.class)).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("position");
            assertThat(e.exitPrice()).isEqualByComparingTo("100.00");
        });
    }

    @Test
    void aBrokerPositionNoLotExplainsIsAdoptedAndOppositeDirectionsAreAnAnomaly() {
        held(Fixtures.longStock("AAPL", "10", "100.00"));
        broker.holding("AAPL", "-5", "100.00");
        broker.holding("NVDA", "5", "130.00");

        SyncReport report = service.sync(TICK);

        assertThat(report.adopted()).isEqualTo(1);
        assertThat(store.events(AuditEvent.Adopted.class)).containsExactly(new AuditEvent.Adopted("NVDA", PositionSide.LONG,
                d("5"), d("130.0000")));
        assertThat(store.rows()).filteredOn(r -> r.executionId == null).singleElement()
                .satisfies(r -> assertThat(r.strategyType).isEqualTo(NewLot.ADOPTED));
        assertThat(report.anomalies()).singleElement().asString().startsWith("AAPL: broker holds -5 but lots hold 10");
        assertThat(store.events(AuditEvent.Anomaly.class)).extracting(AuditEvent.Anomaly::symbol).containsExactly("AAPL");
        assertThat(store.row(1).status).isEqualTo(LotStatus.OPEN);
    }

    @Test
    void aClosingLotWhoseRequestWasNeverSentIsResentInTheSessionOnly() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        store.startClosing(id, CloseReason.STOP_LOSS, TICK.minusSeconds(30), false);
        broker.at(AFTER_CLOSE);

        assertThat(service.sync(AFTER_CLOSE).resent()).as("market closed").isZero();
        assertThat(outbound.closes()).isEmpty();

        broker.at(TICK);
        SyncReport report = service.sync(TICK);

        assertThat(report.resent()).isEqualTo(1);
        assertThat(outbound.closes()).containsExactly(new CloseRequest(ACCOUNT, id, 1, "stop_loss", TICK));
        assertThat(store.row(id).closeDispatchedAt).isEqualTo(TICK);
        assertThat(store.events(AuditEvent.CloseResent.class)).containsExactly(new AuditEvent.CloseResent(1));
    }

    @Test
    void aCloseOrderThatEndedUnfilledStartsANewAttempt() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        Lot lot = store.startClosing(id, CloseReason.STOP_LOSS, TICK.minus(Duration.ofMinutes(5)), true);
        broker.working("close-1", lot.closeClientOrderId(1), "AAPL", OrderSide.SELL, "market", "10");
        broker.end("close-1", "canceled");
        store.recordCloseOrder(ACCOUNT, id, 1, lot.closeClientOrderId(1), "close-1", TICK.minus(Duration.ofMinutes(5)));

        service.sync(TICK);

        assertThat(store.row(id).closeAttempts).isEqualTo(2);
        assertThat(store.events(AuditEvent.CloseRestarted.class)).containsExactly(new AuditEvent.CloseRestarted(2, "canceled"));
        assertThat(outbound.closes()).containsExactly(new CloseRequest(ACCOUNT, id, 2, "stop_loss", TICK));
    }

    @Test
    void aCloseOrderStillWorkingIsLeftAlone() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        Lot lot = store.startClosing(id, CloseReason.STOP_LOSS, TICK.minus(Duration.ofMinutes(5)), true);
        broker.working("close-1", lot.closeClientOrderId(1), "AAPL", OrderSide.SELL, "market", "10");
        store.recordCloseOrder(ACCOUNT, id, 1, lot.closeClientOrderId(1), "close-1", TICK.minus(Duration.ofMinutes(5)));

        service.sync(TICK);

        assertThat(store.row(id).closeAttempts).isEqualTo(1);
        assertThat(outbound.closes()).isEmpty();
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aCloseOrderWhoseIdNeverReachedTheDatabaseIsFoundByItsClientIdAndItsFillBooked() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        Lot lot = store.startClosing(id, CloseReason.STOP_LOSS, TICK.minus(Duration.ofMinutes(2)), true);
        broker.working("close-1", lot.closeClientOrderId(1), "AAPL", OrderSide.SELL, "market", "10");
        broker.fill("close-1", "94.50", TICK.minus(Duration.ofMinutes(3)));

        service.sync(TICK);

        FakePositionStore.Row row = store.row(id);
        assertThat(row.closeOrderId).isEqualTo("close-1");
        assertThat(row.status).isEqualTo(LotStatus.CLOSED);
        assertThat(row.closeReason).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(row.exitPrice).isEqualByComparingTo("94.50");
        assertThat(outbound.closes()).isEmpty();
    }

    @Test
    void aCloseBookedFromItsOrderBeforeItsFillWasPublishedIsNotBookedAgainOnAnotherLotWhenTheFillArrives() {
        long first = held(Fixtures.longStock("AAPL", "10", "100.00"));
        long second = held(Fixtures.longStock("AAPL", "10", "101.00"));
        broker.holding("AAPL", "20", "100.50");
        Lot closing = store.startClosing(first, CloseReason.STOP_LOSS, TICK.minus(Duration.ofMinutes(4)), true);
        broker.working("close-1", closing.closeClientOrderId(1), "AAPL", OrderSide.SELL, "market", "10");
        BrokerFill late = broker.fill("close-1", "94.50", TICK.minus(Duration.ofMinutes(3)));
        broker.withhold(late);

        service.sync(TICK);
        broker.publish(late);
        service.sync(TICK.plus(Duration.ofMinutes(1)));

        assertThat(store.row(first).status).isEqualTo(LotStatus.CLOSED);
        assertThat(store.row(first).exitPrice).isEqualByComparingTo("94.50");
        // the fill is the first lot's, booked once: the second lot keeps its 10 and nothing is adopted in its place
        assertThat(store.row(second).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(second).quantity).isEqualByComparingTo("10");
        assertThat(store.rows()).hasSize(2);
        assertThat(store.events(AuditEvent.Closed.class)).singleElement().satisfies(e -> assertThat(e.source()).isEqualTo("order"));
        assertThat(store.fills()).singleElement().satisfies(a -> {
            assertThat(a.fill()).isEqualTo(late);
            assertThat(a.lotId()).isEqualTo(first);
            assertThat(a.role()).isEqualTo(Reconciliation.Role.EXIT);
        });
    }

    @Test
    void aFailedBrokerReadRollsTheWholeSyncBackAndSendsNothing() {
        store.addExecution(filled("AAPL", "10", "100.00"));
        broker.failNext("fills", BrokerFailure.UNAVAILABLE, 503, null, "service unavailable");

        assertThatThrownBy(() -> service.sync(TICK)).isInstanceOf(BrokerException.class);

        assertThat(store.rows()).isEmpty();
        assertThat(store.events()).isEmpty();
        assertThat(outbound.sweeps()).isEmpty();
        assertThat(service.sync(TICK).tracked()).as("the next tick").isEqualTo(1);
    }

    @Test
    void aThrottledReconciliationStillSweepsTheTrackedLotsAndFailsLoudly() {
        held(Fixtures.longStock("AAPL", "10", "100.00"));
        held(Fixtures.longStock("MSFT", "5", "400.00"));
        store.addExecution(filled("NVDA", "3", "150.00"));
        broker.failNext("fills", BrokerFailure.RATE_LIMITED, 429, null, "too many requests");

        assertThatThrownBy(() -> service.sync(TICK)).isInstanceOf(BrokerException.class);

        assertThat(store.rows()).as("nothing of the failed reconciliation is written").hasSize(2);
        assertThat(outbound.sweeps()).as("the exits are still checked, by the tick's usual sweeps")
                .extracting(s -> s.request().asOf(), Outbound.DelayedSweep::delaySeconds)
                .containsExactly(tuple(TICK, 0), tuple(TICK.plusSeconds(15), 15), tuple(TICK.plusSeconds(30), 30),
                        tuple(TICK.plusSeconds(45), 45));
        assertThat(outbound.closes()).isEmpty();
    }

    @Test
    void aRefusalThatIsNotTransientSendsNoSweep() {
        held(Fixtures.longStock("AAPL", "10", "100.00"));
        broker.failNext("fills", BrokerFailure.AUTHENTICATION, 401, null, "unauthorized");

        assertThatThrownBy(() -> service.sync(TICK)).isInstanceOf(BrokerException.class);

        assertThat(outbound.sweeps()).isEmpty();
    }

    @Test
    void messagesAreSentOnlyAfterTheWorkUnderTheLockIsDone() {
        long id = held(Fixtures.longStock("AAPL", "10", "100.00"));
        store.startClosing(id, CloseReason.STOP_LOSS, TICK.minusSeconds(30), false);
        Outbound checking = new Outbound() {
            @Override
            public void sendSweeps(List<DelayedSweep> sweeps) {
                assertThat(store.inTransaction()).isFalse();
                outbound.sendSweeps(sweeps);
            }

            @Override
            public void sendCloses(List<CloseRequest> closes) {
                assertThat(store.inTransaction()).isFalse();
                outbound.sendCloses(closes);
            }
        };
        service = new SyncService(Fixtures.settings(), store, broker, checking);

        service.sync(TICK);

        assertThat(outbound.closes()).hasSize(1);
        assertThat(outbound.sweeps()).isEmpty();
    }

    /** One tick over five held stock lots (AAPL, AMZN, MSFT, NVDA, TSLA) with sweeps of {@code lotsPerSweep} lots. */
    private void syncFiveLotsSweeping(int lotsPerSweep) {
        service = new SyncService(Fixtures.settings().withLotsPerSweep(lotsPerSweep).withSweepsPerMinute(1), store, broker, outbound);
        for (String s : List.of("AAPL", "MSFT", "NVDA", "TSLA", "AMZN")) {
            held(Fixtures.longStock(s, "1", "100.00"));
        }
        service.sync(TICK);
    }

    @Test
    void aLargeAccountIsSweptInSymbolRanges() {
        syncFiveLotsSweeping(2);

        assertThat(outbound.sweeps()).extracting(s -> s.request().fromSymbol() + "-" + s.request().toSymbol())
                .containsExactly("null-MSFT", "MSFT-TSLA", "TSLA-null");
        assertThat(outbound.sweeps()).extracting(s -> s.request().fromLotId() + "-" + s.request().toLotId())
                .containsOnly("0-" + Long.MAX_VALUE);
        assertThat(outbound.sweeps()).extracting(s -> s.request().progressKey()).doesNotHaveDuplicates().allMatch(k -> k < 0);
        assertThat(outbound.sweeps()).extracting(Outbound.DelayedSweep::delaySeconds).containsOnly(0);
    }

    @Test
    void aBookThatFitsIsOneRangeOfEveryLot() {
        syncFiveLotsSweeping(5);

        assertThat(outbound.sweeps()).extracting(Outbound.DelayedSweep::request)
                .containsExactly(SweepRequest.all(ACCOUNT, TICK, 0));
    }

    @Test
    void aSymbolsLotsAreNeverSplitBetweenRanges() {
        List<String> symbols = List.of("A", "B", "B", "B", "B", "C", "D", "D", "E");

        // A (1 lot) then all 4 of B: the range grows past 2 rather than split B
        assertThat(SyncService.symbolRanges(symbols, 2)).containsExactly(new SyncService.SymbolRange(null, "C"),
                new SyncService.SymbolRange("C", "E"), new SyncService.SymbolRange("E", null));
        assertThat(SyncService.symbolRanges(symbols, 9)).containsExactly(new SyncService.SymbolRange(null, null));
    }

    @Test
    void eventsOfOneSyncAreWrittenWithItsTime() {
        store.addExecution(filled("AAPL", "10", "100.00"));
        broker.holding("AAPL", "10", "100.00").holding("NVDA", "5", "130.00");

        service.sync(TICK);

        assertThat(store.events()).extracting(e -> e.at()).containsOnly(TICK);
        assertThat(store.eventTypes()).containsExactly(EventType.TRACKED, EventType.ADOPTED);
        assertThat(store.rows()).extracting(r -> r.quantity).allMatch(q -> q.compareTo(BigDecimal.ZERO) > 0);
    }
}
