-- Registry: tags of taggable AWS IoT resources (TagResource, UntagResource, ListTagsForResource, and the "tags" of
-- the Create* requests that take them). Keyed by the resource's ARN, so one table serves thing groups, thing types,
-- policies, certificates, topic rules, jobs, templates and Defender resources alike; the owning resource's delete
-- removes its rows. Owned by modules/registry.

CREATE TABLE registry_resource_tag (
    resource_arn TEXT NOT NULL CHECK (length(resource_arn) BETWEEN 1 AND 1011),
    tag_key      TEXT NOT NULL CHECK (length(tag_key) BETWEEN 1 AND 128),
    tag_value    TEXT NOT NULL CHECK (length(tag_value) <= 256),
    PRIMARY KEY (resource_arn, tag_key)
);
