package io.thingstead.common.api.json;

/**
 * Bounds applied while reading untrusted JSON, so that a hostile document is refused before it costs memory or stack.
 *
 * @param maxBytes the largest document accepted, in UTF-8 bytes
 * @param maxDepth the deepest nesting of objects and arrays accepted (a flat object has depth 1)
 */
public record JsonLimits(int maxBytes, int maxDepth) {
    /** AWS IoT's limits for control-plane request bodies are well under these; they are a backstop, not a policy. */
    public static final JsonLimits DEFAULT = new JsonLimits(256 * 1024, 32);

    public JsonLimits {
        if (maxBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
