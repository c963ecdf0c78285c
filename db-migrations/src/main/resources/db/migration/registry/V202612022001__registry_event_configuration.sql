-- Registry: which event types publish on $aws/events/... (AWS IoT's UpdateEventConfigurations /
-- DescribeEventConfigurations). One row per AWS event type; every type starts disabled, as in AWS.
-- Owned by modules/registry.

CREATE TABLE registry_event_configuration (
    event_type TEXT PRIMARY KEY CHECK (event_type ~ '^[A-Z_]{1,64}$'),
    enabled    BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO registry_event_configuration (event_type)
VALUES ('THING'), ('THING_GROUP'), ('THING_TYPE'), ('THING_GROUP_MEMBERSHIP'), ('THING_GROUP_HIERARCHY'),
       ('THING_TYPE_ASSOCIATION'), ('JOB'), ('JOB_EXECUTION'), ('POLICY'), ('CERTIFICATE'), ('CA_CERTIFICATE');
