package io.thingstead.it.provisioningprobe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A test-only web module added to the EAR by {@code ProvisioningIT}: it stands in for the MQTT gateway (built
 * separately), handing what a device publishes to {@code FleetProvisioning} and presenting certificates to {@code
 * DeviceAuthenticator}, exactly as the gateway will.
 */
@ApplicationPath("/")
public class ProvisioningProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ProvisioningProbeResource.class);
    }
}
