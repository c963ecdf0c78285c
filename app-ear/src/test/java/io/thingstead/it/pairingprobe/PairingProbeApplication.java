package io.thingstead.it.pairingprobe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A test-only web module added to the EAR by {@code PairingIT}: it calls the pairing module's api as the portal does
 * for a signed-in user (whose identity the test names), so that pairing's rules are tested without a browser.
 */
@ApplicationPath("/")
public class PairingProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(PairingProbeResource.class);
    }
}
