package com.tradinginfra.pm.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The record of trading days: the lots a day opened and closed, and the summary recorded once
 * after its close. A port: the store implements it beside {@link PositionStore}.
 */
public interface TradingDayBook {

    /**
     * Lots whose last exit lies in {@code [from, to)}, with all their exits, oldest close first.
     *
     * @param account the account, or null for every account (the operator's report of a shared database)
     */
    List<ClosedLot> closedBetween(String account, Instant from, Instant to);

    /** How many lots were entered in {@code [from, to)} ({@code account} null: every account). */
    int openedBetween(String account, Instant from, Instant to);

    /** True when the summary of {@code day} was already recorded for the account. */
    boolean summaryRecorded(String account, LocalDate day);

    /**
     * Records a day's summary, once: false when it was already recorded (by an earlier tick or a
     * concurrent sync), and then nothing changes.
     */
    boolean recordSummary(String account, DaySummary summary, Instant at);

    /**
     * A New York trading day as instants: from its midnight to the next (23 or 25 hours on the days
     * daylight saving time changes).
     */
    record Window(Instant from, Instant to) {
        public static Window of(LocalDate day) {
            return new Window(day.atStartOfDay(MarketSession.NEW_YORK).toInstant(),
                    day.plusDays(1).atStartOfDay(MarketSession.NEW_YORK).toInstant());
        }
    }
}
