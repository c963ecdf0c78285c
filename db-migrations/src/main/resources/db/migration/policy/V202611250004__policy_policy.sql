-- IoT policies: documents with up to five versions, one default, attached to targets (certificate ARNs, thing group
-- ARNs, identity ids). Owned by modules/policy.
CREATE TABLE policy_policy (
    name            TEXT PRIMARY KEY CHECK (name ~ '^[\w+=,.@-]{1,128}$'),
    default_version INTEGER NOT NULL,
    next_version    INTEGER NOT NULL DEFAULT 2,
    generation_id   TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE policy_version (
    policy_name TEXT NOT NULL REFERENCES policy_policy (name) ON DELETE CASCADE,
    version_id  INTEGER NOT NULL,
    document    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_name, version_id)
);

CREATE TABLE policy_attachment (
    policy_name TEXT NOT NULL REFERENCES policy_policy (name),
    target      TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 2048),
    attached_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_name, target)
);
CREATE INDEX policy_attachment_target ON policy_attachment (target);
