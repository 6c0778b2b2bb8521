package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scaling out and breakeven: the partial quantity, the rule, its place among the rules, the breakeven stop. */
class ScaleOutTest {
    static final MarketSession NOV20 = MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30), LocalTime.of(16, 0));
    static final Instant NOON = Instant.parse("2026-11-20T17:00:00Z");
    static final ScaleOut AT_5_PCT = new ScaleOut(d("5"), d("0.5"), true);
    final ExitPolicy policy = ExitPolicy.standard(ExitSettings.defaults().withScaleOut(AT_5_PCT));

    static ExitContext ctx(Lot lot, String price, Set<String> open) {
        BigDecimal p = d(price);
        return new ExitContext(NOON, p, lot.nextPeak(p), Optional.of(NOV20), open);
    }

    static ExitDecision.Exit exit(ExitDecision d) {
        assertThat(d).isInstanceOf(ExitDecision.Exit.class);
        return (ExitDecision.Exit) d;
    }

    @ParameterizedTest(name = "{0} units × {1} → {2}")
    @CsvSource({"10,0.5,5", "11,0.5,5", "3,0.5,1", "2,0.5,1", "2,0.9,1", "7,0.3,2", "3,0.1,1", "100,0.25,25", "10.5,0.5,5"})
    void thePartIsWholeUnitsRoundedDownAndAtLeastOne(String quantity, String fraction, String part) {
        assertThat(new ScaleOut(d("5"), d(fraction), true).quantityOf(d(quantity))).hasValueSatisfying(
                q -> assertThat(q).isEqualByComparingTo(part));
    }

    @ParameterizedTest
    @CsvSource({"1", "0.5", "1.9"})
    void aLotOfLessThanTwoUnitsIsNotSplit(String quantity) {
        assertThat(AT_5_PCT.quantityOf(d(quantity))).isEmpty();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new ScaleOut(d("5"), d("1"), true)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new ScaleOut(d("5"), d("0"), true)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new ScaleOut(d("0"), d("0.5"), true)).hasMessageContaining("trigger");
        assertThat(ScaleOut.OFF.enabled()).isFalse();
    }

    @Test
    void aLongStockLotScalesOutHalfWhenItsGainReachesTheTrigger() {
        Lot l = lot().quantity("10").entry("100").stop("95").target("115").build();
        assertThat(policy.decide(l, ctx(l, "104.99", null))).isEqualTo(ExitDecision.HOLD);
        ExitDecision.Exit e = exit(policy.decide(l, ctx(l, "105", null)));
        assertThat(e.reason()).isEqualTo(CloseReason.PARTIAL_PROFIT);
        assertThat(e.isPartial()).isTrue();
        assertThat(e.quantity()).isEqualByComparingTo("5");
        assertThat(e.detail()).contains("closing 5 of 10");
    }

    @Test
    void aShortOptionLotScalesOutWhenThePremiumFalls() {
        Lot l = lot().option("AAPL261218P00200000").shortSide().quantity("4").entry("5.00").stop("6.00").target("3.00").build();
        assertThat(policy.decide(l, ctx(l, "4.80", null))).isEqualTo(ExitDecision.HOLD);
        ExitDecision.Exit e = exit(policy.decide(l, ctx(l, "4.75", null)));
        assertThat(e.reason()).isEqualTo(CloseReason.PARTIAL_PROFIT);
        assertThat(e.quantity()).isEqualByComparingTo("2");
    }

    @Test
    void itFiresOncePerLot() {
        Lot l = lot().quantity("10").entry("100").stop("100").target("115").scaledOut().build();
        assertThat(policy.decide(l, ctx(l, "108", null))).isEqualTo(ExitDecision.HOLD);
    }

    @Test
    void offByDefault() {
        Lot l = lot().quantity("10").entry("100").stop("95").target("115").build();
        assertThat(ExitPolicy.standard(ExitSettings.defaults()).decide(l, ctx(l, "110", null))).isEqualTo(ExitDecision.HOLD);
    }

    @Test
    void everyFullExitWinsOverTheScaleOut() {
        // take profit at 105 and the scale-out at 5 %: the whole lot closes
        Lot target = lot().quantity("10").entry("100").stop("95").target("105").build();
        assertThat(exit(policy.decide(target, ctx(target, "106", null))).isPartial()).isFalse();
        // a trailing stop from a peak of 120 (10 %) at 107: the whole lot closes
        Lot trailed = lot().quantity("10").entry("100").stop("95").target("130").peak("120").build();
        assertThat(exit(policy.decide(trailed, ctx(trailed, "107", null))).reason()).isEqualTo(CloseReason.TRAILING_STOP);
        // missing legs on a stock lot: the whole lot closes
        Lot legs = lot().quantity("10").entry("100").stop("95").target("130").legs("s", "t").build();
        assertThat(exit(policy.decide(legs, ctx(legs, "106", Set.of()))).reason()).isEqualTo(CloseReason.MISSING_BRACKETS);
    }

    @Test
    void legsTheScaleOutReleasedAreNotMissing() {
        Lot l = lot().quantity("5").entry("100").stop("100").target("130").legs("s", "t").scaledOut().legsReleased().build();
        assertThat(policy.decide(l, ctx(l, "106", Set.of()))).isEqualTo(ExitDecision.HOLD);
        // the stop (at breakeven) still protects the rest
        assertThat(exit(policy.decide(l, ctx(l, "99.99", Set.of()))).reason()).isEqualTo(CloseReason.STOP_LOSS);
    }

    @ParameterizedTest(name = "{0} stop {1} entry {2} → {3}")
    @CsvSource({"LONG,95,100,100", "LONG,102,100,102", "LONG,,100,100", "SHORT,105,100,100", "SHORT,98,100,98", "SHORT,,100,100"})
    void breakevenMovesTheStopToTheEntryButNeverLoosensIt(String side, String stop, String entry, String expected) {
        var b = lot().entry(entry).stop(stop);
        if (side.equals("SHORT")) {
            b.shortSide();
        }
        assertThat(ScaleOut.breakevenStop(b.build())).isEqualByComparingTo(expected);
    }

    @Test
    void anOperatorCannotCloseALotWhileItScalesOutAndIsToldWhy() {
        Lot scaling = lot().id(7).quantity("10").scalingOut("5", "o-1").build();
        assertThat(com.tradinginfra.pm.domain.LotCommand.CLOSE.refusal(scaling)).hasValueSatisfying(
                why -> assertThat(why).contains("lot 7", "scale-out of 5", "open again"));
        assertThat(com.tradinginfra.pm.domain.LotCommand.RETRY.refusal(scaling)).isPresent();
        assertThat(com.tradinginfra.pm.domain.LotCommand.CLOSE.refusal(lot().scaledOut().build())).isEmpty();
    }

    @Test
    void aScalingLotUsesItsOwnClientOrderIds() {
        Lot scaling = lot().id(42).quantity("10").scalingOut("5", null).build();
        assertThat(scaling.isScalingOut()).isTrue();
        assertThat(scaling.closeClientOrderId(1)).isEqualTo("pm-large-42-s1");
        Lot full = lot().id(42).closing(CloseReason.STOP_LOSS, null).build();
        assertThat(full.closeClientOrderId(1)).isEqualTo("pm-large-42-1");
        assertThat(com.tradinginfra.pm.domain.CloseOrderId.lotIdOf("pm-large-42-s1")).isEqualTo(42);
        assertThat(com.tradinginfra.pm.domain.CloseOrderId.isPartial("pm-large-42-s1")).isTrue();
        assertThat(com.tradinginfra.pm.domain.CloseOrderId.isPartial("pm-large-42-1")).isFalse();
    }
}
