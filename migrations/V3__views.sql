-- The operators' runbooks query these names; keep the columns they use.

CREATE VIEW v_open_positions_summary AS
SELECT ap.id,
       ap.account_name,
       ap.ticker,
       ap.instrument_type,
       ap.option_symbol,
       ap.side,
       ap.strategy_type,
       ap.quantity,
       ap.entry_price,
       ap.current_price,
       ap.current_pnl_dollars,
       ap.current_pnl_percent,
       ap.stop_loss,
       ap.take_profit,
       ap.peak_price,
       ap.status,
       ap.entry_time,
       ap.last_checked_at,
       (EXTRACT(EPOCH FROM (now() - ap.entry_time)) / 60)::integer AS hold_minutes,
       CASE WHEN ap.expiration_date IS NULL THEN NULL
            ELSE round((EXTRACT(EPOCH FROM (((ap.expiration_date + time '16:00') AT TIME ZONE 'America/New_York') - now())) / 3600)::numeric, 2)
       END AS hours_to_expiration,
       ap.bracket_order_accepted
FROM active_positions ap
WHERE ap.status IN ('open', 'closing', 'close_failed');

CREATE VIEW v_position_performance AS
SELECT ph.position_id,
       ph.account_name,
       ph.ticker,
       ph.instrument_type,
       ph.option_symbol,
       ph.side,
       ph.strategy_type,
       ph.quantity,
       ph.entry_price,
       ph.exit_price,
       ph.outcome,
       ph.final_pnl_dollars,
       ph.final_pnl_percent,
       ph.hold_minutes,
       ph.close_reason,
       ph.entry_time,
       ph.closed_at
FROM position_history ph;

-- One row for the whole database, as the runbook expects; v_position_health_by_account splits it.
CREATE VIEW v_position_health_by_account AS
SELECT ap.account_name,
       count(*) FILTER (WHERE ap.status = 'open')                                            AS open_positions,
       count(*) FILTER (WHERE ap.status = 'closing')                                         AS closing_positions,
       count(*) FILTER (WHERE ap.status = 'open'
                          AND (ap.last_checked_at IS NULL OR ap.last_checked_at < now() - interval '5 minutes')) AS stale_positions,
       count(*) FILTER (WHERE ap.status = 'open' AND ap.instrument_type = 'STOCK'
                          AND NOT ap.bracket_order_accepted)                                  AS missing_brackets,
       count(*) FILTER (WHERE ap.status = 'open' AND ap.strategy_type = 'day_trade')         AS open_day_trades,
       count(*) FILTER (WHERE ap.status = 'open' AND ap.expiration_date IS NOT NULL
                          AND ((ap.expiration_date + time '16:00') AT TIME ZONE 'America/New_York') < now() + interval '24 hours') AS expiring_soon,
       count(*) FILTER (WHERE ap.status = 'close_failed')                                    AS close_failed,
       count(*) FILTER (WHERE ap.status = 'closing'
                          AND ap.close_requested_at < now() - interval '5 minutes')          AS stuck_closing
FROM active_positions ap
WHERE ap.status <> 'closed'
GROUP BY ap.account_name;

CREATE VIEW v_position_health_check AS
SELECT coalesce(sum(open_positions), 0)::bigint    AS open_positions,
       coalesce(sum(closing_positions), 0)::bigint AS closing_positions,
       coalesce(sum(stale_positions), 0)::bigint   AS stale_positions,
       coalesce(sum(missing_brackets), 0)::bigint  AS missing_brackets,
       coalesce(sum(open_day_trades), 0)::bigint   AS open_day_trades,
       coalesce(sum(expiring_soon), 0)::bigint     AS expiring_soon,
       coalesce(sum(close_failed), 0)::bigint      AS close_failed,
       coalesce(sum(stuck_closing), 0)::bigint     AS stuck_closing
FROM v_position_health_by_account;
