package io.thingstead.shadow.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * A stored shadow: its {@code desired} and {@code reported} sections, the per-leaf metadata of each, the version and the
 * time of the last change. Or, if {@link #deleted()}, the tombstone a deletion leaves: no state, only the version
 * number that a re-created shadow continues from (for {@link ShadowLimits#DELETED_SHADOW_VERSION_RETENTION}).
 *
 * <p>An absent section is an empty object: AWS removes a section that an update leaves empty, so the two are the same.
 * Values are JSON-P values and kept exactly (numbers keep their scale and size, objects their member order).
 *
 * <p>{@link #toJson()} and {@link #fromJson(JsonObject)} give the storage form, lossless:
 * {@code {"state":{"desired":{..},"reported":{..}},"metadata":{"desired":{..},"reported":{..}},"version":5,
 * "timestamp":1591142747}} for a shadow, {@code {"deleted":true,"version":6,"timestamp":1591142800}} for a tombstone.
 *
 * @param desired the desired section (empty if absent)
 * @param reported the reported section (empty if absent)
 * @param desiredMetadata the metadata of the desired section: the same tree with {@code {"timestamp": t}} for each leaf
 *     and an array of per-element metadata for each array
 * @param reportedMetadata likewise for the reported section
 * @param version the shadow's version (for a tombstone: the version its deletion consumed)
 * @param timestamp when the shadow was last updated (for a tombstone: when it was deleted), in epoch seconds
 * @param deleted whether this is a deleted shadow's tombstone
 */
public record ShadowState(
        JsonObject desired,
        JsonObject reported,
        JsonObject desiredMetadata,
        JsonObject reportedMetadata,
        long version,
        long timestamp,
        boolean deleted) {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<String> SHADOW_MEMBERS = Set.of("state", "metadata", "version", "timestamp");
    private static final Set<String> TOMBSTONE_MEMBERS = Set.of("deleted", "version", "timestamp");
    private static final Set<String> SECTIONS = Set.of("desired", "reported");

    public ShadowState {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(desiredMetadata, "desiredMetadata");
        Objects.requireNonNull(reportedMetadata, "reportedMetadata");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, not " + version);
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, not " + timestamp);
        }
        if (desired.isEmpty() != desiredMetadata.isEmpty() || reported.isEmpty() != reportedMetadata.isEmpty()) {
            throw new IllegalArgumentException("a section and its metadata must be both empty or both present");
        }
        if (deleted && !(desired.isEmpty() && reported.isEmpty())) {
            throw new IllegalArgumentException("a deleted shadow has no state");
        }
    }

    /** A shadow with the given state. */
    public static ShadowState of(
            JsonObject desired,
            JsonObject reported,
            JsonObject desiredMetadata,
            JsonObject reportedMetadata,
            long version,
            long timestamp) {
        return new ShadowState(desired, reported, desiredMetadata, reportedMetadata, version, timestamp, false);
    }

    /** The tombstone of a shadow deleted at {@code deletedAt}, whose deletion consumed version {@code version}. */
    public static ShadowState tombstone(long version, long deletedAt) {
        return new ShadowState(
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                version,
                deletedAt,
                true);
    }

    /** Whether this is a shadow (not a tombstone). */
    public boolean exists() {
        return !deleted;
    }

    /** The {@code state} object: {@code desired} and {@code reported}, each only if present, in that order. */
    public JsonObject stateJson() {
        return sections(desired, reported).build();
    }

    /** The {@code metadata} object: {@code desired} and {@code reported}, each only if present, in that order. */
    public JsonObject metadataJson() {
        return sections(desiredMetadata, reportedMetadata).build();
    }

    /** The storage form of this state (see the class comment); {@link #fromJson(JsonObject)} reads it back. */
    public JsonObject toJson() {
        if (deleted) {
            return JSON.createObjectBuilder()
                    .add("deleted", true)
                    .add("version", version)
                    .add("timestamp", timestamp)
                    .build();
        }
        return JSON.createObjectBuilder()
                .add("state", stateJson())
                .add("metadata", metadataJson())
                .add("version", version)
                .add("timestamp", timestamp)
                .build();
    }

    /**
     * Reads the storage form written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if {@code json} is not a stored shadow state
     */
    public static ShadowState fromJson(JsonObject json) {
        Objects.requireNonNull(json, "json");
        long version = longMember(json, "version");
        long timestamp = longMember(json, "timestamp");
        if (json.containsKey("deleted")) {
            requireOnly(json, TOMBSTONE_MEMBERS, "a stored tombstone");
            if (json.get("deleted") != JsonValue.TRUE) {
                throw new IllegalArgumentException("\"deleted\" must be true in a stored tombstone");
            }
            return tombstone(version, timestamp);
        }
        requireOnly(json, SHADOW_MEMBERS, "a stored shadow");
        JsonObject state = objectMember(json, "state");
        JsonObject metadata = objectMember(json, "metadata");
        requireOnly(state, SECTIONS, "\"state\"");
        requireOnly(metadata, SECTIONS, "\"metadata\"");
        return of(
                section(state, "desired"),
                section(state, "reported"),
                section(metadata, "desired"),
                section(metadata, "reported"),
                version,
                timestamp);
    }

    private static JsonObjectBuilder sections(JsonObject desired, JsonObject reported) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        if (!desired.isEmpty()) {
            builder.add("desired", desired);
        }
        if (!reported.isEmpty()) {
            builder.add("reported", reported);
        }
        return builder;
    }

    private static JsonObject section(JsonObject parent, String name) {
        JsonValue value = parent.get(name);
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("\"" + name + "\" must be an object");
        }
        return value.asJsonObject();
    }

    private static JsonObject objectMember(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("\"" + name + "\" must be an object");
        }
        return value.asJsonObject();
    }

    private static long longMember(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value instanceof JsonNumber number) {
            BigDecimal decimal = number.bigDecimalValue();
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("\"" + name + "\" must be an integer, not " + decimal, e);
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" must be a number");
    }

    private static void requireOnly(JsonObject json, Set<String> allowed, String what) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unexpected member \"" + key + "\" in " + what);
            }
        }
    }
}
