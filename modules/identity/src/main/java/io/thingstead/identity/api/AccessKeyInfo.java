package io.thingstead.identity.api;

import java.time.Instant;

/** What may be shown about an access key: everything but its secret. */
public record AccessKeyInfo(String accessKeyId, String principal, Role role, boolean active, Instant createdAt) {}
