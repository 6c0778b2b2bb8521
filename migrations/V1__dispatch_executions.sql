-- Owned by the dispatcher; created here only if missing so that a fresh database works.
-- The position manager reads it and never writes to it.
CREATE TABLE IF NOT EXISTS dispatch_executions (
    execution_id      uuid PRIMARY KEY,
    account_name      varchar(50) NOT NULL DEFAULT 'large',
    ticker            text NOT NULL,
    instrument_type   text NOT NULL,
    option_symbol     text,
    side              text NOT NULL,
    quantity          numeric,
    filled_qty        numeric,
    entry_price       numeric,
    stop_loss         numeric,
    take_profit       numeric,
    strategy_type     text,
    max_hold_minutes  integer,
    expiration_date   date,
    execution_mode    text NOT NULL,
    status            text,
    broker_order_id   text,
    stop_order_id     text,
    target_order_id   text,
    executed_at       timestamptz
);

CREATE INDEX IF NOT EXISTS idx_dispatch_executions_account_name ON dispatch_executions (account_name);
