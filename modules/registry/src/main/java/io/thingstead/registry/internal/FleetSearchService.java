package io.thingstead.registry.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.FleetIndex;
import io.thingstead.registry.api.SqlPredicate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * SearchIndex over PostgreSQL: the compiled query runs as one indexed SQL statement with keyset paging by thing name;
 * group names and shadows for the page come in one query each. Nothing is loaded beyond the page.
 */
@ApplicationScoped
public class FleetSearchService implements FleetIndex {
    static final int MAX_SEARCH_RESULTS = 100;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    FleetQueries queries;

    @Inject
    ThingGroupService groups;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    private record Row(UUID id, ThingDocument document) {}

    @Override
    public Page<ThingDocument> search(
            Optional<String> indexName, String queryString, Optional<String> nextToken, int maxResults) {
        if (indexName.isPresent() && !THINGS_INDEX.equals(indexName.get())) {
            throw IotException.notFound("Index " + Names.printable(indexName.get()) + " does not exist.");
        }
        if (queryString == null || queryString.isBlank()) {
            throw new IotException(ErrorCode.INVALID_QUERY, "The query string is empty.");
        }
        int limit = PageSizes.check("maxResults", maxResults, MAX_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
        Optional<String> after = PageTokens.decode("search:" + queryString, nextToken, "nextToken");
        SqlPredicate predicate = queries.compile(queryString);

        List<Object> parameters = new ArrayList<>(predicate.parameters());
        StringBuilder sql =
                new StringBuilder("SELECT t.id, t.name, t.thing_type_name, t.attributes::text AS attributes,"
                        + " t.connected, t.connectivity_timestamp, t.disconnect_reason FROM registry_thing t WHERE ("
                        + predicate.sql() + ")");
        after.ifPresent(last -> {
            sql.append(" AND t.name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY t.name LIMIT ?");
        parameters.add(limit + 1);
        List<Row> rows = jdbc.query(sql.toString(), parameters, row -> {
            boolean hasConnectivity = row.getObject("connected") != null;
            return new Row(
                    row.getObject("id", UUID.class),
                    new ThingDocument(
                            row.getString("name"),
                            row.getObject("id", UUID.class).toString(),
                            Optional.ofNullable(row.getString("thing_type_name")),
                            List.of(),
                            Attributes.fromJson(row.getString("attributes")),
                            Optional.empty(),
                            hasConnectivity
                                    ? Optional.of(new Connectivity(
                                            row.getBoolean("connected"),
                                            row.getLong("connectivity_timestamp"),
                                            Optional.ofNullable(row.getString("disconnect_reason"))))
                                    : Optional.empty()));
        });
        Page<Row> page = KeysetPages.of(
                "search:" + queryString, rows, limit, r -> r.document().thingName());
        return new Page<>(withGroupsAndShadows(page.items()), page.nextToken());
    }

    private List<ThingDocument> withGroupsAndShadows(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(r -> r.id().toString()).toList();
        Map<UUID, List<String>> groupNames = new HashMap<>();
        jdbc.query(
                        "SELECT thing_id, group_name FROM registry_thing_group_member WHERE thing_id = ANY(?::uuid[])"
                                + " ORDER BY group_name",
                        row -> Map.entry(row.getObject(1, UUID.class), row.getString(2)),
                        ids)
                .forEach(e -> groupNames
                        .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        Map<UUID, Map<String, JsonObject>> shadows = new HashMap<>();
        jdbc.query(
                        "SELECT thing_id, shadow_name, reported::text AS reported, desired::text AS desired,"
                                + " delta::text AS delta, version FROM registry_shadow_index"
                                + " WHERE thing_id = ANY(?::uuid[]) ORDER BY shadow_name",
                        row -> {
                            JsonObjectBuilder shadow = Json.createObjectBuilder();
                            section(shadow, "desired", row.getString("desired"));
                            section(shadow, "reported", row.getString("reported"));
                            String delta = row.getString("delta");
                            shadow.add("hasDelta", delta != null && !"{}".equals(delta));
                            shadow.add("version", row.getLong("version"));
                            return Map.entry(
                                    row.getObject("thing_id", UUID.class),
                                    Map.entry(row.getString("shadow_name"), shadow.build()));
                        },
                        ids)
                .forEach(e -> shadows.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                        .put(e.getValue().getKey(), e.getValue().getValue()));
        List<ThingDocument> documents = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ThingDocument document = row.document();
            documents.add(new ThingDocument(
                    document.thingName(),
                    document.thingId(),
                    document.thingTypeName(),
                    groupNames.getOrDefault(row.id(), List.of()),
                    document.attributes(),
                    Optional.ofNullable(shadows.get(row.id())).map(FleetSearchService::shadowDocument),
                    document.connectivity()));
        }
        return documents;
    }

    /** AWS's shadow field of a ThingDocument: the classic shadow at the top, named ones under {@code name}. */
    private static String shadowDocument(Map<String, JsonObject> shadows) {
        JsonObjectBuilder document = Json.createObjectBuilder();
        JsonObject classic = shadows.get("");
        if (classic != null) {
            classic.forEach(document::add);
        }
        JsonObjectBuilder named = Json.createObjectBuilder();
        boolean anyNamed = false;
        for (Map.Entry<String, JsonObject> shadow : shadows.entrySet()) {
            if (!shadow.getKey().isEmpty()) {
                named.add(shadow.getKey(), shadow.getValue());
                anyNamed = true;
            }
        }
        if (anyNamed) {
            document.add("name", named);
        }
        return document.build().toString();
    }

    private static void section(JsonObjectBuilder shadow, String name, String json) {
        if (json != null) {
            try (var reader = Json.createReader(new StringReader(json))) {
                shadow.add(name, reader.readObject());
            }
        }
    }

    @Override
    @Transactional
    public void updateConnectivity(String thingName, Connectivity connectivity) {
        List<UUID> updated = jdbc.query(
                "UPDATE registry_thing SET connected = ?, connectivity_timestamp = ?, disconnect_reason = ?"
                        + " WHERE name = ? AND (connectivity_timestamp IS NULL OR connectivity_timestamp <= ?)"
                        + " RETURNING id",
                List.of(
                        connectivity.connected(),
                        connectivity.timestamp(),
                        connectivity.disconnectReason(),
                        thingName,
                        connectivity.timestamp()),
                row -> row.getObject(1, UUID.class));
        updated.forEach(groups::refreshDynamicMemberships);
    }

    @Override
    @Transactional
    public void updateShadow(
            String thingName,
            String shadowName,
            Optional<String> reported,
            Optional<String> desired,
            Optional<String> delta,
            long version) {
        List<UUID> updated = jdbc.query(
                "INSERT INTO registry_shadow_index (thing_id, shadow_name, reported, desired, delta, version)"
                        + " SELECT id, ?, ?::jsonb, ?::jsonb, ?::jsonb, ? FROM registry_thing WHERE name = ?"
                        + " ON CONFLICT (thing_id, shadow_name) DO UPDATE SET reported = excluded.reported,"
                        + " desired = excluded.desired, delta = excluded.delta, version = excluded.version"
                        + " WHERE registry_shadow_index.version <= excluded.version RETURNING thing_id",
                List.of(shadowName, reported, desired, delta, version, thingName),
                row -> row.getObject(1, UUID.class));
        updated.forEach(groups::refreshDynamicMemberships);
    }

    @Override
    @Transactional
    public void deleteShadow(String thingName, String shadowName) {
        List<UUID> deleted = jdbc.query(
                "DELETE FROM registry_shadow_index s USING registry_thing t WHERE s.thing_id = t.id AND t.name = ?"
                        + " AND s.shadow_name = ? RETURNING s.thing_id",
                List.of(thingName, shadowName),
                row -> row.getObject(1, UUID.class));
        deleted.forEach(groups::refreshDynamicMemberships);
    }
}
