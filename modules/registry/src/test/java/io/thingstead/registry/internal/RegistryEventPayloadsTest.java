package io.thingstead.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.registry.internal.RegistryEventPayloads.GroupIds;
import io.thingstead.registry.internal.RegistryEventPayloads.Header;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The payloads field for field as the AWS IoT developer guide's "Registry events" shows them. */
class RegistryEventPayloadsTest {
    private static final Header HEADER = new Header("e-1", 1234567890123L, "123456789012");

    @Test
    void thingEvent() {
        JsonObject event = RegistryEventPayloads.thing(
                HEADER, "CREATED", "t-id", "MyThing", 1, Optional.empty(), Map.of("b", "2", "a", "1"));
        assertThat(event.keySet())
                .containsExactly(
                        "eventType",
                        "eventId",
                        "timestamp",
                        "operation",
                        "accountId",
                        "thingId",
                        "thingName",
                        "versionNumber",
                        "thingTypeName",
                        "attributes");
        assertThat(event.getString("eventType")).isEqualTo("THING_EVENT");
        assertThat(event.getJsonNumber("timestamp").longValue()).isEqualTo(1234567890123L);
        assertThat(event.getString("operation")).isEqualTo("CREATED");
        assertThat(event.getString("accountId")).isEqualTo("123456789012");
        assertThat(event.getInt("versionNumber")).isEqualTo(1);
        assertThat(event.get("thingTypeName")).isEqualTo(JsonValue.NULL);
        assertThat(event.getJsonObject("attributes").getString("a")).isEqualTo("1");
        assertThat(RegistryEventPayloads.thingTopic("MyThing", "DELETED"))
                .isEqualTo("$aws/events/thing/MyThing/deleted");
    }

    @Test
    void thingGroupEventWithItsAncestorsFromTheRoot() {
        JsonObject event = RegistryEventPayloads.thingGroup(
                HEADER,
                "UPDATED",
                "g-id",
                "Tg_level2",
                3,
                Optional.of("Tg_level1"),
                Optional.of("p-id"),
                Optional.of("New description"),
                List.of(
                        new GroupIds("arn:aws:iot:r:a:thinggroup/Top", "top-id"),
                        new GroupIds("arn:aws:iot:r:a:thinggroup/Tg_level1", "p-id")),
                Map.of("x", "y"));
        assertThat(event.getString("eventType")).isEqualTo("THING_GROUP_EVENT");
        assertThat(event.getString("thingGroupId")).isEqualTo("g-id");
        assertThat(event.getInt("versionNumber")).isEqualTo(3);
        assertThat(event.getString("parentGroupName")).isEqualTo("Tg_level1");
        assertThat(event.getString("parentGroupId")).isEqualTo("p-id");
        assertThat(event.getString("description")).isEqualTo("New description");
        assertThat(event.getJsonArray("rootToParentThingGroups")
                        .getJsonObject(0)
                        .getString("groupId"))
                .isEqualTo("top-id");
        assertThat(event.getJsonArray("rootToParentThingGroups")
                        .getJsonObject(1)
                        .getString("groupArn"))
                .endsWith("thinggroup/Tg_level1");
        assertThat(event.get("dynamicGroupMappingId")).isEqualTo(JsonValue.NULL);
        assertThat(RegistryEventPayloads.thingGroupTopic("G", "CREATED")).isEqualTo("$aws/events/thingGroup/G/created");
    }

    @Test
    void membershipEventsOfOneMembershipShareTheirId() {
        JsonObject added = RegistryEventPayloads.membership(HEADER, "ADDED", "g-arn", "g-id", "t-arn", "t-id");
        JsonObject removed = RegistryEventPayloads.membership(
                new Header("e-2", 1234567890999L, "123456789012"), "REMOVED", "g-arn", "g-id", "t-arn", "t-id");
        assertThat(added.keySet())
                .containsExactly(
                        "eventType",
                        "eventId",
                        "timestamp",
                        "operation",
                        "accountId",
                        "groupArn",
                        "groupId",
                        "thingArn",
                        "thingId",
                        "membershipId");
        assertThat(added.getString("eventType")).isEqualTo("THING_GROUP_MEMBERSHIP_EVENT");
        assertThat(added.getString("membershipId")).isEqualTo(removed.getString("membershipId"));
        assertThat(RegistryEventPayloads.membershipId("g-id", "other")).isNotEqualTo(added.getString("membershipId"));
        assertThat(RegistryEventPayloads.membershipTopic("G", "T", "REMOVED"))
                .isEqualTo("$aws/events/thingGroupMembership/thingGroup/G/thing/T/removed");
    }

    @Test
    void thingTypeAndAssociationEvents() {
        JsonObject type = RegistryEventPayloads.thingType(
                HEADER,
                "UPDATED",
                "ty-id",
                "MyType",
                true,
                Optional.of(1700000000000L),
                List.of("a1"),
                Optional.empty());
        assertThat(type.getString("eventType")).isEqualTo("THING_TYPE_EVENT");
        assertThat(type.getBoolean("isDeprecated")).isTrue();
        assertThat(type.getJsonNumber("deprecationDate").longValue()).isEqualTo(1700000000000L);
        assertThat(type.getJsonArray("searchableAttributes").getString(0)).isEqualTo("a1");
        assertThat(type.get("description")).isEqualTo(JsonValue.NULL);

        JsonObject association =
                RegistryEventPayloads.thingTypeAssociation(HEADER, "CREATED", "t-id", "myThing", "MyType");
        assertThat(association.getString("eventType")).isEqualTo("THING_TYPE_ASSOCIATION_EVENT");
        assertThat(association.containsKey("accountId"))
                .as("AWS's association event has none")
                .isFalse();
        assertThat(RegistryEventPayloads.thingTypeAssociationTopic("myThing", "MyType"))
                .isEqualTo("$aws/events/thingTypeAssociation/thing/myThing/MyType");
    }

    @Test
    void hierarchyEventNamesTheParentAsThingGroup() {
        JsonObject event = RegistryEventPayloads.hierarchy(HEADER, "ADDED", "p-id", "Root", "c-id", "Child");
        assertThat(event.keySet())
                .containsExactly(
                        "eventType",
                        "eventId",
                        "timestamp",
                        "operation",
                        "accountId",
                        "thingGroupId",
                        "thingGroupName",
                        "childGroupId",
                        "childGroupName");
        assertThat(event.getString("eventType")).isEqualTo("THING_GROUP_HIERARCHY_EVENT");
        assertThat(event.getString("thingGroupName")).isEqualTo("Root");
        assertThat(event.getString("childGroupId")).isEqualTo("c-id");
        assertThat(RegistryEventPayloads.hierarchyTopic("Root", "Child", "REMOVED"))
                .isEqualTo("$aws/events/thingGroupHierarchy/thingGroup/Root/childThingGroup/Child/removed");
    }
}
