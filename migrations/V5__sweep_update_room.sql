-- Every sweep rewrites the price columns of every open lot: leave room in each page so the
-- updates stay on their page (HOT) instead of adding an index entry per lot per sweep, and keep
-- the table vacuumed as often as it is rewritten.
ALTER TABLE active_positions SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
