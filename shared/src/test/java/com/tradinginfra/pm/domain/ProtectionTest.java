package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtectionTest {
    static final MarketSession NOV23 = MarketSession.of(LocalDate.of(2026, 11, 23), LocalTime.of(9, 30), LocalTime.of(16, 0));
    static final Instant NOON = Instant.parse("2026-11-23T17:00:00Z");
    final Protection protection = new Protection();

    static BrokerPosition held(String symbol, String qty, String available) {
        return new BrokerPosition(symbol, false, d(qty), d(available), d("100"), d("100"));
    }

    static BrokerOrder working(String id) {
        return new BrokerOrder(id, null, "AAPL", OrderSide.SELL, "stop", "bracket", d("10"), null, null,
                BrokerOrderStatus.NEW, null, List.of());
    }

    List<Protection.Arm> plan(List<Lot> lots, List<BrokerOrder> open, List<BrokerPosition> positions, Instant at) {
        return protection.plan(new Protection.Input(lots, open, positions, Optional.of(NOV23), at));
    }

    @Test
    void aStockLotWhoseLegsAreGoneGetsOnePairAtItsStopAndTarget() {
        Lot l = lot().id(7).legs("s1", "t1").protectionArms(0).build();
        List<Protection.Arm> arms = plan(List.of(l), List.of(), List.of(held("AAPL", "10", "10")), NOON);
        assertThat(arms).hasSize(1);
        ProtectionRequest r = arms.get(0).request();
        assertThat(r.symbol()).isEqualTo("AAPL");
        assertThat(r.side()).isEqualTo(OrderSide.SELL);
        assertThat(r.quantity()).isEqualByComparingTo("10");
        assertThat(r.stopLoss()).isEqualByComparingTo("95");
        assertThat(r.takeProfit()).isEqualByComparingTo("115");
        assertThat(r.clientOrderId()).isEqualTo("pm-large-7-r1");
        assertThat(arms.get(0).arm()).isEqualTo(1);
    }

    @Test
    void theNextArmHasTheNextClientOrderId() {
        Lot l = lot().id(7).legs("s1", "t1").protectionArms(2).build();
        assertThat(plan(List.of(l), List.of(), List.of(held("AAPL", "10", "10")), NOON).get(0).request().clientOrderId())
                .isEqualTo("pm-large-7-r3");
    }

    @Test
    void aShortLotIsProtectedByABuyPair() {
        Lot l = lot().shortSide().stop("105").target("85").legs("s1", "t1").build();
        ProtectionRequest r = plan(List.of(l), List.of(), List.of(held("AAPL", "-10", "-10")), NOON).get(0).request();
        assertThat(r.side()).isEqualTo(OrderSide.BUY);
        assertThat(r.quantity()).isEqualByComparingTo("10");
    }

    @Test
    void nothingWhileALegStillWorksIncludingAHeldOne() {
        Lot l = lot().legs("s1", "t1").build();
        BrokerOrder held = new BrokerOrder("t1", null, "AAPL", OrderSide.SELL, "limit", "bracket", d("10"), null, null,
                BrokerOrderStatus.HELD, null, List.of());
        assertThat(plan(List.of(l), List.of(working("s1")), List.of(held("AAPL", "10", "0")), NOON)).isEmpty();
        BrokerOrder entry = new BrokerOrder("e1", null, "AAPL", OrderSide.BUY, "market", "bracket", d("20"), d("10"), null,
                BrokerOrderStatus.PARTIALLY_FILLED, null, List.of(held));
        assertThat(plan(List.of(l), List.of(entry), List.of(held("AAPL", "10", "10")), NOON))
                .as("legs held for a working entry activate with it").isEmpty();
    }

    @Test
    void neverMoreThanTheBrokerHoldsFreeOfOtherOrdersSharedOldestFirstInWholeShares() {
        Lot older = lot().id(1).quantity("10").legs("s1", "t1").entryTime("2026-11-20T15:00:00Z").build();
        Lot newer = lot().id(2).quantity("10").legs("s2", "t2").entryTime("2026-11-21T15:00:00Z").build();
        List<Protection.Arm> arms = plan(List.of(newer, older), List.of(), List.of(held("AAPL", "20", "13.5")), NOON);
        assertThat(arms).extracting(a -> a.lot().id()).containsExactly(1L, 2L);
        assertThat(arms.get(0).request().quantity()).isEqualByComparingTo("10");
        assertThat(arms.get(1).request().quantity()).isEqualByComparingTo("3");
        assertThat(plan(List.of(older), List.of(), List.of(held("AAPL", "20", "0.5")), NOON)).isEmpty();
    }

    @Test
    void nothingWhenTheBrokerHoldsLessThanTheLotsOrNothingOrTheOtherSide() {
        Lot l = lot().legs("s1", "t1").build();
        assertThat(plan(List.of(l), List.of(), List.of(held("AAPL", "4", "4")), NOON)).as("a leg may have filled unseen").isEmpty();
        assertThat(plan(List.of(l), List.of(), List.of(), NOON)).isEmpty();
        assertThat(plan(List.of(l), List.of(), List.of(held("AAPL", "-10", "-10")), NOON)).isEmpty();
    }

    @Test
    void aPairPlacedByAnEarlierSyncIsPlannedAgainForItsLookUpThoughItHoldsTheShares() {
        Lot l = lot().id(7).legs("s1", "t1").build();
        BrokerOrder placed = new BrokerOrder("pair", "pm-large-7-r1", "AAPL", OrderSide.SELL, "limit", "oco", d("10"), null, null,
                BrokerOrderStatus.NEW, null, List.of());
        List<Protection.Arm> arms = plan(List.of(l), List.of(placed), List.of(held("AAPL", "10", "0")), NOON);
        assertThat(arms).singleElement().satisfies(a -> {
            assertThat(a.request().clientOrderId()).isEqualTo("pm-large-7-r1");
            assertThat(a.request().quantity()).isEqualByComparingTo("10");
        });
    }

    @Test
    void neverOutsideTheSession() {
        Lot l = lot().legs("s1", "t1").build();
        List<BrokerPosition> p = List.of(held("AAPL", "10", "10"));
        assertThat(plan(List.of(l), List.of(), p, Instant.parse("2026-11-23T21:30:00Z"))).isEmpty();
        assertThat(plan(List.of(l), List.of(), p, Instant.parse("2026-11-23T14:00:00Z"))).isEmpty();
        assertThat(protection.plan(new Protection.Input(List.of(l), List.of(), p, Optional.empty(), NOON))).isEmpty();
    }

    @Test
    void optionsClosingLotsAndLotsWithoutLegsAreLeftAlone() {
        Lot option = lot().option("AAPL261218C00200000").legs("s1", "t1").build();
        Lot closing = lot().id(2).legs("s2", "t2").closing(CloseReason.STOP_LOSS, null).build();
        Lot bare = lot().id(3).build();
        assertThat(Protection.anyCandidate(List.of(option, closing, bare))).isFalse();
        assertThat(plan(List.of(option, closing, bare), List.of(), List.of(held("AAPL", "20", "20"),
                new BrokerPosition("AAPL261218C00200000", true, d("10"), d("10"), d("5"), d("5"))), NOON)).isEmpty();
    }

    @Test
    void aPlacedPairGivesTheLotItsStopAndLimitLegs() {
        BrokerOrder stop = new BrokerOrder("leg-stop", null, "AAPL", OrderSide.SELL, "stop", "oco", d("10"), null, null,
                BrokerOrderStatus.NEW, null, List.of());
        BrokerOrder pair = new BrokerOrder("pair", "pm-large-1-r1", "AAPL", OrderSide.SELL, "limit", "oco", d("10"), null, null,
                BrokerOrderStatus.NEW, null, List.of(stop));
        assertThat(Protection.legsOf(pair)).isEqualTo(new ProtectiveLegs("leg-stop", "pair"));
        assertThat(new ProtectiveLegs("leg-stop", "pair").reasonForLeg("leg-stop")).isEqualTo(CloseReason.STOP_LOSS);
    }

    @Test
    void aPairMustBeWholeSharesWithTheTargetOnTheRightSideOfTheStop() {
        assertThatThrownBy(() -> new ProtectionRequest("AAPL", new BigDecimal("2.5"), OrderSide.SELL, d("110"), d("90"), "x"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> new ProtectionRequest("AAPL", BigDecimal.ONE, OrderSide.SELL, d("90"), d("110"), "x"))
                .hasMessageContaining("must be above the stop");
        assertThatThrownBy(() -> ProtectionOrderId.of("large", 1, 0)).hasMessageContaining("from 1");
        assertThat(CloseOrderId.lotIdOf(ProtectionOrderId.of("large", 5, 1))).as("not a close attempt's id").isEqualTo(-1);
    }
}
