package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One trading day as the broker's calendar gives it: early closes ({@code 13:00}) and holidays
 * come from the broker, never from a hard-coded 16:00.
 *
 * @param date  the trading date in New York
 * @param open  the regular session's open
 * @param close the regular session's close
 */
public record MarketSession(LocalDate date, Instant open, Instant close) {
    /** Market times are New York times. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    public MarketSession {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if (!close.isAfter(open)) {
            throw new IllegalArgumentException("session close " + close + " is not after open " + open);
        }
    }

    /** A session from the calendar's local times, e.g. {@code 09:30} and {@code 13:00}. */
    public static MarketSession of(LocalDate date, LocalTime open, LocalTime close) {
        return new MarketSession(date, date.atTime(open).atZone(NEW_YORK).toInstant(),
                date.atTime(close).atZone(NEW_YORK).toInstant());
    }

    /** True while the regular session is open at {@code at}. */
    public boolean isOpenAt(Instant at) {
        return !at.isBefore(open) && at.isBefore(close);
    }

    /** The New York date of an instant. */
    public static LocalDate tradingDate(Instant at) {
        return at.atZone(NEW_YORK).toLocalDate();
    }
}
