package io.thingstead.it.probe;

import io.thingstead.common.api.rest.IotExceptionMapper;
import io.thingstead.common.api.rest.UnexpectedExceptionMapper;
import io.thingstead.common.api.rest.WebApplicationExceptionMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** A JAX-RS application registering the common error mappers as every Thingstead endpoint does. */
@ApplicationPath("/")
public class ErrorProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                ErrorProbeResource.class,
                IotExceptionMapper.class,
                WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class);
    }
}
