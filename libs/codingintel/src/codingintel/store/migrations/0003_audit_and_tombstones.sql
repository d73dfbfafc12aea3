-- Who called what, and when: no PHI, only identifiers and the outcome.
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    tenant_id text NOT NULL,
    principal text NOT NULL,
    method text NOT NULL,
    report_id text NOT NULL DEFAULT '',
    status_code text NOT NULL
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);

-- A deleted report keeps its row (state, timestamps, codes' absence) as a tombstone.
ALTER TABLE reports ADD COLUMN deleted_at timestamptz;
CREATE INDEX reports_tenant_create ON reports (tenant_id, create_time DESC, report_id DESC)
    WHERE deleted_at IS NULL;
