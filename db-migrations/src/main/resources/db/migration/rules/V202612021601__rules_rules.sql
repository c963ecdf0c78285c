-- The rules engine (issue 14): topic rules and topic rule destinations (Jakarta Persistence entities, ADR 0009), the
-- inbox every matched message is stored in before its rules run (plain JDBC, group-committed: ADR 0010), and the
-- schema whose tables the PostgreSQL actions may write to.

CREATE TABLE rules_topic_rule (
    rule_name            varchar(128)  PRIMARY KEY,
    rule_arn             varchar(2048) NOT NULL,
    sql                  text          NOT NULL,
    -- the FROM clause's topic filter (ListTopicRules' topicPattern and its topic parameter); NULL without FROM
    topic_pattern        varchar(2048),
    description          text,
    aws_iot_sql_version  varchar(16),
    rule_disabled        boolean       NOT NULL,
    -- the AWS Action objects as given (one object per action, the AWS action type as its only key)
    actions              jsonb         NOT NULL,
    error_action         jsonb,
    created_at           timestamptz   NOT NULL,
    updated_at           timestamptz   NOT NULL,
    version              bigint        NOT NULL
);

CREATE INDEX rules_topic_rule_topic ON rules_topic_rule (topic_pattern, rule_name);

CREATE TABLE rules_destination (
    destination_arn      varchar(2048) PRIMARY KEY,
    destination_type     varchar(16)   NOT NULL,
    confirmation_url     varchar(2000) NOT NULL,
    status               varchar(16)   NOT NULL,
    status_reason        text,
    -- SHA-256 of the confirmation token (the token itself is only ever sent to the confirmation URL)
    token_hash           bytea         NOT NULL,
    created_at           timestamptz   NOT NULL,
    updated_at           timestamptz   NOT NULL,
    version              bigint        NOT NULL,
    CONSTRAINT rules_destination_status CHECK (status IN ('ENABLED', 'IN_PROGRESS', 'DISABLED', 'ERROR', 'DELETING'))
);
CREATE UNIQUE INDEX rules_destination_url ON rules_destination (confirmation_url);
CREATE UNIQUE INDEX rules_destination_token ON rules_destination (token_hash);

-- Messages a rule matched, stored before the publisher is acknowledged and deleted once their actions ran. The row is
-- the message encoded by the engine (MessageCodec); rule_name is set for Basic Ingest, which runs that rule only.
CREATE TABLE rules_inbox (
    -- numbered by the engine's single inbox writer (highest + 1 at start)
    id          bigint PRIMARY KEY,
    rule_name   varchar(128),
    message     bytea NOT NULL
) WITH (fillfactor = 100, autovacuum_vacuum_scale_factor = 0.01);

-- Where the PostgreSQL actions (timestream and dynamoDBv2 counterparts) write: operators create their tables here
-- (docs/rules.md); the actions refuse every other schema unless thingstead.rules.database.schemas names it.
CREATE SCHEMA IF NOT EXISTS rule_data;
