-- Device shadows, classic (shadow_name '') and named. Owned by modules/shadow.
-- The state is kept as JSON text (not JSONB) so that member order survives storage, as AWS returns it.
-- A deleted shadow stays as a tombstone (present = false) so that version numbering continues as AWS's does.
CREATE TABLE shadow_document (
    thing_name  TEXT NOT NULL CHECK (thing_name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    shadow_name TEXT NOT NULL DEFAULT '' CHECK (shadow_name = '' OR shadow_name ~ '^[$a-zA-Z0-9:_-]{1,64}$'),
    state       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    present     BOOLEAN NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (thing_name, shadow_name)
);
CREATE INDEX shadow_document_named ON shadow_document (thing_name, shadow_name) WHERE present AND shadow_name <> '';
