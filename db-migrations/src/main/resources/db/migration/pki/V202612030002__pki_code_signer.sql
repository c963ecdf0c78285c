-- The platform's code-signing key (modules/pki): an ECDSA P-256 key with a certificate the issuing CA signed for code
-- signing only (extendedKeyUsage codeSigning). Firmware for over-the-air updates is signed with it; devices verify
-- the signature with the certificate, chained to the root CA they already trust. The private key is sealed with the
-- master key, as the CAs' keys are. One row is current; older rows stay so that their certificates can be named.
CREATE TABLE pki_code_signer (
    id                 TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    certificate_pem    TEXT NOT NULL,
    issuer_ca_id       TEXT NOT NULL REFERENCES pki_ca (id),
    sealed_private_key BYTEA NOT NULL,
    current            BOOLEAN NOT NULL,
    not_before         TIMESTAMPTZ NOT NULL,
    not_after          TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX pki_code_signer_current ON pki_code_signer (current) WHERE current;
