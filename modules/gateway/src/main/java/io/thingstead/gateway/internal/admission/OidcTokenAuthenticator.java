package io.thingstead.gateway.internal.admission;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.TokenAuthenticator;
import io.thingstead.identity.api.IdentityIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * The default {@link TokenAuthenticator}: OpenID Connect access tokens (JWT) of the configured provider, verified with
 * jose4j (the JOSE library WildFly itself ships) against the provider's JWKS, which is fetched on first use and
 * re-fetched when a token names an unknown key. A token must be signed (RS256/384/512, PS256, ES256/384), unexpired
 * (30 s clock skew), issued by {@code thingstead.gateway.websocket.token-issuer} (default: the portal's OIDC provider,
 * {@code thingstead.oidc.provider-url}) to one of the clients in {@code thingstead.gateway.websocket.token-clients}
 * ({@code azp}, default {@code thingstead-app} and the portal's client {@code thingstead.oidc.client-id}), and, when {@code thingstead.gateway.websocket.token-audience} is set,
 * carry that audience.
 *
 * <p>The identity id is AWS's Cognito form {@code <region>:<uuid>}: the subject itself when it is a UUID (Keycloak's
 * user ids are), otherwise a name-based UUID of issuer and subject. Operators attach IoT policies to it with {@code
 * aws iot attach-policy --target <region>:<uuid>}.
 */
@ApplicationScoped
public class OidcTokenAuthenticator implements TokenAuthenticator {
    private static final Logger LOG = Logger.getLogger(OidcTokenAuthenticator.class);

    @Inject
    Config config;

    @Inject
    PlatformIdentity platform;

    private volatile JwtConsumer consumer;
    private volatile Set<String> clients;

    @Override
    public Optional<TokenIdentity> authenticate(String token, String clientId) {
        if (token == null || token.isEmpty() || token.length() > 16 * 1024) {
            return Optional.empty();
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            // never log the token; the reason names no secret
            LOG.debugf(
                    "refused a WebSocket token: %s",
                    e.getErrorDetails().stream().map(d -> d.getErrorMessage()).collect(Collectors.joining("; ")));
            return Optional.empty();
        }
        try {
            String subject = claims.getSubject();
            String authorizedParty = claims.getStringClaimValue("azp");
            if (subject == null || subject.isEmpty()) {
                return Optional.empty();
            }
            if (!clients.isEmpty() && (authorizedParty == null || !clients.contains(authorizedParty))) {
                LOG.debugf("refused a WebSocket token issued to client %s", authorizedParty);
                return Optional.empty();
            }
            // setRequireExpirationTime: every accepted token has one
            Instant expiresAt = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            return Optional.of(
                    new TokenIdentity(identityId(claims.getIssuer(), subject), subject, Optional.of(expiresAt)));
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** {@code <region>:<uuid>}, AWS's identity id form that {@code AttachPolicy} accepts as a target. */
    public String identityId(String issuer, String subject) {
        return IdentityIds.of(platform.region(), issuer, subject);
    }

    private JwtConsumer consumer() {
        JwtConsumer current = consumer;
        if (current == null) {
            synchronized (this) {
                current = consumer;
                if (current == null) {
                    current = build();
                    consumer = current;
                }
            }
        }
        return current;
    }

    private JwtConsumer build() {
        String issuer = setting("thingstead.gateway.websocket.token-issuer")
                .or(() -> setting("thingstead.oidc.provider-url"))
                .orElse("http://localhost:8180/realms/thingstead");
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String jwksUrl =
                setting("thingstead.gateway.websocket.jwks-url").orElse(issuer + "/protocol/openid-connect/certs");
        clients = setting("thingstead.gateway.websocket.token-clients")
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty() && !s.equals("*"))
                        .collect(Collectors.toUnmodifiableSet()))
                // the apps' public client, and the portal's own client: the portal hands its users' access tokens
                // to their browsers for MQTT over WebSocket (docs/portal.md)
                .orElse(Set.of(
                        "thingstead-app", setting("thingstead.oidc.client-id").orElse("thingstead-portal")));
        Optional<String> audience = setting("thingstead.gateway.websocket.token-audience");
        HttpsJwks jwks = new HttpsJwks(jwksUrl);
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(issuer)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        List.of(
                                        AlgorithmIdentifiers.RSA_USING_SHA256,
                                        AlgorithmIdentifiers.RSA_USING_SHA384,
                                        AlgorithmIdentifiers.RSA_USING_SHA512,
                                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                                .toArray(String[]::new)));
        if (audience.isPresent()) {
            builder.setExpectedAudience(audience.get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        LOG.infof(
                "MQTT over WebSocket accepts access tokens of %s (keys from %s) issued to %s",
                issuer, jwksUrl, clients.isEmpty() ? "any client" : String.join(", ", clients));
        return builder.build();
    }

    private Optional<String> setting(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }
}
