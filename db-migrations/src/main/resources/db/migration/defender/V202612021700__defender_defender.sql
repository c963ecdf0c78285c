-- Device Defender (modules/defender): audit configuration, scheduled audits, suppressions, security profiles and their
-- targets, custom metrics and mitigation actions (entity-shaped, mapped with Jakarta Persistence, ADR 0009); the
-- connection history and takeovers the audit reads, audit tasks and findings, violations and their events, and
-- mitigation tasks (query-shaped, plain JDBC, ADR 0006). Nested AWS structures (behaviors, action parameters, resource
-- identifiers) are kept as the JSON documents the API exchanges.

-- --- configuration (JPA) ------------------------------------------------------------------------------------------

-- The account's audit configuration: one row. Checks missing from defender_audit_check are disabled.
CREATE TABLE defender_audit_configuration (
    singleton            BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    role_arn             TEXT CHECK (length(role_arn) <= 2048),
    -- auditNotificationTargetConfigurations as given: {"SNS": {"targetArn", "roleArn", "enabled"}}
    notification_targets TEXT NOT NULL DEFAULT '{}',
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE defender_audit_check (
    check_name    TEXT PRIMARY KEY CHECK (check_name ~ '^[A-Z_]{1,100}$'),
    enabled       BOOLEAN NOT NULL,
    -- the check's configuration map, e.g. {"CERT_AGE_THRESHOLD_IN_DAYS": "365"}
    configuration TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE defender_scheduled_audit (
    name          TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9_-]{1,128}$'),
    frequency     TEXT NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY')),
    day_of_month  TEXT,
    day_of_week   TEXT CHECK (day_of_week IN ('SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT')),
    check_names   TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_run_at   TIMESTAMPTZ,
    next_run_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX defender_scheduled_audit_due ON defender_scheduled_audit (next_run_at);

CREATE TABLE defender_audit_suppression (
    check_name            TEXT NOT NULL,
    -- the resource identifier in a canonical form ("deviceCertificateId=..."), what findings are matched on
    resource_key          TEXT NOT NULL CHECK (length(resource_key) <= 4096),
    resource_identifier   TEXT NOT NULL,
    expiration_date       TIMESTAMPTZ,
    suppress_indefinitely BOOLEAN NOT NULL,
    description           TEXT CHECK (length(description) <= 1000),
    created_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (check_name, resource_key)
);

CREATE TABLE defender_security_profile (
    name               TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    description        TEXT CHECK (length(description) <= 1000),
    behaviors          TEXT NOT NULL DEFAULT '[]',
    alert_targets      TEXT NOT NULL DEFAULT '{}',
    additional_metrics TEXT NOT NULL DEFAULT '[]',
    version            BIGINT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE defender_security_profile_target (
    profile_name TEXT NOT NULL REFERENCES defender_security_profile (name) ON DELETE CASCADE,
    target_arn   TEXT NOT NULL CHECK (length(target_arn) <= 2048),
    attached_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile_name, target_arn)
);
CREATE INDEX defender_security_profile_target_arn ON defender_security_profile_target (target_arn);

CREATE TABLE defender_custom_metric (
    name         TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    display_name TEXT CHECK (length(display_name) <= 128),
    metric_type  TEXT NOT NULL CHECK (metric_type IN ('string-list', 'ip-address-list', 'number-list', 'number')),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE defender_mitigation_action (
    name        TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9_-]{1,128}$'),
    id          UUID NOT NULL UNIQUE,
    action_type TEXT NOT NULL,
    role_arn    TEXT NOT NULL CHECK (length(role_arn) BETWEEN 20 AND 2048),
    params      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- --- what the audit reads (JDBC) ----------------------------------------------------------------------------------

-- Every MQTT connection's principal and client id, from the gateway's lifecycle events (DEVICE_CERTIFICATE_SHARED_CHECK).
CREATE TABLE defender_connection (
    session_id      TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL,
    principal       TEXT NOT NULL,
    ip_address      TEXT,
    connected_at    TIMESTAMPTZ NOT NULL,
    disconnected_at TIMESTAMPTZ
);
CREATE INDEX defender_connection_principal ON defender_connection (principal, connected_at);
CREATE INDEX defender_connection_time ON defender_connection (connected_at);

-- Client ids taken over by another connection (CONFLICTING_CLIENT_IDS_CHECK).
CREATE TABLE defender_takeover (
    id                 BIGSERIAL PRIMARY KEY,
    client_id          TEXT NOT NULL,
    previous_principal TEXT NOT NULL,
    principal          TEXT NOT NULL,
    ip_address         TEXT,
    taken_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX defender_takeover_time ON defender_takeover (taken_at, client_id);

-- --- audits (JDBC) ------------------------------------------------------------------------------------------------

CREATE TABLE defender_audit_task (
    task_id              TEXT PRIMARY KEY,
    task_type            TEXT NOT NULL CHECK (task_type IN ('ON_DEMAND_AUDIT_TASK', 'SCHEDULED_AUDIT_TASK')),
    status               TEXT NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELED')),
    started_at           TIMESTAMPTZ NOT NULL,
    finished_at          TIMESTAMPTZ,
    scheduled_audit_name TEXT
);
CREATE INDEX defender_audit_task_started ON defender_audit_task (started_at, task_id);

CREATE TABLE defender_audit_task_check (
    task_id       TEXT NOT NULL REFERENCES defender_audit_task (task_id) ON DELETE CASCADE,
    check_name    TEXT NOT NULL,
    run_status    TEXT NOT NULL,
    total         BIGINT NOT NULL DEFAULT 0,
    non_compliant BIGINT NOT NULL DEFAULT 0,
    suppressed    BIGINT NOT NULL DEFAULT 0,
    error_code    TEXT,
    message       TEXT,
    PRIMARY KEY (task_id, check_name)
);

CREATE TABLE defender_audit_finding (
    finding_id          TEXT PRIMARY KEY,
    task_id             TEXT NOT NULL REFERENCES defender_audit_task (task_id) ON DELETE CASCADE,
    check_name          TEXT NOT NULL,
    task_started_at     TIMESTAMPTZ NOT NULL,
    found_at            TIMESTAMPTZ NOT NULL,
    severity            TEXT NOT NULL CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    resource_type       TEXT NOT NULL,
    resource_key        TEXT NOT NULL,
    resource            TEXT NOT NULL,
    related_resources   TEXT NOT NULL DEFAULT '[]',
    reason              TEXT NOT NULL,
    reason_code         TEXT NOT NULL,
    suppressed          BOOLEAN NOT NULL
);
CREATE INDEX defender_audit_finding_task ON defender_audit_finding (task_id, check_name, finding_id);
CREATE INDEX defender_audit_finding_resource ON defender_audit_finding (resource_key);
CREATE INDEX defender_audit_finding_time ON defender_audit_finding (found_at);

-- --- detect (JDBC) ------------------------------------------------------------------------------------------------

CREATE TABLE defender_violation (
    violation_id             TEXT PRIMARY KEY,
    thing_name               TEXT NOT NULL,
    profile_name             TEXT NOT NULL,
    behavior_name            TEXT NOT NULL,
    behavior                 TEXT NOT NULL,
    suppress_alerts          BOOLEAN NOT NULL,
    started_at               TIMESTAMPTZ NOT NULL,
    last_value               TEXT,
    last_violation_at        TIMESTAMPTZ,
    verification_state       TEXT,
    verification_description TEXT,
    active                   BOOLEAN NOT NULL,
    ended_at                 TIMESTAMPTZ
);
CREATE UNIQUE INDEX defender_violation_active ON defender_violation (thing_name, profile_name, behavior_name) WHERE active;
CREATE INDEX defender_violation_listing ON defender_violation (active, thing_name, violation_id);

CREATE TABLE defender_violation_event (
    id                 BIGSERIAL PRIMARY KEY,
    violation_id       TEXT NOT NULL,
    thing_name         TEXT NOT NULL,
    profile_name       TEXT NOT NULL,
    behavior           TEXT NOT NULL,
    suppress_alerts    BOOLEAN NOT NULL,
    metric_value       TEXT,
    event_type         TEXT NOT NULL CHECK (event_type IN ('in-alarm', 'alarm-cleared', 'alarm-invalidated')),
    event_time         TIMESTAMPTZ NOT NULL
);
CREATE INDEX defender_violation_event_time ON defender_violation_event (event_time, id);

-- --- mitigation (JDBC) --------------------------------------------------------------------------------------------

CREATE TABLE defender_mitigation_task (
    task_id              TEXT PRIMARY KEY CHECK (task_id ~ '^[a-zA-Z0-9_-]{1,128}$'),
    kind                 TEXT NOT NULL CHECK (kind IN ('AUDIT', 'DETECT')),
    status               TEXT NOT NULL,
    started_at           TIMESTAMPTZ NOT NULL,
    ended_at             TIMESTAMPTZ,
    -- the request as given (target, mappings, actions, ranges), returned by Describe
    request              TEXT NOT NULL,
    client_request_token TEXT
);
CREATE INDEX defender_mitigation_task_started ON defender_mitigation_task (kind, started_at, task_id);

CREATE TABLE defender_mitigation_execution (
    task_id      TEXT NOT NULL REFERENCES defender_mitigation_task (task_id) ON DELETE CASCADE,
    -- the finding id (audit) or violation id (detect)
    subject_id   TEXT NOT NULL,
    action_name  TEXT NOT NULL,
    action_id    TEXT NOT NULL,
    check_name   TEXT,
    thing_name   TEXT,
    status       TEXT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    ended_at     TIMESTAMPTZ,
    error_code   TEXT,
    message      TEXT,
    PRIMARY KEY (task_id, subject_id, action_name)
);
