package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OptionExpiryEarlyCloseTest {
    private static final LocalDate EARLY = LocalDate.of(2026, 11, 27); // the exchange closes at 13:00
    private final ExitRule.OptionExpiry rule = new ExitRule.OptionExpiry(Duration.ofHours(2));
    private final Lot lot = new Lot(1, "large", null, new Instrument.OptionContract(OccSymbol.parse("SPY261127C00600000")),
            PositionSide.LONG, BigDecimal.ONE, new BigDecimal("3"), Instant.parse("2026-11-25T15:00:00Z"), null, null, "swing_trade",
            null, ProtectiveLegs.NONE, null, LotStatus.OPEN, null, null, null, 0, null);

    private ExitContext at(String newYorkTime, MarketSession session) {
        Instant t = EARLY.atTime(LocalTime.parse(newYorkTime)).atZone(MarketSession.NEW_YORK).toInstant();
        return new ExitContext(t, new BigDecimal("3"), new BigDecimal("3"), Optional.ofNullable(session), Set.of());
    }

    @Test
    void onAnEarlyCloseExpiryDayTheCutoffCountsFromTheEarlyClose() {
        MarketSession early = MarketSession.of(EARLY, LocalTime.of(9, 30), LocalTime.of(13, 0));
        assertThat(rule.evaluate(lot, at("10:59", early))).isEmpty();
        assertThat(rule.evaluate(lot, at("11:00", early))).hasValueSatisfying(e -> assertThat(e.detail()).contains("13:00 ET"));
    }

    @Test
    void withoutTheSessionTheContractsOwnSixteenHundredStands() {
        assertThat(rule.evaluate(lot, at("11:30", null))).isEmpty();
        assertThat(rule.evaluate(lot, at("14:00", null))).isPresent();
    }
}
