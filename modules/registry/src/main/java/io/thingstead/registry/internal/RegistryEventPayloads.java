package io.thingstead.registry.internal;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * AWS IoT's registry event topics and payloads ("Registry events" in the AWS IoT developer guide), field for field:
 * {@code THING_EVENT}, {@code THING_TYPE_EVENT}, {@code THING_TYPE_ASSOCIATION_EVENT}, {@code THING_GROUP_EVENT},
 * {@code THING_GROUP_MEMBERSHIP_EVENT}. Absent optional values are JSON {@code null}, as AWS shows them.
 */
final class RegistryEventPayloads {
    private RegistryEventPayloads() {}

    /** Who and when: the fields every event starts with. */
    record Header(String eventId, long timestamp, String accountId) {}

    /** A group and its id, for {@code rootToParentThingGroups}. */
    record GroupIds(String groupArn, String groupId) {}

    static String thingTopic(String thingName, String operation) {
        return "$aws/events/thing/" + thingName + "/" + operation.toLowerCase(java.util.Locale.ROOT);
    }

    static JsonObject thing(
            Header header,
            String operation,
            String thingId,
            String thingName,
            long version,
            Optional<String> thingTypeName,
            Map<String, String> attributes) {
        return start(header, "THING_EVENT", operation)
                .add("thingId", thingId)
                .add("thingName", thingName)
                .add("versionNumber", version)
                .add("thingTypeName", string(thingTypeName))
                .add("attributes", attributes(attributes))
                .build();
    }

    static String thingTypeTopic(String thingTypeName, String operation) {
        return "$aws/events/thingType/" + thingTypeName + "/" + operation.toLowerCase(java.util.Locale.ROOT);
    }

    static JsonObject thingType(
            Header header,
            String operation,
            String thingTypeId,
            String thingTypeName,
            boolean deprecated,
            Optional<Long> deprecationDate,
            List<String> searchableAttributes,
            Optional<String> description) {
        return start(header, "THING_TYPE_EVENT", operation)
                .add("thingTypeId", thingTypeId)
                .add("thingTypeName", thingTypeName)
                .add("isDeprecated", deprecated)
                .add(
                        "deprecationDate",
                        deprecationDate.<JsonValue>map(Json::createValue).orElse(JsonValue.NULL))
                .add("searchableAttributes", Json.createArrayBuilder(searchableAttributes))
                .add("description", string(description))
                .build();
    }

    /** AWS: {@code $aws/events/thingTypeAssociation/thing/{thingName}/{typeName}}. */
    static String thingTypeAssociationTopic(String thingName, String thingTypeName) {
        return "$aws/events/thingTypeAssociation/thing/" + thingName + "/" + thingTypeName;
    }

    /** AWS's association event carries no {@code accountId}. */
    static JsonObject thingTypeAssociation(
            Header header, String operation, String thingId, String thingName, String thingTypeName) {
        return Json.createObjectBuilder()
                .add("eventId", header.eventId())
                .add("eventType", "THING_TYPE_ASSOCIATION_EVENT")
                .add("operation", operation)
                .add("thingId", thingId)
                .add("thingName", thingName)
                .add("thingTypeName", thingTypeName)
                .add("timestamp", header.timestamp())
                .build();
    }

    static String thingGroupTopic(String groupName, String operation) {
        return "$aws/events/thingGroup/" + groupName + "/" + operation.toLowerCase(java.util.Locale.ROOT);
    }

    static JsonObject thingGroup(
            Header header,
            String operation,
            String thingGroupId,
            String thingGroupName,
            long version,
            Optional<String> parentGroupName,
            Optional<String> parentGroupId,
            Optional<String> description,
            List<GroupIds> rootToParent,
            Map<String, String> attributes) {
        JsonArrayBuilder ancestors = Json.createArrayBuilder();
        for (GroupIds ancestor : rootToParent) {
            ancestors.add(Json.createObjectBuilder()
                    .add("groupArn", ancestor.groupArn())
                    .add("groupId", ancestor.groupId()));
        }
        return start(header, "THING_GROUP_EVENT", operation)
                .add("thingGroupId", thingGroupId)
                .add("thingGroupName", thingGroupName)
                .add("versionNumber", version)
                .add("parentGroupName", string(parentGroupName))
                .add("parentGroupId", string(parentGroupId))
                .add("description", string(description))
                .add("rootToParentThingGroups", ancestors)
                .add("attributes", attributes(attributes))
                .add("dynamicGroupMappingId", JsonValue.NULL)
                .build();
    }

    static String hierarchyTopic(String parentGroupName, String childGroupName, String operation) {
        return "$aws/events/thingGroupHierarchy/thingGroup/" + parentGroupName + "/childThingGroup/" + childGroupName
                + "/" + operation.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code thingGroupId}/{@code thingGroupName} are the parent's, as AWS names them. */
    static JsonObject hierarchy(
            Header header,
            String operation,
            String parentGroupId,
            String parentGroupName,
            String childGroupId,
            String childGroupName) {
        return start(header, "THING_GROUP_HIERARCHY_EVENT", operation)
                .add("thingGroupId", parentGroupId)
                .add("thingGroupName", parentGroupName)
                .add("childGroupId", childGroupId)
                .add("childGroupName", childGroupName)
                .build();
    }

    static String membershipTopic(String groupName, String thingName, String operation) {
        return "$aws/events/thingGroupMembership/thingGroup/" + groupName + "/thing/" + thingName + "/"
                + operation.toLowerCase(java.util.Locale.ROOT);
    }

    static JsonObject membership(
            Header header, String operation, String groupArn, String groupId, String thingArn, String thingId) {
        return start(header, "THING_GROUP_MEMBERSHIP_EVENT", operation)
                .add("groupArn", groupArn)
                .add("groupId", groupId)
                .add("thingArn", thingArn)
                .add("thingId", thingId)
                .add("membershipId", membershipId(groupId, thingId))
                .build();
    }

    /**
     * AWS generates a membership id when a thing is added to a group; ours is derived from the group's and the thing's
     * ids (a name-based UUID), so the {@code added} and {@code removed} events of one membership carry the same id
     * without storing it.
     */
    static String membershipId(String groupId, String thingId) {
        return UUID.nameUUIDFromBytes(("membership:" + groupId + ":" + thingId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static JsonObjectBuilder start(Header header, String eventType, String operation) {
        return Json.createObjectBuilder()
                .add("eventType", eventType)
                .add("eventId", header.eventId())
                .add("timestamp", header.timestamp())
                .add("operation", operation)
                .add("accountId", header.accountId());
    }

    private static JsonValue string(Optional<String> value) {
        return value.<JsonValue>map(Json::createValue).orElse(JsonValue.NULL);
    }

    private static JsonObjectBuilder attributes(Map<String, String> attributes) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(attributes).forEach(json::add);
        return json;
    }
}
