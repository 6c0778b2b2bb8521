package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** Shared set-up of the services' tests: one account, one trading day, lots as sync would create them. */
final class Fixtures {
    static final String ACCOUNT = "main";
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    /** 10:00 New York on {@link #DAY}: the session is open. */
    static final Instant OPEN = Instant.parse("2026-11-20T15:00:00Z");
    /** 18:00 New York on {@link #DAY}: after the close. */
    static final Instant AFTER_CLOSE = Instant.parse("2026-11-20T23:00:00Z");
    static final String OPTION = "GOOGL261218C00340000";

    private Fixtures() {
    }

    static ManagerSettings settings() {
        return ManagerSettings.defaults(ACCOUNT);
    }

    static FakeBroker brokerWithSession() {
        return new FakeBroker().session(DAY, LocalTime.of(9, 30), LocalTime.of(16, 0)).at(OPEN);
    }

    static NewLot stock(String symbol, PositionSide side, String quantity, String entry, String stop, String target) {
        return new NewLot(ACCOUNT, UUID.randomUUID(), new Instrument.Stock(symbol), side, d(quantity), d(entry),
                OPEN.minusSeconds(3600), d(stop), d(target), "swing_trade", null, ProtectiveLegs.NONE, null);
    }

    static NewLot longStock(String symbol, String quantity, String entry) {
        BigDecimal e = d(entry);
        return stock(symbol, PositionSide.LONG, quantity, entry, e.multiply(d("0.95")).toPlainString(),
                e.multiply(d("1.15")).toPlainString());
    }

    static NewLot withLegs(NewLot lot, String stopOrderId, String targetOrderId, String entryOrderId) {
        return new NewLot(lot.account(), lot.executionId(), lot.instrument(), lot.side(), lot.quantity(), lot.entryPrice(),
                lot.entryTime(), lot.stopLoss(), lot.takeProfit(), lot.strategyType(), lot.maxHoldMinutes(),
                new ProtectiveLegs(stopOrderId, targetOrderId), entryOrderId);
    }

    static NewLot longOption(String occ, String quantity, String entry) {
        return new NewLot(ACCOUNT, UUID.randomUUID(), new Instrument.OptionContract(OccSymbol.parse(occ)), PositionSide.LONG,
                d(quantity), d(entry), OPEN.minusSeconds(3600), d(entry).multiply(d("0.5")), d(entry).multiply(d("2")),
                "swing_trade", null, ProtectiveLegs.NONE, null);
    }

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }
}
