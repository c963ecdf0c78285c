package io.thingstead.common.api.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Failures of the HTTP layer itself (no such route, wrong method, unreadable body) in the AWS error shape, so a client
 * never sees an HTML error page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "The method is not allowed on this resource.";
            case 406, 415 -> "The content type is not supported.";
            default -> status >= 500 ? "Internal failure." : "The request could not be processed.";
        };
        return ErrorResponses.of(ErrorResponses.codeForStatus(status), message);
    }
}
