package io.thingstead.identity.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Cognito-style identity id of a person signed in with OpenID Connect: {@code <region>:<uuid>}, the form AWS IoT
 * gives Amazon Cognito identities and accepts as a policy target ({@code AttachPolicy --target}), as a thing principal
 * and as the policy variable {@code ${cognito-identity.amazonaws.com:sub}}.
 *
 * <p>The uuid is the token's {@code sub} when it is a UUID (Keycloak's user ids are), otherwise a name-based (type 3)
 * UUID of issuer and subject, so any OpenID Connect provider gives each user one stable id that no other issuer's
 * user can share. The gateway (MQTT over WebSocket) and the portal derive it the same way from the same claims.
 */
public final class IdentityIds {
    private static final Pattern IDENTITY_ID =
            Pattern.compile("[a-z0-9-]+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private IdentityIds() {}

    /**
     * @param region the installation's region ({@code PlatformIdentity.region()})
     * @param issuer the token's {@code iss}, without a trailing slash
     * @param subject the token's {@code sub}
     */
    public static String of(String region, String issuer, String subject) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("the subject is empty");
        }
        String uuid;
        try {
            UUID parsed = UUID.fromString(subject);
            uuid = parsed.toString().equals(subject) ? subject : null;
        } catch (IllegalArgumentException e) {
            uuid = null;
        }
        if (uuid == null) {
            String iss = issuer == null ? "" : stripSlash(issuer);
            uuid = UUID.nameUUIDFromBytes((iss + "\n" + subject).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
        return region + ":" + uuid;
    }

    /** Whether {@code text} has the form of an identity id ({@code <region>:<lower-case uuid>}). */
    public static boolean isIdentityId(String text) {
        return text != null && IDENTITY_ID.matcher(text).matches();
    }

    private static String stripSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
