package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotBuilder;
import com.tradinginfra.pm.domain.MarketSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

import static com.tradinginfra.pm.domain.LotBuilder.d;
import static com.tradinginfra.pm.domain.LotBuilder.lot;
import static org.assertj.core.api.Assertions.assertThat;

class ExitRuleTest {
    static final Instant NOON = Instant.parse("2026-11-20T17:00:00Z"); // 12:00 ET, Friday
    static final MarketSession NOV20 = MarketSession.of(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30), LocalTime.of(16, 0));

    static Instant et(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(MarketSession.NEW_YORK).toInstant();
    }

    static ExitContext at(Lot lot, Instant asOf, String price) {
        BigDecimal p = price == null ? null : d(price);
        return new ExitContext(asOf, p, lot.nextPeak(p), Optional.of(NOV20), Set.of());
    }

    static ExitContext priced(Lot lot, String price) {
        return at(lot, NOON, price);
    }

    static void fires(ExitRule rule, Lot lot, ExitContext ctx, CloseReason reason) {
        Optional<ExitDecision.Exit> exit = rule.evaluate(lot, ctx);
        assertThat(exit).as("%s should fire at %s, %s", rule, ctx.price(), ctx.asOf()).isPresent();
        assertThat(exit.get().reason()).isEqualTo(reason);
        assertThat(exit.get().detail()).isNotBlank();
    }

    static void holds(ExitRule rule, Lot lot, ExitContext ctx) {
        assertThat(rule.evaluate(lot, ctx)).as("%s should not fire at %s, %s", rule, ctx.price(), ctx.asOf()).isEmpty();
    }

    /** At noon, the rule fires at each of {@code prices} with {@code reason}. */
    static void firesAt(ExitRule rule, Lot lot, CloseReason reason, String... prices) {
        for (String price : prices) {
            fires(rule, lot, priced(lot, price), reason);
        }
    }

    /** At noon, the rule holds at each of {@code prices}. */
    static void holdsAt(ExitRule rule, Lot lot, String... prices) {
        for (String price : prices) {
            holds(rule, lot, priced(lot, price));
        }
    }

    /** A lot without a price never meets a price rule. */
    static void holdsWithoutAPrice(ExitRule rule) {
        Lot l = lot().build();
        holds(rule, l, priced(l, null));
    }

    @Nested
    class StopLoss {
        final ExitRule rule = new ExitRule.StopLoss();

        @Test
        void longFiresAtExactlyTheStopAndBelow() {
            Lot l = lot().entry("100").stop("95.00").build();
            firesAt(rule, l, CloseReason.STOP_LOSS, "95.00", "90");
        }

        @Test
        void longDoesNotFireACentAbove() {
            Lot l = lot().entry("100").stop("95.00").build();
            holdsAt(rule, l, "95.01", "120");
        }

        @Test
        void shortFiresAtExactlyTheStopAndAbove() {
            Lot l = lot().shortSide().entry("100").stop("105.00").target("85").build();
            firesAt(rule, l, CloseReason.STOP_LOSS, "105.00", "110");
            holdsAt(rule, l, "104.99", "80");
        }

        @Test
        void noPriceNoStop() {
            holdsWithoutAPrice(rule);
        }

        @Test
        void optionStop() {
            Lot l = lot().option("GOOGL260220C00340000").entry("5.00").stop("4.75").target("5.75")
                    .entryTime("2026-01-05T15:00:00Z").build();
            ExitContext ctx = new ExitContext(Instant.parse("2026-01-05T16:00:00Z"), d("4.75"), d("5.00"), Optional.empty(), Set.of());
            fires(rule, l, ctx, CloseReason.STOP_LOSS);
        }
    }

    @Nested
    class TakeProfit {
        final ExitRule rule = new ExitRule.TakeProfit();

        @Test
        void longFiresAtTheTargetAndAbove() {
            Lot l = lot().entry("100").target("115.00").build();
            firesAt(rule, l, CloseReason.TAKE_PROFIT, "115.00", "130");
            holdsAt(rule, l, "114.99", "90");
        }

        @Test
        void shortFiresAtTheTargetAndBelow() {
            Lot l = lot().shortSide().entry("100").stop("105").target("85.00").build();
            firesAt(rule, l, CloseReason.TAKE_PROFIT, "85.00", "80");
            holdsAt(rule, l, "85.01", "110");
        }

        @Test
        void noPriceNoTarget() {
            holdsWithoutAPrice(rule);
        }
    }

    @Nested
    class MissingBrackets {
        final ExitRule rule = new ExitRule.MissingBrackets();

        ExitContext open(Set<String> ids) {
            return new ExitContext(NOON, d("100"), d("100"), Optional.of(NOV20), ids);
        }

        @Test
        void firesWhenLegsWereExpectedAndNoneIsOpen() {
            Lot l = lot().legs("stop-1", "target-1").build();
            fires(rule, l, open(Set.of()), CloseReason.MISSING_BRACKETS);
            fires(rule, l, open(Set.of("other-order")), CloseReason.MISSING_BRACKETS);
        }

        @Test
        void firesWithOnlyOneExpectedLegGone() {
            Lot l = lot().legs("stop-1", null).build();
            fires(rule, l, open(Set.of("target-x")), CloseReason.MISSING_BRACKETS);
        }

        @Test
        void underRearmAStockLotHoldsForSyncToRearmItAndAnOptionLotCloses() {
            ExitRule rearm = new ExitRule.MissingBrackets(MissingBracketsAction.REARM);
            Lot stock = lot().legs("stop-1", "target-1").build();
            holds(rearm, stock, open(Set.of()));
            Lot option = lot().option("AAPL261218C00200000").legs("stop-1", "target-1").build();
            fires(rearm, option, open(Set.of()), CloseReason.MISSING_BRACKETS);
            holds(rearm, option, open(Set.of("stop-1")));
            holds(rule, option, open(Set.of()));
        }

        @Test
        void holdsWhileOneLegIsOpen() {
            Lot l = lot().legs("stop-1", "target-1").build();
            holds(rule, l, open(Set.of("stop-1")));
            holds(rule, l, open(Set.of("target-1")));
            holds(rule, l, open(Set.of("stop-1", "target-1")));
        }

        @Test
        void holdsWhenOpenOrdersAreUnknown() {
            Lot l = lot().legs("stop-1", "target-1").build();
            holds(rule, l, open(null));
        }

        @Test
        void holdsWithoutExpectedLegs() {
            Lot l = lot().build();
            holds(rule, l, open(Set.of()));
        }

        @Test
        void optionsNeverHaveBrackets() {
            Lot l = lot().option("GOOGL260220C00340000").entry("5").stop("4").target("6").legs("stop-1", "target-1")
                    .entryTime("2026-01-05T15:00:00Z").build();
            holds(rule, l, new ExitContext(Instant.parse("2026-01-05T16:00:00Z"), d("5"), d("5"), Optional.empty(), Set.of()));
        }
    }

    @Nested
    class TrailingStop {
        final ExitRule rule = new ExitRule.TrailingStop(BigDecimal.TEN);

        ExitContext ctx(String price, String peak) {
            return new ExitContext(NOON, d(price), d(peak), Optional.of(NOV20), Set.of());
        }

        @Test
        void longFiresTenPercentBelowThePeakAfterItRoseAboveEntry() {
            Lot l = lot().entry("100").stop("80").target("200").peak("120").build();
            fires(rule, l, ctx("108.00", "120"), CloseReason.TRAILING_STOP);
            fires(rule, l, ctx("100", "120"), CloseReason.TRAILING_STOP);
            holds(rule, l, ctx("108.01", "120"));
            holds(rule, l, ctx("119", "120"));
        }

        @Test
        void longUsesThePeakFromLotNextPeak() {
            Lot l = lot().entry("100").stop("80").target("200").peak("110").build();
            // 99 is 10 % below 110
            firesAt(rule, l, CloseReason.TRAILING_STOP, "99.00");
            holdsAt(rule, l, "99.01");
        }

        @Test
        void longDoesNotTrailBeforeThePeakMovedPastEntry() {
            Lot l = lot().entry("100").stop("80").target("200").build();
            holds(rule, l, ctx("89", "100"));
            holds(rule, l, ctx("85", "95"));
        }

        @Test
        void shortTrailsTheTrough() {
            Lot l = lot().shortSide().entry("100").stop("150").target("10").peak("80").build();
            fires(rule, l, ctx("88.00", "80"), CloseReason.TRAILING_STOP);
            fires(rule, l, ctx("95", "80"), CloseReason.TRAILING_STOP);
            holds(rule, l, ctx("87.99", "80"));
            holds(rule, l, ctx("81", "80"));
        }

        @Test
        void shortDoesNotTrailBeforeTheTroughMovedBelowEntry() {
            Lot l = lot().shortSide().entry("100").stop("150").target("10").build();
            holds(rule, l, ctx("111", "100"));
            holds(rule, l, ctx("120", "105"));
        }

        @Test
        void zeroPercentDisables() {
            ExitRule off = new ExitRule.TrailingStop(BigDecimal.ZERO);
            Lot l = lot().entry("100").stop("10").target("200").peak("150").build();
            holds(off, l, ctx("101", "150"));
        }

        @Test
        void noPriceNoTrail() {
            Lot l = lot().entry("100").stop("80").target("200").peak("120").build();
            holds(rule, l, new ExitContext(NOON, null, d("120"), Optional.of(NOV20), Set.of()));
        }
    }

    @Nested
    class DayTradeCutoff {
        final ExitRule rule = new ExitRule.DayTradeCutoff(Duration.ofMinutes(5));

        ExitContext ctx(Instant asOf, MarketSession session) {
            return new ExitContext(asOf, d("100"), d("100"), Optional.of(session), Set.of());
        }

        MarketSession session(int y, int m, int day, int closeHour) {
            return MarketSession.of(LocalDate.of(y, m, day), LocalTime.of(9, 30), LocalTime.of(closeHour, 0));
        }

        @Test
        void normalDayFiresAt1555NotAt1554() {
            Lot l = lot().dayTrade().entryTime(et("2026-11-20T10:00")).build();
            holds(rule, l, ctx(et("2026-11-20T15:54"), NOV20));
            holds(rule, l, ctx(et("2026-11-20T15:54:59"), NOV20));
            fires(rule, l, ctx(et("2026-11-20T15:55"), NOV20), CloseReason.DAY_TRADE_CUTOFF);
            fires(rule, l, ctx(et("2026-11-20T15:59"), NOV20), CloseReason.DAY_TRADE_CUTOFF);
            // in UTC: 20:55Z (EST)
            fires(rule, l, ctx(Instant.parse("2026-11-20T20:55:00Z"), NOV20), CloseReason.DAY_TRADE_CUTOFF);
            holds(rule, l, ctx(Instant.parse("2026-11-20T20:54:00Z"), NOV20));
        }

        @Test
        void earlyCloseFiresAt1255() {
            MarketSession blackFriday = session(2026, 11, 27, 13);
            Lot l = lot().dayTrade().entryTime(et("2026-11-27T09:45")).build();
            holds(rule, l, ctx(et("2026-11-27T12:54"), blackFriday));
            fires(rule, l, ctx(et("2026-11-27T12:55"), blackFriday), CloseReason.DAY_TRADE_CUTOFF);
            fires(rule, l, ctx(Instant.parse("2026-11-27T17:55:00Z"), blackFriday), CloseReason.DAY_TRADE_CUTOFF);
        }

        @Test
        void theCutoffIsConfigurable() {
            ExitRule fifteen = new ExitRule.DayTradeCutoff(Duration.ofMinutes(15));
            Lot l = lot().dayTrade().entryTime(et("2026-11-20T10:00")).build();
            holds(fifteen, l, ctx(et("2026-11-20T15:44"), NOV20));
            fires(fifteen, l, ctx(et("2026-11-20T15:45"), NOV20), CloseReason.DAY_TRADE_CUTOFF);
        }

        @Test
        void aDayTradeFromAnEarlierTradingDateFiresAtOnce() {
            MarketSession monday = session(2026, 11, 23, 16);
            Lot l = lot().dayTrade().entryTime(et("2026-11-20T15:50")).build();
            fires(rule, l, ctx(et("2026-11-23T09:31"), monday), CloseReason.DAY_TRADE_CUTOFF);
        }

        @Test
        void theNewYorkDateOfTheEntryDecidesNotTheUtcDate() {
            // 20:30 ET on the 19th is 01:30Z on the 20th: entered on an earlier trading date
            Lot evening = lot().dayTrade().entryTime(Instant.parse("2026-11-20T01:30:00Z")).build();
            fires(rule, evening, ctx(et("2026-11-20T10:00"), NOV20), CloseReason.DAY_TRADE_CUTOFF);
            Lot morning = lot().dayTrade().entryTime(et("2026-11-20T09:35")).build();
            holds(rule, morning, ctx(et("2026-11-20T10:00"), NOV20));
        }

        @Test
        void marchAfterTheSwitch() {
            MarketSession mar10 = session(2026, 3, 10, 16); // EDT: close 20:00Z
            Lot l = lot().dayTrade().entryTime(et("2026-03-10T10:00")).build();
            holds(rule, l, ctx(Instant.parse("2026-03-10T19:54:00Z"), mar10));
            fires(rule, l, ctx(Instant.parse("2026-03-10T19:55:00Z"), mar10), CloseReason.DAY_TRADE_CUTOFF);
        }

        @Test
        void novemberBeforeAndAfterTheSwitch() {
            MarketSession oct30 = session(2026, 10, 30, 16); // EDT
            Lot before = lot().dayTrade().entryTime(et("2026-10-30T10:00")).build();
            holds(rule, before, ctx(Instant.parse("2026-10-30T19:54:00Z"), oct30));
            fires(rule, before, ctx(Instant.parse("2026-10-30T19:55:00Z"), oct30), CloseReason.DAY_TRADE_CUTOFF);

            MarketSession nov2 = session(2026, 11, 2, 16); // EST
            Lot after = lot().dayTrade().entryTime(et("2026-11-02T10:00")).build();
            holds(rule, after, ctx(Instant.parse("2026-11-02T19:55:00Z"), nov2));
            holds(rule, after, ctx(Instant.parse("2026-11-02T20:54:00Z"), nov2));
            fires(rule, after, ctx(Instant.parse("2026-11-02T20:55:00Z"), nov2), CloseReason.DAY_TRADE_CUTOFF);
        }

        @Test
        void nonDayTradesNeverFire() {
            Lot swing = lot().strategy("swing_trade").entryTime(et("2026-11-19T10:00")).build();
            holds(rule, swing, ctx(et("2026-11-20T15:59"), NOV20));
            Lot none = lot().strategy(null).entryTime(et("2026-11-19T10:00")).build();
            holds(rule, none, ctx(et("2026-11-20T15:59"), NOV20));
        }
    }

    @Nested
    class OptionExpiry {
        final ExitRule rule = new ExitRule.OptionExpiry(Duration.ofHours(24));

        ExitContext ctx(Instant asOf) {
            return new ExitContext(asOf, d("5"), d("5"), Optional.empty(), Set.of());
        }

        Lot call(String occ) {
            return lot().option(occ).entry("5").stop("4").target("6").entryTime("2026-01-05T15:00:00Z").build();
        }

        @Test
        void firesTwentyFourHoursBeforeFourPmOnExpiry() {
            Lot l = call("GOOGL260220C00340000"); // expires 2026-02-20T21:00Z
            holds(rule, l, ctx(Instant.parse("2026-02-19T20:59:00Z")));
            fires(rule, l, ctx(Instant.parse("2026-02-19T21:00:00Z")), CloseReason.OPTION_EXPIRY);
            fires(rule, l, ctx(Instant.parse("2026-02-20T15:00:00Z")), CloseReason.OPTION_EXPIRY);
        }

        @Test
        void anOptionExpiringTodayFires() {
            Lot l = call("SPY261120P00450000");
            fires(rule, l, ctx(et("2026-11-20T09:31")), CloseReason.OPTION_EXPIRY);
            fires(new ExitRule.OptionExpiry(Duration.ZERO), l, ctx(et("2026-11-20T16:00")), CloseReason.OPTION_EXPIRY);
            holds(new ExitRule.OptionExpiry(Duration.ZERO), l, ctx(et("2026-11-20T15:59")));
        }

        @Test
        void expiryAcrossDst() {
            Lot mar = call("SPY260313C00450000"); // EDT: 20:00Z
            holds(rule, mar, ctx(Instant.parse("2026-03-12T19:59:00Z")));
            fires(rule, mar, ctx(Instant.parse("2026-03-12T20:00:00Z")), CloseReason.OPTION_EXPIRY);
            Lot nov = call("SPY261106C00450000"); // EST: 21:00Z
            holds(rule, nov, ctx(Instant.parse("2026-11-05T20:59:00Z")));
            fires(rule, nov, ctx(Instant.parse("2026-11-05T21:00:00Z")), CloseReason.OPTION_EXPIRY);
        }

        @Test
        void stocksNeverExpire() {
            Lot stock = lot().build();
            holds(rule, stock, ctx(Instant.parse("2099-01-01T00:00:00Z")));
        }
    }

    @Nested
    class MaxHoldTime {
        final ExitRule rule = new ExitRule.MaxHoldTime(Duration.ofHours(24));

        ExitContext ctx(Instant asOf) {
            return new ExitContext(asOf, null, null, Optional.empty(), null);
        }

        @Test
        void defaultMaximum() {
            Lot l = lot().entryTime("2026-11-20T15:00:00Z").build();
            holds(rule, l, ctx(Instant.parse("2026-11-21T14:59:59Z")));
            fires(rule, l, ctx(Instant.parse("2026-11-21T15:00:00Z")), CloseReason.MAX_HOLD_TIME);
        }

        @Test
        void theLotsOwnMaximumOverridesTheDefault() {
            Lot shortHold = lot().entryTime("2026-11-20T15:00:00Z").maxHold(30).build();
            holds(rule, shortHold, ctx(Instant.parse("2026-11-20T15:29:00Z")));
            fires(rule, shortHold, ctx(Instant.parse("2026-11-20T15:30:00Z")), CloseReason.MAX_HOLD_TIME);
            Lot longHold = lot().entryTime("2026-11-20T15:00:00Z").maxHold(3 * 24 * 60).build();
            holds(rule, longHold, ctx(Instant.parse("2026-11-22T15:00:00Z")));
            fires(rule, longHold, ctx(Instant.parse("2026-11-23T15:00:00Z")), CloseReason.MAX_HOLD_TIME);
        }
    }
}
