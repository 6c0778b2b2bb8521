-- Scaling out (TAKE_PARTIAL_PROFIT_PCT): a lot closes part of itself once, keeps its identity, and
-- every exit of it is a row of position_history (docs/ARCHITECTURE.md, "Scale out, then breakeven").

-- partial_exit_taken: the lot's one scale-out was decided (never again for this lot).
-- partial_quantity: while closing for a scale-out, what it sells (null for a full close).
-- partial_from_quantity: the lot's quantity when its scale-out began (what filled = this − quantity).
-- legs_released: this system cancelled the lot's protective legs itself, so their absence at the
--   broker is not a missing-brackets exit.
ALTER TABLE active_positions
    ADD COLUMN partial_exit_taken    boolean NOT NULL DEFAULT false,
    ADD COLUMN partial_quantity      numeric CHECK (partial_quantity > 0),
    ADD COLUMN partial_from_quantity numeric,
    ADD COLUMN legs_released         boolean NOT NULL DEFAULT false;

ALTER TABLE active_positions DROP CONSTRAINT active_positions_close_reason_check;
ALTER TABLE active_positions ADD CONSTRAINT active_positions_close_reason_check
    CHECK (close_reason IN ('stop_loss', 'take_profit', 'trailing_stop', 'missing_brackets', 'day_trade_cutoff',
                            'option_expiry', 'max_hold_time', 'closed_externally', 'manual', 'partial_profit'));

-- One row per exit of a lot: 'partial' rows for exits that left some of it, one 'final' row for the
-- exit that closed it. Each row's quantity, exit price and P&L are that exit's own, so the rows of a
-- lot add up to its realised P&L. exit_value = Σ quantity × price of that exit's fills.
ALTER TABLE position_history DROP CONSTRAINT position_history_position_id_key;
ALTER TABLE position_history
    ADD COLUMN exit_kind  text NOT NULL DEFAULT 'final' CHECK (exit_kind IN ('partial', 'final')),
    ADD COLUMN exit_value numeric;
-- Rows written before V8 (or by a writer that does not know the column) count as quantity × exit_price.
UPDATE position_history SET exit_value = quantity * exit_price;
-- A lot still closes once: its final row is written once (ON CONFLICT on this index).
CREATE UNIQUE INDEX uq_position_history_final ON position_history (position_id) WHERE exit_kind = 'final';
CREATE INDEX idx_position_history_position ON position_history (position_id, closed_at);

-- The runbook's columns unchanged; added at the end: which exit of the lot a row is.
CREATE OR REPLACE VIEW v_position_performance AS
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
       ph.closed_at,
       ph.exit_kind,
       ph.id AS exit_id
FROM position_history ph;
