package io.thingstead.it.jobsprobe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A test-only web module added to the EAR by {@code CReferenceDeviceIT}: Thingstead has no Jobs service yet, so this
 * stands in for it and publishes a job notification to a device as the platform does ({@code Gateway#publish}).
 */
@ApplicationPath("/")
public class JobsProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JobsProbeResource.class);
    }
}
