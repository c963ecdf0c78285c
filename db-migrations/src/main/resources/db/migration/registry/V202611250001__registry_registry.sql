-- Registry: things, thing types, thing groups (static and dynamic), memberships, principals, and the fleet index's
-- shadow and connectivity fields. Owned by modules/registry; other modules go through io.thingstead.registry.api.

CREATE TABLE registry_thing_type (
    name                  TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    id                    UUID NOT NULL UNIQUE,
    description           TEXT,
    searchable_attributes TEXT[] NOT NULL DEFAULT '{}',
    deprecated            BOOLEAN NOT NULL DEFAULT false,
    deprecated_at         TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE registry_thing (
    id                     UUID PRIMARY KEY,
    name                   TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    thing_type_name        TEXT REFERENCES registry_thing_type (name),
    attributes             JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    version                BIGINT NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    -- connectivity, kept by the gateway through registry.api (fleet search: connectivity.*)
    connected              BOOLEAN,
    connectivity_timestamp BIGINT,
    disconnect_reason      TEXT
);
CREATE INDEX registry_thing_name_pattern ON registry_thing (name text_pattern_ops);
-- fleet search matches names case-insensitively: thingName:Sensor* uses this one
CREATE INDEX registry_thing_lower_name_pattern ON registry_thing (lower(name) text_pattern_ops);
CREATE INDEX registry_thing_type_name ON registry_thing (thing_type_name);
CREATE INDEX registry_thing_attributes ON registry_thing USING GIN (attributes jsonb_path_ops);

CREATE TABLE registry_thing_group (
    name          TEXT PRIMARY KEY CHECK (name ~ '^[a-zA-Z0-9:_-]{1,128}$'),
    id            UUID NOT NULL UNIQUE,
    parent_name   TEXT REFERENCES registry_thing_group (name),
    description   TEXT,
    attributes    JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    merge_attrs   BOOLEAN NOT NULL DEFAULT false,
    version       BIGINT NOT NULL DEFAULT 1,
    dynamic       BOOLEAN NOT NULL DEFAULT false,
    index_name    TEXT,
    query_string  TEXT,
    query_version TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    CHECK (dynamic = (query_string IS NOT NULL)),
    CHECK (NOT dynamic OR parent_name IS NULL)
);
CREATE INDEX registry_thing_group_parent ON registry_thing_group (parent_name);

CREATE TABLE registry_thing_group_member (
    group_name TEXT NOT NULL REFERENCES registry_thing_group (name) ON DELETE CASCADE,
    thing_id   UUID NOT NULL REFERENCES registry_thing (id) ON DELETE CASCADE,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_name, thing_id)
);
CREATE INDEX registry_thing_group_member_thing ON registry_thing_group_member (thing_id);

CREATE TABLE registry_thing_principal (
    thing_id       UUID NOT NULL REFERENCES registry_thing (id) ON DELETE CASCADE,
    principal      TEXT NOT NULL CHECK (length(principal) BETWEEN 1 AND 2048),
    principal_type TEXT NOT NULL DEFAULT 'NON_EXCLUSIVE_THING',
    attached_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (thing_id, principal)
);
CREATE INDEX registry_thing_principal_principal ON registry_thing_principal (principal);

-- shadow state as the fleet index sees it, pushed by the shadow module through registry.api
CREATE TABLE registry_shadow_index (
    thing_id    UUID NOT NULL REFERENCES registry_thing (id) ON DELETE CASCADE,
    shadow_name TEXT NOT NULL DEFAULT '',
    reported    JSONB,
    desired     JSONB,
    delta       JSONB,
    version     BIGINT NOT NULL,
    PRIMARY KEY (thing_id, shadow_name)
);
CREATE INDEX registry_shadow_index_reported ON registry_shadow_index USING GIN (reported jsonb_path_ops);
CREATE INDEX registry_shadow_index_desired ON registry_shadow_index USING GIN (desired jsonb_path_ops);
