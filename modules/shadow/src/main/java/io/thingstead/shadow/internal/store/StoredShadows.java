package io.thingstead.shadow.internal.store;

import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.FleetIndex;
import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.DeleteRequest;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowChanged;
import io.thingstead.shadow.api.ShadowDocuments;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowNames;
import io.thingstead.shadow.api.ShadowRequestException;
import io.thingstead.shadow.api.ShadowService;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import io.thingstead.shadow.api.UpdateRequest;
import io.thingstead.shadow.internal.UpdateThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Shadows in PostgreSQL ({@code shadow_document}). Each request takes a transaction-scoped advisory lock on its
 * shadow, so updates of one shadow are serialised while other shadows proceed in parallel, then applies the pure
 * {@link ShadowDocuments} semantics and stores the result. The fleet index and {@link ShadowChanged} observers see the
 * change in the same transaction; publishers observe after success. Updates and deletes are counted against the
 * thing's rate ({@link UpdateThrottle}) before the shadow is locked: a throttled request costs no database work.
 */
@ApplicationScoped
public class StoredShadows implements ShadowService {
    static final int MAX_PAGE_SIZE = 100;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    ShadowDocuments semantics;

    @Inject
    FleetIndex fleetIndex;

    @Inject
    Event<ShadowChanged> changes;

    @Inject
    Clock clock;

    @Inject
    UpdateThrottle throttle;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public UpdateOutcome update(ShadowId id, byte[] payload) {
        validate(id);
        UpdateRequest request;
        try {
            request = semantics.parseUpdateRequest(payload);
        } catch (ShadowRequestException e) {
            return new Rejected(e.error());
        }
        if (!throttle.tryAcquire(id.thingName())) {
            return new Rejected(ShadowError.tooManyRequests(request.clientToken()));
        }
        lock(id);
        ShadowState current = load(id).orElse(null);
        UpdateOutcome outcome = semantics.update(current, request, now());
        if (outcome instanceof UpdateOutcome.Accepted accepted) {
            store(id, accepted.state());
            ShadowState state = accepted.state();
            fleetIndex.updateShadow(
                    id.thingName(),
                    id.shadowName().orElse(""),
                    Optional.of(state.reported().toString()),
                    Optional.of(state.desired().toString()),
                    accepted.delta().map(d -> section(d, "state").toString()),
                    state.version());
            changes.fire(new ShadowChanged(
                    id,
                    ShadowChanged.Kind.UPDATED,
                    state.version(),
                    accepted.accepted(),
                    accepted.delta(),
                    Optional.of(accepted.documents())));
        }
        return outcome;
    }

    @Override
    public GetOutcome get(ShadowId id, byte[] payload) {
        validate(id);
        return semantics.get(id, load(id).orElse(null), payload, now());
    }

    @Override
    @Transactional
    public DeleteOutcome delete(ShadowId id, byte[] payload) {
        validate(id);
        DeleteRequest request;
        try {
            request = semantics.parseDeleteRequest(payload);
        } catch (ShadowRequestException e) {
            return new Rejected(e.error());
        }
        if (!throttle.tryAcquire(id.thingName())) {
            return new Rejected(ShadowError.tooManyRequests(request.clientToken()));
        }
        lock(id);
        DeleteOutcome outcome = semantics.delete(id, load(id).orElse(null), request, now());
        if (outcome instanceof DeleteOutcome.Accepted accepted) {
            store(id, accepted.state());
            fleetIndex.deleteShadow(id.thingName(), id.shadowName().orElse(""));
            changes.fire(new ShadowChanged(
                    id,
                    ShadowChanged.Kind.DELETED,
                    accepted.state().version(),
                    accepted.document(),
                    Optional.empty(),
                    Optional.empty()));
        }
        return outcome;
    }

    @Override
    public NamedShadowPage listNamedShadows(String thingName, Optional<String> nextToken, int pageSize) {
        ShadowNames.requireValidThingName(thingName);
        int limit = PageSizes.check("pageSize", pageSize, 25, MAX_PAGE_SIZE);
        String listing = "named-shadows:" + thingName;
        Optional<String> after = PageTokens.decode(listing, nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(thingName));
        StringBuilder sql = new StringBuilder(
                "SELECT shadow_name FROM shadow_document WHERE thing_name = ? AND present AND shadow_name <> ''");
        after.ifPresent(last -> {
            sql.append(" AND shadow_name > ?");
            parameters.add(last);
        });
        sql.append(" ORDER BY shadow_name LIMIT ?");
        parameters.add(limit + 1);
        List<String> names = jdbc.query(sql.toString(), parameters, row -> row.getString(1));
        Page<String> page = KeysetPages.of(listing, names, limit, name -> name);
        return new NamedShadowPage(page.items(), page.nextToken(), now());
    }

    private void validate(ShadowId id) {
        ShadowNames.requireValidThingName(id.thingName());
        id.shadowName().ifPresent(ShadowNames::requireValidShadowName);
    }

    /** Serialises requests on one shadow until the transaction ends; no lock spans shadows. */
    private void lock(ShadowId id) {
        jdbc.queryOne(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))",
                row -> true,
                id.thingName() + "/" + id.shadowName().orElse("")); // "/" is in neither name
    }

    private Optional<ShadowState> load(ShadowId id) {
        return jdbc.queryOne(
                "SELECT state FROM shadow_document WHERE thing_name = ? AND shadow_name = ?",
                row -> ShadowState.fromJson(parse(row.getString(1))),
                id.thingName(),
                id.shadowName().orElse(""));
    }

    private void store(ShadowId id, ShadowState state) {
        jdbc.update(
                "INSERT INTO shadow_document (thing_name, shadow_name, state, version, present, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (thing_name, shadow_name) DO UPDATE SET"
                        + " state = excluded.state, version = excluded.version, present = excluded.present,"
                        + " updated_at = excluded.updated_at",
                id.thingName(),
                id.shadowName().orElse(""),
                state.toJson().toString(),
                state.version(),
                state.exists(),
                clock.instant());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonObject section(JsonObject document, String name) {
        JsonValue value = document.get(name);
        return value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }
}
