package io.thingstead.defender.internal.audit;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * One non-compliant resource a check found.
 *
 * @param resourceKey the resource identifier in canonical form, what suppressions match ({@link
 *     io.thingstead.defender.internal.ResourceKeys})
 * @param resource AWS's {@code nonCompliantResource}: resourceType, resourceIdentifier, additionalInfo
 * @param related AWS's {@code relatedResources}
 */
public record Finding(
        AuditCheck check,
        String resourceKey,
        JsonObject resource,
        JsonArray related,
        String reason,
        String reasonCode) {}
