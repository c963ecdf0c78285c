package io.thingstead.policy.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Condition keys that belong to one request rather than to the connection (for example {@code iot:ConnectAttributes}
 * on a CONNECT). They serve as condition keys and, when single-valued, as policy variables. Key names are
 * case-insensitive. Keys of the connection ({@code iot:ClientId}, {@code iot:Connection.Thing.*},
 * {@code iot:Certificate.*}, {@code aws:SourceIp}, ...) always come from the {@link AuthorizationContext}; a request
 * cannot override them.
 *
 * @param keys values by key name, lower-cased
 */
public record RequestContext(Map<String, List<String>> keys) {
    /** A request that brings no keys of its own. */
    public static final RequestContext EMPTY = new RequestContext(Map.of());

    public RequestContext {
        Map<String, List<String>> normalized = new LinkedHashMap<>();
        keys.forEach((key, values) ->
                normalized.put(Objects.requireNonNull(key, "key").toLowerCase(Locale.ROOT), List.copyOf(values)));
        keys = Map.copyOf(normalized);
    }

    public static RequestContext of(String key, String... values) {
        return new RequestContext(Map.of(key, List.of(values)));
    }

    /** The values of {@code key} (any case), or {@code null} when the request does not have it. */
    public List<String> get(String key) {
        return keys.get(key.toLowerCase(Locale.ROOT));
    }

    /** The values of a key already lower-cased with {@link Locale#ROOT}, without allocating. */
    public List<String> getLowerCase(String lowerCaseKey) {
        return keys.get(lowerCaseKey);
    }
}
