package com.tradinginfra.pm.domain;

import com.tradinginfra.pm.domain.Reconciliation.LotExit;
import org.junit.jupiter.api.Test;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LotSettlementTest {
    static final Instant T1 = Instant.parse("2026-11-20T17:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-20T17:01:00Z");

    static LotExit exit(long lot, String qty, String price, CloseReason reason, Instant at) {
        return new LotExit(lot, d(qty), d(price), reason, "o", at, "fill");
    }

    @Test
    void sumsQuantityValueAndPnlOfSeveralFills() {
        Lot l = lot().id(7).quantity("10").entry("100").build();
        LotSettlement s = LotSettlement.of(l, List.of(
                exit(7, "4", "110", CloseReason.TAKE_PROFIT, T1),
                exit(7, "6", "105", CloseReason.TAKE_PROFIT, T2)));
        assertThat(s.lotId()).isEqualTo(7);
        assertThat(s.quantity()).isEqualByComparingTo("10");
        assertThat(s.exitValue()).isEqualByComparingTo("1070"); // 440 + 630
        assertThat(s.realizedPnl()).isEqualByComparingTo("70"); // 40 + 30
        // the weighted average exit price
        assertThat(s.exitValue().divide(s.quantity(), 4, RoundingMode.HALF_EVEN)).isEqualByComparingTo("107");
        assertThat(s.closesLot()).isTrue();
        assertThat(s.reason()).isEqualTo(CloseReason.TAKE_PROFIT);
        assertThat(s.at()).isEqualTo(T2);
    }

    @Test
    void aPartialExitDoesNotCloseTheLot() {
        Lot l = lot().id(7).quantity("10").entry("100").build();
        LotSettlement s = LotSettlement.of(l, List.of(exit(7, "3", "90", CloseReason.CLOSED_EXTERNALLY, T1)));
        assertThat(s.quantity()).isEqualByComparingTo("3");
        assertThat(s.realizedPnl()).isEqualByComparingTo("-30");
        assertThat(s.closesLot()).isFalse();
    }

    @Test
    void theLastFillGivesReasonAndTimeWhateverTheOrder() {
        Lot l = lot().id(7).quantity("10").entry("100").build();
        LotSettlement s = LotSettlement.of(l, List.of(
                exit(7, "6", "94", CloseReason.STOP_LOSS, T2),
                exit(7, "4", "99", CloseReason.CLOSED_EXTERNALLY, T1)));
        assertThat(s.reason()).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(s.at()).isEqualTo(T2);
        assertThat(s.closesLot()).isTrue();
    }

    @Test
    void optionsAndShortsUseMultiplierAndSide() {
        Lot option = lot().id(1).option("GOOGL261218C00340000").quantity("2").entry("5.00").stop("4").target("6").build();
        LotSettlement s = LotSettlement.of(option, List.of(exit(1, "2", "6.25", CloseReason.TAKE_PROFIT, T1)));
        assertThat(s.exitValue()).isEqualByComparingTo("12.5"); // price × contracts, as the broker reports fills
        assertThat(s.realizedPnl()).isEqualByComparingTo("250");
        Lot shortLot = lot().id(2).shortSide().quantity("10").entry("100").stop("105").target("85").build();
        LotSettlement t = LotSettlement.of(shortLot, List.of(exit(2, "10", "104", CloseReason.STOP_LOSS, T1)));
        assertThat(t.realizedPnl()).isEqualByComparingTo("-40");
        assertThat(t.closesLot()).isTrue();
    }

    @Test
    void needsAtLeastOneExit() {
        assertThatThrownBy(() -> LotSettlement.of(lot().build(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
