package io.thingstead.rules.internal.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The confirmation URLs of the enabled HTTP destinations, in memory for the HTTP action's check before each request
 * (AWS: an HTTP action posts only to a URL under a confirmed, enabled destination). Refreshed with the rules.
 */
@ApplicationScoped
public class EnabledDestinations {
    private volatile List<String> urls = List.of();

    void refresh(List<String> enabled) {
        urls = List.copyOf(enabled);
    }

    /** Whether {@code url} is under an enabled destination's confirmation URL. */
    public boolean allows(String url) {
        for (String prefix : urls) {
            if (url.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
