package com.tradinginfra.pm.embedded.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The NYSE regular-session calendar the simulator serves for 2025–2027: weekends and exchange
 * holidays closed, early closes at 13:00 New York time. Outside those years every weekday is a
 * regular 09:30–16:00 day (no holidays), which is enough for a simulator.
 */
public final class NyseCalendar {
    /** Market times are New York times. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);
    /** The years the holiday lists cover. */
    public static final int FIRST_YEAR = 2025;
    public static final int LAST_YEAR = 2027;

    private static final Set<LocalDate> HOLIDAYS = Set.of(
            // 2025 (Jan 9: national day of mourning for President Carter)
            d("2025-01-01"), d("2025-01-09"), d("2025-01-20"), d("2025-02-17"), d("2025-04-18"), d("2025-05-26"),
            d("2025-06-19"), d("2025-07-04"), d("2025-09-01"), d("2025-11-27"), d("2025-12-25"),
            // 2026
            d("2026-01-01"), d("2026-01-19"), d("2026-02-16"), d("2026-04-03"), d("2026-05-25"),
            d("2026-06-19"), d("2026-07-03"), d("2026-09-07"), d("2026-11-26"), d("2026-12-25"),
            // 2027 (Juneteenth and Christmas fall on Saturdays: observed the Friday before)
            d("2027-01-01"), d("2027-01-18"), d("2027-02-15"), d("2027-03-26"), d("2027-05-31"),
            d("2027-06-18"), d("2027-07-05"), d("2027-09-06"), d("2027-11-25"), d("2027-12-24"));

    private static final Map<LocalDate, LocalTime> EARLY_CLOSES = Map.of(
            d("2025-07-03"), EARLY_CLOSE, d("2025-11-28"), EARLY_CLOSE, d("2025-12-24"), EARLY_CLOSE,
            d("2026-11-27"), EARLY_CLOSE, d("2026-12-24"), EARLY_CLOSE,
            d("2027-11-26"), EARLY_CLOSE);

    /** One trading day. */
    public record Day(LocalDate date, LocalTime open, LocalTime close) {
        public Instant openAt() {
            return date.atTime(open).atZone(NEW_YORK).toInstant();
        }

        public Instant closeAt() {
            return date.atTime(close).atZone(NEW_YORK).toInstant();
        }

        public boolean isOpenAt(Instant at) {
            return !at.isBefore(openAt()) && at.isBefore(closeAt());
        }
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    /** The session of a date, empty on weekends and holidays. */
    public Optional<Day> day(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY
                || HOLIDAYS.contains(date)) {
            return Optional.empty();
        }
        return Optional.of(new Day(date, OPEN, EARLY_CLOSES.getOrDefault(date, CLOSE)));
    }

    /** Trading days from {@code start} to {@code end}, both inclusive. */
    public List<Day> days(LocalDate start, LocalDate end) {
        List<Day> out = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            day(d).ifPresent(out::add);
        }
        return out;
    }

    /** True during a regular session. */
    public boolean isOpen(Instant at) {
        return day(at.atZone(NEW_YORK).toLocalDate()).map(day -> day.isOpenAt(at)).orElse(false);
    }

    /** The first open strictly after {@code at}, or at {@code at} itself when {@code inclusive}. */
    public Instant nextOpen(Instant at, boolean inclusive) {
        return next(at, inclusive, Day::openAt, "open");
    }

    /** The first close strictly after {@code at}, or at {@code at} itself when {@code inclusive}. */
    public Instant nextClose(Instant at, boolean inclusive) {
        return next(at, inclusive, Day::closeAt, "close");
    }

    /** The first {@code edge} (a session's open or close) after {@code at}, or at it when {@code inclusive}, within 30 days. */
    private Instant next(Instant at, boolean inclusive, Function<Day, Instant> edge, String what) {
        LocalDate date = at.atZone(NEW_YORK).toLocalDate();
        for (int i = 0; i < 30; i++, date = date.plusDays(1)) {
            Optional<Day> day = day(date);
            if (day.isPresent()) {
                Instant time = edge.apply(day.get());
                if (time.isAfter(at) || (inclusive && time.equals(at))) {
                    return time;
                }
            }
        }
        throw new IllegalStateException("no " + what + " within 30 days of " + at);
    }
}
