package io.thingstead.registry.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.ThingTypes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Thing types. Deletion follows AWS: a type must be deprecated, stay deprecated for five minutes, and have no things
 * left before it can be deleted; a deprecated type cannot be given to new things or to things that did not have it.
 */
@ApplicationScoped
public class ThingTypeService implements ThingTypes {
    static final int MAX_SEARCHABLE_ATTRIBUTES = 3;
    private static final int MAX_LIST_RESULTS = 250;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    RegistryEvents registryEvents;

    /** AWS's five minutes between deprecating a type and deleting it (shortened only by tests). */
    @Inject
    @ConfigProperty(name = "thingstead.registry.thing-type-delete-delay", defaultValue = "PT5M")
    Duration deleteAfterDeprecation;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public ThingType create(String thingTypeName, Optional<String> description, List<String> searchableAttributes) {
        String name = Names.name("thingTypeName", thingTypeName);
        description.ifPresent(Names::description);
        List<String> searchable = List.copyOf(new LinkedHashSet<>(searchableAttributes));
        if (searchable.size() > MAX_SEARCHABLE_ATTRIBUTES) {
            throw IotException.invalidRequest(
                    "A thing type can have at most " + MAX_SEARCHABLE_ATTRIBUTES + " searchable attributes.");
        }
        searchable.forEach(attribute -> Names.attributes(Map.of(attribute, "x"), false));
        int inserted = jdbc.update(
                "INSERT INTO registry_thing_type (name, id, description, searchable_attributes, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name,
                UUID.randomUUID(),
                description,
                searchable,
                clock.instant());
        ThingType type = describe(name);
        if (inserted == 0
                && (!type.description().equals(description)
                        || !type.searchableAttributes().equals(searchable))) {
            throw IotException.alreadyExists(
                    "Thing type " + name + " already exists in account with different properties",
                    type.thingTypeId(),
                    type.thingTypeArn());
        }
        if (inserted == 1) {
            registryEvents.thingType("CREATED", type);
        }
        return type;
    }

    @Override
    public ThingType describe(String thingTypeName) {
        String name = Names.name("thingTypeName", thingTypeName);
        return jdbc.queryOne("SELECT * FROM registry_thing_type WHERE name = ?", this::type, name)
                .orElseThrow(() -> IotException.notFound("Thing type " + name + " cannot be found."));
    }

    @Override
    public Page<ThingType> list(Optional<String> thingTypeName, Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, MAX_LIST_RESULTS, MAX_LIST_RESULTS);
        Optional<String> after = PageTokens.decode("thing-types", nextToken, "nextToken");
        StringBuilder sql = new StringBuilder("SELECT * FROM registry_thing_type WHERE true");
        List<Object> parameters = new ArrayList<>();
        thingTypeName.ifPresent(prefix -> {
            // AWS matches thingTypeName as a prefix
            sql.append(" AND name LIKE ? ESCAPE '\\'");
            parameters.add(ThingService.likePrefix(prefix));
        });
        after.ifPresent(last -> {
            sql.append(" AND name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY name LIMIT ?");
        parameters.add(limit + 1);
        return KeysetPages.of(
                "thing-types", jdbc.query(sql.toString(), parameters, this::type), limit, ThingType::thingTypeName);
    }

    @Override
    @Transactional
    public void deprecate(String thingTypeName, boolean undo) {
        String name = Names.name("thingTypeName", thingTypeName);
        int changed = undo
                ? jdbc.update(
                        "UPDATE registry_thing_type SET deprecated = false, deprecated_at = NULL WHERE name = ?", name)
                : jdbc.update(
                        "UPDATE registry_thing_type SET deprecated = true,"
                                + " deprecated_at = COALESCE(deprecated_at, ?) WHERE name = ?",
                        clock.instant(),
                        name);
        if (changed == 0) {
            throw IotException.notFound("Thing type " + name + " cannot be found.");
        }
        registryEvents.thingType("UPDATED", describe(name));
    }

    @Override
    @Transactional
    public void delete(String thingTypeName) {
        String name = Names.name("thingTypeName", thingTypeName);
        ThingType type = jdbc.queryOne("SELECT * FROM registry_thing_type WHERE name = ? FOR UPDATE", this::type, name)
                .orElseThrow(() -> IotException.notFound("Thing type " + name + " cannot be found."));
        if (!type.deprecated()) {
            throw IotException.invalidRequest("Thing type " + name + " must be deprecated before it can be deleted.");
        }
        Instant deletable = type.deprecationDate().orElseThrow().plus(deleteAfterDeprecation);
        if (clock.instant().isBefore(deletable)) {
            throw IotException.invalidRequest(
                    "Thing type " + name + " can be deleted 5 minutes after it was deprecated, at " + deletable + ".");
        }
        if (jdbc.queryOne("SELECT 1 FROM registry_thing WHERE thing_type_name = ? LIMIT 1", row -> true, name)
                .isPresent()) {
            throw IotException.invalidRequest(
                    "Can not delete thing type " + name + " because things are still associated with it.");
        }
        jdbc.update("DELETE FROM registry_thing_type WHERE name = ?", name);
        registryEvents.thingType("DELETED", type);
    }

    private ThingType type(ResultSet row) throws SQLException {
        String name = row.getString("name");
        return new ThingType(
                name,
                row.getObject("id", UUID.class).toString(),
                platform.iotArn("thingtype", name).toString(),
                Optional.ofNullable(row.getString("description")),
                Jdbc.strings(row, "searchable_attributes"),
                row.getBoolean("deprecated"),
                Optional.ofNullable(Jdbc.instant(row, "deprecated_at")),
                Jdbc.instant(row, "created_at"));
    }
}
