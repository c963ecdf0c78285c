package io.thingstead.registry.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.ThingChanged;
import io.thingstead.registry.api.ThingCommands.CreateThing;
import io.thingstead.registry.api.ThingCommands.ListThings;
import io.thingstead.registry.api.ThingCommands.UpdateThing;
import io.thingstead.registry.api.ThingDescription;
import io.thingstead.registry.api.Things;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Things in PostgreSQL ({@code registry_thing}), with AWS's semantics for every operation. */
@ApplicationScoped
public class ThingService implements Things {
    static final int MAX_LIST_RESULTS = 250;
    private static final String COLUMNS = "id, name, thing_type_name, attributes::text AS attributes, version";

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    Event<ThingChanged> changes;

    @Inject
    RegistryEvents registryEvents;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public ThingDescription create(CreateThing request) {
        String name = Names.name("thingName", request.thingName());
        Optional<String> type = request.thingTypeName().map(t -> Names.name("thingTypeName", t));
        Map<String, String> attributes = request.attributes() == null ? Map.of() : request.attributes();
        Names.attributes(attributes, false);
        Map<String, String> stored = Attributes.apply(Map.of(), attributes, false);
        Names.attributeCount(stored.size(), type.isPresent());
        type.ifPresent(t -> requireUsableType(t, "Can not create a thing with deprecated thing type: " + t));

        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        int inserted = jdbc.update(
                "INSERT INTO registry_thing (id, name, thing_type_name, attributes, version, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?::jsonb, 1, ?, ?) ON CONFLICT (name) DO NOTHING",
                id,
                name,
                type,
                Attributes.toJson(stored),
                now,
                now);
        ThingDescription thing = describe(name);
        if (inserted == 0) {
            // AWS: the same name and configuration again is fine, a different configuration is a conflict
            if (!thing.thingTypeName().equals(type) || !thing.attributes().equals(stored)) {
                throw IotException.alreadyExists(
                        "Thing " + name + " already exists in account with different attributes",
                        thing.thingId(),
                        thing.thingArn());
            }
            return thing;
        }
        changes.fire(new ThingChanged(ThingChanged.Kind.CREATED, name, thing.thingId(), Optional.of(thing)));
        registryEvents.thing("CREATED", thing);
        registryEvents.thingTypeAssociation(name, thing.thingId(), Optional.empty(), thing.thingTypeName());
        return thing;
    }

    @Override
    public ThingDescription describe(String thingName) {
        Names.name("thingName", thingName);
        return find(thingName).orElseThrow(() -> IotException.notFound("Thing " + thingName + " cannot be found."));
    }

    @Override
    public Optional<ThingDescription> find(String thingName) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM registry_thing WHERE name = ?", this::thing, thingName);
    }

    @Override
    @Transactional
    public void update(UpdateThing request) {
        String name = Names.name("thingName", request.thingName());
        if (request.removeThingType() && request.thingTypeName().isPresent()) {
            throw IotException.invalidRequest("Cannot specify both thingTypeName and removeThingType.");
        }
        request.thingTypeName().ifPresent(t -> Names.name("thingTypeName", t));
        request.attributes().ifPresent(a -> Names.attributes(a, request.merge()));

        ThingDescription current = jdbc.queryOne(
                        "SELECT " + COLUMNS + " FROM registry_thing WHERE name = ? FOR UPDATE", this::thing, name)
                .orElseThrow(() -> IotException.notFound("Thing " + name + " cannot be found."));
        checkVersion(name, current.version(), request.expectedVersion());

        Optional<String> type = request.removeThingType()
                ? Optional.empty()
                : request.thingTypeName().or(current::thingTypeName);
        if (request.thingTypeName().isPresent() && !request.thingTypeName().equals(current.thingTypeName())) {
            requireUsableType(
                    request.thingTypeName().get(),
                    "Can not update a thing to use deprecated thing type: "
                            + request.thingTypeName().get());
        }
        Map<String, String> attributes = request.attributes()
                .map(given -> Attributes.apply(current.attributes(), given, request.merge()))
                .orElse(current.attributes());
        Names.attributeCount(attributes.size(), type.isPresent());

        jdbc.update(
                "UPDATE registry_thing SET thing_type_name = ?, attributes = ?::jsonb, version = version + 1,"
                        + " updated_at = ? WHERE id = ?",
                type,
                Attributes.toJson(attributes),
                clock.instant(),
                UUID.fromString(current.thingId()));
        ThingDescription after = new ThingDescription(
                current.thingName(), current.thingId(), current.thingArn(), type, attributes, current.version() + 1);
        changes.fire(new ThingChanged(ThingChanged.Kind.UPDATED, name, current.thingId(), Optional.of(after)));
        registryEvents.thing("UPDATED", after);
        registryEvents.thingTypeAssociation(name, current.thingId(), current.thingTypeName(), type);
    }

    @Override
    @Transactional
    public void delete(String thingName, Optional<Long> expectedVersion) {
        String name = Names.name("thingName", thingName);
        Optional<ThingDescription> current = jdbc.queryOne(
                "SELECT " + COLUMNS + " FROM registry_thing WHERE name = ? FOR UPDATE", this::thing, name);
        if (current.isEmpty()) {
            return;
        }
        checkVersion(name, current.get().version(), expectedVersion);
        UUID id = UUID.fromString(current.get().thingId());
        if (jdbc.queryOne("SELECT 1 FROM registry_thing_principal WHERE thing_id = ? LIMIT 1", row -> true, id)
                .isPresent()) {
            throw IotException.invalidRequest(
                    "Cannot delete. Thing " + name + " is still attached to one or more principals");
        }
        jdbc.update("DELETE FROM registry_thing WHERE id = ?", id);
        registryEvents.thing("DELETED", current.get());
        changes.fire(
                new ThingChanged(ThingChanged.Kind.DELETED, name, current.get().thingId(), Optional.empty()));
    }

    @Override
    public Page<ThingDescription> list(ListThings request) {
        int limit = PageSizes.check("maxResults", request.maxResults(), MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        if (request.attributeValue().isPresent() && request.attributeName().isEmpty()) {
            throw IotException.invalidRequest("attributeValue requires attributeName.");
        }
        request.thingTypeName().ifPresent(t -> Names.name("thingTypeName", t));
        Optional<String> after = PageTokens.decode("things", request.nextToken(), "nextToken");

        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM registry_thing WHERE true");
        List<Object> parameters = new ArrayList<>();
        after.ifPresent(last -> {
            sql.append(" AND name > ?");
            parameters.add(last);
        });
        request.thingTypeName().ifPresent(type -> {
            sql.append(" AND thing_type_name = ?");
            parameters.add(type);
        });
        if (request.attributeName().isPresent()) {
            String attribute = request.attributeName().get();
            if (request.attributeValue().isEmpty()) {
                // a name alone lists the things that have that attribute at all
                sql.append(" AND jsonb_exists(attributes, ?)");
                parameters.add(attribute);
            } else if (request.usePrefixAttributeValue()) {
                sql.append(" AND attributes ->> ? LIKE ? ESCAPE '\\'");
                parameters.add(attribute);
                parameters.add(likePrefix(request.attributeValue().get()));
            } else {
                sql.append(" AND attributes @> jsonb_build_object(?::text, ?::text)");
                parameters.add(attribute);
                parameters.add(request.attributeValue().get());
            }
        }
        sql.append(" ORDER BY name LIMIT ?");
        parameters.add(limit + 1);
        List<ThingDescription> rows = jdbc.query(sql.toString(), parameters, this::thing);
        return KeysetPages.of("things", rows, limit, ThingDescription::thingName);
    }

    static String likePrefix(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private void checkVersion(String name, long current, Optional<Long> expected) {
        if (expected.isPresent() && expected.get() != current) {
            throw IotException.versionConflict(
                    "The version for thing " + name + " does not match the expected version.");
        }
    }

    private void requireUsableType(String typeName, String deprecatedMessage) {
        Boolean deprecated = jdbc.queryOne(
                        "SELECT deprecated FROM registry_thing_type WHERE name = ? FOR SHARE",
                        row -> row.getBoolean("deprecated"),
                        typeName)
                .orElseThrow(() -> IotException.notFound("Thing type " + typeName + " cannot be found."));
        if (deprecated) {
            throw IotException.invalidRequest(deprecatedMessage);
        }
    }

    private ThingDescription thing(ResultSet row) throws SQLException {
        String name = row.getString("name");
        return new ThingDescription(
                name,
                row.getObject("id", UUID.class).toString(),
                platform.iotArn("thing", name).toString(),
                Optional.ofNullable(row.getString("thing_type_name")),
                Attributes.fromJson(row.getString("attributes")),
                row.getLong("version"));
    }
}
