package com.tradinginfra.pm.embedded;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Writes {@code dispatch_executions} rows the way the upstream dispatcher does: test fixtures and
 * the demo's simulated dispatcher use it (the position manager itself never writes that table).
 */
public final class ExecutionRowWriter {
    private final DataSource dataSource;

    public ExecutionRowWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One execution row; builder-style fields with sensible defaults. */
    public static final class Row {
        public UUID executionId = UUID.randomUUID();
        public String account = "large";
        public String ticker;
        public String instrumentType = "STOCK";
        public String optionSymbol;
        public String side = "buy";
        public BigDecimal quantity;
        public BigDecimal filledQty;
        public BigDecimal entryPrice;
        public BigDecimal stopLoss;
        public BigDecimal takeProfit;
        public String strategyType = "swing_trade";
        public Integer maxHoldMinutes;
        public LocalDate expirationDate;
        public String executionMode = "ALPACA_PAPER";
        public String status = "FILLED";
        public String brokerOrderId;
        public String stopOrderId;
        public String targetOrderId;
        public Instant executedAt;

        public Row account(String v) { account = v; return this; }
        public Row ticker(String v) { ticker = v; return this; }
        public Row option(String type, String occ) { instrumentType = type; optionSymbol = occ; return this; }
        public Row instrumentType(String v) { instrumentType = v; return this; }
        public Row side(String v) { side = v; return this; }
        public Row qty(String v) { quantity = new BigDecimal(v); filledQty = new BigDecimal(v); return this; }
        public Row filledQty(String v) { filledQty = v == null ? null : new BigDecimal(v); return this; }
        public Row entry(String v) { entryPrice = v == null ? null : new BigDecimal(v); return this; }
        public Row stop(String v) { stopLoss = new BigDecimal(v); return this; }
        public Row target(String v) { takeProfit = new BigDecimal(v); return this; }
        public Row strategy(String v) { strategyType = v; return this; }
        public Row maxHold(Integer v) { maxHoldMinutes = v; return this; }
        public Row expiration(LocalDate v) { expirationDate = v; return this; }
        public Row mode(String v) { executionMode = v; return this; }
        public Row status(String v) { status = v; return this; }
        public Row orders(String entry, String stop, String target) { brokerOrderId = entry; stopOrderId = stop; targetOrderId = target; return this; }
        public Row at(Instant v) { executedAt = v; return this; }
    }

    public static Row execution() {
        return new Row();
    }

    /** Inserts the row; returns its execution id. */
    public UUID insert(Row r) {
        String sql = "INSERT INTO dispatch_executions (execution_id, account_name, ticker, instrument_type, option_symbol, side, "
                + "quantity, filled_qty, entry_price, stop_loss, take_profit, strategy_type, max_hold_minutes, expiration_date, "
                + "execution_mode, status, broker_order_id, stop_order_id, target_order_id, executed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, r.executionId);
            ps.setString(2, r.account);
            ps.setString(3, r.ticker);
            ps.setString(4, r.instrumentType);
            ps.setString(5, r.optionSymbol);
            ps.setString(6, r.side);
            ps.setBigDecimal(7, r.quantity);
            ps.setBigDecimal(8, r.filledQty);
            ps.setBigDecimal(9, r.entryPrice);
            ps.setBigDecimal(10, r.stopLoss);
            ps.setBigDecimal(11, r.takeProfit);
            ps.setString(12, r.strategyType);
            if (r.maxHoldMinutes == null) {
                ps.setNull(13, Types.INTEGER);
            } else {
                ps.setInt(13, r.maxHoldMinutes);
            }
            ps.setObject(14, r.expirationDate);
            ps.setString(15, r.executionMode);
            ps.setString(16, r.status);
            ps.setString(17, r.brokerOrderId);
            ps.setString(18, r.stopOrderId);
            ps.setString(19, r.targetOrderId);
            ps.setTimestamp(20, r.executedAt == null ? null : Timestamp.from(r.executedAt));
            ps.executeUpdate();
            return r.executionId;
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert execution: " + e.getMessage(), e);
        }
    }

    /** The dispatcher learns of further fills of an entry order. */
    public void updateFilled(UUID executionId, String filledQty, String status) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dispatch_executions SET filled_qty = ?, status = ? WHERE execution_id = ?")) {
            ps.setBigDecimal(1, new BigDecimal(filledQty));
            ps.setString(2, status);
            ps.setObject(3, executionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
