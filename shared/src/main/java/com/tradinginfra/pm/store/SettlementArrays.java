package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.LotSettlement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Settlements as the six parallel arrays that {@code unnest(?::bigint[], ?::numeric[], ?::numeric[],
 * ?::numeric[], ?::text[], ?::timestamptz[]) AS v(id, qty, value, pnl, reason, at)} reads: one round
 * trip books or records a whole batch. The one place that knows that column order.
 */
final class SettlementArrays {
    static final String UNNEST = "unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[], ?::timestamptz[]) "
            + "AS v(id, qty, value, pnl, reason, at)";

    private SettlementArrays() {
    }

    /** The parameters for {@link #UNNEST}, in its order, then {@code after} (the statement's later parameters). */
    static Object[] of(Connection c, List<LotSettlement> settlements, Object... after) throws SQLException {
        List<Object> ids = new ArrayList<>();
        List<Object> qty = new ArrayList<>();
        List<Object> value = new ArrayList<>();
        List<Object> pnl = new ArrayList<>();
        List<Object> reason = new ArrayList<>();
        List<Object> at = new ArrayList<>();
        for (LotSettlement s : settlements) {
            ids.add(s.lotId());
            qty.add(s.quantity());
            value.add(s.exitValue());
            pnl.add(s.realizedPnl());
            reason.add(s.reason().code());
            at.add(s.at());
        }
        List<Object> params = new ArrayList<>(List.of(Sql.array(c, "bigint", ids), Sql.array(c, "numeric", qty),
                Sql.array(c, "numeric", value), Sql.array(c, "numeric", pnl), Sql.array(c, "text", reason),
                Sql.array(c, "timestamptz", at)));
        params.addAll(List.of(after));
        return params.toArray();
    }
}
