package io.thingstead.http.sigv4;

import java.time.Instant;
import java.util.Objects;

/**
 * What a successful {@link SigV4Verifier#verify} established: who signed the request, for which region and service,
 * when, and whether the signature came in the query string (a presigned URL) rather than the Authorization header.
 */
public record VerifiedRequest(
        String accessKeyId, String region, String service, Instant signingInstant, boolean presigned) {

    public VerifiedRequest {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(signingInstant, "signingInstant");
    }
}
