package io.thingstead.registry.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.AttachmentsChanged;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.ThingChanged;
import io.thingstead.registry.api.ThingGroups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Thing groups. Static groups form a hierarchy (at most seven levels deep, as AWS); dynamic groups hold the things
 * their fleet search query matches, kept current in the same transaction as every thing change, so membership and
 * registry never disagree.
 */
@ApplicationScoped
public class ThingGroupService implements ThingGroups {
    static final int MAX_DEPTH = 7;
    static final int MAX_GROUPS_PER_THING = 10;
    static final String INDEX_NAME = "AWS_Things";
    private static final int MAX_LIST_RESULTS = 250;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    FleetQueries queries;

    @Inject
    Event<AttachmentsChanged> attachments;

    @Inject
    RegistryEvents registryEvents;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public ThingGroup create(
            String groupName,
            Optional<String> parentGroupName,
            Optional<String> description,
            Map<String, String> attributes) {
        String name = Names.name("thingGroupName", groupName);
        parentGroupName.ifPresent(p -> Names.name("parentGroupName", p));
        description.ifPresent(Names::description);
        Names.attributes(attributes, false);
        Map<String, String> stored = Attributes.apply(Map.of(), attributes, false);
        if (parentGroupName.isPresent()) {
            ThingGroup parent = describe(parentGroupName.get());
            if (parent.dynamic()) {
                throw IotException.invalidRequest("A dynamic thing group cannot be a parent group.");
            }
            if (parent.rootToParentThingGroups().size() + 2 > MAX_DEPTH) {
                throw IotException.invalidRequest("Thing groups can be nested at most " + MAX_DEPTH + " levels deep.");
            }
        }
        int inserted = jdbc.update(
                "INSERT INTO registry_thing_group (name, id, parent_name, description, attributes, created_at)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (name) DO NOTHING",
                name,
                UUID.randomUUID(),
                parentGroupName,
                description,
                Attributes.toJson(stored),
                clock.instant());
        ThingGroup group = describe(name);
        if (inserted == 0
                && (group.dynamic()
                        || !group.parentGroupName().equals(parentGroupName)
                        || !group.description().equals(description)
                        || !group.attributes().equals(stored))) {
            throw IotException.alreadyExists(
                    "Thing Group " + name + " already exists in current account with different properties",
                    group.thingGroupId(),
                    group.thingGroupArn());
        }
        if (inserted == 1) {
            registryEvents.thingGroup("CREATED", group);
            registryEvents.hierarchy("ADDED", group);
        }
        return group;
    }

    @Override
    @Transactional
    public ThingGroup createDynamic(
            String groupName,
            Optional<String> description,
            Map<String, String> attributes,
            Optional<String> indexName,
            String queryString,
            Optional<String> queryVersion) {
        String name = Names.name("thingGroupName", groupName);
        description.ifPresent(Names::description);
        Names.attributes(attributes, false);
        if (indexName.isPresent() && !INDEX_NAME.equals(indexName.get())) {
            throw IotException.notFound("Index " + indexName.get() + " does not exist.");
        }
        SqlPredicate predicate = queries.compile(Objects.requireNonNull(queryString, "queryString"));
        Map<String, String> stored = Attributes.apply(Map.of(), attributes, false);
        int inserted = jdbc.update(
                "INSERT INTO registry_thing_group (name, id, description, attributes, dynamic, index_name,"
                        + " query_string, query_version, created_at) VALUES (?, ?, ?, ?::jsonb, true, ?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                name,
                UUID.randomUUID(),
                description,
                Attributes.toJson(stored),
                INDEX_NAME,
                queryString,
                queryVersion.orElse("2017-09-30"),
                clock.instant());
        if (inserted == 0) {
            ThingGroup existing = describe(name);
            throw IotException.alreadyExists(
                    "Thing Group " + name + " already exists in current account",
                    existing.thingGroupId(),
                    existing.thingGroupArn());
        }
        recompute(name, predicate);
        ThingGroup created = describe(name);
        registryEvents.thingGroup("CREATED", created);
        return created;
    }

    @Override
    public ThingGroup describe(String groupName) {
        String name = Names.name("thingGroupName", groupName);
        ThingGroup group = jdbc.queryOne("SELECT * FROM registry_thing_group WHERE name = ?", this::group, name)
                .orElseThrow(() -> IotException.notFound("Thing Group " + name + " cannot be found."));
        return withAncestors(group);
    }

    @Override
    @Transactional
    public long update(
            String groupName,
            Optional<String> description,
            Optional<Map<String, String>> attributes,
            boolean merge,
            Optional<Long> expectedVersion) {
        ThingGroup group = lockForUpdate(groupName, expectedVersion);
        if (group.dynamic()) {
            throw IotException.invalidRequest(
                    "Thing group " + group.thingGroupName() + " is dynamic: use UpdateDynamicThingGroup.");
        }
        long version = write(group, description, attributes, merge);
        registryEvents.thingGroup("UPDATED", describe(group.thingGroupName()));
        return version;
    }

    @Override
    @Transactional
    public long updateDynamic(
            String groupName,
            Optional<String> description,
            Optional<Map<String, String>> attributes,
            boolean merge,
            Optional<String> queryString,
            Optional<Long> expectedVersion) {
        ThingGroup group = lockForUpdate(groupName, expectedVersion);
        if (!group.dynamic()) {
            throw IotException.invalidRequest(
                    "Thing group " + group.thingGroupName() + " is static: use UpdateThingGroup.");
        }
        long version = write(group, description, attributes, merge);
        if (queryString.isPresent() && !queryString.equals(group.queryString())) {
            SqlPredicate predicate = queries.compile(queryString.get());
            jdbc.update(
                    "UPDATE registry_thing_group SET query_string = ? WHERE name = ?",
                    queryString.get(),
                    group.thingGroupName());
            recompute(group.thingGroupName(), predicate);
        }
        registryEvents.thingGroup("UPDATED", describe(group.thingGroupName()));
        return version;
    }

    @Override
    @Transactional
    public void delete(String groupName, Optional<Long> expectedVersion, boolean dynamic) {
        String name = Names.name("thingGroupName", groupName);
        Optional<ThingGroup> group =
                jdbc.queryOne("SELECT * FROM registry_thing_group WHERE name = ? FOR UPDATE", this::group, name);
        if (group.isEmpty()) {
            return;
        }
        if (group.get().dynamic() != dynamic) {
            throw IotException.invalidRequest("Thing group " + name + " is "
                    + (group.get().dynamic()
                            ? "dynamic: use DeleteDynamicThingGroup."
                            : "static: use DeleteThingGroup."));
        }
        checkVersion(name, group.get().version(), expectedVersion);
        if (jdbc.queryOne("SELECT 1 FROM registry_thing_group WHERE parent_name = ? LIMIT 1", row -> true, name)
                .isPresent()) {
            throw IotException.invalidRequest(
                    "Cannot delete thing group : " + name + " when there are still child groups attached to it");
        }
        ThingGroup deleted = withAncestors(group.get());
        jdbc.update("DELETE FROM registry_thing_group WHERE name = ?", name);
        registryEvents.thingGroup("DELETED", deleted);
        registryEvents.hierarchy("REMOVED", deleted);
    }

    @Override
    public Page<GroupRef> list(
            Optional<String> parentGroup,
            Optional<String> namePrefixFilter,
            boolean recursive,
            Optional<String> nextToken,
            int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        parentGroup.ifPresent(p -> describe(p));
        Optional<String> after = PageTokens.decode("thing-groups", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (parentGroup.isPresent() && recursive) {
            sql.append("WITH RECURSIVE tree AS (SELECT name FROM registry_thing_group WHERE parent_name = ?"
                    + " UNION SELECT g.name FROM registry_thing_group g JOIN tree ON g.parent_name = tree.name)"
                    + " SELECT name FROM tree WHERE true");
            parameters.add(parentGroup.get());
        } else if (parentGroup.isPresent()) {
            sql.append("SELECT name FROM registry_thing_group WHERE parent_name = ?");
            parameters.add(parentGroup.get());
        } else if (recursive) {
            sql.append("SELECT name FROM registry_thing_group WHERE true");
        } else {
            sql.append("SELECT name FROM registry_thing_group WHERE parent_name IS NULL");
        }
        namePrefixFilter.ifPresent(prefix -> {
            sql.append(" AND name LIKE ? ESCAPE '\\'");
            parameters.add(ThingService.likePrefix(prefix));
        });
        after.ifPresent(last -> {
            sql.append(" AND name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY name LIMIT ?");
        parameters.add(limit + 1);
        List<GroupRef> rows = jdbc.query(sql.toString(), parameters, row -> ref(row.getString("name")));
        return KeysetPages.of("thing-groups", rows, limit, GroupRef::groupName);
    }

    @Override
    @Transactional
    public void addThing(String groupName, String thingName, boolean overrideDynamicGroups) {
        ThingGroup group = describe(groupName);
        if (group.dynamic()) {
            throw IotException.invalidRequest(
                    "Things cannot be added to dynamic thing group " + group.thingGroupName() + " directly.");
        }
        UUID thing = thingId(thingName);
        int groups = jdbc.queryOne(
                        "SELECT count(*) FROM registry_thing_group_member m JOIN registry_thing_group g"
                                + " ON g.name = m.group_name WHERE m.thing_id = ? AND NOT g.dynamic",
                        row -> row.getInt(1),
                        thing)
                .orElse(0);
        boolean already = jdbc.queryOne(
                        "SELECT 1 FROM registry_thing_group_member WHERE group_name = ? AND thing_id = ?",
                        row -> true,
                        group.thingGroupName(),
                        thing)
                .isPresent();
        if (already) {
            return;
        }
        if (groups >= MAX_GROUPS_PER_THING) {
            throw IotException.invalidRequest("Thing " + thingName + " already belongs to " + MAX_GROUPS_PER_THING
                    + " thing groups, the most a thing can belong to.");
        }
        jdbc.update(
                "INSERT INTO registry_thing_group_member (group_name, thing_id, added_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                group.thingGroupName(),
                thing,
                clock.instant());
        attachments.fire(new AttachmentsChanged(thingName));
        registryEvents.membership("ADDED", group.thingGroupName(), group.thingGroupId(), thingName, thing);
    }

    @Override
    @Transactional
    public void removeThing(String groupName, String thingName) {
        ThingGroup group = describe(groupName);
        if (group.dynamic()) {
            throw IotException.invalidRequest(
                    "Things cannot be removed from dynamic thing group " + group.thingGroupName() + " directly.");
        }
        UUID thing = thingId(thingName);
        int removed = jdbc.update(
                "DELETE FROM registry_thing_group_member WHERE group_name = ? AND thing_id = ?",
                group.thingGroupName(),
                thing);
        attachments.fire(new AttachmentsChanged(thingName));
        if (removed > 0) {
            registryEvents.membership("REMOVED", group.thingGroupName(), group.thingGroupId(), thingName, thing);
        }
    }

    @Override
    public Page<String> listThings(String groupName, boolean recursive, Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        ThingGroup group = describe(groupName);
        Optional<String> after = PageTokens.decode("group-things", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (recursive) {
            sql.append("WITH RECURSIVE tree AS (SELECT ?::text AS name UNION"
                    + " SELECT g.name FROM registry_thing_group g JOIN tree ON g.parent_name = tree.name)"
                    + " SELECT DISTINCT t.name FROM registry_thing t JOIN registry_thing_group_member m"
                    + " ON m.thing_id = t.id JOIN tree ON tree.name = m.group_name WHERE true");
        } else {
            sql.append("SELECT t.name FROM registry_thing t JOIN registry_thing_group_member m ON m.thing_id = t.id"
                    + " WHERE m.group_name = ?");
        }
        parameters.add(group.thingGroupName());
        after.ifPresent(last -> {
            sql.append(" AND t.name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY t.name LIMIT ?");
        parameters.add(limit + 1);
        List<String> rows = jdbc.query(sql.toString(), parameters, row -> row.getString(1));
        return KeysetPages.of("group-things", rows, limit, name -> name);
    }

    @Override
    public Page<GroupRef> listGroupsForThing(String thingName, Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        UUID thing = thingId(thingName);
        Optional<String> after = PageTokens.decode("thing-groups-of", nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(thing));
        StringBuilder sql = new StringBuilder("SELECT group_name FROM registry_thing_group_member WHERE thing_id = ?");
        after.ifPresent(last -> {
            sql.append(" AND group_name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY group_name LIMIT ?");
        parameters.add(limit + 1);
        List<GroupRef> rows = jdbc.query(sql.toString(), parameters, row -> ref(row.getString(1)));
        return KeysetPages.of("thing-groups-of", rows, limit, GroupRef::groupName);
    }

    /** Keeps every dynamic group's membership current when a thing is created or changed, in the same transaction. */
    void onThingChanged(@Observes ThingChanged change) {
        if (change.kind() == ThingChanged.Kind.DELETED) {
            return; // memberships go with the thing (ON DELETE CASCADE)
        }
        refreshDynamicMemberships(UUID.fromString(change.thingId()));
        attachments.fire(new AttachmentsChanged(change.thingName()));
    }

    /** Re-evaluates every dynamic group for one thing (also for shadow and connectivity changes). */
    void refreshDynamicMemberships(UUID thing) {
        List<String[]> dynamicGroups =
                jdbc.query("SELECT name, query_string FROM registry_thing_group WHERE dynamic", row ->
                        new String[] {row.getString(1), row.getString(2)});
        for (String[] dynamic : dynamicGroups) {
            SqlPredicate predicate = queries.compile(dynamic[1]);
            List<Object> parameters = new ArrayList<>();
            parameters.add(thing);
            parameters.addAll(predicate.parameters());
            boolean matches = jdbc.queryOne(
                            "SELECT 1 FROM registry_thing t WHERE t.id = ? AND (" + predicate.sql() + ")",
                            row -> true,
                            parameters.toArray())
                    .isPresent();
            if (matches) {
                jdbc.update(
                        "INSERT INTO registry_thing_group_member (group_name, thing_id, added_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        dynamic[0],
                        thing,
                        clock.instant());
            } else {
                jdbc.update(
                        "DELETE FROM registry_thing_group_member WHERE group_name = ? AND thing_id = ?",
                        dynamic[0],
                        thing);
            }
        }
    }

    private void recompute(String group, SqlPredicate predicate) {
        jdbc.update("DELETE FROM registry_thing_group_member WHERE group_name = ?", group);
        List<Object> parameters = new ArrayList<>();
        parameters.add(group);
        parameters.add(clock.instant());
        parameters.addAll(predicate.parameters());
        jdbc.update(
                "INSERT INTO registry_thing_group_member (group_name, thing_id, added_at)"
                        + " SELECT ?, t.id, ? FROM registry_thing t WHERE " + predicate.sql(),
                parameters.toArray());
    }

    private ThingGroup lockForUpdate(String groupName, Optional<Long> expectedVersion) {
        String name = Names.name("thingGroupName", groupName);
        ThingGroup group = jdbc.queryOne(
                        "SELECT * FROM registry_thing_group WHERE name = ? FOR UPDATE", this::group, name)
                .orElseThrow(() -> IotException.notFound("Thing Group " + name + " cannot be found."));
        checkVersion(name, group.version(), expectedVersion);
        return group;
    }

    private long write(
            ThingGroup group, Optional<String> description, Optional<Map<String, String>> attributes, boolean merge) {
        description.ifPresent(Names::description);
        attributes.ifPresent(a -> Names.attributes(a, merge));
        Map<String, String> stored = attributes
                .map(given -> Attributes.apply(group.attributes(), given, merge))
                .orElse(group.attributes());
        jdbc.update(
                "UPDATE registry_thing_group SET description = ?, attributes = ?::jsonb, version = version + 1"
                        + " WHERE name = ?",
                description.or(group::description),
                Attributes.toJson(stored),
                group.thingGroupName());
        return group.version() + 1;
    }

    private void checkVersion(String name, long current, Optional<Long> expected) {
        if (expected.isPresent() && expected.get() != current) {
            throw IotException.versionConflict(
                    "The version for thing group " + name + " does not match the expected version.");
        }
    }

    private UUID thingId(String thingName) {
        String name = Names.name("thingName", thingName);
        return jdbc.queryOne("SELECT id FROM registry_thing WHERE name = ?", row -> row.getObject(1, UUID.class), name)
                .orElseThrow(() -> IotException.notFound("Thing " + name + " cannot be found."));
    }

    private GroupRef ref(String name) {
        return new GroupRef(name, platform.iotArn("thinggroup", name).toString());
    }

    private ThingGroup withAncestors(ThingGroup group) {
        if (group.parentGroupName().isEmpty()) {
            return group;
        }
        List<GroupRef> ancestors = jdbc.query(
                "WITH RECURSIVE up AS (SELECT name, parent_name, 1 AS depth FROM registry_thing_group WHERE name = ?"
                        + " UNION ALL SELECT g.name, g.parent_name, up.depth + 1 FROM registry_thing_group g"
                        + " JOIN up ON g.name = up.parent_name WHERE up.depth < 16)"
                        + " SELECT name FROM up ORDER BY depth DESC",
                row -> ref(row.getString(1)),
                group.parentGroupName().get());
        return new ThingGroup(
                group.thingGroupName(),
                group.thingGroupId(),
                group.thingGroupArn(),
                group.version(),
                group.description(),
                group.attributes(),
                group.parentGroupName(),
                ancestors,
                group.creationDate(),
                group.dynamic(),
                group.indexName(),
                group.queryString(),
                group.queryVersion());
    }

    private ThingGroup group(ResultSet row) throws SQLException {
        String name = row.getString("name");
        return new ThingGroup(
                name,
                row.getObject("id", UUID.class).toString(),
                platform.iotArn("thinggroup", name).toString(),
                row.getLong("version"),
                Optional.ofNullable(row.getString("description")),
                Attributes.fromJson(row.getString("attributes")),
                Optional.ofNullable(row.getString("parent_name")),
                List.of(),
                Jdbc.instant(row, "created_at"),
                row.getBoolean("dynamic"),
                Optional.ofNullable(row.getString("index_name")),
                Optional.ofNullable(row.getString("query_string")),
                Optional.ofNullable(row.getString("query_version")));
    }
}
