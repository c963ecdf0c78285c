package io.thingstead.policy.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a connection when its policies are bound: the values of the connection-scoped policy variables
 * and condition keys. Every field may be {@code null} (or empty) when the value does not exist for the connection; a
 * policy that refers to a missing value does not match, as in AWS IoT.
 *
 * @param clientId the MQTT client id ({@code iot:ClientId})
 * @param thing the registry thing attached to the principal and named by the client id, or {@code null} when there is
 *     none ({@code iot:Connection.Thing.*}; {@code iot:Connection.Thing.IsAttached} is {@code true} exactly when
 *     present)
 * @param certificateId the id of the authenticating certificate ({@code iot:CertificateId})
 * @param certificate certificate attributes by {@link CertificateFields} name ({@code iot:Certificate.*}), each with
 *     its values in certificate order
 * @param sourceIp the client's IP address, IPv4 or IPv6 ({@code aws:SourceIp})
 * @param domainName the domain name the client connected to ({@code iot:DomainName})
 * @param identityId the Cognito-style identity id ({@code <region>:<uuid>}) of a connection authenticated by a token
 *     (MQTT over WebSocket), {@code null} otherwise ({@code cognito-identity.amazonaws.com:sub}, the variable AWS IoT
 *     policies for Amazon Cognito identities use)
 */
public record AuthorizationContext(
        String clientId,
        ConnectedThing thing,
        String certificateId,
        Map<String, List<String>> certificate,
        String sourceIp,
        String domainName,
        String identityId) {

    /** A context in which nothing is known. */
    public static final AuthorizationContext EMPTY =
            new AuthorizationContext(null, null, null, Map.of(), null, null, null);

    /**
     * @throws IllegalArgumentException when a certificate attribute is not one AWS IoT defines
     */
    public AuthorizationContext {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (certificate != null) {
            certificate.forEach((name, values) -> {
                String canonical = CertificateFields.canonical(name)
                        .orElseThrow(
                                () -> new IllegalArgumentException("not an AWS IoT certificate attribute: " + name));
                List<String> copy = List.copyOf(Objects.requireNonNull(values, name));
                if (!copy.isEmpty() && fields.putIfAbsent(canonical, copy) != null) {
                    throw new IllegalArgumentException("certificate attribute given twice: " + canonical);
                }
            });
        }
        certificate = Map.copyOf(fields);
    }

    /** A context without an identity id: a certificate's or an access key's connection. */
    public AuthorizationContext(
            String clientId,
            ConnectedThing thing,
            String certificateId,
            Map<String, List<String>> certificate,
            String sourceIp,
            String domainName) {
        this(clientId, thing, certificateId, certificate, sourceIp, domainName, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AuthorizationContext}. */
    public static final class Builder {
        private String clientId;
        private ConnectedThing thing;
        private String certificateId;
        private final Map<String, List<String>> certificate = new LinkedHashMap<>();
        private String sourceIp;
        private String domainName;
        private String identityId;

        private Builder() {}

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder thing(ConnectedThing thing) {
            this.thing = thing;
            return this;
        }

        public Builder certificateId(String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /** Sets a certificate attribute ({@link CertificateFields} name) to one or more values. */
        public Builder certificateField(String name, String... values) {
            certificate.put(name, new ArrayList<>(List.of(values)));
            return this;
        }

        public Builder sourceIp(String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        public Builder domainName(String domainName) {
            this.domainName = domainName;
            return this;
        }

        /** The Cognito-style identity id of a token connection ({@code cognito-identity.amazonaws.com:sub}). */
        public Builder identityId(String identityId) {
            this.identityId = identityId;
            return this;
        }

        public AuthorizationContext build() {
            return new AuthorizationContext(
                    clientId, thing, certificateId, certificate, sourceIp, domainName, identityId);
        }
    }
}
