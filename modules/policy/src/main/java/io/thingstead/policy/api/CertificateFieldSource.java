package io.thingstead.policy.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Implemented by the module that owns certificates (PKI): the {@code iot:Certificate.*} values of a certificate
 * principal, so that TestAuthorization resolves certificate policy variables as the gateway does for a connection.
 */
public interface CertificateFieldSource {
    /**
     * @param principal the principal as TestAuthorization received it (a certificate ARN, an identity id...)
     * @return the certificate's attributes keyed by {@link CertificateFields} names, each with its values in
     *     certificate order; empty when the principal is not a certificate this source knows
     */
    Optional<Map<String, List<String>>> certificateFields(String principal);
}
