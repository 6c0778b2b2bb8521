-- The newest sweep processed per account and lot range: a sweep request older than one already
-- processed (a late or redelivered message) is dropped instead of acting on stale time.
CREATE TABLE sweep_progress (
    account_name  varchar(50) NOT NULL,
    from_lot_id   bigint NOT NULL,
    last_as_of    timestamptz NOT NULL,
    PRIMARY KEY (account_name, from_lot_id)
);
