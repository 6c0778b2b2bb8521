package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketAndSidesTest {

    @Test
    void sessionsAreNewYorkTimes() {
        MarketSession normal = MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30), LocalTime.of(16, 0));
        assertThat(normal.open()).isEqualTo(Instant.parse("2026-11-20T14:30:00Z"));
        assertThat(normal.close()).isEqualTo(Instant.parse("2026-11-20T21:00:00Z"));
        MarketSession early = MarketSession.of(LocalDate.of(2026, 11, 27), LocalTime.of(9, 30), LocalTime.of(13, 0));
        assertThat(early.close()).isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
        MarketSession summer = MarketSession.of(LocalDate.of(2026, 7, 1), LocalTime.of(9, 30), LocalTime.of(16, 0));
        assertThat(summer.close()).isEqualTo(Instant.parse("2026-07-01T20:00:00Z"));
    }

    @Test
    void openFromOpenUntilJustBeforeClose() {
        MarketSession s = MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30), LocalTime.of(16, 0));
        assertThat(s.isOpenAt(Instant.parse("2026-11-20T14:29:59Z"))).isFalse();
        assertThat(s.isOpenAt(Instant.parse("2026-11-20T14:30:00Z"))).isTrue();
        assertThat(s.isOpenAt(Instant.parse("2026-11-20T20:59:59Z"))).isTrue();
        assertThat(s.isOpenAt(Instant.parse("2026-11-20T21:00:00Z"))).isFalse();
    }

    @Test
    void closeMustFollowOpen() {
        assertThatThrownBy(() -> MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(16, 0), LocalTime.of(9, 30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tradingDateIsTheNewYorkDate() {
        assertThat(MarketSession.tradingDate(Instant.parse("2026-11-21T01:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(MarketSession.tradingDate(Instant.parse("2026-11-21T05:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @Test
    void executionSides() {
        assertThat(PositionSide.fromExecutionSide("buy")).isEqualTo(PositionSide.LONG);
        assertThat(PositionSide.fromExecutionSide(" SELL ")).isEqualTo(PositionSide.SHORT);
        assertThatThrownBy(() -> PositionSide.fromExecutionSide("hold")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold");
        assertThatThrownBy(() -> PositionSide.fromExecutionSide(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingAnOpeningOrderSides() {
        assertThat(PositionSide.LONG.closingOrderSide()).isEqualTo(OrderSide.SELL);
        assertThat(PositionSide.SHORT.closingOrderSide()).isEqualTo(OrderSide.BUY);
        assertThat(PositionSide.LONG.openingOrderSide()).isEqualTo(OrderSide.BUY);
        assertThat(PositionSide.SHORT.openingOrderSide()).isEqualTo(OrderSide.SELL);
        assertThat(PositionSide.fromCode(PositionSide.SHORT.code())).isEqualTo(PositionSide.SHORT);
    }

    @Test
    void sellShortIsASale() {
        assertThat(OrderSide.fromWire("sell_short")).isEqualTo(OrderSide.SELL);
        assertThat(OrderSide.fromWire("sell")).isEqualTo(OrderSide.SELL);
        assertThat(OrderSide.fromWire("BUY")).isEqualTo(OrderSide.BUY);
        assertThat(OrderSide.SELL.wire()).isEqualTo("sell");
        assertThatThrownBy(() -> OrderSide.fromWire("hodl")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerPositionSideAndSize() {
        BrokerPosition shortPos = new BrokerPosition("AAPL", false, d("-5"), d("-5"), d("100"), null);
        assertThat(shortPos.side()).isEqualTo(PositionSide.SHORT);
        assertThat(shortPos.size()).isEqualByComparingTo("5");
        assertThat(new BrokerPosition("AAPL", false, d("5"), d("0"), d("100"), null).side()).isEqualTo(PositionSide.LONG);
        assertThat(new BrokerPosition("AAPL", false, d("0"), d("0"), d("100"), null).side()).isNull();
    }

    @Test
    void brokerOrderStates() {
        BrokerOrder filled = new BrokerOrder("o", null, "AAPL", OrderSide.SELL, "market", "", d("1"), d("1"), d("1"), BrokerOrderStatus.FILLED, null, null);
        assertThat(filled.isFilled()).isTrue();
        assertThat(filled.isTerminal()).isTrue();
        assertThat(filled.legs()).isEmpty();
        BrokerOrder partial = new BrokerOrder("o", null, "AAPL", OrderSide.SELL, "market", "", d("2"), d("1"), d("1"),
                BrokerOrderStatus.PARTIALLY_FILLED, null, List.of());
        assertThat(partial.isFilled()).isFalse();
        assertThat(partial.isTerminal()).isFalse();
        BrokerOrder canceled = new BrokerOrder("o", null, "AAPL", OrderSide.SELL, "market", "", d("2"), null, null, BrokerOrderStatus.CANCELED, null, null);
        assertThat(canceled.isTerminal()).isTrue();
        assertThat(canceled.filledQuantity()).isEqualByComparingTo("0");
    }

    @Test
    void protectiveLegs() {
        ProtectiveLegs legs = new ProtectiveLegs("s", "t");
        assertThat(legs.reasonForLeg("s")).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(legs.reasonForLeg("t")).isEqualTo(CloseReason.TAKE_PROFIT);
        assertThat(legs.reasonForLeg("x")).isNull();
        assertThat(legs.reasonForLeg(null)).isNull();
        assertThat(ProtectiveLegs.NONE.expected()).isFalse();
        assertThat(ProtectiveLegs.NONE.reasonForLeg(null)).isNull();
    }

    @Test
    void money() {
        assertThat(Money.percent(d("5"), d("0"))).isEqualByComparingTo("0");
        assertThat(Money.percent(d("1"), d("3"))).isEqualByComparingTo("33.3333");
        assertThat(Money.minusPercent(d("100"), d("5"))).isEqualByComparingTo("95");
        assertThat(Money.plusPercent(d("100"), d("15"))).isEqualByComparingTo("115");
        assertThat(Money.averagePrice(d("1070"), d("10"))).isEqualByComparingTo("107");
        assertThat(Money.price(null)).isNull();
        assertThat(Money.price(new BigDecimal("1.23456")).scale()).isEqualTo(Money.PRICE_SCALE);
    }
}
