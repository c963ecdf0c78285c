-- Device provisioning: provisioning templates and their versions, and the certificate ownership tokens of fleet
-- provisioning by claim. Owned by modules/pki (io.thingstead.pki.internal.provisioning).

CREATE TABLE pki_provisioning_template (
    name                  TEXT PRIMARY KEY CHECK (name ~ '^[0-9A-Za-z_-]{1,36}$'),
    template_type         TEXT NOT NULL CHECK (template_type IN ('FLEET_PROVISIONING', 'JITP')),
    description           TEXT CHECK (length(description) <= 500),
    enabled               BOOLEAN NOT NULL,
    -- stored and returned; Thingstead has no IAM and never assumes it
    provisioning_role_arn TEXT NOT NULL CHECK (length(provisioning_role_arn) BETWEEN 20 AND 2048),
    -- the pre-provisioning hook: an http(s) URL in Thingstead (a Lambda ARN in AWS)
    hook_target           TEXT CHECK (length(hook_target) <= 2048),
    hook_payload_version  TEXT,
    default_version_id    INTEGER NOT NULL,
    -- version ids are never reused, even after a version is deleted
    last_version_id       INTEGER NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CHECK ((hook_target IS NULL) = (hook_payload_version IS NULL)),
    CHECK (hook_target IS NULL OR template_type = 'FLEET_PROVISIONING')
);

CREATE TABLE pki_provisioning_template_version (
    template_name TEXT NOT NULL REFERENCES pki_provisioning_template (name) ON DELETE CASCADE,
    version_id    INTEGER NOT NULL CHECK (version_id >= 1),
    template_body TEXT NOT NULL CHECK (length(template_body) <= 10240),
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (template_name, version_id)
);

-- Certificate ownership tokens: only the SHA-256 of a token is stored, never the token. A token is single use
-- (used_at), expires (expires_at) and belongs to the claim certificate that asked for the certificate.
CREATE TABLE pki_ownership_token (
    token_hash           TEXT PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    certificate_id       TEXT NOT NULL REFERENCES pki_certificate (id) ON DELETE CASCADE,
    claim_certificate_id TEXT NOT NULL CHECK (claim_certificate_id ~ '^[0-9a-f]{64}$'),
    expires_at           TIMESTAMPTZ NOT NULL,
    used_at              TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX pki_ownership_token_certificate ON pki_ownership_token (certificate_id);
CREATE INDEX pki_ownership_token_expiry ON pki_ownership_token (expires_at);
