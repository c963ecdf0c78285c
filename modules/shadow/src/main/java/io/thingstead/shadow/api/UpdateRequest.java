package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed update request state document, {@code {"state":{"desired":{..},"reported":{..}},"clientToken":"..",
 * "version":N}} ({@link ShadowDocuments#parseUpdateRequest(byte[])} reads one with AWS's validation).
 *
 * <p>Members of the request other than {@code state}, {@code clientToken} and {@code version} are ignored, as AWS
 * ignores them. {@code "state": null} clears both sections, {@code "desired": null} (or {@code "reported": null}) clears
 * that section, a {@code null} member inside a section deletes that member.
 *
 * @param state the {@code state} member as received: an object with at most {@code desired} and {@code reported}, each
 *     an object or {@code null}; or {@link JsonValue#NULL}. It is echoed in the {@code /update/accepted} document.
 * @param clientToken the request's client token, if it sent one
 * @param version the version the request expects the shadow to be at, if it sent one
 */
public record UpdateRequest(JsonValue state, Optional<String> clientToken, OptionalLong version) {
    private static final JsonProvider JSON = JsonProvider.provider();

    public UpdateRequest {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clientToken, "clientToken");
        Objects.requireNonNull(version, "version");
        if (state.getValueType() == JsonValue.ValueType.OBJECT) {
            for (var member : state.asJsonObject().entrySet()) {
                if (!member.getKey().equals("desired") && !member.getKey().equals("reported")) {
                    throw new IllegalArgumentException("state member \"" + member.getKey() + "\" is not a section");
                }
                JsonValue.ValueType type = member.getValue().getValueType();
                if (type != JsonValue.ValueType.OBJECT && type != JsonValue.ValueType.NULL) {
                    throw new IllegalArgumentException("\"" + member.getKey() + "\" must be an object or null");
                }
            }
        } else if (state != JsonValue.NULL) {
            throw new IllegalArgumentException("state must be an object or null");
        }
        if (version.isPresent() && version.getAsLong() < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /** A request that changes the desired section (convenience for callers and tests). */
    public static UpdateRequest desired(JsonObject desired) {
        return new UpdateRequest(section("desired", desired), Optional.empty(), OptionalLong.empty());
    }

    /** A request that changes the reported section (convenience for callers and tests). */
    public static UpdateRequest reported(JsonObject reported) {
        return new UpdateRequest(section("reported", reported), Optional.empty(), OptionalLong.empty());
    }

    public UpdateRequest withClientToken(String token) {
        return new UpdateRequest(state, Optional.of(token), version);
    }

    public UpdateRequest withVersion(long expectedVersion) {
        return new UpdateRequest(state, clientToken, OptionalLong.of(expectedVersion));
    }

    /**
     * The change to the desired section: empty if the request leaves it alone, {@link JsonValue#NULL} if it clears it,
     * otherwise the object to merge into it.
     */
    public Optional<JsonValue> desired() {
        return sectionUpdate("desired");
    }

    /** The change to the reported section, as {@link #desired()}. */
    public Optional<JsonValue> reported() {
        return sectionUpdate("reported");
    }

    private Optional<JsonValue> sectionUpdate(String name) {
        if (state == JsonValue.NULL) {
            return Optional.of(JsonValue.NULL);
        }
        return Optional.ofNullable(state.asJsonObject().get(name));
    }

    private static JsonObject section(String name, JsonObject value) {
        return JSON.createObjectBuilder()
                .add(name, Objects.requireNonNull(value, name))
                .build();
    }
}
