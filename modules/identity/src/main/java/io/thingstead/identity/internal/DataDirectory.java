package io.thingstead.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Thingstead keeps files of its own: {@code thingstead.data-dir} when set, else {@code thingstead/} in WildFly's
 * data directory.
 */
@ApplicationScoped
public class DataDirectory {
    @Inject
    @ConfigProperty(name = "thingstead.data-dir")
    Optional<String> configured;

    public Path path() {
        return configured
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("jboss.server.data.dir", "."), "thingstead"));
    }
}
