-- The installation's master key check value: HMAC-SHA256 of a fixed label under the master key, never the key itself.
-- Written at the first start with a database; compared at every start, so a server given the wrong master key (a
-- database restored without its key, a lost key file, a second checkout on a shared development database) says so at
-- once instead of failing on the first sealed secret. Owned by modules/identity.
CREATE TABLE identity_master_key_check (
    id           SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    check_value  BYTEA NOT NULL CHECK (length(check_value) = 32),
    created_at   TIMESTAMPTZ NOT NULL
);
