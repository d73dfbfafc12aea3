-- Reports, their encounters, every version of their state, and each finished
-- pipeline step. Every row carries its tenant.

CREATE TABLE reports (
    report_id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    request_id text,
    bundle_sha256 bytea NOT NULL,
    encounter_id text NOT NULL,
    state smallint NOT NULL,
    progress_percent smallint NOT NULL DEFAULT 0,
    current_step text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT 1,
    create_time timestamptz NOT NULL DEFAULT now(),
    update_time timestamptz NOT NULL DEFAULT now(),
    processing_start_time timestamptz,
    processing_complete_time timestamptz,
    estimated_time_remaining_ms bigint,
    attempt_count integer NOT NULL DEFAULT 0,
    error bytea,  -- google.rpc.Status, serialized
    result bytea, -- codingintel.reports.v1.ReportResult, serialized
    CONSTRAINT reports_request_id_unique UNIQUE (tenant_id, request_id)
);

CREATE INDEX reports_tenant_encounter ON reports (tenant_id, encounter_id, create_time DESC);
CREATE INDEX reports_state_update ON reports (state, update_time);

CREATE TABLE encounters (
    report_id uuid PRIMARY KEY REFERENCES reports (report_id) ON DELETE CASCADE,
    tenant_id text NOT NULL,
    bundle bytea NOT NULL
);

-- The full Report at each version: watchers read the versions they have not seen
-- from here, so a lost notification never loses a change.
CREATE TABLE report_events (
    report_id uuid NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    version bigint NOT NULL,
    tenant_id text NOT NULL,
    create_time timestamptz NOT NULL DEFAULT now(),
    snapshot bytea NOT NULL, -- codingintel.reports.v1.Report, serialized
    PRIMARY KEY (report_id, version)
);

-- Checkpoints: a step's output, saved before the next step starts.
CREATE TABLE report_steps (
    report_id uuid NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
    step text NOT NULL,
    tenant_id text NOT NULL,
    output bytea NOT NULL, -- the step's protobuf response, serialized
    backend text NOT NULL DEFAULT '',
    -- The step failed and this is the fallback the pipeline went on with.
    degraded boolean NOT NULL DEFAULT false,
    duration_ms integer NOT NULL,
    create_time timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, step)
);
