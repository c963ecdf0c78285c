package io.thingstead.gateway.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.TokenAuthenticator;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import io.thingstead.gateway.internal.TestConnections;
import io.thingstead.gateway.internal.config.GatewaySettings;
import io.thingstead.identity.api.AccessKeyInfo;
import io.thingstead.identity.api.AccessKeys;
import io.thingstead.identity.api.ActiveAccessKey;
import io.thingstead.identity.api.NewAccessKey;
import io.thingstead.identity.api.Role;
import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.RefusalReason;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.ConnectedThing;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission decisions with the PKI, policies, access keys and tokens answered by test doubles. */
class AdmissionTest {
    private static final String CERT_ID = "a".repeat(64);
    private static final String CERT_ARN = "arn:aws:iot:us-east-1:123456789012:cert/" + CERT_ID;
    private static final String CONNECT_OWN_ID = "{'Effect':'Allow','Action':'iot:Connect',"
            + "'Resource':'arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}'}";

    private final Map<String, List<CompiledPolicy>> attached = new HashMap<>();
    private final Map<String, Optional<ConnectedThing>> attachedThings = new HashMap<>();
    private AuthenticationResult authentication;
    private final Admission admission = new Admission();
    private final Connections connections = new Connections(1000);
    private final GatewaySettings settings = GatewaySettings.from(name -> Optional.empty());

    @BeforeEach
    void wire() {
        admission.authenticator = chain -> authentication;
        admission.principalPolicies = new io.thingstead.policy.api.PrincipalPolicies() {
            @Override
            public List<CompiledPolicy> forPrincipal(String principal) {
                return attached.getOrDefault(principal, List.of());
            }

            @Override
            public Optional<ConnectedThing> attachedThing(String principal) {
                return Optional.empty();
            }
        };
        admission.evaluator = TestConnections.EVALUATOR;
        admission.things = new ThingLookup() {
            @Override
            public Optional<ConnectedThing> attachedThing(String principalArn, String clientId) {
                return attachedThings.getOrDefault(principalArn + " " + clientId, Optional.empty());
            }
        };
        admission.accessKeys = new OneKey("AKIDEV", "s3cret");
        admission.tokens = (token, clientId) -> switch (token) {
            case "good-token" -> Optional.of(new TokenAuthenticator.TokenIdentity("us-east-1:1234", "alice"));
            case "short-token" ->
                Optional.of(new TokenAuthenticator.TokenIdentity(
                        "us-east-1:1234", "alice", Optional.of(Instant.parse("2026-12-02T10:05:00Z"))));
            case "expired-token" ->
                Optional.of(new TokenAuthenticator.TokenIdentity(
                        "us-east-1:1234", "alice", Optional.of(Instant.parse("2026-12-02T09:59:59Z"))));
            case "long-token" ->
                Optional.of(new TokenAuthenticator.TokenIdentity(
                        "us-east-1:1234", "alice", Optional.of(Instant.parse("2026-12-09T10:00:00Z"))));
            default -> Optional.empty();
        };
        admission.platform = new PlatformIdentity("us-east-1", "123456789012");
        admission.clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
        authentication = new AuthenticationResult.Accepted(CERT_ID, CERT_ARN, Optional.empty(), Map.of());
    }

    private Admission.Attempt tls(String clientId) throws Exception {
        return new Admission.Attempt(
                clientId,
                true,
                false,
                new X509Certificate[] {anyCertificate()},
                Optional.of("192.0.2.1"),
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private void attach(String principal, String statements) {
        attached.put(
                principal,
                List.of(TestConnections.EVALUATOR.compile(
                        "p", ("{'Version':'2012-10-17','Statement':[" + statements + "]}").replace('\'', '"'))));
    }

    @Test
    void aDeviceWhosePoliciesAllowConnectIsAdmittedWithItsThing() throws Exception {
        attach(CERT_ARN, CONNECT_OWN_ID);
        attachedThings.put(CERT_ARN + " lamp-1", Optional.of(new ConnectedThing("lamp-1", "Lamp", Map.of())));

        Admission.Outcome outcome = admission.admit(tls("lamp-1"), connections, settings);

        assertThat(outcome).isInstanceOf(Admission.Admitted.class);
        Connection connection = ((Admission.Admitted) outcome).connection();
        assertThat(connection.clientId()).isEqualTo("lamp-1");
        assertThat(connection.principalId()).isEqualTo(CERT_ID);
        assertThat(connection.thingName()).contains("lamp-1");
        assertThat(connection.sessionId()).matches("[0-9a-f]{32}");
        assertThat(connection.versionNumber())
                .as("numbers grow from where the node started")
                .isEqualTo(1001);
    }

    @Test
    void connectDeniedNamesTheActionAndTheClient() throws Exception {
        attach(CERT_ARN, CONNECT_OWN_ID); // no thing lamp-2 attached: the variable does not resolve

        Admission.Refused refused = (Admission.Refused) admission.admit(tls("lamp-2"), connections, settings);

        assertThat(refused.reason()).isEqualTo("CONNECT_DENIED");
        assertThat(refused.detail()).isEqualTo("no policy allows iot:Connect on client/lamp-2");
        assertThat(refused.certificateId()).contains(CERT_ID);
    }

    @Test
    void thePkisRefusalIsPassedOnWithItsReason() throws Exception {
        authentication = new AuthenticationResult.Refused(RefusalReason.REVOKED, Optional.of(CERT_ID), "revoked");

        Admission.Refused refused = (Admission.Refused) admission.admit(tls("lamp-1"), connections, settings);

        assertThat(refused.reason()).isEqualTo("REVOKED");
        assertThat(refused.certificateId()).contains(CERT_ID);
    }

    @Test
    void noCertificateNoConnection() {
        Admission.Attempt bare = new Admission.Attempt(
                "lamp-1",
                true,
                false,
                null,
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(((Admission.Refused) admission.admit(bare, connections, settings)).reason())
                .isEqualTo("NO_CERTIFICATE");
    }

    @Test
    void webSocketClientsNeedAValidTokenAndTheIdentitysPolicies() {
        Admission.Attempt noToken = webSocket(Optional.empty());
        Admission.Attempt badToken = webSocket(Optional.of("forged"));
        Admission.Attempt goodToken = webSocket(Optional.of("good-token"));

        assertThat(((Admission.Refused) admission.admit(noToken, connections, settings)).reason())
                .isEqualTo("NO_TOKEN");
        assertThat(((Admission.Refused) admission.admit(badToken, connections, settings)).reason())
                .isEqualTo("BAD_TOKEN");
        assertThat(((Admission.Refused) admission.admit(goodToken, connections, settings)).reason())
                .isEqualTo("CONNECT_DENIED");

        attach("us-east-1:1234", "{'Effect':'Allow','Action':'iot:Connect','Resource':'*'}");
        Admission.Admitted admitted = (Admission.Admitted) admission.admit(goodToken, connections, settings);
        assertThat(admitted.connection().kind()).isEqualTo(Connection.Kind.TOKEN);
        assertThat(admitted.connection().principalId()).isEqualTo("us-east-1:1234");
        // no expiry in the token: AWS's 24 hours for a WebSocket connection
        assertThat(admitted.connection().expiry())
                .contains(new Connection.Expiry(Instant.parse("2026-12-03T10:00:00Z"), "WEBSOCKET_TTL_EXPIRATION"));
    }

    @Test
    void aTokenConnectionExpiresWithItsTokenAndAfter24HoursAtTheLatest() throws Exception {
        attach("us-east-1:1234", "{'Effect':'Allow','Action':'iot:Connect','Resource':'*'}");
        Admission.Admitted shortLived =
                (Admission.Admitted) admission.admit(webSocket(Optional.of("short-token")), connections, settings);
        Admission.Admitted longLived =
                (Admission.Admitted) admission.admit(webSocket(Optional.of("long-token")), connections, settings);

        assertThat(shortLived.connection().expiry())
                .contains(new Connection.Expiry(Instant.parse("2026-12-02T10:05:00Z"), "CUSTOMAUTH_TTL_EXPIRATION"));
        assertThat(longLived.connection().expiry())
                .contains(new Connection.Expiry(Instant.parse("2026-12-03T10:00:00Z"), "WEBSOCKET_TTL_EXPIRATION"));
        // a token past its expiry is refused even where the verifier's clock skew let it through
        Admission.Refused expired =
                (Admission.Refused) admission.admit(webSocket(Optional.of("expired-token")), connections, settings);
        assertThat(expired.reason()).isEqualTo("BAD_TOKEN");
        assertThat(expired.detail()).isEqualTo("the token has expired");
        // certificate connections do not expire this way (their certificate is re-checked by the sweep)
        attach(CERT_ARN, CONNECT_OWN_ID);
        attachedThings.put(CERT_ARN + " lamp-1", Optional.of(new ConnectedThing("lamp-1", "Lamp", Map.of())));
        Admission.Outcome device = admission.admit(tls("lamp-1"), connections, settings);
        assertThat(device).isInstanceOf(Admission.Admitted.class);
        assertThat(((Admission.Admitted) device).connection().expiry()).isEmpty();
    }

    @Test
    void thePlainListenerTakesAnOperatorKeyAndItsExactSecret() {
        Admission.Outcome wrong = admission.admit(plain("AKIDEV", "guess"), connections, settings);
        Admission.Outcome unknown = admission.admit(plain("AKIOTHER", "s3cret"), connections, settings);
        Admission.Outcome right = admission.admit(plain("AKIDEV", "s3cret"), connections, settings);

        assertThat(((Admission.Refused) wrong).reason()).isEqualTo("BAD_CREDENTIALS");
        assertThat(((Admission.Refused) wrong).detail())
                .doesNotContain("s3cret")
                .doesNotContain("guess");
        assertThat(((Admission.Refused) unknown).reason()).isEqualTo("BAD_CREDENTIALS");
        Connection operator = ((Admission.Admitted) right).connection();
        assertThat(operator.kind()).isEqualTo(Connection.Kind.ACCESS_KEY);
        assertThat(operator.permissions().canPublish("anything/at/all")).isTrue();
    }

    private static Admission.Attempt webSocket(Optional<String> token) {
        return new Admission.Attempt(
                "app-1",
                true,
                true,
                null,
                Optional.empty(),
                true,
                Optional.of("ignored"),
                token.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Optional.empty());
    }

    private static Admission.Attempt plain(String user, String password) {
        return new Admission.Attempt(
                "tool-1",
                false,
                false,
                null,
                Optional.of("127.0.0.1"),
                false,
                Optional.of(user),
                Optional.of(password.getBytes(StandardCharsets.UTF_8)),
                Optional.empty());
    }

    /** Any real X.509 certificate (the PKI double decides): the first of the JDK's trust store. */
    private static X509Certificate anyCertificate() throws Exception {
        KeyStore cacerts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib/security/cacerts"))) {
            cacerts.load(in, "changeit".toCharArray());
        }
        return (X509Certificate)
                cacerts.getCertificate(Collections.list(cacerts.aliases()).get(0));
    }

    private record OneKey(String id, String secret) implements AccessKeys {
        @Override
        public NewAccessKey create(String principal, Role role) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ActiveAccessKey> findActive(String accessKeyId) {
            return accessKeyId.equals(id)
                    ? Optional.of(
                            new ActiveAccessKey(id, "operator", Role.OPERATOR, secret.getBytes(StandardCharsets.UTF_8)))
                    : Optional.empty();
        }

        @Override
        public void deactivate(String accessKeyId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AccessKeyInfo> list() {
            return List.of();
        }
    }
}
