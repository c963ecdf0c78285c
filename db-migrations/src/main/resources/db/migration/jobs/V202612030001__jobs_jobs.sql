-- Jobs (modules/jobs): jobs, job templates, job executions, the targets a rollout has not reached yet, firmware files
-- for over-the-air updates and the key that signs their download URLs. Jobs, templates and executions are mapped by
-- Hibernate (ADR 0009); the rollout moves pending targets into executions with set-wise SQL (ADR 0006).
-- JSON members (targets, configurations, status details, tags) are kept as text: they are read and written whole.

CREATE TABLE jobs_job (
    job_id           TEXT PRIMARY KEY CHECK (job_id ~ '^[a-zA-Z0-9_-]{1,64}$'),
    status           TEXT NOT NULL
                     CHECK (status IN ('SCHEDULED', 'IN_PROGRESS', 'CANCELED', 'COMPLETED', 'DELETION_IN_PROGRESS')),
    target_selection TEXT NOT NULL CHECK (target_selection IN ('SNAPSHOT', 'CONTINUOUS')),
    -- JSON array of the thing and thing group ARNs as given
    targets          TEXT NOT NULL,
    document         TEXT NOT NULL,
    document_source  TEXT,
    description      TEXT,
    -- JSON object: presignedUrlConfig, jobExecutionsRolloutConfig, abortConfig, timeoutConfig,
    -- jobExecutionsRetryConfig, schedulingConfig, namespaceId, jobTemplateArn, tags, destinationPackageVersions
    configuration    TEXT NOT NULL,
    force_canceled   BOOLEAN NOT NULL DEFAULT false,
    reason_code      TEXT,
    comment          TEXT,
    -- the rollout: how many executions it has created (notified things), the exponential rate's step, and the
    -- fraction of an execution carried from one tick to the next
    rollout_notified BIGINT NOT NULL DEFAULT 0,
    rollout_step     INTEGER NOT NULL DEFAULT 0,
    rollout_credit   DOUBLE PRECISION NOT NULL DEFAULT 0,
    rollout_tick_at  TIMESTAMPTZ,
    -- how many targets the rollout has yet to reach (rows of jobs_pending_target)
    pending_targets  BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    last_updated_at  TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    version          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_job_created ON jobs_job (created_at, job_id);
CREATE INDEX jobs_job_active ON jobs_job (status) WHERE status IN ('SCHEDULED', 'IN_PROGRESS');

-- The thing groups a job targets: ListJobs by group, and the continuous jobs a thing joining a group gets.
CREATE TABLE jobs_job_group (
    job_id     TEXT NOT NULL REFERENCES jobs_job (job_id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    PRIMARY KEY (job_id, group_name)
);
CREATE INDEX jobs_job_group_by_group ON jobs_job_group (group_name);

-- Things a job targets that its rollout has not reached yet, in the order they are reached.
CREATE TABLE jobs_pending_target (
    job_id     TEXT NOT NULL REFERENCES jobs_job (job_id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    thing_name TEXT NOT NULL,
    PRIMARY KEY (job_id, position),
    UNIQUE (job_id, thing_name)
);

CREATE TABLE jobs_execution (
    job_id               TEXT NOT NULL REFERENCES jobs_job (job_id) ON DELETE CASCADE,
    thing_name           TEXT NOT NULL CHECK (thing_name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    execution_number     BIGINT NOT NULL CHECK (execution_number > 0),
    status               TEXT NOT NULL CHECK (status IN ('QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED',
                                                         'TIMED_OUT', 'REJECTED', 'REMOVED', 'CANCELED')),
    -- JSON object of strings; NULL for none
    status_details       TEXT,
    force_canceled       BOOLEAN NOT NULL DEFAULT false,
    retry_attempt        INTEGER NOT NULL DEFAULT 0,
    -- the newest execution of this job on this thing (a retry adds a newer one)
    latest               BOOLEAN NOT NULL DEFAULT true,
    version_number       BIGINT NOT NULL DEFAULT 1,
    queued_at            TIMESTAMPTZ NOT NULL,
    started_at           TIMESTAMPTZ,
    last_updated_at      TIMESTAMPTZ NOT NULL,
    -- when an IN_PROGRESS execution times out: the earlier of the in-progress timer and the step timer
    timeout_at           TIMESTAMPTZ,
    in_progress_deadline TIMESTAMPTZ,
    PRIMARY KEY (job_id, thing_name, execution_number)
);
-- a thing's pending executions, in the order devices are given them
CREATE INDEX jobs_execution_pending ON jobs_execution (thing_name, queued_at)
    WHERE status IN ('QUEUED', 'IN_PROGRESS');
CREATE INDEX jobs_execution_by_thing ON jobs_execution (thing_name, job_id, execution_number);
CREATE INDEX jobs_execution_by_job ON jobs_execution (job_id, status) WHERE latest;
CREATE INDEX jobs_execution_timeout ON jobs_execution (timeout_at) WHERE status = 'IN_PROGRESS';

CREATE TABLE jobs_job_template (
    template_id   TEXT PRIMARY KEY CHECK (template_id ~ '^[a-zA-Z0-9_-]{1,64}$'),
    description   TEXT NOT NULL,
    document      TEXT,
    document_source TEXT,
    -- JSON object, as jobs_job.configuration (plus maintenanceWindows)
    configuration TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Firmware files for over-the-air updates: uploaded through the control plane, kept here in chunks, signed at upload
-- with the platform's code-signing key (issued by the PKI); never changed once stored.
CREATE TABLE jobs_firmware (
    name                TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9._-]{1,255}$' AND name !~ '^\.'),
    size_bytes          BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256              TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- base64 DER ECDSA (P-256, SHA-256) over the file
    signature           TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL,
    -- the code-signing certificate followed by the CA that issued it, PEM
    certificate_chain   TEXT NOT NULL,
    chunk_size          INTEGER NOT NULL CHECK (chunk_size > 0),
    uploaded_by         TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE jobs_firmware_chunk (
    name     TEXT NOT NULL REFERENCES jobs_firmware (name) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    data     BYTEA NOT NULL,
    PRIMARY KEY (name, position)
);
-- chunks are not compressed: firmware images hardly compress, and an uncompressed TOAST value is read by offset
ALTER TABLE jobs_firmware_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

-- The key that signs firmware download URLs (HMAC-SHA256), sealed under the master key; one row.
CREATE TABLE jobs_url_key (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    sealed_key BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
