-- The operators' kill switch, one row per account (./pm pause / ./pm resume). While paused, sync
-- still tracks and reconciles and sweeps still price, but no exit is decided and no order is
-- submitted (docs/ARCHITECTURE.md, "Controls for the bad day"). No row means not paused.
CREATE TABLE trading_pause (
    account_name  varchar(50) PRIMARY KEY,
    paused        boolean NOT NULL,
    changed_by    text NOT NULL,
    reason        text,
    changed_at    timestamptz NOT NULL
);

-- The runbook views keep their columns; added at the end: the pause state (alarmable:
-- paused_accounts > 0 while any account is paused) and, per account, the time of the newest sweep.
CREATE OR REPLACE VIEW v_position_health_by_account AS
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
                          AND ap.close_requested_at < now() - interval '5 minutes')          AS stuck_closing,
       EXISTS (SELECT 1 FROM trading_pause tp WHERE tp.account_name = ap.account_name AND tp.paused) AS paused,
       (SELECT max(sp.last_as_of) FROM sweep_progress sp WHERE sp.account_name = ap.account_name) AS last_sweep_at
FROM active_positions ap
WHERE ap.status <> 'closed'
GROUP BY ap.account_name;

CREATE OR REPLACE VIEW v_position_health_check AS
SELECT coalesce(sum(open_positions), 0)::bigint    AS open_positions,
       coalesce(sum(closing_positions), 0)::bigint AS closing_positions,
       coalesce(sum(stale_positions), 0)::bigint   AS stale_positions,
       coalesce(sum(missing_brackets), 0)::bigint  AS missing_brackets,
       coalesce(sum(open_day_trades), 0)::bigint   AS open_day_trades,
       coalesce(sum(expiring_soon), 0)::bigint     AS expiring_soon,
       coalesce(sum(close_failed), 0)::bigint      AS close_failed,
       coalesce(sum(stuck_closing), 0)::bigint     AS stuck_closing,
       (SELECT count(*) FROM trading_pause WHERE paused)::bigint AS paused_accounts
FROM v_position_health_by_account;

-- The lots an operator must look at, one row per lot and problem (./pm status), with the same
-- conditions as the health view's counters.
CREATE VIEW v_positions_needing_attention AS
SELECT ap.id, ap.account_name, coalesce(ap.option_symbol, ap.ticker) AS symbol, ap.status, p.problem,
       ap.close_reason, ap.close_attempts, ap.close_error, p.since
FROM active_positions ap
CROSS JOIN LATERAL (VALUES
       ('close_failed', ap.status = 'close_failed', ap.updated_at),
       ('stuck_closing', ap.status = 'closing' AND ap.close_requested_at < now() - interval '5 minutes', ap.close_requested_at),
       ('stale', ap.status = 'open' AND (ap.last_checked_at IS NULL OR ap.last_checked_at < now() - interval '5 minutes'),
                 coalesce(ap.last_checked_at, ap.created_at)),
       ('missing_brackets', ap.status = 'open' AND ap.instrument_type = 'STOCK' AND NOT ap.bracket_order_accepted, ap.entry_time)
     ) AS p(problem, applies, since)
WHERE ap.status <> 'closed' AND p.applies;
