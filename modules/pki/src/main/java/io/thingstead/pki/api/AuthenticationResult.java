package io.thingstead.pki.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What {@link DeviceAuthenticator} decided about a presented client certificate. */
public sealed interface AuthenticationResult {
    /** The certificate id of the presented leaf, when one was presented. */
    Optional<String> certificateId();

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /**
     * The device may connect as this certificate.
     *
     * @param certificateArn the principal policies are attached to
     * @param caCertificateId the issuing CA, empty for certificates registered without a CA
     * @param certificateFields the {@code iot:Certificate.*} policy variable values, keyed as {@link
     *     CertificateFieldKeys} (and {@code io.thingstead.policy.api.CertificateFields}) name them
     */
    record Accepted(
            String id,
            String certificateArn,
            Optional<String> caCertificateId,
            Map<String, List<String>> certificateFields)
            implements AuthenticationResult {
        public Accepted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(certificateArn, "certificateArn");
            Objects.requireNonNull(caCertificateId, "caCertificateId");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            certificateFields.forEach((key, values) -> copy.put(key, List.copyOf(values)));
            certificateFields = Collections.unmodifiableMap(copy);
        }

        @Override
        public Optional<String> certificateId() {
            return Optional.of(id);
        }
    }

    /**
     * The connection must be refused.
     *
     * @param detail a sentence for the gateway's log; names no secret
     */
    record Refused(RefusalReason reason, Optional<String> certificateId, String detail)
            implements AuthenticationResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(certificateId, "certificateId");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
