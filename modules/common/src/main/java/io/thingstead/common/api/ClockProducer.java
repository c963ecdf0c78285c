package io.thingstead.common.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The platform clock: inject {@link Clock} instead of calling {@code Instant.now()}, so that tests can fix time and
 * timestamps are always UTC.
 */
@ApplicationScoped
public class ClockProducer {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
