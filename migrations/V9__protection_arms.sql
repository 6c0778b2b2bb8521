-- MISSING_BRACKETS_ACTION=rearm: a stock lot whose protective legs are gone gets a one-cancels-other
-- pair, whose legs replace stop_order_id / target_order_id. protection_arms counts the pairs placed
-- for the lot; the next one's client_order_id is pm-<account>-<lot>-r<protection_arms + 1>, looked up
-- before submitting so a retried re-arm never places two. Views and runbook queries are unchanged.
ALTER TABLE active_positions ADD COLUMN IF NOT EXISTS protection_arms integer NOT NULL DEFAULT 0;
