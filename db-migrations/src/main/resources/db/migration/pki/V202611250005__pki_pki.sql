-- PKI: Thingstead's own certificate authorities, the CAs operators register, device certificates, CRLs.
-- Owned by modules/pki. Certificate and CA ids are AWS's: the lower-case hex SHA-256 of the DER encoding.
-- Private keys of Thingstead's own CAs and of the gateway's server certificate are stored sealed (AES-256-GCM under
-- the installation's master key); the private keys of device certificates are never stored.

CREATE TABLE pki_ca (
    id                  TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    -- ROOT and ISSUING are Thingstead's own (with a sealed key); REGISTERED came with RegisterCACertificate
    kind                TEXT NOT NULL CHECK (kind IN ('ROOT', 'ISSUING', 'REGISTERED')),
    certificate_pem     TEXT NOT NULL,
    subject             TEXT NOT NULL,
    sealed_private_key  BYTEA,
    status              TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    auto_registration   TEXT NOT NULL DEFAULT 'DISABLE' CHECK (auto_registration IN ('ENABLE', 'DISABLE')),
    certificate_mode    TEXT NOT NULL DEFAULT 'DEFAULT' CHECK (certificate_mode IN ('DEFAULT', 'SNI_ONLY')),
    registration_config TEXT,
    not_before          TIMESTAMPTZ NOT NULL,
    not_after           TIMESTAMPTZ NOT NULL,
    customer_version    INTEGER NOT NULL DEFAULT 1,
    generation_id       TEXT NOT NULL,
    -- registered CAs: where their CRL is fetched from periodically, and how the last attempt went
    crl_url             TEXT CHECK (length(crl_url) <= 2048),
    crl_last_attempt_at TIMESTAMPTZ,
    crl_last_error      TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'REGISTERED') = (sealed_private_key IS NULL))
);
CREATE INDEX pki_ca_registered ON pki_ca (created_at, id) WHERE kind = 'REGISTERED';
CREATE INDEX pki_ca_subject ON pki_ca (subject);

-- The one row naming this installation's own CAs. Its primary key is what keeps two nodes starting at once from
-- creating two pairs of CAs; they also serialise on an advisory lock, so the second does not even generate keys.
CREATE TABLE pki_own_ca (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    root_ca_id    TEXT NOT NULL REFERENCES pki_ca (id),
    issuing_ca_id TEXT NOT NULL REFERENCES pki_ca (id),
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE pki_certificate (
    id               TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    -- the issuing CA: Thingstead's issuing CA or a registered CA; NULL for RegisterCertificateWithoutCA
    ca_id            TEXT REFERENCES pki_ca (id),
    origin           TEXT NOT NULL
                     CHECK (origin IN ('ISSUED', 'REGISTERED', 'REGISTERED_WITHOUT_CA', 'AUTO_REGISTERED')),
    certificate_pem  TEXT NOT NULL,
    serial_number    TEXT NOT NULL CHECK (serial_number ~ '^-?[0-9a-f]+$'),
    status           TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'REVOKED', 'PENDING_ACTIVATION')),
    certificate_mode TEXT NOT NULL DEFAULT 'DEFAULT' CHECK (certificate_mode IN ('DEFAULT', 'SNI_ONLY')),
    not_before       TIMESTAMPTZ NOT NULL,
    not_after        TIMESTAMPTZ NOT NULL,
    customer_version INTEGER NOT NULL DEFAULT 1,
    generation_id    TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX pki_certificate_created ON pki_certificate (created_at, id);
CREATE INDEX pki_certificate_by_ca ON pki_certificate (ca_id, created_at, id);

-- What the CRLs of Thingstead's own CAs list. A row outlives the certificate's own row (a deleted certificate stays
-- revoked) and is left out of CRLs once the certificate has expired.
CREATE TABLE pki_revoked_serial (
    ca_id         TEXT NOT NULL REFERENCES pki_ca (id),
    serial_number TEXT NOT NULL CHECK (serial_number ~ '^-?[0-9a-f]+$'),
    revoked_at    TIMESTAMPTZ NOT NULL,
    reason        INTEGER CHECK (reason BETWEEN 1 AND 10),
    not_after     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ca_id, serial_number)
);

-- The current signed CRL of each of Thingstead's own CAs; crl_number only grows.
CREATE TABLE pki_crl (
    ca_id       TEXT PRIMARY KEY REFERENCES pki_ca (id),
    crl_number  NUMERIC(50) NOT NULL CHECK (crl_number >= 0),
    this_update TIMESTAMPTZ NOT NULL,
    next_update TIMESTAMPTZ NOT NULL,
    der         BYTEA NOT NULL
);

-- The last CRL imported for a registered CA (uploaded, or fetched from its crl_url), and the serials it revokes.
CREATE TABLE pki_external_crl (
    ca_id         TEXT PRIMARY KEY REFERENCES pki_ca (id) ON DELETE CASCADE,
    crl_number    NUMERIC(50),
    this_update   TIMESTAMPTZ NOT NULL,
    next_update   TIMESTAMPTZ,
    revoked_count INTEGER NOT NULL,
    source        TEXT NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE pki_external_revoked (
    ca_id         TEXT NOT NULL REFERENCES pki_ca (id) ON DELETE CASCADE,
    serial_number TEXT NOT NULL CHECK (serial_number ~ '^-?[0-9a-f]+$'),
    revoked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ca_id, serial_number)
);

-- The account's registration code for RegisterCACertificate (AWS has one per account and region).
CREATE TABLE pki_registration_code (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    code       TEXT NOT NULL CHECK (code ~ '^[0-9a-f]{64}$'),
    created_at TIMESTAMPTZ NOT NULL
);

-- TLS server certificates issued to the gateway for the configured endpoint host names.
CREATE TABLE pki_server_certificate (
    id                 TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    hosts              TEXT NOT NULL,
    certificate_pem    TEXT NOT NULL,
    sealed_private_key BYTEA NOT NULL,
    not_after          TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX pki_server_certificate_hosts ON pki_server_certificate (hosts, not_after);
