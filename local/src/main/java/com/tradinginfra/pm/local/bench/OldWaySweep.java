package com.tradinginfra.pm.local.bench;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.Pnl;
import com.tradinginfra.pm.domain.exit.ExitContext;
import com.tradinginfra.pm.domain.exit.ExitDecision;
import com.tradinginfra.pm.domain.exit.ExitPolicy;
import com.tradinginfra.pm.store.ConnectionSource;
import com.tradinginfra.pm.store.JdbcPositionStore;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sweep of the system this one replaces, for comparison: it reads the open lots, then for
 * each lot asks the broker for that lot's price alone ({@code stockPrices(List.of(symbol))} or
 * {@code optionPrices(List.of(occ))}), evaluates the same exit rules, and writes that lot with its
 * own UPDATE (auto-commit). N lots cost N price requests and N + 1 database round trips. It only
 * prices (it never moves a lot to CLOSING), so it can run against the same book as the new sweep.
 */
public final class OldWaySweep {
    private static final String UPDATE = "UPDATE active_positions SET current_price = ?, current_pnl_dollars = ?, "
            + "current_pnl_percent = ?, peak_price = ?, last_checked_at = ?, updated_at = ? "
            + "WHERE id = ? AND account_name = ? AND status = 'open'";

    private final ManagerSettings settings;
    private final ConnectionSource db;
    private final JdbcPositionStore store;
    private final Broker broker;
    private final ExitPolicy policy;

    /** What one old-way sweep did. */
    public record Result(int lots, int priced, int exitsDecided, int priceRequests) {
    }

    public OldWaySweep(ManagerSettings settings, ConnectionSource db, Broker broker) {
        this.settings = settings;
        this.db = db;
        this.store = new JdbcPositionStore(db);
        this.broker = broker;
        this.policy = ExitPolicy.standard(settings.exits());
    }

    public Result sweep(long fromId, long toId, Instant asOf) {
        List<Lot> lots = store.openLots(settings.account(), fromId, toId);
        Optional<MarketSession> session = broker.session(MarketSession.tradingDate(asOf));
        int priced = 0;
        int exits = 0;
        int requests = 0;
        try {
            Connection c = db.connection();
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                Timestamp at = Timestamp.from(asOf);
                for (Lot lot : lots) {
                    Map<String, BigDecimal> one = lot.isOption() ? broker.optionPrices(List.of(lot.symbol()))
                            : broker.stockPrices(List.of(lot.symbol()));
                    requests++;
                    BigDecimal price = one.get(lot.symbol());
                    if (price == null) {
                        continue;
                    }
                    priced++;
                    BigDecimal peak = lot.nextPeak(price);
                    if (session.map(s -> s.isOpenAt(asOf)).orElse(false)
                            && policy.decide(lot, new ExitContext(asOf, price, peak, session, null)) instanceof ExitDecision.Exit) {
                        exits++; // decided as the old system did; not acted on (see the class comment)
                    }
                    Pnl pnl = lot.pnlAt(price);
                    update.setBigDecimal(1, price);
                    update.setBigDecimal(2, pnl.dollars());
                    update.setBigDecimal(3, pnl.percent());
                    update.setBigDecimal(4, peak);
                    update.setTimestamp(5, at);
                    update.setTimestamp(6, at);
                    update.setLong(7, lot.id());
                    update.setString(8, settings.account());
                    update.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("old-way sweep failed", e);
        }
        return new Result(lots.size(), priced, exits, requests);
    }
}
