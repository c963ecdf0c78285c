package io.thingstead.http.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes every change made through the control plane to the audit trail: who (the access key's principal), what (the
 * AWS action and the resource ARN), when, from where, and how it ended (SUCCESS or the AWS error type). Reads are not
 * recorded. Failed changes are recorded too: an attempt is a fact worth keeping.
 */
@Provider
@ApplicationScoped
public class AuditFilter implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger(AuditFilter.class);
    /** A request property a resource sets to the ARN of what it created (when the path does not name it). */
    static final String RESOURCE_ARN = "thingstead.audit.arn";

    private static final Map<String, String> ARN_TYPES = Map.of(
            "thingName", "thing",
            "thingTypeName", "thingtype",
            "thingGroupName", "thinggroup",
            "certificateId", "cert",
            "caCertificateId", "cacert",
            "templateName", "provisioningtemplate",
            "jobId", "job",
            "jobTemplateId", "jobtemplate",
            "ruleName", "rule");

    @Inject
    AuditTrail audit;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method method = resource == null ? null : resource.getResourceMethod();
        ControlPlaneAction action = method == null ? null : method.getAnnotation(ControlPlaneAction.class);
        if (action == null || !action.mutating()) {
            return;
        }
        Caller caller = (Caller) request.getProperty(SigV4AuthenticationFilter.CALLER);
        if (caller == null) {
            return; // refused before authentication: nothing was changed, and nobody to name
        }
        if (ThingJobsResource.JOBS_DATA.equals(caller.service())) {
            return; // the Jobs device API is devices' traffic, not a change of configuration
        }
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        Optional<String> arn = Optional.empty();
        Map<String, String> details = new LinkedHashMap<>();
        for (Map.Entry<String, String> type : ARN_TYPES.entrySet()) {
            String name = path.getFirst(type.getKey());
            if (name != null) {
                details.put(type.getKey(), name);
                if (arn.isEmpty()) {
                    arn = Optional.of(platform.iotArn(type.getValue(), name).toString());
                }
            }
        }
        if (arn.isEmpty() && request.getProperty(RESOURCE_ARN) instanceof String created) {
            arn = Optional.of(created);
        }
        String principal = request.getHeaderString(ThingResource.PRINCIPAL_HEADER);
        if (principal != null) {
            details.put("principal", principal.length() > 256 ? principal.substring(0, 256) : principal);
        }
        String outcome = response.getStatus() < 400
                ? AuditEvent.SUCCESS
                : Optional.ofNullable(response.getHeaderString(ErrorBody.ERROR_TYPE_HEADER))
                        .orElse("HTTP " + response.getStatus());
        try {
            audit.record(new AuditEvent(
                    clock.instant(),
                    caller.actor(),
                    action.value(),
                    arn,
                    outcome,
                    Optional.ofNullable(servletRequest).map(HttpServletRequest::getRemoteAddr),
                    details));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record %s by %s in the audit trail", action.value(), caller.actor());
        }
    }
}
