package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.Reconciliation;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The SQL of {@code broker_fills}: the ledger that accounts every broker fill once. */
final class FillTable {
    private static final String LATEST = "SELECT max(transaction_time) FROM broker_fills WHERE account_name = ?";
    private static final String KNOWN = "SELECT fill_id FROM broker_fills WHERE account_name = ? AND fill_id = ANY(?::text[])";
    private static final String RECORD = "INSERT INTO broker_fills (account_name, fill_id, order_id, position_id, symbol, side, "
            + "quantity, price, role, transaction_time) "
            + "SELECT ?, v.fill_id, v.order_id, v.lot, v.symbol, v.side, v.qty, v.price, v.role, v.at "
            + "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::text[], ?::timestamptz[]) "
            + "     AS v(fill_id, order_id, lot, symbol, side, qty, price, role, at) "
            + "ON CONFLICT (account_name, fill_id) DO NOTHING";
    /** Opening fills seen before the execution that explains them: they belong to its lot. */
    private static final String LINK_ENTRY = "UPDATE broker_fills SET position_id = ?, role = 'entry' "
            + "WHERE account_name = ? AND order_id = ? AND position_id IS NULL";

    Optional<Instant> latest(Connection c, String account) throws SQLException {
        return Sql.query(c, LATEST, rs -> Sql.instant(rs, "max"), account).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    Set<String> known(Connection c, String account, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Sql.query(c, KNOWN, rs -> rs.getString(1), account, Sql.array(c, "text", List.copyOf(ids))));
    }

    void record(Connection c, String account, List<Reconciliation.FillAllocation> allocations) throws SQLException {
        if (allocations.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        List<Long> lots = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        List<String> sides = new ArrayList<>();
        List<BigDecimal> qty = new ArrayList<>();
        List<BigDecimal> price = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        for (Reconciliation.FillAllocation a : allocations) {
            ids.add(a.fill().id());
            orders.add(a.fill().orderId());
            lots.add(a.lotId());
            symbols.add(a.fill().symbol());
            sides.add(a.fill().side().wire());
            qty.add(a.fill().quantity());
            price.add(a.fill().price());
            roles.add(a.role().name().toLowerCase(Locale.ROOT));
            at.add(a.fill().transactionTime());
        }
        Sql.update(c, RECORD, account, Sql.array(c, "text", ids), Sql.array(c, "text", orders), Sql.array(c, "bigint", lots),
                Sql.array(c, "text", symbols), Sql.array(c, "text", sides), Sql.array(c, "numeric", qty),
                Sql.array(c, "numeric", price), Sql.array(c, "text", roles), Sql.array(c, "timestamptz", at));
    }

    void linkEntry(Connection c, String account, String orderId, long lotId) throws SQLException {
        Sql.update(c, LINK_ENTRY, lotId, account, orderId);
    }
}
