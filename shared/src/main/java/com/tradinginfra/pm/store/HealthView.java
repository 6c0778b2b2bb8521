package com.tradinginfra.pm.store;

import com.tradinginfra.pm.domain.PositionHealth;

import java.sql.Connection;
import java.sql.SQLException;

/** The SQL of the health view {@code v_position_health_by_account} (the operators' runbook view). */
final class HealthView {
    /**
     * One row whatever the account holds: the view has no row for an account without unclosed lots,
     * so it is joined to the account given; the newest sweep comes from the open lots themselves.
     */
    private static final String HEALTH = "SELECT coalesce(h.open_positions, 0) AS open_positions, "
            + "coalesce(h.closing_positions, 0) AS closing_positions, coalesce(h.stale_positions, 0) AS stale_positions, "
            + "coalesce(h.missing_brackets, 0) AS missing_brackets, coalesce(h.close_failed, 0) AS close_failed, "
            + "coalesce(h.stuck_closing, 0) AS stuck_closing, coalesce(h.expiring_soon, 0) AS expiring_soon, "
            + "(SELECT max(ap.last_checked_at) FROM active_positions ap WHERE ap.account_name = a.account_name "
            + "AND ap.status = 'open') AS last_swept_at "
            + "FROM (SELECT CAST(? AS varchar) AS account_name) a "
            + "LEFT JOIN v_position_health_by_account h ON h.account_name = a.account_name";

    PositionHealth health(Connection c, String account) throws SQLException {
        return Sql.query(c, HEALTH, rs -> new PositionHealth(rs.getLong("open_positions"), rs.getLong("closing_positions"),
                rs.getLong("stale_positions"), rs.getLong("missing_brackets"), rs.getLong("close_failed"),
                rs.getLong("stuck_closing"), rs.getLong("expiring_soon"), Sql.instant(rs, "last_swept_at")), account).get(0);
    }
}
