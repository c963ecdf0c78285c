package io.thingstead.registry.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.EventConfigurations;
import io.thingstead.registry.api.RegistryEvent;
import io.thingstead.registry.api.ThingDescription;
import io.thingstead.registry.api.ThingGroups.GroupRef;
import io.thingstead.registry.api.ThingGroups.ThingGroup;
import io.thingstead.registry.api.ThingTypes.ThingType;
import io.thingstead.registry.internal.RegistryEventPayloads.GroupIds;
import io.thingstead.registry.internal.RegistryEventPayloads.Header;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Raises AWS's registry events ({@link RegistryEvent}) from inside the registry's transactions, for the event types
 * {@link EventConfigurations} has switched on; the gateway publishes them after the commit. Nothing is built for a
 * disabled type.
 */
@ApplicationScoped
public class RegistryEvents {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    EventConfigurations configurations;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    Event<RegistryEvent> events;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    void thing(String operation, ThingDescription thing) {
        if (!configurations.enabled("THING")) {
            return;
        }
        raise(
                RegistryEventPayloads.thingTopic(thing.thingName(), operation),
                RegistryEventPayloads.thing(
                        header(),
                        operation,
                        thing.thingId(),
                        thing.thingName(),
                        thing.version(),
                        thing.thingTypeName(),
                        thing.attributes()));
    }

    /** The thing type association changed from {@code before} to {@code after} (each may be absent). */
    void thingTypeAssociation(String thingName, String thingId, Optional<String> before, Optional<String> after) {
        if (before.equals(after) || !configurations.enabled("THING_TYPE_ASSOCIATION")) {
            return;
        }
        before.ifPresent(type -> raise(
                RegistryEventPayloads.thingTypeAssociationTopic(thingName, type),
                RegistryEventPayloads.thingTypeAssociation(header(), "DELETED", thingId, thingName, type)));
        after.ifPresent(type -> raise(
                RegistryEventPayloads.thingTypeAssociationTopic(thingName, type),
                RegistryEventPayloads.thingTypeAssociation(header(), "CREATED", thingId, thingName, type)));
    }

    void thingType(String operation, ThingType type) {
        if (!configurations.enabled("THING_TYPE")) {
            return;
        }
        raise(
                RegistryEventPayloads.thingTypeTopic(type.thingTypeName(), operation),
                RegistryEventPayloads.thingType(
                        header(),
                        operation,
                        type.thingTypeId(),
                        type.thingTypeName(),
                        type.deprecated(),
                        type.deprecationDate().map(Instant::toEpochMilli),
                        type.searchableAttributes(),
                        type.description()));
    }

    /** @param group the group as it is now (as it was, when deleted), with its ancestors */
    void thingGroup(String operation, ThingGroup group) {
        if (!configurations.enabled("THING_GROUP")) {
            return;
        }
        List<GroupIds> ancestors = new ArrayList<>();
        for (GroupRef ancestor : group.rootToParentThingGroups()) {
            ancestors.add(new GroupIds(
                    ancestor.groupArn(), groupId(ancestor.groupName()).orElse("")));
        }
        Optional<String> parentId = group.parentGroupName().flatMap(this::groupId);
        raise(
                RegistryEventPayloads.thingGroupTopic(group.thingGroupName(), operation),
                RegistryEventPayloads.thingGroup(
                        header(),
                        operation,
                        group.thingGroupId(),
                        group.thingGroupName(),
                        group.version(),
                        group.parentGroupName(),
                        parentId,
                        group.description(),
                        ancestors,
                        group.attributes()));
    }

    /**
     * A group was created under a parent ({@code ADDED}) or a child group deleted ({@code REMOVED}): AWS sets a
     * group's parent only when it is created.
     */
    void hierarchy(String operation, ThingGroup child) {
        if (child.parentGroupName().isEmpty() || !configurations.enabled("THING_GROUP_HIERARCHY")) {
            return;
        }
        String parent = child.parentGroupName().get();
        raise(
                RegistryEventPayloads.hierarchyTopic(parent, child.thingGroupName(), operation),
                RegistryEventPayloads.hierarchy(
                        header(),
                        operation,
                        groupId(parent).orElse(""),
                        parent,
                        child.thingGroupId(),
                        child.thingGroupName()));
    }

    /** A thing was added to ({@code ADDED}) or removed from ({@code REMOVED}) a static or dynamic group. */
    void membership(String operation, String groupName, String groupId, String thingName, UUID thingId) {
        if (!configurations.enabled("THING_GROUP_MEMBERSHIP")) {
            return;
        }
        raise(
                RegistryEventPayloads.membershipTopic(groupName, thingName, operation),
                RegistryEventPayloads.membership(
                        header(),
                        operation,
                        platform.iotArn("thinggroup", groupName).toString(),
                        groupId,
                        platform.iotArn("thing", thingName).toString(),
                        thingId.toString()));
    }

    private Optional<String> groupId(String groupName) {
        return jdbc.queryOne(
                "SELECT id FROM registry_thing_group WHERE name = ?",
                row -> row.getObject(1, UUID.class).toString(),
                groupName);
    }

    private Header header() {
        return new Header(UUID.randomUUID().toString(), clock.millis(), platform.accountId());
    }

    private void raise(String topic, JsonObject payload) {
        events.fire(new RegistryEvent(topic, payload.toString()));
    }
}
