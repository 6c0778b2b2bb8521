-- Parts of lots booked from a filled order's totals because no FILL activity of it was published yet
-- (Alpaca publishes fills late at times): sync closed them from the order, and when the order's fills
-- arrive later they are accounted to the same lot as that booking's echo, not booked as a second sale
-- (docs/ARCHITECTURE.md, "Fills ledger"). fills_before: the order's fills already accounted to the lot
-- when the booking was written, which the booking does not cover.
CREATE TABLE order_bookings (
    account_name  varchar(50) NOT NULL,
    order_id      text NOT NULL,
    position_id   bigint NOT NULL REFERENCES active_positions (id),
    quantity      numeric NOT NULL CHECK (quantity > 0),
    fills_before  numeric NOT NULL CHECK (fills_before >= 0),
    exit_at       timestamptz NOT NULL, -- when the booked exit happened (the order's fill time)
    PRIMARY KEY (account_name, order_id, position_id)
);
