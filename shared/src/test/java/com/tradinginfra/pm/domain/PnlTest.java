package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;

class PnlTest {
    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Test
    void longStockGainAndLoss() {
        Pnl up = Pnl.of(PositionSide.LONG, d("10"), ONE, d("100"), d("110"));
        assertThat(up.dollars()).isEqualByComparingTo("100");
        assertThat(up.percent()).isEqualByComparingTo("10");
        assertThat(up.outcome()).isEqualTo("win");
        Pnl down = Pnl.of(PositionSide.LONG, d("10"), ONE, d("100"), d("95"));
        assertThat(down.dollars()).isEqualByComparingTo("-50");
        assertThat(down.percent()).isEqualByComparingTo("-5");
        assertThat(down.outcome()).isEqualTo("loss");
    }

    @Test
    void shortStockGainsWhenThePriceFalls() {
        Pnl p = Pnl.of(PositionSide.SHORT, d("10"), ONE, d("100"), d("90"));
        assertThat(p.dollars()).isEqualByComparingTo("100");
        assertThat(p.percent()).isEqualByComparingTo("10");
        Pnl l = Pnl.of(PositionSide.SHORT, d("10"), ONE, d("100"), d("104"));
        assertThat(l.dollars()).isEqualByComparingTo("-40");
        assertThat(l.percent()).isEqualByComparingTo("-4");
    }

    @Test
    void optionsCountOneHundredPerContract() {
        Pnl p = Pnl.of(PositionSide.LONG, d("2"), HUNDRED, d("5.00"), d("6.50"));
        assertThat(p.dollars()).isEqualByComparingTo("300");
        assertThat(p.percent()).isEqualByComparingTo("30");
        Pnl s = Pnl.of(PositionSide.SHORT, d("3"), HUNDRED, d("2.00"), d("2.50"));
        assertThat(s.dollars()).isEqualByComparingTo("-150");
        assertThat(s.percent()).isEqualByComparingTo("-25");
    }

    @Test
    void breakeven() {
        Pnl p = Pnl.of(PositionSide.LONG, d("10"), ONE, d("100"), d("100"));
        assertThat(p.dollars()).isEqualByComparingTo("0");
        assertThat(p.percent()).isEqualByComparingTo("0");
        assertThat(p.outcome()).isEqualTo("breakeven");
    }

    @Test
    void subCentPricesKeepTheirPrecision() {
        Pnl p = Pnl.of(PositionSide.LONG, d("1000"), ONE, d("0.1234"), d("0.1334"));
        assertThat(p.dollars()).isEqualByComparingTo("10");
    }

    @Test
    void lotPnlAtUsesItsSideQuantityAndMultiplier() {
        Lot stock = lot().quantity("10").entry("100").build();
        assertThat(stock.pnlAt(d("101.5")).dollars()).isEqualByComparingTo("15");
        Lot shortOption = lot().option("GOOGL260220C00340000").shortSide().quantity("2").entry("4.00")
                .stop("5").target("2").build();
        assertThat(shortOption.pnlAt(d("3.00")).dollars()).isEqualByComparingTo("200");
        assertThat(shortOption.pnlAt(d("3.00")).percent()).isEqualByComparingTo("25");
        assertThat(shortOption.pnlOfClose(d("1"), d("5.00")).dollars()).isEqualByComparingTo("-100");
    }

    @Test
    void nextPeakIsTheMaximumForLongAndTheMinimumForShort() {
        Lot longLot = lot().entry("100").build();
        assertThat(longLot.nextPeak(d("105"))).isEqualByComparingTo("105");
        assertThat(longLot.nextPeak(d("95"))).isEqualByComparingTo("100");
        assertThat(longLot.nextPeak(null)).isEqualByComparingTo("100");
        Lot longWithPeak = lot().entry("100").peak("110").build();
        assertThat(longWithPeak.nextPeak(d("105"))).isEqualByComparingTo("110");
        assertThat(longWithPeak.nextPeak(d("111"))).isEqualByComparingTo("111");

        Lot shortLot = lot().shortSide().entry("100").stop("105").target("85").build();
        assertThat(shortLot.nextPeak(d("95"))).isEqualByComparingTo("95");
        assertThat(shortLot.nextPeak(d("105"))).isEqualByComparingTo("100");
        Lot shortWithTrough = lot().shortSide().entry("100").peak("90").stop("105").target("85").build();
        assertThat(shortWithTrough.nextPeak(d("92"))).isEqualByComparingTo("90");
        assertThat(shortWithTrough.nextPeak(d("89"))).isEqualByComparingTo("89");
        assertThat(shortWithTrough.nextPeak(null)).isEqualByComparingTo("90");
    }

    @Test
    void atOrWorseAndAtOrBetterAreMirroredForShort() {
        Lot l = lot().build();
        assertThat(l.isAtOrWorse(d("95"), d("95"))).isTrue();
        assertThat(l.isAtOrWorse(d("94.99"), d("95"))).isTrue();
        assertThat(l.isAtOrWorse(d("95.01"), d("95"))).isFalse();
        assertThat(l.isAtOrBetter(d("115"), d("115"))).isTrue();
        assertThat(l.isAtOrBetter(d("114.99"), d("115"))).isFalse();

        Lot s = lot().shortSide().stop("105").target("85").build();
        assertThat(s.isAtOrWorse(d("105"), d("105"))).isTrue();
        assertThat(s.isAtOrWorse(d("105.01"), d("105"))).isTrue();
        assertThat(s.isAtOrWorse(d("104.99"), d("105"))).isFalse();
        assertThat(s.isAtOrBetter(d("85"), d("85"))).isTrue();
        assertThat(s.isAtOrBetter(d("84.99"), d("85"))).isTrue();
        assertThat(s.isAtOrBetter(d("85.01"), d("85"))).isFalse();
    }

    @Test
    void lotSymbolOfAnOptionIsTheOccSymbol() {
        Lot l = lot().option("GOOGL260220C00340000").build();
        assertThat(l.symbol()).isEqualTo("GOOGL260220C00340000");
        assertThat(l.isOption()).isTrue();
        assertThat(lot().build().isOption()).isFalse();
    }

    @Test
    void dayTradeIsRecognisedByStrategy() {
        assertThat(lot().dayTrade().build().isDayTrade()).isTrue();
        assertThat(lot().strategy("DAY_TRADE").build().isDayTrade()).isTrue();
        assertThat(lot().strategy("swing_trade").build().isDayTrade()).isFalse();
        assertThat(lot().strategy(null).build().isDayTrade()).isFalse();
    }
}
