package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaySummaryTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Instant OPEN = Instant.parse("2026-11-23T14:30:00Z");

    private static ClosedLot.Exit exit(String qty, String price, String pnl, CloseReason reason, int minute) {
        return new ClosedLot.Exit(new BigDecimal(qty), new BigDecimal(price), new BigDecimal(pnl), reason, OPEN.plusSeconds(60L * minute));
    }

    private static ClosedLot lot(long id, String strategy, ClosedLot.Exit... exits) {
        return new ClosedLot(id, "demo", "AAPL", InstrumentType.STOCK, PositionSide.LONG, strategy, new BigDecimal("100"), OPEN,
                List.of(exits));
    }

    @Test
    void aLotThatScaledOutIsOneLotWhosePnlIsTheSumOfItsExitsAndWhoseReasonIsItsLastExits() {
        // given in the wrong order: the last exit by time decides, not the order of the rows
        ClosedLot scaled = lot(1, "swing_trade", exit("5", "101.00", "-1.25", CloseReason.STOP_LOSS, 90),
                exit("5", "105.00", "25.00", CloseReason.TAKE_PROFIT, 30));

        assertThat(scaled.pnl()).isEqualByComparingTo("23.75");
        assertThat(scaled.quantity()).isEqualByComparingTo("10");
        assertThat(scaled.closeReason()).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(scaled.closedAt()).isEqualTo(OPEN.plusSeconds(90 * 60));
        assertThat(scaled.holdTime()).isEqualTo(Duration.ofMinutes(90));
        assertThat(scaled.scaledOut()).isTrue();
    }

    @Test
    void summarisesCountsPnlByStrategyAndByEachExitsReasonAndTheWinRate() {
        List<ClosedLot> closed = List.of(
                lot(1, "swing_trade", exit("5", "105.00", "25.00", CloseReason.TAKE_PROFIT, 30),
                        exit("5", "100.00", "0.00", CloseReason.STOP_LOSS, 90)),
                lot(2, "day_trade", exit("3", "98.00", "-6.00", CloseReason.STOP_LOSS, 40)),
                lot(3, "day_trade", exit("1", "100.00", "0", CloseReason.DAY_TRADE_CUTOFF, 385)),
                lot(4, null, exit("2", "101.10", "2.20", CloseReason.TRAILING_STOP, 200)));

        DaySummary s = DaySummary.of(DAY, 6, closed);

        assertThat(s.lotsOpened()).isEqualTo(6);
        assertThat(s.lotsClosed()).isEqualTo(4);
        assertThat(s.wins()).isEqualTo(2);
        assertThat(s.losses()).isEqualTo(1);
        assertThat(s.breakeven()).isEqualTo(1);
        assertThat(s.realizedPnl()).isEqualByComparingTo("21.20");
        assertThat(s.byStrategy()).containsOnlyKeys("day_trade", "swing_trade", DaySummary.NO_STRATEGY);
        assertThat(s.byStrategy().get("swing_trade")).isEqualByComparingTo("25.00");
        assertThat(s.byStrategy().get("day_trade")).isEqualByComparingTo("-6.00");
        assertThat(s.byStrategy().get(DaySummary.NO_STRATEGY)).isEqualByComparingTo("2.20");
        // the scale-out's first exit counts under take_profit, its breakeven stop under stop_loss
        assertThat(s.byReason().get(CloseReason.TAKE_PROFIT)).isEqualByComparingTo("25.00");
        assertThat(s.byReason().get(CloseReason.STOP_LOSS)).isEqualByComparingTo("-6.00");
        assertThat(s.byReason().get(CloseReason.DAY_TRADE_CUTOFF)).isEqualByComparingTo("0");
        assertThat(s.byReason().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(s.realizedPnl());
        assertThat(s.winRatePercent()).hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("50.0"));
    }

    @Test
    void theWinRateHasOneDecimal() {
        DaySummary s = DaySummary.of(DAY, 3, List.of(lot(1, "a", exit("1", "101", "1", CloseReason.TAKE_PROFIT, 5)),
                lot(2, "a", exit("1", "99", "-1", CloseReason.STOP_LOSS, 6)), lot(3, "a", exit("1", "99", "-1", CloseReason.STOP_LOSS, 7))));
        assertThat(s.winRatePercent()).hasValue(new BigDecimal("33.3"));
    }

    @Test
    void aDayThatClosedNothingHasNoWinRateAndZeroPnl() {
        DaySummary s = DaySummary.of(DAY, 2, List.of());
        assertThat(s.lotsClosed()).isZero();
        assertThat(s.realizedPnl()).isEqualByComparingTo("0");
        assertThat(s.winRatePercent()).isEmpty();
        assertThat(s.byStrategy()).isEmpty();
        assertThat(s.byReason()).isEmpty();
    }

    @Test
    void aClosedLotWithoutAnExitIsAnError() {
        assertThatThrownBy(() -> new ClosedLot(7, "demo", "AAPL", InstrumentType.STOCK, PositionSide.LONG, null, BigDecimal.TEN, OPEN,
                List.of())).hasMessageContaining("closed lot 7 has no exit");
    }

    @Test
    void theTradingDayWindowRunsFromNewYorkMidnightToTheNextAcrossDaylightSavingTime() {
        TradingDayBook.Window w = TradingDayBook.Window.of(LocalDate.of(2026, 11, 1)); // DST ends: 25 hours
        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
    }
}
