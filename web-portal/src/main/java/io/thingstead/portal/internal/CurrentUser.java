package io.thingstead.portal.internal;

import com.vaadin.flow.server.VaadinSession;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.identity.api.IdentityIds;
import io.thingstead.pairing.api.EndUser;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.wildfly.security.http.oidc.AccessToken;
import org.wildfly.security.http.oidc.OidcPrincipal;
import org.wildfly.security.http.oidc.OidcSecurityContext;
import org.wildfly.security.http.oidc.RefreshableOidcSecurityContext;

/**
 * The person signed in to this Vaadin session, read once from the OpenID Connect sign-in the server did (WildFly's
 * elytron-oidc-client): their name, roles, their Cognito-style identity id, and the session's tokens.
 *
 * <p>Claims used (docs/portal.md, "Identity"): {@code sub} and {@code iss} (the identity id), {@code
 * preferred_username} (else {@code name}, else {@code sub}) for display, and the roles {@code operator} and {@code
 * end-user} from {@code realm_access.roles} (Keycloak) or a top-level {@code roles} claim (any other provider).
 */
public final class CurrentUser implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String OPERATOR = "operator";
    public static final String END_USER = "end-user";
    private static final String ATTRIBUTE = CurrentUser.class.getName();

    private final String username;
    private final String subject;
    private final String identityId;
    private final Set<String> roles;
    private final String sourceIp;
    private final OidcSecurityContext context;

    private CurrentUser(
            String username,
            String subject,
            String identityId,
            Set<String> roles,
            String sourceIp,
            OidcSecurityContext context) {
        this.username = username;
        this.subject = subject;
        this.identityId = identityId;
        this.roles = Set.copyOf(roles);
        this.sourceIp = sourceIp;
        this.context = context;
    }

    /** Reads the signed-in user from a request the OIDC mechanism authenticated, and keeps them in the session. */
    static CurrentUser capture(HttpServletRequest request, VaadinSession session) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            throw new IllegalStateException("no signed-in user: the portal is only reachable after OIDC sign-in");
        }
        Set<String> roles = new TreeSet<>();
        for (String role : new String[] {OPERATOR, END_USER}) {
            if (request.isUserInRole(role)) {
                roles.add(role);
            }
        }
        OidcSecurityContext context = null;
        String subject = principal.getName();
        String issuer = null;
        String username = principal.getName();
        if (principal instanceof OidcPrincipal<?> oidc) {
            context = oidc.getOidcSecurityContext();
            AccessToken token = context.getToken();
            subject = token.getSubject();
            issuer = token.getIssuer();
            username = Optional.ofNullable(token.getPreferredUsername())
                    .or(() -> Optional.ofNullable(token.getName()))
                    .orElse(subject);
        }
        PlatformIdentity platform = CDI.current().select(PlatformIdentity.class).get();
        CurrentUser user = new CurrentUser(
                username,
                subject,
                IdentityIds.of(platform.region(), issuer, subject),
                roles,
                request.getRemoteAddr(),
                context);
        session.setAttribute(ATTRIBUTE, user);
        return user;
    }

    /** The user of the current Vaadin session. */
    public static CurrentUser get() {
        VaadinSession session = VaadinSession.getCurrent();
        CurrentUser user = session == null ? null : (CurrentUser) session.getAttribute(ATTRIBUTE);
        if (user == null) {
            throw new IllegalStateException("no signed-in user in this Vaadin session");
        }
        return user;
    }

    public String username() {
        return username;
    }

    public String subject() {
        return subject;
    }

    /** {@code <region>:<uuid>}: what their devices' ownership and policies name. */
    public String identityId() {
        return identityId;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isOperator() {
        return hasRole(OPERATOR);
    }

    public EndUser endUser() {
        return new EndUser(identityId, subject, username, Optional.ofNullable(sourceIp));
    }

    /** Who did it, for the audit trail of changes made in the portal. */
    public String actor() {
        return "portal:" + username;
    }

    /** An access token and when it expires. */
    public record Grant(String token, Instant expiresAt) {}

    /**
     * The session's access token, refreshed first (with the refresh token, at the provider) when less than {@code
     * minimumLeft} of it is left. Empty when the session has no OIDC tokens.
     */
    public synchronized Optional<Grant> accessToken(java.time.Duration minimumLeft) {
        if (context == null) {
            return Optional.empty();
        }
        if (left(context.getToken()).compareTo(minimumLeft) < 0
                && context instanceof RefreshableOidcSecurityContext refreshable) {
            refreshable.refreshToken(false);
        }
        AccessToken token = context.getToken();
        if (token == null || token.isExpired()) {
            return Optional.empty();
        }
        return Optional.of(new Grant(context.getTokenString(), Instant.ofEpochSecond(token.getExpiration())));
    }

    private static java.time.Duration left(AccessToken token) {
        if (token == null || token.getExpiration() == null) {
            return java.time.Duration.ZERO;
        }
        return java.time.Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpiration()));
    }

    /** The provider's end-session URL (RP-initiated logout), with the ID token as hint and where to come back to. */
    public Optional<String> logoutUrl(String postLogoutRedirect) {
        if (!(context instanceof RefreshableOidcSecurityContext refreshable)
                || refreshable.getOidcClientConfiguration() == null
                || refreshable.getOidcClientConfiguration().getLogoutUrl() == null) {
            return Optional.empty();
        }
        var configuration = refreshable.getOidcClientConfiguration();
        StringBuilder url = new StringBuilder(configuration.getLogoutUrl());
        url.append(url.indexOf("?") < 0 ? '?' : '&')
                .append("client_id=")
                .append(encode(configuration.getResourceName()))
                .append("&post_logout_redirect_uri=")
                .append(encode(postLogoutRedirect));
        if (context.getIDTokenString() != null) {
            url.append("&id_token_hint=").append(encode(context.getIDTokenString()));
        }
        return Optional.of(url.toString());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
