-- The summary of each account's trading day, recorded once by sync after the session's close
-- (docs/ARCHITECTURE.md, "Daily summary"). The primary key makes the conditional insert idempotent
-- under repeated ticks and concurrent syncs.
CREATE TABLE daily_summaries (
    account_name      varchar(50) NOT NULL,
    trading_day       date NOT NULL,
    lots_opened       integer NOT NULL CHECK (lots_opened >= 0),
    lots_closed       integer NOT NULL CHECK (lots_closed >= 0),
    winning_lots      integer NOT NULL CHECK (winning_lots >= 0),
    losing_lots       integer NOT NULL CHECK (losing_lots >= 0),
    realized_pnl      numeric NOT NULL,
    win_rate_percent  numeric,
    pnl_by_strategy   jsonb NOT NULL DEFAULT '{}'::jsonb,
    pnl_by_reason     jsonb NOT NULL DEFAULT '{}'::jsonb,
    recorded_at       timestamptz NOT NULL,
    PRIMARY KEY (account_name, trading_day)
);
