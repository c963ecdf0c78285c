package io.thingstead.it.pkiprobe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A test-only web module added to the EAR by {@code PkiIT}: it exposes the gateway's view of the PKI ({@code
 * DeviceAuthenticator}, {@code GatewayTrust}), which has no HTTP surface of its own.
 */
@ApplicationPath("/")
public class PkiProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(PkiProbeResource.class);
    }
}
