package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A realistic book of N open lots: 60 % stocks, 40 % options, sharing symbols as a real account
 * does. Stock lots spread over {@code ceil(stockLots / 3)} distinct tickers (3 lots a ticker), option
 * lots over {@code ceil(optionLots / 2)} distinct OCC contracts (2 lots a contract) written on a quarter
 * of those tickers (calls and puts, three monthly expiries, strikes 5 apart). At N = 10,000: 6,000 stock lots
 * on 2,000 tickers and 4,000 option lots on 2,000 contracts of 500 underlyings. Every lot is priced at its entry with a
 * stop 50 % below and a target 100 % above, a swing trade without brackets, so a sweep at the same
 * prices never exits: each run re-prices the same N lots.
 *
 * @param firstId      first lot id of the book
 * @param lastId       last lot id of the book (the book's lots are exactly the ids in between)
 * @param lots         lots
 * @param stockLots    stock lots
 * @param optionLots   option lots
 * @param stockSymbols distinct tickers held as stock
 * @param contracts    distinct OCC contracts
 */
public record BenchLots(long firstId, long lastId, int lots, int stockLots, int optionLots, int stockSymbols, int contracts) {
    private static final LocalDate[] EXPIRIES = {LocalDate.of(2027, 1, 15), LocalDate.of(2027, 2, 19), LocalDate.of(2027, 3, 19)};

    /** Stock lots of a book of {@code n}: 60 %. */
    public static int stockLotsOf(int n) {
        return n - optionLotsOf(n);
    }

    /** Option lots of a book of {@code n}: 40 %. */
    public static int optionLotsOf(int n) {
        return (int) Math.round(n * 0.4);
    }

    /** Distinct tickers of a book of {@code n}. */
    public static int stockSymbolsOf(int n) {
        return Math.max(1, ceilDiv(stockLotsOf(n), 3));
    }

    /** Distinct contracts of a book of {@code n}. */
    public static int contractsOf(int n) {
        return optionLotsOf(n) == 0 ? 0 : Math.max(1, ceilDiv(optionLotsOf(n), 2));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A ticker-like symbol for index {@code k}: 3–4 capital letters (BAA, BAB, … ZZZZ), never an OCC string. */
    public static String ticker(int k) {
        int v = k + 26 * 26; // start at three letters
        StringBuilder sb = new StringBuilder();
        while (v > 0) {
            sb.append((char) ('A' + v % 26));
            v /= 26;
        }
        return sb.reverse().toString();
    }

    static BigDecimal stockPrice(int k) {
        return BigDecimal.valueOf(2000 + (k * 37L) % 38000, 2); // 20.00 … 399.99
    }

    /** A function of the contract alone, so books of any size agree on every contract's price. */
    static BigDecimal optionPrice(String occ) {
        return BigDecimal.valueOf(50 + Math.floorMod(occ.hashCode(), 950), 2); // 0.50 … 9.99
    }

    static Instrument.OptionContract contract(int j, int stockSymbols) {
        int underlyings = Math.max(1, ceilDiv(stockSymbols, 4)); // a quarter of the tickers have options
        int u = j % underlyings;
        int k = j / underlyings;
        InstrumentType type = k % 2 == 0 ? InstrumentType.CALL : InstrumentType.PUT;
        LocalDate expiry = EXPIRIES[(k / 2) % EXPIRIES.length];
        BigDecimal strike = BigDecimal.valueOf(100 + 5L * (k / 6));
        return new Instrument.OptionContract(new OccSymbol(ticker(u), expiry, type, strike));
    }

    /**
     * Sets the simulator's prices and tracks {@code n} lots for {@code account} directly (as sync
     * would after the fills), in transactions of 1,000 lots.
     */
    public static BenchLots create(DataSource dataSource, AlpacaSimulator sim, String account, int n, Instant at) {
        int stockLots = stockLotsOf(n);
        int optionLots = optionLotsOf(n);
        int symbols = stockSymbolsOf(n);
        int contracts = contractsOf(n);
        for (int k = 0; k < symbols; k++) {
            sim.setPrice(ticker(k), stockPrice(k));
        }
        for (int j = 0; j < contracts; j++) {
            String occ = contract(j, symbols).orderSymbol();
            sim.setPrice(occ, optionPrice(occ));
        }
        List<NewLot> all = new ArrayList<>(n);
        int s = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            // 2 of every 5 lots are options, interleaved as a real book would be
            boolean option = o < optionLots && (i % 5 < 2 || s >= stockLots);
            Instrument instrument;
            BigDecimal price;
            BigDecimal qty;
            if (option) {
                int j = o++ % contracts;
                instrument = contract(j, symbols);
                price = optionPrice(instrument.orderSymbol());
                qty = BigDecimal.ONE;
            } else {
                int k = s++ % symbols;
                instrument = new Instrument.Stock(ticker(k));
                price = stockPrice(k);
                qty = BigDecimal.TEN;
            }
            all.add(new NewLot(account, UUID.randomUUID(), instrument, PositionSide.LONG, qty, price, at,
                    price.divide(BigDecimal.valueOf(2)), price.multiply(BigDecimal.valueOf(2)), "swing_trade", null,
                    ProtectiveLegs.NONE, null));
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (ReusableConnection c = new ReusableConnection(dataSource)) {
            JdbcPositionStore store = new JdbcPositionStore(c);
            for (int from = 0; from < n; from += 1000) {
                for (Long id : store.track(all.subList(from, Math.min(n, from + 1000)), at)) {
                    first = Math.min(first, id);
                    last = Math.max(last, id);
                }
            }
        }
        if (last - first + 1 != n) {
            throw new IllegalStateException("expected " + n + " consecutive lot ids, got " + first + ".." + last);
        }
        return new BenchLots(first, last, n, s, o, symbols, contracts);
    }

    /** Price requests the batch sweep must make: ⌈tickers / stockBatch⌉ + ⌈contracts / 100⌉. */
    public int expectedPriceRequests(int stockBatch) {
        return ceilDiv(stockSymbols, stockBatch) + ceilDiv(contracts, 100);
    }

    /** The distinct symbols of the book (for checks). */
    public Set<String> symbols() {
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < stockSymbols; k++) {
            out.add(ticker(k));
        }
        for (int j = 0; j < contracts; j++) {
            out.add(contract(j, stockSymbols).orderSymbol());
        }
        return out;
    }
}
