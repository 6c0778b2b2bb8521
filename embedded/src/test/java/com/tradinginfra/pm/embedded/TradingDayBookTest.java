package com.tradinginfra.pm.embedded;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;
import com.tradinginfra.pm.domain.TradingDayBook;
import com.tradinginfra.pm.store.ConnectionSource;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL of a trading day (TradingDayView, DaySummaryTable) against real PostgreSQL with the real migrations. */
class TradingDayBookTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final TradingDayBook.Window WINDOW = TradingDayBook.Window.of(DAY);
    private final EmbeddedDatabase db = EmbeddedDatabase.shared();

    @BeforeEach
    void setUp() {
        db.truncateAll();
    }

    private static String lot(long id, String account, String status, String entryTime) {
        return "INSERT INTO active_positions (id, account_name, ticker, instrument_type, option_symbol, side, quantity, original_quantity, "
                + "entry_price, entry_time, strategy_type, status) VALUES (" + id + ", '" + account + "', 'GOOGL', "
                + (id % 2 == 0 ? "'CALL', 'GOOGL261218C00340000'" : "'STOCK', NULL") + ", 'long', 0, 10, 100, '" + entryTime
                + "', 'day_trade', '" + status + "')";
    }

    private static String exit(long id, String account, String qty, String price, String pnl, String reason, String at) {
        return exit(id, account, qty, price, pnl, reason, at, "final");
    }

    private static String exit(long id, String account, String qty, String price, String pnl, String reason, String at, String kind) {
        return "INSERT INTO position_history (account_name, position_id, ticker, instrument_type, option_symbol, side, strategy_type, "
                + "quantity, entry_price, exit_price, entry_time, closed_at, hold_minutes, final_pnl_dollars, final_pnl_percent, outcome, "
                + "close_reason, exit_kind) SELECT account_name, id, ticker, instrument_type, option_symbol, side, strategy_type, " + qty
                + ", 100, " + price + ", entry_time, '" + at + "', 0, " + pnl + ", 0, 'win', '" + reason + "', '" + kind + "' "
                + "FROM active_positions WHERE id = " + id + " AND account_name = '" + account + "'";
    }

    @Test
    void theDayHoldsTheLotsWhoseLastExitFellOnItsNewYorkDateAndCountsTheLotsItOpened() {
        db.execute(lot(1, "demo", "closed", "2026-11-23T15:00:00Z"));
        db.execute(exit(1, "demo", "10", "101", "10.00", "take_profit", "2026-11-23T16:00:00Z"));
        // closed at 19:30 New York on the 23rd = 00:30 UTC on the 24th: still the 23rd's
        db.execute(lot(2, "demo", "closed", "2026-11-23T15:05:00Z"));
        db.execute(exit(2, "demo", "3", "2.50", "-150.00", "stop_loss", "2026-11-24T00:30:00Z"));
        // entered the day before, closed the day after: neither
        db.execute(lot(3, "demo", "closed", "2026-11-20T15:00:00Z"));
        db.execute(exit(3, "demo", "1", "99", "-1.00", "manual", "2026-11-24T15:00:00Z"));
        // another account's
        db.execute(lot(5, "other", "closed", "2026-11-23T15:00:00Z"));
        db.execute(exit(5, "other", "1", "105", "5.00", "manual", "2026-11-23T17:00:00Z"));
        JdbcPositionStore store = new JdbcPositionStore(new ReusableConnection(db.dataSource()));

        List<ClosedLot> lots = store.closedBetween("demo", WINDOW.from(), WINDOW.to());

        assertThat(lots).extracting(ClosedLot::lotId).containsExactly(1L, 2L);
        assertThat(lots.get(1).symbol()).isEqualTo("GOOGL261218C00340000");
        assertThat(lots.get(1).pnl()).isEqualByComparingTo("-150.00");
        assertThat(lots.get(1).closeReason()).isEqualTo(CloseReason.STOP_LOSS);
        assertThat(store.openedBetween("demo", WINDOW.from(), WINDOW.to())).isEqualTo(2);
        assertThat(store.closedBetween(null, WINDOW.from(), WINDOW.to())).extracting(ClosedLot::lotId).containsExactly(1L, 5L, 2L);
        assertThat(store.openedBetween(null, WINDOW.from(), WINDOW.to())).isEqualTo(3);
    }

    /**
     * With the scale-out schema (several history rows per lot, one per exit) the rows of a lot are one
     * lot: its P&L their sum, its reason its last exit's; a lot still open after a partial exit is no
     * lot of the day (V8: 'partial' rows, then one 'final' row). Inside a transaction that is rolled back.
     */
    @Test
    void severalHistoryRowsOfOneLotAreItsExitsAndAnOpenLotWithAPartialExitIsNotClosed() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(lot(1, "demo", "closed", "2026-11-23T15:00:00Z"));
                s.execute(exit(1, "demo", "5", "110", "50.00", "partial_profit", "2026-11-23T16:00:00Z", "partial"));
                s.execute(exit(1, "demo", "5", "100", "0.00", "stop_loss", "2026-11-23T18:00:00Z"));
                s.execute(lot(3, "demo", "open", "2026-11-23T15:00:00Z"));
                s.execute(exit(3, "demo", "5", "110", "50.00", "partial_profit", "2026-11-23T16:00:00Z", "partial"));
                JdbcPositionStore store = new JdbcPositionStore(new OneConnection(c));

                List<ClosedLot> lots = store.closedBetween("demo", WINDOW.from(), WINDOW.to());

                assertThat(lots).singleElement().satisfies(l -> {
                    assertThat(l.lotId()).isEqualTo(1L);
                    assertThat(l.exits()).hasSize(2);
                    assertThat(l.quantity()).isEqualByComparingTo("10");
                    assertThat(l.pnl()).isEqualByComparingTo("50.00");
                    assertThat(l.closeReason()).isEqualTo(CloseReason.STOP_LOSS);
                    assertThat(l.closedAt()).isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
                });
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void concurrentSyncsRecordADaysSummaryOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<JdbcPositionStore> stores = List.of(new JdbcPositionStore(new ReusableConnection(db.dataSource())),
                new JdbcPositionStore(new ReusableConnection(db.dataSource())));
        try {
            // 20 rounds, one day each: two syncs racing to record the same day
            for (int round = 0; round < 20; round++) {
                DaySummary summary = DaySummary.of(DAY.plusDays(round), round, List.of());
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> results = new ArrayList<>();
                for (JdbcPositionStore store : stores) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.recordSummary("demo", summary, Instant.parse("2026-11-23T21:05:00Z"));
                    }));
                }
                int recorded = 0;
                for (Future<Boolean> r : results) {
                    recorded += r.get() ? 1 : 0;
                }
                assertThat(recorded).as("round %d", round).isEqualTo(1);
                assertThat(stores.get(0).summaryRecorded("demo", summary.day())).isTrue();
                assertThat(stores.get(1).summaryRecorded("other", summary.day())).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One connection, inside the test's transaction. */
    private record OneConnection(Connection c) implements ConnectionSource {
        @Override
        public Connection connection() {
            return c;
        }

        @Override
        public void invalidate() {
        }

        @Override
        public void close() {
        }
    }
}
