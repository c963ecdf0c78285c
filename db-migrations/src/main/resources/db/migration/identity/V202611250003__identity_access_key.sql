-- Access keys for SigV4-signed control-plane and data-plane requests. Owned by modules/identity.
-- The secret is stored sealed (AES-256-GCM under the installation's master key), never in clear.
CREATE TABLE identity_access_key (
    access_key_id  TEXT PRIMARY KEY CHECK (access_key_id ~ '^[A-Z0-9]{16,128}$'),
    principal      TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('OPERATOR')),
    sealed_secret  BYTEA NOT NULL,
    status         TEXT NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive')),
    created_at     TIMESTAMPTZ NOT NULL
);
