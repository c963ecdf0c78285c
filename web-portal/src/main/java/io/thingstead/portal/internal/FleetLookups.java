package io.thingstead.portal.internal;

import io.thingstead.registry.api.FleetIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Small questions the portal asks the fleet index on someone's behalf. */
@ApplicationScoped
public class FleetLookups {
    private static final Logger LOG = Logger.getLogger(FleetLookups.class);

    @Inject
    FleetIndex index;

    /** Whether the thing is connected now, as the gateway last reported it; empty when unknown. */
    public Optional<Boolean> connected(String thingName) {
        try {
            return index
                    .search(Optional.empty(), "thingName:" + quoted(thingName), Optional.empty(), 1)
                    .items()
                    .stream()
                    .findFirst()
                    .flatMap(FleetIndex.ThingDocument::connectivity)
                    .map(FleetIndex.Connectivity::connected);
        } catch (RuntimeException e) {
            LOG.debugf(e, "no connectivity for %s", thingName);
            return Optional.empty();
        }
    }

    /** A value as a quoted term of the query language. */
    public static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
