-- User-to-device pairing (modules/pairing, docs/portal.md). Mapped by Jakarta Persistence entities of that module;
-- Flyway owns the schema and Hibernate only validates it (ADR 0009).

-- The key pairing codes are hashed with (HMAC-SHA256), sealed under the master key: a copy of the database alone
-- does not let anyone test guessed codes offline.
CREATE TABLE pairing_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    sealed_key  bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);

-- One-time pairing codes. Only the HMAC of the normalised code is stored; the code itself is shown once.
CREATE TABLE pairing_code (
    id             uuid        PRIMARY KEY,
    code_hash      bytea       NOT NULL UNIQUE,
    thing_name     varchar(128) NOT NULL,
    purpose        varchar(16) NOT NULL CHECK (purpose IN ('DEVICE', 'TRANSFER')),
    issued_by      varchar(300) NOT NULL,
    transfer_from  varchar(100),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    used_by        varchar(100),
    superseded_at  timestamptz
);
CREATE INDEX pairing_code_thing ON pairing_code (thing_name, created_at DESC);
CREATE INDEX pairing_code_expired ON pairing_code (expires_at) WHERE used_at IS NULL;

-- Who owns which thing: the thing and the owner's Cognito-style identity id (<region>:<uuid>).
CREATE TABLE pairing_ownership (
    thing_name   varchar(128) PRIMARY KEY,
    identity_id  varchar(100) NOT NULL,
    subject      varchar(255) NOT NULL,
    username     varchar(255) NOT NULL,
    paired_at    timestamptz  NOT NULL,
    version      bigint       NOT NULL
);
CREATE INDEX pairing_ownership_owner ON pairing_ownership (identity_id, thing_name);

-- Every redemption attempt, for the per-user limit on wrong codes (the audit trail has them too).
CREATE TABLE pairing_attempt (
    id           uuid        PRIMARY KEY,
    identity_id  varchar(100) NOT NULL,
    attempted_at timestamptz NOT NULL,
    outcome      varchar(32) NOT NULL,
    source_ip    varchar(64)
);
CREATE INDEX pairing_attempt_recent ON pairing_attempt (identity_id, attempted_at DESC);
