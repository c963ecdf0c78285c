package io.thingstead.http.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.rest.ErrorResponses;
import io.thingstead.identity.api.Role;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Checks that the authenticated caller may perform the action of the matched resource method ({@link
 * ControlPlaneAction}, or {@link JobsDataAction} for the Jobs device API). Operators may do everything; the policy issue adds IAM-style policies for other principals. A method without an {@link ControlPlaneAction}
 * is refused: nothing is reachable by accident. An unsigned request (only GET and HEAD under {@code /pki/} get this
 * far, {@link PublicPaths}) reaches nothing but a {@link PublicRead} method.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class AuthorizationFilter implements ContainerRequestFilter {
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = (Caller) request.getProperty(SigV4AuthenticationFilter.CALLER);
        Method method = resource.getResourceMethod();
        if (caller == null && method != null && method.isAnnotationPresent(PublicRead.class)) {
            return;
        }
        String action = method == null ? null : action(method, caller);
        if (caller == null || action == null || !allowed(caller.role(), action)) {
            request.abortWith(ErrorResponses.of(
                    ErrorCode.ACCESS_DENIED,
                    "User: " + (caller == null ? "anonymous" : caller.principal()) + " is not authorized to perform: "
                            + (action == null ? "this operation" : action)));
        }
    }

    /**
     * The action a request performs: the method's {@link JobsDataAction} for a request signed for {@code
     * iot-jobs-data}, its {@link ControlPlaneAction} for any other; null when the method has none for that service.
     */
    static String action(Method method, Caller caller) {
        if (caller != null && ThingJobsResource.JOBS_DATA.equals(caller.service())) {
            JobsDataAction data = method.getAnnotation(JobsDataAction.class);
            return data == null ? null : data.value();
        }
        ControlPlaneAction action = method.getAnnotation(ControlPlaneAction.class);
        if (action == null) {
            return null;
        }
        // a request signed for CloudTrail reaches the audit lookup and nothing else, and only such a request does
        boolean cloudTrailCaller = caller != null && CLOUDTRAIL.equals(caller.service());
        return cloudTrailCaller == action.value().startsWith(CLOUDTRAIL + ":") ? action.value() : null;
    }

    /** The SigV4 service name of CloudTrail, whose {@code LookupEvents} reads the audit trail. */
    static final String CLOUDTRAIL = "cloudtrail";

    static boolean allowed(Role role, String action) {
        return switch (role) {
            case OPERATOR ->
                action.startsWith("iot:") || action.startsWith("iotjobsdata:") || action.startsWith(CLOUDTRAIL + ":");
        };
    }
}
