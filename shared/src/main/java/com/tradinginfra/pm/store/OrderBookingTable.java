package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.LotSettlement;
import com.tradinginfra.pm.domain.OrderBooking;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code order_bookings}: parts of lots booked from orders' totals, and what the fills ledger has matched of them since. */
final class OrderBookingTable {
    /** Σ of one order's fills accounted to one lot, in the ledger. */
    private static final String FILLED = "(SELECT COALESCE(sum(bf.quantity), 0) FROM broker_fills bf "
            + "WHERE bf.account_name = ob.account_name AND bf.order_id = ob.order_id AND bf.position_id = ob.position_id)";

    /**
     * fills_before: the fills of the order the ledger already holds for the lot (this sync's are recorded
     * before it settles). A second booking of the same order on the same lot (the order filled further)
     * adds to the first.
     */
    private static final String RECORD = "INSERT INTO order_bookings AS ob (account_name, order_id, position_id, quantity, "
            + "fills_before, exit_at) SELECT ?, b.order_id, b.position_id, b.quantity, "
            + "(SELECT COALESCE(sum(bf.quantity), 0) FROM broker_fills bf WHERE bf.account_name = ? AND bf.order_id = b.order_id "
            + "AND bf.position_id = b.position_id), b.exit_at "
            + "FROM unnest(?::text[], ?::bigint[], ?::numeric[], ?::timestamptz[]) AS b(order_id, position_id, quantity, exit_at) "
            + "ON CONFLICT (account_name, order_id, position_id) DO UPDATE SET quantity = ob.quantity + EXCLUDED.quantity";

    private static final String UNMATCHED = "SELECT ob.order_id, ob.position_id, ob.quantity - (" + FILLED + " - ob.fills_before) "
            + "FROM order_bookings ob WHERE ob.account_name = ? AND ob.order_id = ANY(?::text[]) "
            + "AND ob.quantity - (" + FILLED + " - ob.fills_before) > 0 ORDER BY ob.exit_at, ob.position_id";

    /** {@code settlements}: the ones these bookings are part of; each row's exit_at is its lot's settlement time. */
    void record(Connection c, String account, List<OrderBooking> bookings, List<LotSettlement> settlements) throws SQLException {
        if (bookings.isEmpty()) {
            return;
        }
        Map<Long, Instant> exitAt = new HashMap<>();
        settlements.forEach(s -> exitAt.put(s.lotId(), s.at()));
        List<String> orders = new ArrayList<>();
        List<Long> lots = new ArrayList<>();
        List<BigDecimal> quantities = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (OrderBooking b : bookings) {
            orders.add(b.orderId());
            lots.add(b.lotId());
            quantities.add(b.quantity());
            times.add(exitAt.get(b.lotId()));
        }
        Sql.update(c, RECORD, account, account, Sql.array(c, "text", orders), Sql.array(c, "bigint", lots),
                Sql.array(c, "numeric", quantities), Sql.array(c, "timestamptz", times));
    }

    List<OrderBooking> unmatched(Connection c, String account, Collection<String> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return Sql.query(c, UNMATCHED, rs -> new OrderBooking(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3)),
                account, Sql.array(c, "text", List.copyOf(orderIds)));
    }
}
