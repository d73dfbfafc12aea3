-- Leases, the enqueue outbox and failure bookkeeping.

ALTER TABLE reports
    -- The run that holds the report; a new claim needs lease_expires_at in the past.
    -- With no owner, a future lease_expires_at holds the report for a scheduled retry.
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_expires_at timestamptz,
    -- Outbox: NULL until a queue message for the report is known to be sent.
    ADD COLUMN enqueued_at timestamptz,
    ADD COLUMN failed_step text,
    ADD COLUMN error_code integer,
    ADD COLUMN admin_retry_count integer NOT NULL DEFAULT 0;

CREATE INDEX reports_outbox ON reports (create_time) WHERE state = 1 AND enqueued_at IS NULL;
CREATE INDEX reports_pending_enqueued ON reports (enqueued_at) WHERE state = 1;
CREATE INDEX reports_processing_lease ON reports (lease_expires_at) WHERE state = 2;
CREATE INDEX reports_failed ON reports (tenant_id, processing_complete_time DESC, report_id DESC)
    WHERE state = 4;
