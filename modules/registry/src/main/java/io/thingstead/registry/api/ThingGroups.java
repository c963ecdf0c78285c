package io.thingstead.registry.api;

import io.thingstead.common.api.paging.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Static thing groups (a hierarchy) and dynamic thing groups (membership is a fleet search query). */
public interface ThingGroups {
    record GroupRef(String groupName, String groupArn) {}

    record ThingGroup(
            String thingGroupName,
            String thingGroupId,
            String thingGroupArn,
            long version,
            Optional<String> description,
            Map<String, String> attributes,
            Optional<String> parentGroupName,
            List<GroupRef> rootToParentThingGroups,
            Instant creationDate,
            boolean dynamic,
            Optional<String> indexName,
            Optional<String> queryString,
            Optional<String> queryVersion) {
        public ThingGroup {
            attributes = Map.copyOf(attributes);
            rootToParentThingGroups = List.copyOf(rootToParentThingGroups);
        }
    }

    ThingGroup create(
            String groupName,
            Optional<String> parentGroupName,
            Optional<String> description,
            Map<String, String> attributes);

    ThingGroup createDynamic(
            String groupName,
            Optional<String> description,
            Map<String, String> attributes,
            Optional<String> indexName,
            String queryString,
            Optional<String> queryVersion);

    ThingGroup describe(String groupName);

    /** Returns the new version. {@code attributes} with {@code merge} merge, empty value removes. */
    long update(
            String groupName,
            Optional<String> description,
            Optional<Map<String, String>> attributes,
            boolean merge,
            Optional<Long> expectedVersion);

    long updateDynamic(
            String groupName,
            Optional<String> description,
            Optional<Map<String, String>> attributes,
            boolean merge,
            Optional<String> queryString,
            Optional<Long> expectedVersion);

    /** Deleting a group that does not exist succeeds, as AWS does; a group with child groups cannot be deleted. */
    void delete(String groupName, Optional<Long> expectedVersion, boolean dynamic);

    Page<GroupRef> list(
            Optional<String> parentGroup,
            Optional<String> namePrefixFilter,
            boolean recursive,
            Optional<String> nextToken,
            int maxResults);

    void addThing(String groupName, String thingName, boolean overrideDynamicGroups);

    void removeThing(String groupName, String thingName);

    Page<String> listThings(String groupName, boolean recursive, Optional<String> nextToken, int maxResults);

    Page<GroupRef> listGroupsForThing(String thingName, Optional<String> nextToken, int maxResults);
}
