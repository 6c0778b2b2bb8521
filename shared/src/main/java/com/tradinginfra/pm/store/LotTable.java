package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Instrument;
import com.tradinginfra.pm.domain.InstrumentType;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.LotHolding;
import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.LotStatus;
import com.tradinginfra.pm.domain.NewLot;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.ProtectiveLegs;
import com.tradinginfra.pm.domain.SweepOutcome;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code active_positions}. Status changes are conditional updates: one writer wins. */
final class LotTable {
    /**
     * The columns every lot query reads, in this order: the one source of the SELECT and RETURNING
     * lists and of the indexes {@link #map} reads them by (by index: a sweep maps thousands of rows,
     * and looking each column up by name was most of its own CPU).
     */
    private static final List<String> COLUMN_LIST = List.of("id", "account_name", "execution_id", "ticker", "instrument_type",
            "option_symbol", "side", "quantity", "entry_price", "entry_time", "stop_loss", "take_profit", "strategy_type",
            "max_hold_minutes", "broker_order_id", "stop_order_id", "target_order_id", "status", "peak_price", "current_price",
            "close_reason", "close_attempts", "close_order_id", "protection_arms", "partial_exit_taken", "partial_quantity",
            "partial_from_quantity", "legs_released");
    private static final String COLUMNS = String.join(", ", COLUMN_LIST);
    private static final int ID = column("id");
    private static final int ACCOUNT = column("account_name");
    private static final int EXECUTION = column("execution_id");
    private static final int TICKER = column("ticker");
    private static final int TYPE = column("instrument_type");
    private static final int OPTION_SYMBOL = column("option_symbol");
    private static final int SIDE = column("side");
    private static final int QUANTITY = column("quantity");
    private static final int ENTRY_PRICE = column("entry_price");
    private static final int ENTRY_TIME = column("entry_time");
    private static final int STOP_LOSS = column("stop_loss");
    private static final int TAKE_PROFIT = column("take_profit");
    private static final int STRATEGY = column("strategy_type");
    private static final int MAX_HOLD = column("max_hold_minutes");
    private static final int ENTRY_ORDER = column("broker_order_id");
    private static final int STOP_ORDER = column("stop_order_id");
    private static final int TARGET_ORDER = column("target_order_id");
    private static final int STATUS = column("status");
    private static final int PEAK = column("peak_price");
    private static final int CURRENT = column("current_price");
    private static final int CLOSE_REASON = column("close_reason");
    private static final int CLOSE_ATTEMPTS = column("close_attempts");
    private static final int CLOSE_ORDER = column("close_order_id");
    private static final int PROTECTION_ARMS = column("protection_arms");
    private static final int PARTIAL_TAKEN = column("partial_exit_taken");
    private static final int PARTIAL_QUANTITY = column("partial_quantity");
    private static final int PARTIAL_FROM = column("partial_from_quantity");
    private static final int LEGS_RELEASED = column("legs_released");

    /** The JDBC index (from 1) of a column of {@link #COLUMN_LIST}. */
    private static int column(String name) {
        int i = COLUMN_LIST.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("column " + name + " is not in LotTable's column list");
        }
        return i + 1;
    }

    private static final String INSERT = "INSERT INTO active_positions (account_name, execution_id, ticker, instrument_type, "
            + "option_symbol, side, quantity, original_quantity, entry_price, entry_time, stop_loss, take_profit, strategy_type, "
            + "max_hold_minutes, expiration_date, broker_order_id, stop_order_id, target_order_id, bracket_order_accepted, "
            + "peak_price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (execution_id) DO NOTHING RETURNING id";

    /** The dispatcher's row may arrive after sync adopted the position it opened: the execution claims that lot. */
    private static final String CLAIM_ADOPTED = "UPDATE active_positions SET execution_id = ?, stop_loss = ?, take_profit = ?, "
            + "strategy_type = ?, max_hold_minutes = ?, broker_order_id = ?, stop_order_id = ?, target_order_id = ?, "
            + "bracket_order_accepted = ?, entry_price = ?, entry_time = ?, updated_at = ? "
            + "WHERE id = (SELECT id FROM active_positions WHERE account_name = ? AND execution_id IS NULL AND status = 'open' "
            + "  AND strategy_type = 'adopted' AND ticker = ? AND coalesce(option_symbol, '') = ? AND side = ? AND quantity = ? "
            + "  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";

    private static final String REFRESH_ENTRY = "UPDATE active_positions ap SET "
            + "quantity = ap.quantity + (de.filled_qty - ap.original_quantity), original_quantity = de.filled_qty, updated_at = ? "
            + "FROM dispatch_executions de WHERE de.execution_id = ap.execution_id AND ap.account_name = ? "
            + "AND de.account_name = ap.account_name AND ap.status = 'open' AND de.filled_qty > ap.original_quantity";

    /** A lot's order symbol as {@link Lot#symbol()} has it: the instrument type decides; byte order, as Java compares. */
    private static final String SYMBOL = "(CASE WHEN instrument_type = 'STOCK' THEN ticker ELSE option_symbol END) COLLATE \"C\"";

    private static final String OPEN_RANGE = "SELECT " + COLUMNS + " FROM active_positions "
            + "WHERE account_name = ? AND status = 'open' AND id BETWEEN ? AND ? "
            + "AND (?::text IS NULL OR " + SYMBOL + " >= ?) AND (?::text IS NULL OR " + SYMBOL + " < ?) ORDER BY id";

    private static final String ACTIVE = "SELECT " + COLUMNS + " FROM active_positions "
            + "WHERE account_name = ? AND status IN ('open', 'closing', 'close_failed') ORDER BY id";

    private static final String ONE = "SELECT " + COLUMNS + " FROM active_positions WHERE account_name = ? AND id = ?";
    /** One statement, one snapshot: sync books a leg's fill and shrinks its lot in one transaction. */
    private static final String HOLDING = "SELECT ap.quantity, (SELECT COALESCE(sum(bf.quantity), 0) FROM broker_fills bf "
            + "WHERE bf.account_name = ap.account_name AND bf.position_id = ap.id AND bf.role = 'exit' "
            + "AND bf.order_id = ANY(?::text[])) FROM active_positions ap WHERE ap.account_name = ? AND ap.id = ?";

    /**
     * Prices for every swept lot and the OPEN→CLOSING move for those that must exit, in one statement.
     * A lot moves when a rule fired, and for a scale-out ({@code v.qty} set) only if it never scaled
     * out before and holds more than the part (read from the row before the update: {@code moves}).
     */
    private static final String SWEEP = "WITH swept AS (UPDATE active_positions ap SET "
            + "current_price = coalesce(v.price, ap.current_price), "
            + "current_pnl_dollars = coalesce(v.pnl_dollars, ap.current_pnl_dollars), "
            + "current_pnl_percent = coalesce(v.pnl_percent, ap.current_pnl_percent), "
            + "peak_price = coalesce(v.peak, ap.peak_price), last_checked_at = ?, updated_at = ?, "
            + "status = CASE WHEN v.moves THEN 'closing' ELSE ap.status END, "
            + "close_reason = CASE WHEN v.moves THEN v.reason ELSE ap.close_reason END, "
            + "close_requested_at = CASE WHEN v.moves THEN ? ELSE ap.close_requested_at END, "
            + "close_attempts = CASE WHEN v.moves THEN ap.close_attempts + 1 ELSE ap.close_attempts END, "
            + "close_dispatched_at = CASE WHEN v.moves THEN NULL ELSE ap.close_dispatched_at END, "
            + "close_order_id = CASE WHEN v.moves THEN NULL ELSE ap.close_order_id END, "
            + "partial_quantity = CASE WHEN v.moves THEN v.qty ELSE ap.partial_quantity END, "
            + "partial_from_quantity = CASE WHEN v.moves AND v.qty IS NOT NULL THEN ap.quantity ELSE ap.partial_from_quantity END, "
            + "partial_exit_taken = ap.partial_exit_taken OR (v.moves AND v.qty IS NOT NULL) "
            + "FROM (SELECT u.*, u.reason IS NOT NULL AND (u.qty IS NULL OR (NOT b.partial_exit_taken AND b.quantity > u.qty)) AS moves "
            + "      FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[], ?::numeric[]) "
            + "           AS u(id, price, pnl_dollars, pnl_percent, peak, reason, qty) "
            + "      JOIN active_positions b ON b.id = u.id) AS v "
            + "WHERE ap.id = v.id AND ap.account_name = ? AND ap.status = 'open' "
            + "RETURNING " + prefixed("ap") + ", v.moves AS exiting) "
            // only the lots that moved to CLOSING come back, not every swept row
            + "SELECT * FROM swept WHERE exiting";

    /** A scale-out cancelled the lot's legs itself: their absence is no missing-brackets exit. */
    private static final String RELEASE_LEGS = "UPDATE active_positions SET legs_released = true, updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ? AND partial_quantity IS NOT NULL";

    /** A scale-out ended: CLOSING→OPEN under every rule again, the stop maybe at breakeven (only that attempt's). */
    private static final String END_SCALE_OUT = "UPDATE active_positions SET status = 'open', close_reason = NULL, "
            + "partial_quantity = NULL, close_order_id = NULL, close_client_order_id = NULL, close_dispatched_at = NULL, "
            + "close_requested_at = NULL, close_error = NULL, stop_loss = coalesce(?, stop_loss), updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ? AND partial_quantity IS NOT NULL";

    private static final String MARK_DISPATCHED = "UPDATE active_positions SET close_dispatched_at = ? "
            + "WHERE account_name = ? AND status = 'closing' AND id = ANY(?::bigint[])";

    private static final String TO_EXAMINE = "SELECT " + COLUMNS + " FROM active_positions WHERE account_name = ? "
            + "AND status = 'closing' AND (close_dispatched_at IS NULL OR close_requested_at < ?) ORDER BY id";

    private static final String RECORD_ORDER = "UPDATE active_positions SET close_order_id = ?, close_client_order_id = ?, "
            + "close_dispatched_at = coalesce(close_dispatched_at, ?), updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ?";

    private static final String REFUSED = "UPDATE active_positions SET close_error = ?, updated_at = ?, "
            + "status = CASE WHEN close_attempts >= ? THEN 'close_failed' ELSE 'closing' END, "
            + "close_attempts = CASE WHEN close_attempts >= ? THEN close_attempts ELSE close_attempts + 1 END, "
            + "close_requested_at = ?, close_dispatched_at = NULL, close_order_id = NULL "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ? RETURNING status";

    private static final String RESTART = "UPDATE active_positions SET close_attempts = close_attempts + 1, "
            + "close_requested_at = ?, close_dispatched_at = NULL, close_order_id = NULL, updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ?";

    /** An operator's close: OPEN→CLOSING with the next attempt, left for the next sync to send (outbox). */
    private static final String REQUEST_CLOSE = "UPDATE active_positions SET status = 'closing', close_reason = ?, "
            + "close_requested_at = ?, close_attempts = close_attempts + 1, close_dispatched_at = NULL, close_order_id = NULL, "
            + "updated_at = ? WHERE account_name = ? AND status = 'open' AND id = ANY(?::bigint[]) RETURNING " + COLUMNS;

    /** An operator's retry: CLOSE_FAILED→CLOSING with the next attempt (a new client order id), left for the next sync. */
    private static final String RETRY_CLOSE = "UPDATE active_positions SET status = 'closing', close_requested_at = ?, "
            + "close_attempts = close_attempts + 1, close_dispatched_at = NULL, close_order_id = NULL, close_error = NULL, "
            + "updated_at = ? WHERE account_name = ? AND status = 'close_failed' AND id = ANY(?::bigint[]) RETURNING " + COLUMNS;

    /** A close request that may not act now (trading paused): the same attempt waits for the next sync to send it again. */
    private static final String DEFER = "UPDATE active_positions SET close_dispatched_at = NULL, updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'closing' AND close_attempts = ? AND close_order_id IS NULL";

    /**
     * Takes the open lot's row lock for one re-arm (held until the sync commits): a sweep's move to
     * CLOSING waits, then sees the pair's legs, so the close path cancels them first.
     */
    private static final String CLAIM_ARM = "SELECT id FROM active_positions WHERE account_name = ? AND id = ? "
            + "AND status = 'open' AND protection_arms = ? FOR UPDATE";

    /** The re-armed pair's legs become the lot's protective legs (only for the arm that is current). */
    private static final String RECORD_ARM = "UPDATE active_positions SET stop_order_id = ?, target_order_id = ?, "
            + "protection_arms = ?, bracket_order_accepted = true, legs_released = false, updated_at = ? "
            + "WHERE account_name = ? AND id = ? AND status = 'open' AND protection_arms = ?";

    /** Books closing fills; a lot with nothing left becomes CLOSED with its real exit price. */
    private static final String SETTLE = "UPDATE active_positions ap SET "
            + "quantity = ap.quantity - v.qty, closed_quantity = ap.closed_quantity + v.qty, "
            + "exit_value = ap.exit_value + v.value, realized_pnl = coalesce(ap.realized_pnl, 0) + v.pnl, "
            + "exit_price = round((ap.exit_value + v.value) / (ap.closed_quantity + v.qty), 4), "
            + "status = CASE WHEN ap.quantity - v.qty <= 0 THEN 'closed' ELSE ap.status END, "
            + "close_reason = CASE WHEN ap.quantity - v.qty <= 0 OR ap.close_reason IS NULL THEN v.reason ELSE ap.close_reason END, "
            + "closed_at = CASE WHEN ap.quantity - v.qty <= 0 THEN v.at END, updated_at = v.at "
            + "FROM " + SettlementArrays.UNNEST + " "
            + "WHERE ap.id = v.id AND ap.account_name = ? AND ap.status <> 'closed' AND ap.quantity >= v.qty "
            + "RETURNING ap.id, ap.status";

    private static String prefixed(String alias) {
        StringBuilder sb = new StringBuilder();
        for (String col : COLUMN_LIST) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(alias).append('.').append(col);
        }
        return sb.toString();
    }

    Long insert(Connection c, NewLot lot, Instant asOf) throws SQLException {
        String optionSymbol = lot.instrument() instanceof Instrument.OptionContract o ? o.orderSymbol() : null;
        LocalDate expiry = lot.instrument() instanceof Instrument.OptionContract o ? o.occ().expiry() : null;
        List<Long> ids = Sql.query(c, INSERT, rs -> rs.getLong(1), lot.account(), lot.executionId(),
                lot.instrument().underlying(), lot.instrument().type().name(), optionSymbol, lot.side().code(),
                lot.quantity(), lot.quantity(), lot.entryPrice(), lot.entryTime(), lot.stopLoss(), lot.takeProfit(),
                lot.strategyType(), lot.maxHoldMinutes(), expiry, lot.entryOrderId(), lot.legs().stopOrderId(),
                lot.legs().targetOrderId(), lot.legs().expected(), lot.entryPrice(), asOf, asOf);
        return ids.isEmpty() ? null : ids.get(0);
    }

    Long claimAdopted(Connection c, NewLot lot, Instant asOf) throws SQLException {
        String optionSymbol = lot.instrument() instanceof Instrument.OptionContract o ? o.orderSymbol() : "";
        List<Long> ids = Sql.query(c, CLAIM_ADOPTED, rs -> rs.getLong(1), lot.executionId(), lot.stopLoss(),
                lot.takeProfit(), lot.strategyType(), lot.maxHoldMinutes(), lot.entryOrderId(), lot.legs().stopOrderId(),
                lot.legs().targetOrderId(), lot.legs().expected(), lot.entryPrice(), lot.entryTime(), asOf,
                lot.account(), lot.instrument().underlying(), optionSymbol, lot.side().code(), lot.quantity());
        return ids.isEmpty() ? null : ids.get(0);
    }

    int refreshEntryQuantities(Connection c, String account, Instant asOf) throws SQLException {
        return Sql.update(c, REFRESH_ENTRY, asOf, account);
    }

    List<Lot> open(Connection c, String account, long fromId, long toId, String fromSymbol, String toSymbol) throws SQLException {
        return Sql.query(c, OPEN_RANGE, mapper(), account, fromId, toId, fromSymbol, fromSymbol, toSymbol, toSymbol);
    }

    List<Lot> active(Connection c, String account) throws SQLException {
        return Sql.query(c, ACTIVE, mapper(), account);
    }

    Optional<Lot> find(Connection c, String account, long id) throws SQLException {
        return Sql.query(c, ONE, LotTable::map, account, id).stream().findFirst();
    }

    LotHolding holding(Connection c, String account, long id, Collection<String> orderIds) throws SQLException {
        return Sql.query(c, HOLDING, rs -> new LotHolding(rs.getBigDecimal(1), rs.getBigDecimal(2)),
                        Sql.array(c, "text", List.copyOf(orderIds)), account, id).stream().findFirst()
                .orElseThrow(() -> new SQLException("lot " + id + " of account " + account + " does not exist"));
    }

    List<Lot> sweep(Connection c, String account, List<SweepOutcome> outcomes, Instant asOf) throws SQLException {
        List<Long> ids = new ArrayList<>(outcomes.size());
        List<BigDecimal> prices = new ArrayList<>(outcomes.size());
        List<BigDecimal> pnlDollars = new ArrayList<>(outcomes.size());
        List<BigDecimal> pnlPercent = new ArrayList<>(outcomes.size());
        List<BigDecimal> peaks = new ArrayList<>(outcomes.size());
        List<String> reasons = new ArrayList<>(outcomes.size());
        List<BigDecimal> quantities = new ArrayList<>(outcomes.size());
        for (SweepOutcome o : outcomes) {
            quantities.add(o.exitQuantity());
            ids.add(o.lotId());
            prices.add(o.price());
            pnlDollars.add(o.pnl() == null ? null : o.pnl().dollars());
            pnlPercent.add(o.pnl() == null ? null : o.pnl().percent());
            peaks.add(o.peak());
            reasons.add(o.exitReason() == null ? null : o.exitReason().code());
        }
        List<Lot> moved = new ArrayList<>();
        Sql.query(c, SWEEP, rs -> {
            if (rs.getBoolean("exiting")) {
                moved.add(map(rs));
            }
            return null;
        }, asOf, asOf, asOf, Sql.array(c, "bigint", ids), Sql.array(c, "numeric", prices),
                Sql.array(c, "numeric", pnlDollars), Sql.array(c, "numeric", pnlPercent), Sql.array(c, "numeric", peaks),
                Sql.array(c, "text", reasons), Sql.array(c, "numeric", quantities), account);
        return moved;
    }

    void markDispatched(Connection c, String account, Collection<Long> ids, Instant at) throws SQLException {
        Sql.update(c, MARK_DISPATCHED, at, account, Sql.array(c, "bigint", List.copyOf(ids)));
    }

    List<Lot> toExamine(Connection c, String account, Instant stuckBefore) throws SQLException {
        return Sql.query(c, TO_EXAMINE, LotTable::map, account, stuckBefore);
    }

    boolean recordOrder(Connection c, String account, long id, int attempt, String clientOrderId, String orderId, Instant at)
            throws SQLException {
        return Sql.update(c, RECORD_ORDER, orderId, clientOrderId, at, at, account, id, attempt) == 1;
    }

    Optional<LotStatus> refused(Connection c, String account, long id, int attempt, String error, int maxAttempts, Instant at)
            throws SQLException {
        return Sql.query(c, REFUSED, rs -> LotStatus.fromCode(rs.getString(1)), error, at, maxAttempts, maxAttempts, at,
                account, id, attempt).stream().findFirst();
    }

    boolean restart(Connection c, String account, long id, int attempt, Instant at) throws SQLException {
        return Sql.update(c, RESTART, at, at, account, id, attempt) == 1;
    }

    List<Lot> requestClose(Connection c, String account, Collection<Long> ids, CloseReason reason, Instant at) throws SQLException {
        return Sql.query(c, REQUEST_CLOSE, LotTable::map, reason.code(), at, at, account, Sql.array(c, "bigint", List.copyOf(ids)));
    }

    List<Lot> retryClose(Connection c, String account, Collection<Long> ids, Instant at) throws SQLException {
        return Sql.query(c, RETRY_CLOSE, LotTable::map, at, at, account, Sql.array(c, "bigint", List.copyOf(ids)));
    }

    boolean claimArm(Connection c, String account, long id, int arm) throws SQLException {
        return !Sql.query(c, CLAIM_ARM, rs -> rs.getLong(1), account, id, arm - 1).isEmpty();
    }

    boolean recordArm(Connection c, String account, long id, int arm, ProtectiveLegs legs, Instant at) throws SQLException {
        return Sql.update(c, RECORD_ARM, legs.stopOrderId(), legs.targetOrderId(), arm, at, account, id, arm - 1) == 1;
    }

    boolean releaseLegs(Connection c, String account, long id, int attempt, Instant at) throws SQLException {
        return Sql.update(c, RELEASE_LEGS, at, account, id, attempt) == 1;
    }

    boolean endScaleOut(Connection c, String account, long id, int attempt, BigDecimal stop, Instant at) throws SQLException {
        return Sql.update(c, END_SCALE_OUT, stop, at, account, id, attempt) == 1;
    }

    boolean defer(Connection c, String account, long id, int attempt, Instant at) throws SQLException {
        return Sql.update(c, DEFER, at, account, id, attempt) == 1;
    }

    /** Books the settlements; returns the lots closed, and adds every lot booked to {@code booked}. */
    List<Long> settle(Connection c, String account, List<LotSettlement> settlements, List<Long> booked) throws SQLException {
        Object[] params = SettlementArrays.of(c, settlements, account);
        List<Long> closed = new ArrayList<>();
        Sql.query(c, SETTLE, rs -> {
            booked.add(rs.getLong(1));
            if ("closed".equals(rs.getString(2))) {
                closed.add(rs.getLong(1));
            }
            return null;
        }, params);
        return closed;
    }

    static Lot map(ResultSet rs) throws SQLException {
        return map(rs, null);
    }

    /**
     * A row read by {@link #COLUMN_LIST}'s indexes; {@code instruments}, when given, shares one
     * parsed instrument among the rows of one query that hold the same one.
     */
    static Lot map(ResultSet rs, Map<String, Instrument> instruments) throws SQLException {
        String reason = rs.getString(CLOSE_REASON);
        return new Lot(rs.getLong(ID), rs.getString(ACCOUNT), rs.getObject(EXECUTION, UUID.class), instrument(rs, instruments),
                PositionSide.fromCode(rs.getString(SIDE)), rs.getBigDecimal(QUANTITY), rs.getBigDecimal(ENTRY_PRICE),
                Sql.instant(rs, ENTRY_TIME), rs.getBigDecimal(STOP_LOSS), rs.getBigDecimal(TAKE_PROFIT),
                rs.getString(STRATEGY), Sql.integer(rs, MAX_HOLD),
                new ProtectiveLegs(rs.getString(STOP_ORDER), rs.getString(TARGET_ORDER)),
                rs.getString(ENTRY_ORDER), LotStatus.fromCode(rs.getString(STATUS)), rs.getBigDecimal(PEAK),
                rs.getBigDecimal(CURRENT), reason == null ? null : CloseReason.fromCode(reason),
                rs.getInt(CLOSE_ATTEMPTS), rs.getString(CLOSE_ORDER), rs.getInt(PROTECTION_ARMS), rs.getBoolean(PARTIAL_TAKEN),
                rs.getBigDecimal(PARTIAL_QUANTITY), rs.getBigDecimal(PARTIAL_FROM), rs.getBoolean(LEGS_RELEASED));
    }

    private static Instrument instrument(ResultSet rs, Map<String, Instrument> instruments) throws SQLException {
        String type = rs.getString(TYPE);
        String ticker = rs.getString(TICKER);
        String option = rs.getString(OPTION_SYMBOL);
        if (instruments == null) {
            return Instrument.of(InstrumentType.parse(type), ticker, option);
        }
        String key = type + '|' + ticker + '|' + option;
        Instrument known = instruments.get(key);
        if (known == null) {
            known = Instrument.of(InstrumentType.parse(type), ticker, option);
            instruments.put(key, known);
        }
        return known;
    }

    /** A mapper for one query: its rows share their parsed instruments. */
    private static Sql.RowMapper<Lot> mapper() {
        Map<String, Instrument> instruments = new HashMap<>();
        return rs -> map(rs, instruments);
    }
}
