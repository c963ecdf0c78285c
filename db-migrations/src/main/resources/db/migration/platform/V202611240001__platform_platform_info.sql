-- The platform's own bookkeeping: facts about this installation that every module may read.
-- Module tables come with their modules, each in db/migration/<module>/ (see db-migrations/README.md).
CREATE TABLE platform_info (
    key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 128),
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO platform_info (key, value) VALUES ('installed_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
INSERT INTO platform_info (key, value) VALUES ('installation_id', gen_random_uuid()::text);
