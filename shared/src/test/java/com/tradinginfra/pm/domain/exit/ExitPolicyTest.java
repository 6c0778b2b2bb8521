package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;

class ExitPolicyTest {
    final ExitPolicy policy = ExitPolicy.standard(ExitSettings.defaults());
    static final MarketSession NOV20 = MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30), LocalTime.of(16, 0));
    static final Instant AT_1558 = et("2026-11-20T15:58");

    static Instant et(String t) {
        return LocalDateTime.parse(t).atZone(MarketSession.NEW_YORK).toInstant();
    }

    static ExitContext ctx(Lot lot, Instant asOf, String price, Set<String> open) {
        BigDecimal p = price == null ? null : d(price);
        return new ExitContext(asOf, p, lot.nextPeak(p), Optional.of(NOV20), open);
    }

    static CloseReason reason(ExitDecision decision) {
        assertThat(decision).isInstanceOf(ExitDecision.Exit.class);
        return ((ExitDecision.Exit) decision).reason();
    }

    /** A day trade held far too long, past the cutoff, with legs gone, below its stop and a trail: everything fires. */
    @Test
    void stopLossBeatsEverything() {
        Lot l = lot().dayTrade().entry("100").stop("95").target("115").peak("120").legs("s", "t")
                .entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, AT_1558, "90", Set.of())))).isEqualTo(CloseReason.STOP_LOSS);
    }

    @Test
    void takeProfitBeatsMissingBracketsAndTimeRules() {
        Lot l = lot().dayTrade().entry("100").stop("95").target("115").legs("s", "t")
                .entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, AT_1558, "116", Set.of())))).isEqualTo(CloseReason.TAKE_PROFIT);
    }

    @Test
    void missingBracketsBeatsTrailingAndTimeRules() {
        Lot l = lot().dayTrade().entry("100").stop("80").target("200").peak("120").legs("s", "t")
                .entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, AT_1558, "105", Set.of())))).isEqualTo(CloseReason.MISSING_BRACKETS);
    }

    @Test
    void trailingBeatsDayTradeAndMaxHold() {
        Lot l = lot().dayTrade().entry("100").stop("80").target("200").peak("120")
                .entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, AT_1558, "105", Set.of())))).isEqualTo(CloseReason.TRAILING_STOP);
    }

    @Test
    void dayTradeBeatsOptionExpiryAndMaxHold() {
        Lot l = lot().dayTrade().option("SPY261120C00450000").entry("5").stop("1").target("50")
                .entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, AT_1558, "5", Set.of())))).isEqualTo(CloseReason.DAY_TRADE_CUTOFF);
    }

    @Test
    void optionExpiryBeatsMaxHold() {
        Lot l = lot().option("SPY261120C00450000").entry("5").stop("1").target("50")
                .entryTime("2026-11-10T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, et("2026-11-20T10:00"), "5", Set.of())))).isEqualTo(CloseReason.OPTION_EXPIRY);
    }

    @Test
    void maxHoldFiresLast() {
        Lot l = lot().entry("100").entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(l, ctx(l, et("2026-11-20T10:00"), "100", Set.of())))).isEqualTo(CloseReason.MAX_HOLD_TIME);
    }

    @Test
    void holdsWhenNothingFires() {
        Lot l = lot().entry("100").legs("s", "t").entryTime(et("2026-11-20T10:00")).build();
        assertThat(policy.decide(l, ctx(l, et("2026-11-20T12:00"), "101", Set.of("s", "t")))).isEqualTo(ExitDecision.HOLD);
    }

    @Test
    void withoutAPriceOnlyTimeRulesCanFire() {
        Lot beyondStop = lot().entry("100").stop("95").target("115").peak("200").entryTime(et("2026-11-20T10:00")).build();
        assertThat(policy.decide(beyondStop, ctx(beyondStop, et("2026-11-20T12:00"), null, Set.of())))
                .isEqualTo(ExitDecision.HOLD);
        Lot dayTrade = lot().dayTrade().entry("100").stop("95").target("115").peak("200").entryTime(et("2026-11-20T10:00")).build();
        assertThat(reason(policy.decide(dayTrade, ctx(dayTrade, AT_1558, null, Set.of())))).isEqualTo(CloseReason.DAY_TRADE_CUTOFF);
        Lot old = lot().entry("100").entryTime("2026-11-18T15:00:00Z").build();
        assertThat(reason(policy.decide(old, ctx(old, et("2026-11-20T12:00"), null, Set.of())))).isEqualTo(CloseReason.MAX_HOLD_TIME);
    }

    @Test
    void standardPolicyHasTheDocumentedOrder() {
        assertThat(policy.rules()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("StopLoss", "TakeProfit", "MissingBrackets", "TrailingStop", "DayTradeCutoff",
                        "OptionExpiry", "MaxHoldTime", "PartialProfit");
    }

    @Test
    void standardPolicyUsesTheSettings() {
        ExitSettings s = new ExitSettings(BigDecimal.valueOf(5), BigDecimal.valueOf(15), java.time.Duration.ofMinutes(30),
                BigDecimal.ZERO, java.time.Duration.ofMinutes(15), java.time.Duration.ofHours(48));
        ExitPolicy custom = ExitPolicy.standard(s);
        Lot young = lot().entry("100").stop("80").target("200").peak("150").entryTime(et("2026-11-20T11:00")).build();
        // trailing disabled (0 %), max hold 30 min
        assertThat(reason(custom.decide(young, ctx(young, et("2026-11-20T11:30"), "101", Set.of())))).isEqualTo(CloseReason.MAX_HOLD_TIME);
        Lot dayTrade = lot().dayTrade().entry("100").entryTime(et("2026-11-20T11:00")).maxHold(1000).build();
        assertThat(reason(custom.decide(dayTrade, ctx(dayTrade, et("2026-11-20T15:45"), "100", Set.of())))).isEqualTo(CloseReason.DAY_TRADE_CUTOFF);
        Lot option = lot().option("SPY261121C00450000").entry("5").stop("1").target("50").maxHold(100000)
                .entryTime(et("2026-11-19T10:00")).build();
        assertThat(reason(custom.decide(option, ctx(option, et("2026-11-19T16:00"), "5", Set.of())))).isEqualTo(CloseReason.OPTION_EXPIRY);
    }

    @Test
    void defaultsAreTheDocumentedStartingValues() {
        ExitSettings d = ExitSettings.defaults();
        assertThat(d.stopLossPct()).isEqualByComparingTo("5");
        assertThat(d.takeProfitPct()).isEqualByComparingTo("15");
        assertThat(d.maxHold()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(d.dayTradeCutoff()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(d.optionExpiryCutoff()).isEqualTo(java.time.Duration.ofHours(24));
    }
}
