package io.thingstead.http.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.rest.ErrorResponses;
import io.thingstead.http.sigv4.SigV4Request;
import io.thingstead.http.sigv4.SigV4Verifier;
import io.thingstead.http.sigv4.VerifiedRequest;
import io.thingstead.identity.api.AccessKeys;
import io.thingstead.identity.api.ActiveAccessKey;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Optional;

/**
 * Every request must be signed with AWS Signature Version 4 by an access key Thingstead issued: service {@code iot}
 * (control plane), {@code iotdata} (data plane), {@code iot-jobs-data} (the Jobs device API) or {@code cloudtrail}
 * (the audit trail's {@code LookupEvents}), the configured region, AWS's five minutes of clock skew. Reads the
 * body once, bounded, so that the payload hash can be checked and the resource can parse it. The one exception are
 * the read-only PKI publications ({@link PublicPaths}: CA certificates and CRLs), which pass without a caller and
 * reach only {@link PublicRead} methods.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class SigV4AuthenticationFilter implements ContainerRequestFilter {
    static final String CALLER = "thingstead.caller";
    /** Larger than any control-plane request and than the 128 KB MQTT payload limit of the data plane. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final java.util.regex.Pattern FIRMWARE_UPLOAD =
            java.util.regex.Pattern.compile("/firmware/[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    @Inject
    PlatformIdentity platform;

    @Inject
    AccessKeys accessKeys;

    @Inject
    Clock clock;

    @Inject
    Instance<RequestBody> body;

    private SigV4Verifier verifier;

    @PostConstruct
    void init() {
        verifier = SigV4Verifier.builder()
                .region(platform.region())
                .services("iot", "iotdata", ThingJobsResource.JOBS_DATA, AuthorizationFilter.CLOUDTRAIL)
                .clock(clock)
                .secrets(id -> accessKeys
                        .findActive(id)
                        .map(key -> new String(key.secret(), StandardCharsets.UTF_8).toCharArray()))
                .build();
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (PublicPaths.isPublicRead(
                request.getMethod(), request.getUriInfo().getRequestUri().getRawPath())) {
            return;
        }
        SigV4Request.Builder signed = SigV4Request.builder()
                .method(request.getMethod())
                .rawPath(request.getUriInfo().getRequestUri().getRawPath())
                .rawQuery(request.getUriInfo().getRequestUri().getRawQuery())
                .headers(request.getHeaders());
        if (isFirmwareUpload(
                request.getMethod(), request.getUriInfo().getRequestUri().getRawPath())) {
            // a firmware file is larger than any other request: it is not read here but streamed to the store, which
            // checks it against the SHA-256 the client signed (as S3 does with x-amz-content-sha256)
            String declared = request.getHeaderString("x-amz-content-sha256");
            if (declared == null || !SHA256_HEX.matcher(declared).matches()) {
                request.abortWith(ErrorResponses.of(
                        ErrorCode.INVALID_REQUEST,
                        "A firmware upload carries the SHA-256 of its body, hex, in x-amz-content-sha256."));
                return;
            }
            signed.payload(SigV4Request.Payload.ofSha256Hex(declared.toLowerCase(java.util.Locale.ROOT)));
        } else {
            byte[] bytes = readBounded(request.getEntityStream());
            if (bytes == null) {
                request.abortWith(ErrorResponses.of(
                        ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes."));
                return;
            }
            request.setEntityStream(new ByteArrayInputStream(bytes));
            body.get().set(bytes);
            signed.payload(bytes);
        }
        VerifiedRequest verified;
        try {
            verified = verifier.verify(signed.build());
        } catch (IotException e) {
            request.abortWith(ErrorResponses.of(e.toBody()));
            return;
        }
        Optional<ActiveAccessKey> key = accessKeys.findActive(verified.accessKeyId());
        if (key.isEmpty()) {
            request.abortWith(ErrorResponses.of(
                    ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."));
            return;
        }
        Caller caller = new Caller(
                verified.accessKeyId(), key.get().principal(), key.get().role(), verified.service());
        request.setProperty(CALLER, caller);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.role().name().equalsIgnoreCase(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "AWS4-HMAC-SHA256";
            }
        });
    }

    /** {@code PUT /firmware/<name>}: the one request whose body is streamed rather than read here. */
    static boolean isFirmwareUpload(String method, String rawPath) {
        return "PUT".equals(method)
                && rawPath != null
                && FIRMWARE_UPLOAD.matcher(rawPath).matches();
    }

    /** The whole stream, or null when it is longer than {@link #MAX_BODY_BYTES}. */
    static byte[] readBounded(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }
}
