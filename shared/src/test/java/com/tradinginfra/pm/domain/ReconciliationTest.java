package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.Reconciliation.FillAllocation;
import com.tradinginfra.pm.domain.Reconciliation.Input;
import com.tradinginfra.pm.domain.Reconciliation.LotExit;
import com.tradinginfra.pm.domain.Reconciliation.Plan;
import com.tradinginfra.pm.domain.Reconciliation.Role;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {
    static final String ACCOUNT = "large";
    static final Instant AS_OF = Instant.parse("2026-11-20T18:00:00Z");
    static final Instant T1 = AS_OF.minus(Duration.ofMinutes(10));
    static final Instant T2 = AS_OF.minus(Duration.ofMinutes(9));
    static final String CALL = "GOOGL261218C00340000";
    final Reconciliation reconciliation = new Reconciliation(ExitSettings.defaults());

    static BrokerFill fill(String id, String orderId, String symbol, OrderSide side, String qty, String price, Instant at) {
        return new BrokerFill(id, orderId, symbol, side, d(qty), d(price), at);
    }

    static BrokerPosition position(String symbol, String qty, String avg) {
        return new BrokerPosition(symbol, OccSymbol.looksLikeOcc(symbol), d(qty), d(qty), avg == null ? null : d(avg), null);
    }

    static BrokerOrder filledOrder(String id, String symbol, OrderSide side, String qty, String avg, Instant at) {
        return new BrokerOrder(id, "client-" + id, symbol, side, "market", "", d(qty), d(qty), d(avg), BrokerOrderStatus.FILLED, at, List.of());
    }

    Plan plan(List<Lot> lots, List<BrokerFill> fills, List<BrokerPosition> positions, List<BrokerOrder> closedOrders) {
        return reconciliation.plan(new Input(ACCOUNT, lots, fills, positions, closedOrders, AS_OF));
    }

    static LotBuilder aapl(long id) {
        return lot().id(id).stock("AAPL").quantity("10").entry("100").entryTime(T1.minus(Duration.ofHours(1)).plusSeconds(id));
    }

    // --- fills published after their order was booked ---

    static BrokerOrder ownFilledOrder(String id, String clientOrderId, String qty, String avg, Instant at) {
        return new BrokerOrder(id, clientOrderId, "AAPL", OrderSide.SELL, "market", "", d(qty), d(qty), d(avg), BrokerOrderStatus.FILLED,
                at, List.of());
    }

    @Test
    void aCloseBookedFromItsOrderBeforeItsFillIsPublishedIsKeptSoItsLateFillClosesNoOtherLot() {
        Lot closing = aapl(1).closing(CloseReason.STOP_LOSS, "c-1").build();
        Lot other = aapl(2).build();
        BrokerOrder close = ownFilledOrder("c-1", "pm-large-1-1", "10", "95", T1);

        // the position shows the sale, no FILL activity yet: booked from the order, and kept as such
        Plan first = plan(List.of(closing, other), List.of(), List.of(position("AAPL", "10", "100")), List.of(close));
        assertThat(first.exits()).containsExactly(new LotExit(1, d("10"), d("95"), CloseReason.STOP_LOSS, "c-1", T1, "order"));
        assertThat(first.orderBookings()).containsExactly(new OrderBooking("c-1", 1, d("10")));

        // the next sync: the lot is closed, the fill is published; it is that booking's echo
        BrokerFill late = fill("f1", "c-1", "AAPL", OrderSide.SELL, "10", "95", T1);
        Plan second = reconciliation.plan(new Input(ACCOUNT, List.of(other), List.of(late), List.of(position("AAPL", "10", "100")),
                List.of(close), AS_OF, List.of(new OrderBooking("c-1", 1, d("10")))));
        assertThat(second.allocations()).containsExactly(new FillAllocation(late, 1L, Role.EXIT));
        assertThat(second.exits()).isEmpty();
        assertThat(second.adoptions()).isEmpty();
        assertThat(second.orderBookings()).isEmpty();
    }

    @Test
    void whatIsBookedFromOneOrderIsKeptOncePerLot() {
        Plan p = new Plan(List.of(), List.of(new LotExit(1, d("2"), d("95"), CloseReason.STOP_LOSS, "c-1", T1, "order"),
                new LotExit(1, d("3"), d("95"), CloseReason.STOP_LOSS, "c-1", T2, "order"),
                new LotExit(2, d("1"), d("95"), CloseReason.CLOSED_EXTERNALLY, "c-1", T2, "order"),
                new LotExit(2, d("4"), d("95"), CloseReason.CLOSED_EXTERNALLY, "f-1", T2, "fill"),
                new LotExit(3, d("1"), d("90"), CloseReason.CLOSED_EXTERNALLY, null, T2, "position")), List.of(), List.of());

        assertThat(p.orderBookings()).containsExactly(new OrderBooking("c-1", 1, d("5")), new OrderBooking("c-1", 2, d("1")));
    }

    @Test
    void aLateFillLargerThanWhatWasBookedFromItsOrderBooksOnlyTheRest() {
        // 4 of 10 booked from the order at the last sync; the order's one fill of 10 arrives
        Lot rest = aapl(1).quantity("6").closing(CloseReason.STOP_LOSS, "c-1").build();
        BrokerFill late = fill("f1", "c-1", "AAPL", OrderSide.SELL, "10", "95", T1);

        Plan p = reconciliation.plan(new Input(ACCOUNT, List.of(rest), List.of(late), List.of(), List.of(), AS_OF,
                List.of(new OrderBooking("c-1", 1, d("4")))));

        assertThat(p.exits()).containsExactly(new LotExit(1, d("6"), d("95"), CloseReason.STOP_LOSS, "c-1", T1, "fill"));
        assertThat(p.allocations()).containsExactly(new FillAllocation(late, 1L, Role.EXIT));
        assertThat(p.anomalies()).isEmpty();
    }

    @Test
    void aScaleOutBookedFromItsOrderIsNotTakenAgainFromTheReopenedLotWhenItsFillArrives() {
        // the scale-out sold 5 of 10, booked from its order; the lot is open again with 5 and no close order
        Lot reopened = aapl(1).quantity("5").build();
        BrokerOrder scaleOut = ownFilledOrder("s-1", "pm-large-1-s1", "5", "112", T1);
        BrokerFill late = fill("f1", "s-1", "AAPL", OrderSide.SELL, "5", "112", T1);

        Plan p = reconciliation.plan(new Input(ACCOUNT, List.of(reopened), List.of(late), List.of(position("AAPL", "5", "100")),
                List.of(scaleOut), AS_OF, List.of(new OrderBooking("s-1", 1, d("5")))));

        assertThat(p.exits()).isEmpty();
        assertThat(p.allocations()).containsExactly(new FillAllocation(late, 1L, Role.EXIT));
        assertThat(p.adoptions()).isEmpty();
    }

    // --- fills of our orders and legs ---

    @Test
    void aStopLegFillClosesItsLotAsStopLossAtTheFillPrice() {
        Lot l = aapl(1).legs("stop-1", "target-1").entryOrder("entry-1").build();
        BrokerFill f = fill("f1", "stop-1", "AAPL", OrderSide.SELL, "10", "94.87", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("94.87"), CloseReason.STOP_LOSS, "stop-1", T1, "fill"));
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, 1L, Role.EXIT));
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).isEmpty();
    }

    @Test
    void aTargetLegFillClosesItsLotAsTakeProfit() {
        Lot l = aapl(1).legs("stop-1", "target-1").build();
        BrokerFill f = fill("f1", "target-1", "AAPL", OrderSide.SELL, "10", "115.02", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("115.02"), CloseReason.TAKE_PROFIT, "target-1", T1, "fill"));
    }

    @Test
    void aPositionOpenedAndClosedBetweenTwoTicksIsStillRecorded() {
        Lot l = aapl(1).legs("stop-1", "target-1").entryOrder("entry-1").build();
        BrokerFill entry = fill("f1", "entry-1", "AAPL", OrderSide.BUY, "10", "100", T1);
        BrokerFill stop = fill("f2", "stop-1", "AAPL", OrderSide.SELL, "10", "94.90", T2);
        Plan p = plan(List.of(l), List.of(stop, entry), List.of(), List.of());
        assertThat(p.allocations()).containsExactlyInAnyOrder(new FillAllocation(entry, 1L, Role.ENTRY),
                new FillAllocation(stop, 1L, Role.EXIT));
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("94.90"), CloseReason.STOP_LOSS, "stop-1", T2, "fill"));
        assertThat(p.adoptions()).isEmpty();
    }

    @Test
    void ourCloseOrdersFillClosesTheLotWithItsOwnReason() {
        Lot l = aapl(1).closing(CloseReason.MAX_HOLD_TIME, "close-1").build();
        BrokerFill f = fill("f1", "close-1", "AAPL", OrderSide.SELL, "10", "101.10", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("101.10"), CloseReason.MAX_HOLD_TIME, "close-1", T1, "fill"));
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, 1L, Role.EXIT));
    }

    @Test
    void aShortLotIsClosedByABuy() {
        Lot l = aapl(1).shortSide().stop("105").target("85").closing(CloseReason.STOP_LOSS, "close-1").build();
        BrokerFill f = fill("f1", "close-1", "AAPL", OrderSide.BUY, "10", "105.20", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("105.20"), CloseReason.STOP_LOSS, "close-1", T1, "fill"));
    }

    @Test
    void anOptionLotIsMatchedByItsOccSymbol() {
        Lot l = lot().id(1).option(CALL).quantity("2").entry("5").stop("4").target("6").entryTime(T1.minusSeconds(3600))
                .closing(CloseReason.OPTION_EXPIRY, "close-1").build();
        BrokerFill f = fill("f1", "close-1", CALL, OrderSide.SELL, "2", "5.40", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("2"), d("5.40"), CloseReason.OPTION_EXPIRY, "close-1", T1, "fill"));
        // the underlying's stock position is something else entirely
        Plan q = plan(List.of(l), List.of(), List.of(position(CALL, "2", "5"), position("GOOGL", "0", "1")), List.of());
        assertThat(q.exits()).isEmpty();
        assertThat(q.adoptions()).isEmpty();
    }

    // --- fills of orders that are not ours ---

    @Test
    void anUnknownClosingFillClosesLotsFirstInFirstOutAsClosedExternally() {
        Lot older = aapl(1).build();
        Lot newer = aapl(2).entryTime(T1.minusSeconds(60)).build();
        BrokerFill f = fill("f1", "dashboard-1", "AAPL", OrderSide.SELL, "15", "99.50", T1);
        Plan p = plan(List.of(newer, older), List.of(f), List.of(position("AAPL", "5", "100")), List.of());
        assertThat(p.exits()).containsExactlyInAnyOrder(
                new LotExit(1, d("10"), d("99.50"), CloseReason.CLOSED_EXTERNALLY, "dashboard-1", T1, "fill"),
                new LotExit(2, d("5"), d("99.50"), CloseReason.CLOSED_EXTERNALLY, "dashboard-1", T1, "fill"));
        assertThat(p.allocations()).hasSize(1);
        assertThat(p.allocations().get(0).role()).isEqualTo(Role.EXIT);
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).isEmpty();
    }

    @Test
    void aPartialExternalCloseReducesTheLotWithoutClosingIt() {
        Lot l = aapl(1).build();
        BrokerFill f = fill("f1", "dashboard-1", "AAPL", OrderSide.SELL, "4", "99", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(position("AAPL", "6", "100")), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("4"), d("99"), CloseReason.CLOSED_EXTERNALLY, "dashboard-1", T1, "fill"));
        assertThat(p.adoptions()).isEmpty();
        assertThat(LotSettlement.of(l, p.exits()).closesLot()).isFalse();
    }

    @Test
    void aClosingLotWhoseOrderIdWasLostIsClosedFirstWithItsReason() {
        // the close order was accepted but its id never recorded: the fill's order is unknown
        Lot older = aapl(1).build();
        Lot closing = aapl(2).closing(CloseReason.TAKE_PROFIT, null).build();
        BrokerFill f = fill("f1", "unknown-order", "AAPL", OrderSide.SELL, "10", "115.10", T1);
        Plan p = plan(List.of(older, closing), List.of(f), List.of(position("AAPL", "10", "100")), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(2, d("10"), d("115.10"), CloseReason.TAKE_PROFIT, "unknown-order", T1, "fill"));
    }

    @Test
    void aReArmedPairWhoseAnswerWasLostClosesItsOwnLotNotAClosingOneOfTheSymbol() {
        // Lot 2 is scaling out (CLOSING, its order not yet sent); lot 5's re-armed pair was accepted but its answer
        // lost, and its limit filled: the client order id names lot 5, so lot 2 keeps what it holds.
        Lot scaling = aapl(2).quantity("2").closing(CloseReason.PARTIAL_PROFIT, null).build();
        Lot armed = aapl(5).quantity("4").build();
        BrokerOrder stop = new BrokerOrder("oco-stop", "c-stop", "AAPL", OrderSide.SELL, "stop", "oco", d("4"), d("0"), null,
                BrokerOrderStatus.CANCELED, null, List.of());
        BrokerOrder pair = new BrokerOrder("oco-limit", ProtectionOrderId.of(ACCOUNT, 5, 1), "AAPL", OrderSide.SELL, "limit", "oco",
                d("4"), d("4"), d("115"), BrokerOrderStatus.FILLED, T1, List.of(stop));
        BrokerFill f = fill("f1", "oco-limit", "AAPL", OrderSide.SELL, "4", "115", T1);
        Plan p = plan(List.of(scaling, armed), List.of(f), List.of(position("AAPL", "2", "100")), List.of(pair));
        assertThat(p.exits()).containsExactly(new LotExit(5, d("4"), d("115"), CloseReason.TAKE_PROFIT, "oco-limit", T1, "fill"));
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, 5L, Role.EXIT));
    }

    @Test
    void aLostPairsStopLegFillIsItsLotsStopLoss() {
        Lot armed = aapl(5).quantity("4").build();
        BrokerOrder stop = new BrokerOrder("oco-stop", "c-stop", "AAPL", OrderSide.SELL, "stop", "oco", d("4"), d("4"), d("94.9"),
                BrokerOrderStatus.FILLED, T1, List.of());
        BrokerOrder pair = new BrokerOrder("oco-limit", ProtectionOrderId.of(ACCOUNT, 5, 2), "AAPL", OrderSide.SELL, "limit", "oco",
                d("4"), d("0"), null, BrokerOrderStatus.CANCELED, null, List.of(stop));
        BrokerFill f = fill("f1", "oco-stop", "AAPL", OrderSide.SELL, "4", "94.90", T1);
        Plan p = plan(List.of(aapl(1).build(), armed), List.of(f), List.of(position("AAPL", "10", "100")), List.of(pair));
        assertThat(p.exits()).containsExactly(new LotExit(5, d("4"), d("94.90"), CloseReason.STOP_LOSS, "oco-stop", T1, "fill"));
    }

    @Test
    void anotherAccountsOrLotsClientIdDoesNotClaimAFill() {
        // Our id shape, but for another account, and for a lot this account does not hold: shared out as before.
        Lot l = aapl(1).build();
        BrokerOrder otherAccount = new BrokerOrder("o1", ProtectionOrderId.of("other", 1, 1), "AAPL", OrderSide.SELL, "limit", "oco",
                d("4"), d("4"), d("115"), BrokerOrderStatus.FILLED, T1, List.of());
        BrokerOrder goneLot = new BrokerOrder("o2", CloseOrderId.of(ACCOUNT, 99, 1), "AAPL", OrderSide.SELL, "market", "",
                d("1"), d("1"), d("99"), BrokerOrderStatus.FILLED, T1, List.of());
        Plan p = plan(List.of(l), List.of(fill("f1", "o1", "AAPL", OrderSide.SELL, "4", "115", T1),
                fill("f2", "o2", "AAPL", OrderSide.SELL, "1", "99", T2)), List.of(position("AAPL", "5", "100")), List.of(otherAccount, goneLot));
        assertThat(p.exits()).extracting(LotExit::reason).containsOnly(CloseReason.CLOSED_EXTERNALLY);
        assertThat(p.exits()).extracting(LotExit::quantity).containsExactly(d("4"), d("1"));
    }

    @Test
    void aFillIsAccountedToTheLotThatTookTheLargestPartOfIt() {
        Lot small = aapl(1).quantity("2").build();
        Lot large = aapl(2).quantity("10").entryTime(T1.minusSeconds(60)).build();
        BrokerFill f = fill("f1", "dashboard-1", "AAPL", OrderSide.SELL, "12", "99", T1);
        Plan p = plan(List.of(small, large), List.of(f), List.of(), List.of());
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, 2L, Role.EXIT));
    }

    @Test
    void aCloseOrderThatFilledMoreThanItsLotClosesTheNextLotsNeverMoreThanEachHolds() {
        Lot closing = aapl(1).quantity("5").closing(CloseReason.STOP_LOSS, "close-1").build();
        Lot other = aapl(2).quantity("10").build();
        BrokerFill f = fill("f1", "close-1", "AAPL", OrderSide.SELL, "8", "94", T1);
        Plan p = plan(List.of(closing, other), List.of(f), List.of(position("AAPL", "7", "100")), List.of());
        assertThat(p.exits()).extracting(LotExit::lotId, LotExit::quantity)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, d("5")), org.assertj.core.groups.Tuple.tuple(2L, d("3")));
        assertThat(p.allocations()).hasSize(1);
        assertThat(p.adoptions()).isEmpty();
    }

    @Test
    void aClosingFillBiggerThanAllLotsIsAnAnomalyAndNeverOversells() {
        Lot l = aapl(1).build();
        BrokerFill f = fill("f1", "dashboard-1", "AAPL", OrderSide.SELL, "25", "99", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(position("AAPL", "-15", "99")), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("99"), CloseReason.CLOSED_EXTERNALLY, "dashboard-1", T1, "fill"));
        assertThat(p.anomalies()).extracting(Reconciliation.Anomaly::symbol).contains("AAPL");
    }

    // --- opening fills ---

    @Test
    void anOpeningFillOfTheLotsEntryOrderIsItsEntry() {
        Lot l = aapl(1).entryOrder("entry-1").build();
        BrokerFill f = fill("f1", "entry-1", "AAPL", OrderSide.BUY, "10", "100", T1);
        Plan p = plan(List.of(l), List.of(f), List.of(position("AAPL", "10", "100")), List.of());
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, 1L, Role.ENTRY));
        assertThat(p.exits()).isEmpty();
        assertThat(p.adoptions()).isEmpty();
    }

    @Test
    void anUnmatchedOpeningFillHasNoLot() {
        BrokerFill f = fill("f1", "somebody", "MSFT", OrderSide.BUY, "5", "400", AS_OF.minusSeconds(30));
        Plan p = plan(List.of(aapl(1).build()), List.of(f), List.of(position("AAPL", "10", "100"), position("MSFT", "5", "400")), List.of());
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, null, Role.UNMATCHED));
        assertThat(p.exits()).isEmpty();
        // the fill is recent: the dispatcher's row may be on its way, so nothing is adopted yet
        assertThat(p.adoptions()).isEmpty();
    }

    @Test
    void anOpeningFillAddingToALongLotIsNotAnExit() {
        Lot l = aapl(1).build();
        BrokerFill f = fill("f1", "somebody", "AAPL", OrderSide.BUY, "5", "101", AS_OF.minusSeconds(30));
        Plan p = plan(List.of(l), List.of(f), List.of(position("AAPL", "15", "100.33")), List.of());
        assertThat(p.exits()).isEmpty();
        assertThat(p.allocations()).containsExactly(new FillAllocation(f, null, Role.UNMATCHED));
    }

    /**
     * Positions are fetched before the fills (Input's javadoc), so an entry that fills in between shows in the fills
     * but not yet in the positions. No closing fill exists: the lot must not be closed "externally" at its entry price.
     */
    @Test
    void anEntryFilledAfterThePositionSnapshotDoesNotCloseItsLot() {
        Lot l = aapl(1).entryOrder("entry-1").entryTime(AS_OF.minusSeconds(5)).build();
        BrokerFill entry = fill("f1", "entry-1", "AAPL", OrderSide.BUY, "10", "100", AS_OF.minusSeconds(5));
        Plan p = plan(List.of(l), List.of(entry), List.of(), List.of());
        assertThat(p.allocations()).containsExactly(new FillAllocation(entry, 1L, Role.ENTRY));
        assertThat(p.exits()).isEmpty();
    }

    // --- positions that changed with no fill seen ---

    @Test
    void aVanishedPositionClosesAtTheClosingOrdersAveragePrice() {
        Lot l = aapl(1).current("98").build();
        BrokerOrder o = filledOrder("ext-1", "AAPL", OrderSide.SELL, "10", "97.25", T2);
        Plan p = plan(List.of(l), List.of(), List.of(), List.of(o));
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("97.25"), CloseReason.CLOSED_EXTERNALLY, "ext-1", T2, "order"));
    }

    @Test
    void aVanishedPositionClosedByABracketLegGetsTheLegsReason() {
        Lot l = aapl(1).legs("stop-1", "target-1").entryOrder("entry-1").current("98").build();
        BrokerOrder stopLeg = filledOrder("stop-1", "AAPL", OrderSide.SELL, "10", "94.95", T2);
        BrokerOrder targetLeg = new BrokerOrder("target-1", null, "AAPL", OrderSide.SELL, "limit", "", d("10"), d("0"), null,
                BrokerOrderStatus.CANCELED, null, List.of());
        BrokerOrder bracket = new BrokerOrder("entry-1", "c", "AAPL", OrderSide.BUY, "market", "bracket", d("10"), d("10"),
                d("100"), BrokerOrderStatus.FILLED, T1, List.of(stopLeg, targetLeg));
        Plan p = plan(List.of(l), List.of(), List.of(), List.of(bracket));
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("94.95"), CloseReason.STOP_LOSS, "stop-1", T2, "order"));
    }

    @Test
    void aVanishedPositionOfAClosingLotGetsItsOwnReasonFromItsOrder() {
        Lot l = aapl(1).closing(CloseReason.DAY_TRADE_CUTOFF, "close-1").build();
        BrokerOrder o = filledOrder("close-1", "AAPL", OrderSide.SELL, "10", "102.5", T2);
        BrokerOrder unrelated = filledOrder("x", "AAPL", OrderSide.SELL, "1", "50", AS_OF.minusSeconds(1));
        Plan p = plan(List.of(l), List.of(), List.of(), List.of(unrelated, o));
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("102.5"), CloseReason.DAY_TRADE_CUTOFF, "close-1", T2, "order"));
    }

    @Test
    void ordersOfOtherSymbolsOrTheOpeningSideAreNotClosingOrders() {
        Lot l = aapl(1).current("98").build();
        List<BrokerOrder> noise = List.of(filledOrder("a", "MSFT", OrderSide.SELL, "10", "400", T2),
                filledOrder("b", "AAPL", OrderSide.BUY, "10", "101", T2));
        Plan p = plan(List.of(l), List.of(), List.of(), noise);
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("98"), CloseReason.CLOSED_EXTERNALLY, null, AS_OF, "position"));
    }

    @Test
    void aVanishedPositionWithNothingToExplainItClosesAtTheLastPrice() {
        Lot l = aapl(1).current("98.40").build();
        Plan p = plan(List.of(l), List.of(), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("98.40"), CloseReason.CLOSED_EXTERNALLY, null, AS_OF, "position"));
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).isEmpty();
    }

    @Test
    void withoutAnyPriceSeenTheLastPriceIsTheEntry() {
        Lot l = aapl(1).build();
        Plan p = plan(List.of(l), List.of(), List.of(), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("10"), d("100"), CloseReason.CLOSED_EXTERNALLY, null, AS_OF, "position"));
    }

    @Test
    void aShrunkPositionClosesTheOldestLotsFirst() {
        Lot older = aapl(1).current("99").build();
        Lot newer = aapl(2).current("99").entryTime(T1.minusSeconds(60)).build();
        Plan p = plan(List.of(newer, older), List.of(), List.of(position("AAPL", "12", "100")), List.of());
        assertThat(p.exits()).containsExactly(new LotExit(1, d("8"), d("99"), CloseReason.CLOSED_EXTERNALLY, null, AS_OF, "position"));
    }

    @Test
    void aMatchingPositionChangesNothing() {
        Lot l = aapl(1).build();
        Lot s = lot().id(2).stock("TSLA").shortSide().quantity("3").entry("200").stop("210").target("170").entryTime(T1).build();
        Plan p = plan(List.of(l, s), List.of(), List.of(position("AAPL", "10", "100"), position("TSLA", "-3", "200")), List.of());
        assertThat(p.exits()).isEmpty();
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).isEmpty();
        assertThat(p.allocations()).isEmpty();
    }

    // --- adoption ---

    @Test
    void anUntrackedSurplusIsAdoptedWithDefaultStopAndTarget() {
        Lot l = aapl(1).build();
        Plan p = plan(List.of(l), List.of(), List.of(position("AAPL", "15", "100")), List.of());
        assertThat(p.exits()).isEmpty();
        assertThat(p.adoptions()).hasSize(1);
        NewLot a = p.adoptions().get(0);
        assertThat(a.account()).isEqualTo(ACCOUNT);
        assertThat(a.executionId()).isNull();
        assertThat(a.symbol()).isEqualTo("AAPL");
        assertThat(a.side()).isEqualTo(PositionSide.LONG);
        assertThat(a.quantity()).isEqualByComparingTo("5");
        assertThat(a.entryPrice()).isEqualByComparingTo("100");
        assertThat(a.stopLoss()).isEqualByComparingTo("95");
        assertThat(a.takeProfit()).isEqualByComparingTo("115");
        assertThat(a.entryTime()).isEqualTo(AS_OF);
    }

    @Test
    void anUntrackedShortIsAdoptedShortWithMirroredDefaults() {
        Plan p = plan(List.of(), List.of(), List.of(position("TSLA", "-4", "200")), List.of());
        assertThat(p.adoptions()).hasSize(1);
        NewLot a = p.adoptions().get(0);
        assertThat(a.side()).isEqualTo(PositionSide.SHORT);
        assertThat(a.quantity()).isEqualByComparingTo("4");
        assertThat(a.stopLoss()).isEqualByComparingTo("210");
        assertThat(a.takeProfit()).isEqualByComparingTo("170");
    }

    @Test
    void anUntrackedOptionIsAdoptedAsTheContract() {
        Plan p = plan(List.of(), List.of(), List.of(position(CALL, "3", "5.00")), List.of());
        assertThat(p.adoptions()).hasSize(1);
        NewLot a = p.adoptions().get(0);
        assertThat(a.instrument()).isInstanceOf(Instrument.OptionContract.class);
        assertThat(a.symbol()).isEqualTo(CALL);
        assertThat(a.stopLoss()).isEqualByComparingTo("4.75");
        assertThat(a.takeProfit()).isEqualByComparingTo("5.75");
    }

    @Test
    void aRecentFillDefersAdoption() {
        BrokerFill recent = fill("f1", "somebody", "AAPL", OrderSide.BUY, "5", "100", AS_OF.minus(Duration.ofSeconds(119)));
        Plan p = plan(List.of(), List.of(recent), List.of(position("AAPL", "5", "100")), List.of());
        assertThat(p.adoptions()).isEmpty();
        BrokerFill old = fill("f1", "somebody", "AAPL", OrderSide.BUY, "5", "100", AS_OF.minus(Reconciliation.ADOPTION_GRACE).minusSeconds(1));
        Plan q = plan(List.of(), List.of(old), List.of(position("AAPL", "5", "100")), List.of());
        assertThat(q.adoptions()).hasSize(1);
    }

    @Test
    void aRecentFillOfAnotherSymbolDoesNotDeferAdoption() {
        BrokerFill recent = fill("f1", "somebody", "MSFT", OrderSide.BUY, "5", "400", AS_OF.minusSeconds(10));
        Plan p = plan(List.of(), List.of(recent), List.of(position("AAPL", "5", "100"), position("MSFT", "5", "400")), List.of());
        assertThat(p.adoptions()).extracting(NewLot::symbol).containsExactly("AAPL");
    }

    @Test
    void anUntrackedPositionWithoutAPriceIsAnAnomalyNotAnAdoption() {
        Plan p = plan(List.of(), List.of(), List.of(position("AAPL", "5", null)), List.of());
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).extracting(Reconciliation.Anomaly::symbol).containsExactly("AAPL");
    }

    // --- anomalies ---

    @Test
    void aBrokerShortAgainstLongLotsIsAnAnomalyAndChangesNothing() {
        Lot l = aapl(1).build();
        Plan p = plan(List.of(l), List.of(), List.of(position("AAPL", "-10", "100")), List.of());
        assertThat(p.exits()).isEmpty();
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).hasSize(1);
        assertThat(p.anomalies().get(0).symbol()).isEqualTo("AAPL");
        assertThat(p.anomalies().get(0).message()).isNotBlank();
    }

    @Test
    void aBrokerLongAgainstShortLotsIsAnAnomaly() {
        Lot s = lot().id(2).stock("TSLA").shortSide().quantity("3").entry("200").stop("210").target("170").entryTime(T1).build();
        Plan p = plan(List.of(s), List.of(), List.of(position("TSLA", "3", "200")), List.of());
        assertThat(p.exits()).isEmpty();
        assertThat(p.adoptions()).isEmpty();
        assertThat(p.anomalies()).hasSize(1);
    }

    @Test
    void everyFillAppearsInExactlyOneAllocation() {
        Lot a = aapl(1).legs("stop-1", "target-1").entryOrder("entry-1").build();
        Lot b = aapl(2).closing(CloseReason.MANUAL, "close-2").build();
        List<BrokerFill> fills = List.of(
                fill("f1", "entry-1", "AAPL", OrderSide.BUY, "10", "100", T1),
                fill("f2", "close-2", "AAPL", OrderSide.SELL, "10", "101", T1.plusSeconds(1)),
                fill("f3", "stop-1", "AAPL", OrderSide.SELL, "4", "95", T1.plusSeconds(2)),
                fill("f4", "other", "AAPL", OrderSide.SELL, "6", "95", T1.plusSeconds(3)),
                fill("f5", "other2", "NVDA", OrderSide.BUY, "1", "500", T1.plusSeconds(4)));
        Plan p = plan(List.of(a, b), fills, List.of(), List.of());
        assertThat(p.allocations()).extracting(FillAllocation::fill).containsExactlyInAnyOrderElementsOf(fills);
        BigDecimal aOut = p.exits().stream().filter(e -> e.lotId() == 1).map(LotExit::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal bOut = p.exits().stream().filter(e -> e.lotId() == 2).map(LotExit::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(aOut).isEqualByComparingTo("10");
        assertThat(bOut).isEqualByComparingTo("10");
        assertThat(p.exits()).filteredOn(e -> e.lotId() == 2).extracting(LotExit::reason).containsOnly(CloseReason.MANUAL);
    }
}
