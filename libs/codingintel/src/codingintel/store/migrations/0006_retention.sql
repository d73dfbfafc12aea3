-- Retention: the raw bundle and the note text of a finished report are purged once it
-- is old enough; the row keeps when that happened.
ALTER TABLE reports ADD COLUMN purged_at timestamptz;
-- What the purge looks for: finished (COMPLETE, FAILED, CANCELLED), not yet purged or
-- deleted, oldest first.
CREATE INDEX reports_retention_due ON reports (processing_complete_time)
    WHERE purged_at IS NULL AND deleted_at IS NULL AND state IN (3, 4, 5);
