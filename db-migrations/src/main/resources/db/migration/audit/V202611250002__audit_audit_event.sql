-- The audit trail: every control-plane change (who, what, when, outcome). Owned by modules/audit; the portal and
-- Device Defender read it through io.thingstead.audit.api.
CREATE TABLE audit_event (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    resource_arn TEXT,
    outcome      TEXT NOT NULL,
    source_ip    TEXT,
    details      JSONB
);
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_resource ON audit_event (resource_arn, at);
CREATE INDEX audit_event_actor ON audit_event (actor, at);
