package io.thingstead.shadow.internal;

import static io.thingstead.shadow.internal.JsonTrees.JSON;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.DeleteRequest;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowDocuments;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import io.thingstead.shadow.api.UpdateRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * The Device Shadow document semantics (see {@link ShadowDocuments}). Stateless: one instance serves everyone.
 *
 * <p>Document shapes and member order follow the AWS developer guide's examples: {@code /update/accepted} is state,
 * metadata, version, timestamp, clientToken; {@code /update/delta} is version, timestamp, state, metadata, clientToken;
 * {@code /update/documents} is previous, current, timestamp, clientToken; {@code /get/accepted} is state, metadata,
 * version, timestamp, clientToken; {@code /delete/accepted} is version, timestamp, clientToken.
 */
@ApplicationScoped
public class DefaultShadowDocuments implements ShadowDocuments {
    private static final long DELETED_VERSION_RETENTION_SECONDS =
            ShadowLimits.DELETED_SHADOW_VERSION_RETENTION.toSeconds();

    @Override
    public UpdateRequest parseUpdateRequest(byte[] payload) {
        return RequestParser.parseUpdate(payload);
    }

    @Override
    public GetRequest parseGetRequest(byte[] payload) {
        return RequestParser.parseGet(payload);
    }

    @Override
    public DeleteRequest parseDeleteRequest(byte[] payload) {
        return RequestParser.parseDelete(payload);
    }

    @Override
    public UpdateOutcome update(ShadowState current, UpdateRequest request, long timestamp) {
        Objects.requireNonNull(request, "request");
        Optional<ShadowError> invalid = RequestParser.validateSections(request);
        if (invalid.isPresent()) {
            return new Rejected(invalid.get());
        }
        Optional<String> clientToken = request.clientToken();
        ShadowState previous = current != null && current.exists() ? current : null;
        long versionNow = versionOf(current, timestamp);
        if (request.version().isPresent() && request.version().getAsLong() != versionNow) {
            return new Rejected(ShadowError.versionConflict(clientToken));
        }

        Section desired =
                previous == null ? Section.EMPTY : new Section(previous.desired(), previous.desiredMetadata());
        Section reported =
                previous == null ? Section.EMPTY : new Section(previous.reported(), previous.reportedMetadata());
        desired = desired.apply(request.desired(), timestamp);
        reported = reported.apply(request.reported(), timestamp);
        if (sizeOf(desired.state) + sizeOf(reported.state) > ShadowLimits.MAX_STATE_DOCUMENT_BYTES) {
            return new Rejected(ShadowError.payloadTooLarge(clientToken));
        }

        ShadowState updated = ShadowState.of(
                desired.state, reported.state, desired.metadata, reported.metadata, versionNow + 1, timestamp);

        JsonObjectBuilder accepted = JSON.createObjectBuilder()
                .add("state", request.state())
                .add("metadata", ShadowMetadata.of(request.state(), timestamp))
                .add("version", updated.version())
                .add("timestamp", timestamp);
        clientToken.ifPresent(token -> accepted.add("clientToken", token));

        Optional<JsonObject> delta = deltaDocument(updated, clientToken, timestamp);

        JsonObjectBuilder documents = JSON.createObjectBuilder();
        if (previous != null) {
            documents.add("previous", snapshot(previous));
        }
        documents.add("current", snapshot(updated)).add("timestamp", timestamp);
        clientToken.ifPresent(token -> documents.add("clientToken", token));

        return new UpdateOutcome.Accepted(updated, accepted.build(), delta, documents.build());
    }

    @Override
    public GetOutcome get(ShadowId id, ShadowState current, GetRequest request, long timestamp) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        if (current == null || !current.exists()) {
            return new Rejected(ShadowError.noShadow(id, request.clientToken()));
        }
        JsonObject delta = JsonTrees.delta(current.desired(), current.reported());
        JsonObjectBuilder state = JSON.createObjectBuilder(current.stateJson());
        JsonObjectBuilder metadata = JSON.createObjectBuilder(current.metadataJson());
        if (!delta.isEmpty()) {
            state.add("delta", delta);
            metadata.add("delta", ShadowMetadata.ofDelta(delta, current.desired(), current.desiredMetadata()));
        }
        JsonObjectBuilder document = JSON.createObjectBuilder()
                .add("state", state)
                .add("metadata", metadata)
                .add("version", current.version())
                .add("timestamp", timestamp);
        request.clientToken().ifPresent(token -> document.add("clientToken", token));
        return new GetOutcome.Accepted(document.build());
    }

    @Override
    public DeleteOutcome delete(ShadowId id, ShadowState current, DeleteRequest request, long timestamp) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        if (current == null || !current.exists()) {
            return new Rejected(ShadowError.noShadow(id, request.clientToken()));
        }
        JsonObjectBuilder document =
                JSON.createObjectBuilder().add("version", current.version()).add("timestamp", timestamp);
        request.clientToken().ifPresent(token -> document.add("clientToken", token));
        return new DeleteOutcome.Accepted(ShadowState.tombstone(current.version() + 1, timestamp), document.build());
    }

    /**
     * The version an update must name to pass the version check, and the one the update increments: the shadow's
     * version; for a deleted shadow, the version its deletion consumed while that is remembered; otherwise 0.
     */
    private static long versionOf(ShadowState current, long timestamp) {
        if (current == null) {
            return 0;
        }
        if (current.deleted() && timestamp - current.timestamp() > DELETED_VERSION_RETENTION_SECONDS) {
            return 0;
        }
        return current.version();
    }

    private static Optional<JsonObject> deltaDocument(ShadowState state, Optional<String> clientToken, long timestamp) {
        JsonObject delta = JsonTrees.delta(state.desired(), state.reported());
        if (delta.isEmpty()) {
            return Optional.empty();
        }
        JsonObjectBuilder document = JSON.createObjectBuilder()
                .add("version", state.version())
                .add("timestamp", timestamp)
                .add("state", delta)
                .add("metadata", ShadowMetadata.ofDelta(delta, state.desired(), state.desiredMetadata()));
        clientToken.ifPresent(token -> document.add("clientToken", token));
        return Optional.of(document.build());
    }

    /** A full document as {@code /update/documents} carries it: state, metadata, version. */
    private static JsonObject snapshot(ShadowState state) {
        return JSON.createObjectBuilder()
                .add("state", state.stateJson())
                .add("metadata", state.metadataJson())
                .add("version", state.version())
                .build();
    }

    private static int sizeOf(JsonObject section) {
        return section.isEmpty() ? 0 : JsonTrees.utf8Size(section);
    }

    /** One section of the shadow (desired or reported) with its metadata. */
    private record Section(JsonObject state, JsonObject metadata) {
        static final Section EMPTY = new Section(JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT);

        Section apply(Optional<JsonValue> update, long timestamp) {
            if (update.isEmpty()) {
                return this;
            }
            if (update.get().getValueType() == JsonValue.ValueType.NULL) {
                return EMPTY;
            }
            JsonObject change = update.get().asJsonObject();
            JsonObject merged = JsonTrees.merge(state, change);
            if (merged.isEmpty()) {
                return EMPTY;
            }
            return new Section(merged, ShadowMetadata.merge(state, metadata, change, merged, timestamp));
        }
    }
}
