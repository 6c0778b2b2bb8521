package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.RequestAllowance;
import com.tradinginfra.pm.domain.RequestPriority;
import com.tradinginfra.pm.domain.RequestRate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The SQL of {@code request_budget}: the account's token bucket for trading requests, one row per
 * account, refilled by elapsed time and claimed for a batch of requests in one statement.
 *
 * <p>Time is the database's ({@code statement_timestamp()}): every container of the account must
 * measure the refill on one clock, and the database's is the one they share (Lambda hosts' clocks
 * may differ). This is no exit decision, so the wall clock is right here: the limit it keeps is
 * Alpaca's, counted in real time.
 *
 * <p>Concurrent claims queue on the row lock ({@code FOR UPDATE}); under READ COMMITTED a claim that
 * waited reads the row as the previous claim left it, so no token is handed out twice. A claim that
 * waited uses its own (earlier) statement time and refills a little less, never more;
 * {@code refilled_at} never moves backwards.
 *
 * <p>It needs a connection of its own, in autocommit: claimed inside another unit of work (sync's
 * transaction) the row would stay locked for every other container until that work commits.
 */
public final class RequestBudgetTable implements RequestAllowance {
    /** Refill, then take {@code n} when at least {@code n + floor} are there: one statement. */
    private static final String CLAIM = "WITH current AS ("
            + "SELECT account_name, greatest(refilled_at, statement_timestamp()) AS now, "
            + "least(?::numeric, tokens + ?::numeric * extract(epoch FROM greatest(interval '0', statement_timestamp() - refilled_at))) "
            + "AS available FROM request_budget WHERE account_name = ? FOR UPDATE), "
            + "claimed AS (UPDATE request_budget b SET tokens = CASE WHEN c.available >= ?::numeric THEN c.available - ?::numeric "
            + "ELSE c.available END, refilled_at = c.now FROM current c WHERE b.account_name = c.account_name RETURNING b.tokens) "
            + "SELECT c.available, c.available >= ?::numeric AS granted FROM current c";
    /** A new account starts with a full bucket. */
    private static final String CREATE = "INSERT INTO request_budget (account_name, tokens, refilled_at) "
            + "VALUES (?, ?, statement_timestamp()) ON CONFLICT (account_name) DO NOTHING";

    private record Row(BigDecimal available, boolean granted) {
    }

    private final ConnectionSource connections;
    private final String account;
    private final RequestRate rate;

    /** @param connections a connection source of its own (see the class comment) */
    public RequestBudgetTable(ConnectionSource connections, String account, RequestRate rate) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.account = Objects.requireNonNull(account, "account");
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    @Override
    public RequestRate rate() {
        return rate;
    }

    @Override
    public Grant take(int requests, RequestPriority priority) {
        if (requests < 1 || requests > rate.capacity()) {
            throw new IllegalArgumentException("a claim takes 1 to " + rate.capacity() + " tokens, not " + requests);
        }
        BigDecimal needed = BigDecimal.valueOf(requests + rate.floor(priority));
        try {
            Connection c = connections.connection();
            List<Row> rows = claim(c, requests, needed);
            if (rows.isEmpty()) {
                Sql.update(c, CREATE, account, BigDecimal.valueOf(rate.capacity()));
                rows = claim(c, requests, needed);
            }
            if (rows.isEmpty()) {
                throw new SQLException("request_budget has no row for account " + account + " after creating it");
            }
            Row row = rows.get(0);
            if (row.granted()) {
                return Grant.GRANTED;
            }
            // A routine claim may never be granted while closes keep the bucket below its reserve: it waits for the refill all the same.
            BigDecimal missing = needed.subtract(row.available());
            long millis = missing.divide(rate.refillPerSecond(), 3, RoundingMode.UP).movePointRight(3).longValue();
            return new Grant(false, Duration.ofMillis(Math.max(1, millis)));
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                connections.invalidate();
            }
            throw new StoreException("claiming " + requests + " trading requests for account " + account, e);
        }
    }

    private List<Row> claim(Connection c, int requests, BigDecimal needed) throws SQLException {
        BigDecimal n = BigDecimal.valueOf(requests);
        return Sql.query(c, CLAIM, rs -> new Row(rs.getBigDecimal("available"), rs.getBoolean("granted")),
                BigDecimal.valueOf(rate.capacity()), rate.refillPerSecond(), account, needed, n, needed);
    }
}
