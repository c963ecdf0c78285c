package io.thingstead.common.api.rest;

import io.thingstead.common.api.error.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Anything we did not expect becomes an {@code InternalFailureException} carrying only an incident id; the details go
 * to the server log under that id, never to the caller.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Exception exception) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(exception, "unexpected failure, incident %s", incident);
        return ErrorResponses.of(ErrorCode.INTERNAL_FAILURE, "Internal failure, incident " + incident + ".");
    }
}
