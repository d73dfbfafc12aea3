-- Batches: reports created together. A batch has its own version, bumped in the same
-- transaction as every change of one of its reports, and its aggregate at each version
-- in batch_events, so WatchBatch resumes exactly as WatchReport does.
CREATE TABLE batches (
    batch_id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    request_id text,
    -- Hash of the entries (request ids and bundle hashes, in order): a request id
    -- reused with other entries is refused.
    content_sha256 bytea NOT NULL,
    total_count integer NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    create_time timestamptz NOT NULL DEFAULT now(),
    update_time timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT batches_request_id_unique UNIQUE (tenant_id, request_id)
);

CREATE TABLE batch_events (
    batch_id uuid NOT NULL REFERENCES batches (batch_id) ON DELETE CASCADE,
    version bigint NOT NULL,
    tenant_id text NOT NULL,
    create_time timestamptz NOT NULL DEFAULT now(),
    snapshot bytea NOT NULL, -- codingintel.reports.v1.Batch without report_ids, serialized
    PRIMARY KEY (batch_id, version)
);

ALTER TABLE reports
    ADD COLUMN batch_id uuid REFERENCES batches (batch_id),
    ADD COLUMN batch_index integer;
CREATE INDEX reports_batch ON reports (batch_id, batch_index) WHERE batch_id IS NOT NULL;

ALTER TABLE audit_log ADD COLUMN batch_id text NOT NULL DEFAULT '';
