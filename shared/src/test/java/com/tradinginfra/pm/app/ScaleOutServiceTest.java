package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.AuditEvent;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import com.tradinginfra.pm.domain.exit.ScaleOut;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.tradinginfra.pm.app.Fixtures.ACCOUNT;
import static com.tradinginfra.pm.app.Fixtures.OPEN;
import static com.tradinginfra.pm.app.Fixtures.d;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out through sweep, close and sync on fakes of their ports: the partial order and its
 * client order id, the legs released, the lot's identity, quantity and P&L from the fills, the
 * breakeven stop, a partial fill of the partial exit, a refusal, and no race with a full close.
 */
class ScaleOutServiceTest {
    private static final Instant T0 = OPEN.plus(Duration.ofMinutes(30));
    private final FakePositionStore store = new FakePositionStore();
    private final FakeBroker broker = Fixtures.brokerWithSession().at(T0);
    private final FakeOutbound outbound = new FakeOutbound();
    private final ManagerSettings settings = settings(true);
    private final SweepService sweep = new SweepService(settings, store, broker, outbound);
    private final CloseOrderService close = new CloseOrderService(settings, store, broker, d -> { });
    private final SyncService sync = new SyncService(settings, store, broker, outbound);
    private Instant now = T0;

    static ManagerSettings settings(boolean breakeven) {
        return new ManagerSettings(ACCOUNT, ExitSettings.defaults().withScaleOut(new ScaleOut(d("5"), d("0.5"), breakeven)),
                3, 1, 500, 5000, Duration.ofMinutes(3));
    }

    /** A long bracketed stock lot of 10 at 100 (stop 95, target 130) whose legs hold its 10 shares at the broker. */
    private long bracketedLong(String symbol) {
        NewLot lot = Fixtures.withLegs(Fixtures.stock(symbol, PositionSide.LONG, "10", "100.00", "95.00", "130.00"),
                "stop-" + symbol, "target-" + symbol, "entry-" + symbol);
        long id = store.insert(lot, OPEN);
        broker.filledBracket("entry-" + symbol, symbol, "10", "stop-" + symbol, "target-" + symbol);
        broker.holding(symbol, "10", "100.00");
        return id;
    }

    private List<CloseRequest> sweepAt(String symbol, String price) {
        now = now.plusSeconds(60);
        broker.at(now).price(symbol, price);
        int before = outbound.closes().size();
        sweep.sweep(SweepRequest.all(ACCOUNT, now, 0));
        return outbound.closes().subList(before, outbound.closes().size());
    }

    private void syncLater() {
        now = now.plusSeconds(60 * 3); // past the adoption grace of the fills
        broker.at(now);
        sync.sync(now);
    }

    @Test
    void aLongStockLotScalesOutHalfThenTheRestStopsAtBreakeven() {
        long id = bracketedLong("AAPL");

        List<CloseRequest> partial = sweepAt("AAPL", "105.00");
        assertThat(partial).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("partial_profit"));
        assertThat(store.row(id).status).isEqualTo(LotStatus.CLOSING);
        assertThat(sweepAt("AAPL", "106.00")).as("a scaling lot is not swept").isEmpty();

        CloseOutcome sent = close.close(partial.get(0));
        assertThat(sent).isInstanceOf(CloseOutcome.Submitted.class);
        assertThat(broker.cancelRequests()).contains("stop-AAPL");
        assertThat(store.row(id).legsReleased).isTrue();
        OrderRequest order = broker.submitted().get(0);
        assertThat(order).isEqualTo(new OrderRequest("AAPL", d("5"), OrderSide.SELL, "pm-" + ACCOUNT + "-" + id + "-s1"));
        assertThat(close.close(partial.get(0))).as("a redelivery sends nothing").isInstanceOf(CloseOutcome.AlreadySubmitted.class);

        broker.fill(((CloseOutcome.Submitted) sent).orderId(), "105.20", now.plusSeconds(1));
        syncLater();

        FakePositionStore.Row lot = store.row(id);
        assertThat(lot.status).isEqualTo(LotStatus.OPEN);
        assertThat(lot.quantity).isEqualByComparingTo("5");
        assertThat(lot.realizedPnl).isEqualByComparingTo("26.00");
        assertThat(lot.stopLoss).as("breakeven").isEqualByComparingTo("100.00");
        assertThat(lot.partialTaken).isTrue();
        assertThat(store.events(AuditEvent.PartialExit.class)).singleElement().satisfies(e -> {
            assertThat(e.quantity()).isEqualByComparingTo("5");
            assertThat(e.exitPrice()).isEqualByComparingTo("105.20");
            assertThat(e.left()).isEqualByComparingTo("5");
        });
        assertThat(store.events(AuditEvent.ScaleOutEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.stopAfter()).isEqualByComparingTo("100.00"));

        assertThat(sweepAt("AAPL", "107.00")).as("once per lot, and the released legs are not missing").isEmpty();
        List<CloseRequest> stop = sweepAt("AAPL", "99.90");
        assertThat(stop).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("stop_loss"));
        int cancelsBefore = broker.cancelRequests().size();
        CloseOutcome rest = close.close(stop.get(0));
        assertThat(broker.cancelRequests()).as("the released legs are not cancelled again").hasSize(cancelsBefore);
        assertThat(broker.submitted().get(broker.submitted().size() - 1))
                .isEqualTo(new OrderRequest("AAPL", d("5"), OrderSide.SELL, "pm-" + ACCOUNT + "-" + id + "-2"));
        broker.fill(((CloseOutcome.Submitted) rest).orderId(), "99.90", now.plusSeconds(1));
        syncLater();

        lot = store.row(id);
        assertThat(lot.status).isEqualTo(LotStatus.CLOSED);
        assertThat(lot.closeReason).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(lot.realizedPnl).as("26.00 + 5 × (99.90 − 100)").isEqualByComparingTo("25.50");
        assertThat(broker.placed("stop-AAPL").isTerminal()).isTrue();
    }

    @Test
    void aShortOptionLotScalesOutByItsOccSymbolWithTheMultiplier() {
        String occ = "GOOGL261218P00300000";
        long id = store.insert(new NewLot(ACCOUNT, UUID.randomUUID(), new Instrument.OptionContract(OccSymbol.parse(occ)),
                PositionSide.SHORT, d("4"), d("5.00"), OPEN.minusSeconds(3600), d("6.00"), d("2.00"), "swing_trade", null,
                ProtectiveLegs.NONE, null), OPEN);
        broker.holding(occ, "-4", "5.00");

        List<CloseRequest> partial = sweepAt(occ, "4.75");
        assertThat(partial).hasSize(1);
        CloseOutcome.Submitted sent = (CloseOutcome.Submitted) close.close(partial.get(0));
        assertThat(broker.submitted()).containsExactly(new OrderRequest(occ, d("2"), OrderSide.BUY, "pm-" + ACCOUNT + "-" + id + "-s1"));
        broker.fill(sent.orderId(), "4.70", now.plusSeconds(1));
        syncLater();

        FakePositionStore.Row lot = store.row(id);
        assertThat(lot.status).isEqualTo(LotStatus.OPEN);
        assertThat(lot.quantity).isEqualByComparingTo("2");
        assertThat(lot.realizedPnl).as("2 × 0.30 × 100").isEqualByComparingTo("60.00");
        assertThat(lot.stopLoss).as("a short's breakeven stop is its entry").isEqualByComparingTo("5.00");
    }

    @Test
    void aPartialExitThatFillsPartlyLeavesTheLotConsistent() {
        long id = bracketedLong("MSFT");
        CloseOutcome.Submitted sent = (CloseOutcome.Submitted) close.close(sweepAt("MSFT", "105.00").get(0));

        broker.fillPart(sent.orderId(), "2", "105.00", now.plusSeconds(1));
        syncLater();
        FakePositionStore.Row lot = store.row(id);
        assertThat(lot.status).as("its order still works").isEqualTo(LotStatus.CLOSING);
        assertThat(lot.quantity).isEqualByComparingTo("8");
        assertThat(lot.realizedPnl).isEqualByComparingTo("10.00");

        broker.end(sent.orderId(), "canceled");
        syncLater();
        lot = store.row(id);
        assertThat(lot.status).isEqualTo(LotStatus.OPEN);
        assertThat(lot.quantity).as("original − filled").isEqualByComparingTo("8");
        assertThat(lot.stopLoss).isEqualByComparingTo("100.00");
        assertThat(store.events(AuditEvent.ScaleOutEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.filled()).isEqualByComparingTo("2"));
        assertThat(sync.sync(now).anomalies()).isEmpty();
    }

    @Test
    void withoutBreakevenTheStopStays() {
        SyncService noBreakeven = new SyncService(settings(false), store, broker, outbound);
        long id = bracketedLong("AMD");
        CloseOutcome.Submitted sent = (CloseOutcome.Submitted) close.close(sweepAt("AMD", "105.00").get(0));
        broker.fill(sent.orderId(), "105.00", now.plusSeconds(1));
        now = now.plusSeconds(180);
        noBreakeven.sync(now);
        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(id).stopLoss).isEqualByComparingTo("95.00");
    }

    @Test
    void aRefusedScaleOutReopensTheLotAtOnceAndIsNotTriedAgain() {
        long id = bracketedLong("TSLA");
        CloseRequest partial = sweepAt("TSLA", "105.00").get(0);
        broker.failNext("submit", BrokerFailure.REJECTED, 422, 42210000, "order is rejected");

        CloseOutcome outcome = close.close(partial);

        assertThat(outcome).isInstanceOf(CloseOutcome.Refused.class);
        assertThat(((CloseOutcome.Refused) outcome).status()).isEqualTo(LotStatus.OPEN);
        FakePositionStore.Row lot = store.row(id);
        assertThat(lot.status).isEqualTo(LotStatus.OPEN);
        assertThat(lot.quantity).isEqualByComparingTo("10");
        assertThat(lot.stopLoss).as("nothing sold: no breakeven").isEqualByComparingTo("95.00");
        assertThat(store.events(AuditEvent.ScaleOutEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.why()).contains("refused"));
        assertThat(sweepAt("TSLA", "106.00")).isEmpty();
        // the legs were released: the full rules protect the rest, and a stop closes all of it
        assertThat(sweepAt("TSLA", "94.00")).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("stop_loss"));
    }

    @Test
    void aScalingLotCannotBeClosedInFullMeanwhile() {
        long id = bracketedLong("AMZN");
        sweepAt("AMZN", "105.00");
        assertThat(store.requestClose(ACCOUNT, List.of(id), CloseReason.MANUAL, now)).as("one writer").isEmpty();
        assertThat(sweepAt("AMZN", "90.00")).as("only open lots are swept").isEmpty();
        assertThat(store.row(id).closeReason).isEqualTo(CloseReason.PARTIAL_PROFIT);
    }

    @Test
    void aReArmedLotScalesOutWithItsOwnOrderNotTheOcoOfItsFirstArm() {
        ManagerSettings both = settings(true).withMissingBrackets(MissingBracketsAction.REARM);
        SyncService rearming = new SyncService(both, store, broker, outbound);
        CloseOrderService closing = new CloseOrderService(both, store, broker, d -> { });
        SweepService sweeping = new SweepService(both, store, broker, outbound);
        long id = store.insert(Fixtures.withLegs(Fixtures.stock("NVDA", PositionSide.LONG, "10", "100.00", "95.00", "130.00"),
                "gone-stop", "gone-target", null), OPEN);
        broker.holding("NVDA", "10", "100.00");
        rearming.sync(now);
        String oco = broker.protections().get(0).clientOrderId();

        now = now.plusSeconds(60);
        broker.at(now).price("NVDA", "105.00");
        sweeping.sweep(SweepRequest.all(ACCOUNT, now, 0));
        CloseRequest partial = outbound.closes().get(outbound.closes().size() - 1);
        assertThat(partial.reason()).isEqualTo("partial_profit");
        CloseOutcome outcome = closing.close(partial);

        // Arm 1's OCO and attempt 1 of the scale-out must not share a client order id: the close would
        // take the OCO for its own order (and Alpaca refuses a second order under one id).
        assertThat(outcome).isInstanceOf(CloseOutcome.Submitted.class);
        assertThat(broker.submitted()).singleElement().satisfies(o -> {
            assertThat(o.quantity()).isEqualByComparingTo("5");
            assertThat(o.clientOrderId()).isNotEqualTo(oco);
        });
        assertThat(store.row(id).legsReleased).isTrue();
    }

    @Test
    void aLotOfOneUnitIsNotSplit() {
        long id = store.insert(Fixtures.stock("META", PositionSide.LONG, "1", "100.00", "95.00", "130.00"), OPEN);
        broker.holding("META", "1", "100.00");
        assertThat(sweepAt("META", "110.00")).isEmpty();
        assertThat(store.row(id).status).isEqualTo(LotStatus.OPEN);
        assertThat(store.row(id).partialTaken).isFalse();
    }
}
