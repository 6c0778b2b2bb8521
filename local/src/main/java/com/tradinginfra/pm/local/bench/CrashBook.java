package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.local.OneMachineStack;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The book of a crash day: 50 lots opened through the simulated dispatcher — 30 stock lots, long
 * and short, every third one bracketed, two lots on each of four tickers, and 20 long call lots —
 * whose stops one price move crosses at once ({@link #crash}). A bracket's stop leg sits beyond the
 * manager's stop (the dispatcher records a tighter stop than its bracket's), so the manager's close,
 * with its leg cancels, is what fires. Used by {@code CrashDayTest} and {@link CrashDayBench}.
 */
public final class CrashBook {
    public static final int LOTS = 50;
    static final String OPTION_EXPIRY = "261218C00100000";

    /** One lot as the dispatcher opened it. */
    public record Lot(String symbol, boolean longSide, int qty, boolean bracket, UUID executionId) {
        public boolean option() {
            return symbol.length() > 6;
        }
    }

    /** Opens the 50 lots at {@code at} (the next tick tracks them). */
    public static List<Lot> open(OneMachineStack stack, Instant at) {
        AlpacaSimulator sim = stack.simulator();
        EntryTrader dispatcher = stack.dispatcher();
        List<Lot> out = new ArrayList<>();
        for (int i = 0; i < LOTS; i++) {
            if (i < 30) {
                // lots 26-29 are second lots of the tickers of unbracketed lots 1, 2, 4, 5, same sides (a second entry
                // against a bracket's working legs would be refused as a potential wash trade)
                int base = i < 26 ? i : new int[]{1, 2, 4, 5}[i - 26];
                String ticker = "CR" + (char) ('A' + base);
                boolean longSide = base % 2 == 0;
                boolean bracket = i % 3 == 0;
                int qty = 10 + i;
                sim.setPrice(ticker, "100.00");
                BigDecimal legStop = new BigDecimal(longSide ? "90" : "110");
                BigDecimal stop = new BigDecimal(longSide ? "95" : "105");
                BigDecimal target = new BigDecimal(longSide ? "120" : "80");
                EntryTrader.Opened o = dispatcher.open(new EntryTrader.Entry(ticker, ticker, "STOCK", longSide ? "buy" : "sell", qty,
                        bracket ? legStop : stop, target, "swing_trade", bracket, null, null), at);
                setStop(stack, o.executionId(), stop);
                out.add(new Lot(ticker, longSide, qty, bracket, o.executionId()));
            } else {
                String underlying = "OP" + (char) ('A' + i - 30);
                String occ = underlying + OPTION_EXPIRY;
                int qty = 1 + i % 3;
                sim.setPrice(occ, "5.00");
                EntryTrader.Opened o = dispatcher.option(underlying, occ, "CALL", qty, new BigDecimal("4.00"), new BigDecimal("8.00"),
                        "swing_trade", LocalDate.parse("2026-12-18"), at);
                out.add(new Lot(occ, true, qty, false, o.executionId()));
            }
        }
        return out;
    }

    /** Every lot through its stop (the shorts' are above), none through its bracket's stop leg. */
    public static void crash(AlpacaSimulator sim, List<Lot> lots) {
        for (Lot lot : lots) {
            sim.setPrice(lot.symbol(), lot.option() ? "3.50" : lot.longSide() ? "93.00" : "107.00");
        }
    }

    private static void setStop(OneMachineStack stack, UUID executionId, BigDecimal stop) {
        try (Connection c = stack.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dispatch_executions SET stop_loss = ? WHERE execution_id = ?")) {
            ps.setBigDecimal(1, stop);
            ps.setObject(2, executionId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("execution " + executionId + " was not written");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private CrashBook() {
    }
}
