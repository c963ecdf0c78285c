package io.thingstead.common.api.rest;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Renders {@link IotException} as AWS does. Register it (with the other mappers here) in every JAX-RS application. */
@Provider
public class IotExceptionMapper implements ExceptionMapper<IotException> {
    private static final Logger LOG = Logger.getLogger(IotExceptionMapper.class);

    @Override
    public Response toResponse(IotException exception) {
        if (exception.code() == ErrorCode.INTERNAL_FAILURE) {
            LOG.errorf(exception, "internal failure: %s", exception.getMessage());
        } else {
            LOG.debugf("%s: %s", exception.code().type(), exception.getMessage());
        }
        return ErrorResponses.of(exception.toBody());
    }
}
