-- One row per tracked lot. execution_id is UNIQUE so that tracking an execution twice is impossible
-- (NULL for positions adopted from the broker). Status moves only by conditional updates.
CREATE TABLE active_positions (
    id                     bigserial PRIMARY KEY,
    account_name           varchar(50) NOT NULL,
    execution_id           uuid UNIQUE,
    ticker                 text NOT NULL,
    instrument_type        text NOT NULL CHECK (instrument_type IN ('STOCK', 'CALL', 'PUT')),
    option_symbol          text,
    side                   text NOT NULL CHECK (side IN ('long', 'short')),
    quantity               numeric NOT NULL CHECK (quantity >= 0),
    original_quantity      numeric NOT NULL CHECK (original_quantity > 0),
    entry_price            numeric NOT NULL CHECK (entry_price > 0),
    entry_time             timestamptz NOT NULL,
    stop_loss              numeric,
    take_profit            numeric,
    strategy_type          text,
    max_hold_minutes       integer,
    expiration_date        date,
    broker_order_id        text,
    stop_order_id          text,
    target_order_id        text,
    bracket_order_accepted boolean NOT NULL DEFAULT false,
    current_price          numeric,
    current_pnl_dollars    numeric,
    current_pnl_percent    numeric,
    peak_price             numeric,
    last_checked_at        timestamptz,
    status                 text NOT NULL DEFAULT 'open'
                           CHECK (status IN ('open', 'closing', 'closed', 'close_failed')),
    close_reason           text CHECK (close_reason IN ('stop_loss', 'take_profit', 'trailing_stop', 'missing_brackets',
                                                        'day_trade_cutoff', 'option_expiry', 'max_hold_time',
                                                        'closed_externally', 'manual')),
    close_requested_at     timestamptz,
    close_dispatched_at    timestamptz,
    close_attempts         integer NOT NULL DEFAULT 0,
    close_client_order_id  text,
    close_order_id         text,
    close_error            text,
    closed_quantity        numeric NOT NULL DEFAULT 0,
    exit_value             numeric NOT NULL DEFAULT 0,
    exit_price             numeric,
    realized_pnl           numeric,
    closed_at              timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT option_has_symbol CHECK (instrument_type = 'STOCK' OR option_symbol IS NOT NULL)
);

CREATE INDEX idx_active_positions_account_status ON active_positions (account_name, status, id);
CREATE INDEX idx_active_positions_symbol ON active_positions (account_name, ticker, option_symbol) WHERE status <> 'closed';

-- Append-only audit trail.
CREATE TABLE position_events (
    id            bigserial PRIMARY KEY,
    account_name  varchar(50) NOT NULL,
    position_id   bigint REFERENCES active_positions (id),
    execution_id  uuid,
    event_type    text NOT NULL,
    details       jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_position_events_position ON position_events (position_id, created_at);
CREATE INDEX idx_position_events_created ON position_events (created_at DESC);
-- A rejected execution is reported once, not every minute.
CREATE UNIQUE INDEX uq_position_events_rejection ON position_events (account_name, execution_id)
    WHERE event_type = 'execution_rejected';

-- Closed lots with their outcome, for analysis.
CREATE TABLE position_history (
    id                 bigserial PRIMARY KEY,
    account_name       varchar(50) NOT NULL,
    position_id        bigint NOT NULL UNIQUE REFERENCES active_positions (id),
    execution_id       uuid,
    ticker             text NOT NULL,
    instrument_type    text NOT NULL,
    option_symbol      text,
    side               text NOT NULL,
    strategy_type      text,
    quantity           numeric NOT NULL,
    entry_price        numeric NOT NULL,
    exit_price         numeric NOT NULL,
    peak_price         numeric,
    entry_time         timestamptz NOT NULL,
    closed_at          timestamptz NOT NULL,
    hold_minutes       integer NOT NULL,
    final_pnl_dollars  numeric NOT NULL,
    final_pnl_percent  numeric NOT NULL,
    outcome            text NOT NULL CHECK (outcome IN ('win', 'loss', 'breakeven')),
    close_reason       text NOT NULL
);

CREATE INDEX idx_position_history_closed ON position_history (account_name, closed_at DESC);

-- The ledger of broker fills: each fill is accounted once, to at most one lot.
CREATE TABLE broker_fills (
    account_name      varchar(50) NOT NULL,
    fill_id           text NOT NULL,
    order_id          text NOT NULL,
    position_id       bigint REFERENCES active_positions (id),
    symbol            text NOT NULL,
    side              text NOT NULL,
    quantity          numeric NOT NULL,
    price             numeric NOT NULL,
    role              text NOT NULL CHECK (role IN ('entry', 'exit', 'unmatched')),
    transaction_time  timestamptz NOT NULL,
    PRIMARY KEY (account_name, fill_id)
);

CREATE INDEX idx_broker_fills_time ON broker_fills (account_name, transaction_time DESC);
CREATE INDEX idx_broker_fills_order ON broker_fills (account_name, order_id);
