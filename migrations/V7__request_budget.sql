-- The account's trading-request budget, shared by every container of every function (Alpaca allows
-- 200 trading-API requests a minute per account, not per client): a token bucket, one row per
-- account, refilled by elapsed database time and claimed for a batch of requests in one statement
-- (store/RequestBudgetTable). The row is created by the first claim; capacity and refill rate are
-- the claimers' configuration (BROKER_REQUESTS_PER_MINUTE), not stored.
CREATE TABLE request_budget (
    account_name  varchar(50) PRIMARY KEY,
    tokens        numeric(12, 6) NOT NULL CHECK (tokens >= 0),
    refilled_at   timestamptz NOT NULL
);
