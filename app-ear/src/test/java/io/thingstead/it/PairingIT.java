package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.it.pairingprobe.PairingProbeApplication;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * User-to-device pairing against the real platform: codes made for things, redeemed by users (through the pairing
 * api as the portal calls it, via a test web module), the records and policies that follow, and what each user can
 * then reach over MQTT over WebSocket with their own Keycloak access token.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PairingIT {
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static IotClient iot;
    private static IotDataPlaneClient data;

    @Deployment(testable = false)
    static EnterpriseArchive ear() throws IOException {
        EnterpriseArchive ear = TestEnvironment.ear();
        String applicationXml;
        try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            applicationXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ear.delete("META-INF/application.xml");
        ear.setApplicationXML(new StringAsset(applicationXml.replace(
                "<library-directory>",
                "<module><web><web-uri>pairing-probe.war</web-uri>"
                        + "<context-root>/pairing-probe</context-root></web></module>\n"
                        + "  <library-directory>")));
        ear.addAsModule(ShrinkWrap.create(WebArchive.class, "pairing-probe.war")
                .addPackage(PairingProbeApplication.class.getPackage()));
        return ear;
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        data = Operator.data();
    }

    @AfterAll
    static void close() {
        iot.close();
        data.close();
    }

    @Test
    void aCodePairsItsThingAndOnlyItsOwnerReachesItOverMqttOverWebSocket() throws Exception {
        String lamp = "pair-lamp-" + RUN;
        String other = "pair-other-" + RUN;
        iot.createThing(r -> r.thingName(lamp));
        iot.createThing(r -> r.thingName(other));
        String aliceToken = AppClient.accessToken("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD"));
        String alice = AppClient.identityId(aliceToken);
        String bobToken =
                AppClient.accessToken("operator", TestEnvironment.require("THINGSTEAD_TEST_OPERATOR_PASSWORD"));
        String bob = AppClient.identityId(bobToken);

        String code = probe("/issue?thing=" + lamp).getString("code");
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(pair(alice, "alice", code.toLowerCase().replace("-", " ")).getString("thing"))
                .as("case and separators do not matter")
                .isEqualTo(lamp);

        // the records: ownership, the two policies on the identity, the identity as the thing's principal
        assertThat(probe("/owner?thing=" + lamp, "GET").getString("owner")).isEqualTo(alice);
        assertThat(probe("/devices?identity=" + alice, "GET")
                        .getJsonArray("things")
                        .getString(0))
                .isEqualTo(lamp);
        assertThat(iot.listAttachedPolicies(r -> r.target(alice)).policies().stream()
                        .map(Policy::policyName))
                .contains("thingstead-end-user", "thingstead-owner-" + lamp);
        assertThat(iot.listThingPrincipals(r -> r.thingName(lamp)).principals()).contains(alice);
        // the device learns its owner through its "pairing" shadow
        assertThat(pairingShadowOwner(lamp)).isEqualTo(alice);

        // alice's app reaches her lamp's shadow and nothing else
        try (AppClient app = AppClient.connect(alice + "-pairing-it", aliceToken)) {
            String shadow = "$aws/things/" + lamp + "/shadow/";
            assertThat(app.subscribe(shadow + "update/documents")).isEqualTo(1);
            assertThat(app.subscribe(shadow + "get/+")).isEqualTo(1);
            assertThat(app.publish(shadow + "update", "{\"state\":{\"desired\":{\"color\":\"blue\"}}}"))
                    .as("accepted (0x10: no subscribers to the request topic itself)")
                    .isLessThan(0x80);
            assertThat(app.inbox.next(shadow + "update/documents").payload()).contains("\"blue\"");
            // another thing, the platform's pairing shadow, wildcards over all things: refused
            assertThat(app.subscribe("$aws/things/" + other + "/shadow/update/documents"))
                    .isEqualTo(0x87);
            assertThat(app.publish("$aws/things/" + other + "/shadow/update", "{\"state\":{\"desired\":{}}}"))
                    .isEqualTo(0x87);
            assertThat(app.subscribe(shadow + "name/pairing/update/delta")).isEqualTo(0x87);
            assertThat(app.publish(shadow + "name/pairing/update", "{\"state\":{\"desired\":{\"owner\":\"me\"}}}"))
                    .isEqualTo(0x87);
            assertThat(app.subscribe("$aws/things/+/shadow/#")).isEqualTo(0x87);
            assertThat(app.subscribe("#")).isEqualTo(0x87);
        }

        // bob (another person, enrolled, no devices) reaches nothing of alice's
        probe("/enroll?identity=" + bob);
        try (AppClient hostile = AppClient.connect(bob + "-hostile", bobToken)) {
            assertThat(hostile.subscribe("$aws/things/" + lamp + "/shadow/update/documents"))
                    .isEqualTo(0x87);
            assertThat(hostile.subscribe("$aws/things/" + lamp + "/shadow/get/accepted"))
                    .isEqualTo(0x87);
            assertThat(hostile.subscribe("$aws/events/presence/connected/" + lamp))
                    .isEqualTo(0x87);
            assertThat(hostile.publish(
                            "$aws/things/" + lamp + "/shadow/update", "{\"state\":{\"desired\":{\"color\":\"red\"}}}"))
                    .isEqualTo(0x87);
            assertThat(hostile.publish("cmd/" + lamp + "/reboot", "{}")).isEqualTo(0x87);
        }
        // nor by pretending to be alice's client
        assertThatThrownBy(() -> AppClient.connect(alice + "-pairing-it", bobToken))
                .isInstanceOf(MqttException.class);
        assertThat(data.getThingShadow(r -> r.thingName(lamp)).payload().asUtf8String())
                .doesNotContain("\"red\"");
    }

    @Test
    void wrongExpiredUsedAndReplacedCodesGetClearAnswersAndGuessingIsLimitedAndAudited() throws Exception {
        String one = "pair-one-" + RUN;
        String two = "pair-two-" + RUN;
        iot.createThing(r -> r.thingName(one));
        iot.createThing(r -> r.thingName(two));
        String carol = "us-east-1:" + UUID.randomUUID();
        String dave = "us-east-1:" + UUID.randomUUID();

        JsonObject malformed = pair(carol, "carol", "not a code");
        assertThat(malformed.getString("refused")).isEqualTo("MALFORMED");
        assertThat(malformed.getString("message")).contains("12 letters and digits");

        assertThat(pair(carol, "carol", "0000-0000-0000").getString("refused")).isEqualTo("UNKNOWN_CODE");

        String first = probe("/issue?thing=" + one).getString("code");
        String second = probe("/issue?thing=" + one).getString("code");
        JsonObject replaced = pair(carol, "carol", first);
        assertThat(replaced.getString("refused")).isEqualTo("SUPERSEDED");
        assertThat(replaced.getString("message")).contains("replaced by a newer one");

        assertThat(pair(dave, "dave", second).getString("thing")).isEqualTo(one);
        JsonObject used = pair(carol, "carol", second);
        assertThat(used.getString("refused")).isEqualTo("USED");
        assertThat(used.getString("message")).contains("already been used");

        String expiring = probe("/issue?thing=" + two).getString("code");
        execute("UPDATE pairing_code SET expires_at = now() - interval '1 minute' WHERE thing_name = ?", two);
        JsonObject expired = pair(carol, "carol", expiring);
        assertThat(expired.getString("refused")).isEqualTo("EXPIRED");
        assertThat(expired.getString("message")).contains("expired on");

        // five wrong codes in the window: even a good code waits now
        String good = probe("/issue?thing=" + two).getString("code");
        JsonObject limited = pair(carol, "carol", good);
        assertThat(limited.getString("refused")).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(Instant.parse(limited.getString("retryAfter")))
                .isAfter(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(probe("/owner?thing=" + two, "GET").containsKey("owner")).isFalse();
        // another user is not held back by carol's mistakes
        assertThat(pair(dave, "dave", good).getString("thing")).isEqualTo(two);

        // every attempt is in the audit trail, with its outcome; no code is
        List<String> outcomes = new ArrayList<>();
        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement("SELECT outcome, details::text FROM audit_event"
                        + " WHERE actor = ? AND action = 'thingstead:PairThing' ORDER BY id")) {
            query.setString(1, carol);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    outcomes.add(rows.getString(1));
                    assertThat(rows.getString(2)).doesNotContain(good, first, second, expiring);
                }
            }
        }
        assertThat(outcomes)
                .containsExactly("MALFORMED", "UNKNOWN_CODE", "SUPERSEDED", "USED", "EXPIRED", "TOO_MANY_ATTEMPTS");
        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM pairing_code WHERE thing_name = ? AND code_hash = ?")) {
            query.setString(1, two);
            query.setBytes(2, good.getBytes(StandardCharsets.US_ASCII));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("codes are stored as keyed hashes only")
                        .isZero();
            }
        }
    }

    @Test
    void anOwnerTransfersTheThingAndTheNextOwnerUnpairsIt() throws Exception {
        String thing = "pair-move-" + RUN;
        iot.createThing(r -> r.thingName(thing));
        String erin = "us-east-1:" + UUID.randomUUID();
        String frank = "us-east-1:" + UUID.randomUUID();
        String ownerPolicy = "thingstead-owner-" + thing;

        assertThat(pair(erin, "erin", probe("/issue?thing=" + thing).getString("code"))
                        .getString("thing"))
                .isEqualTo(thing);
        assertThat(probe("/transfer?identity=" + frank + "&thing=" + thing).getString("refused"))
                .as("only the owner makes transfer codes")
                .isEqualTo("NOT_OWNER");
        String transfer =
                probe("/transfer?identity=" + erin + "&thing=" + thing).getString("code");
        assertThat(probe("/owner?thing=" + thing, "GET").getString("owner"))
                .as("erin keeps it until the code is redeemed")
                .isEqualTo(erin);

        assertThat(pair(frank, "frank", transfer).getString("thing")).isEqualTo(thing);
        assertThat(probe("/owner?thing=" + thing, "GET").getString("owner")).isEqualTo(frank);
        assertThat(attachedPolicies(erin)).doesNotContain(ownerPolicy);
        assertThat(attachedPolicies(frank)).contains(ownerPolicy);
        assertThat(iot.listThingPrincipals(r -> r.thingName(thing)).principals())
                .containsExactly(frank);
        assertThat(pairingShadowOwner(thing)).isEqualTo(frank);
        assertThat(probe("/unpair?identity=" + erin + "&thing=" + thing).getString("refused"))
                .isEqualTo("NOT_OWNER");

        probe("/unpair?identity=" + frank + "&thing=" + thing);
        assertThat(probe("/owner?thing=" + thing, "GET").containsKey("owner")).isFalse();
        assertThat(attachedPolicies(frank)).doesNotContain(ownerPolicy);
        assertThatThrownBy(() -> iot.getPolicy(r -> r.policyName(ownerPolicy)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(iot.listThingPrincipals(r -> r.thingName(thing)).principals())
                .isEmpty();
        assertThat(pairingShadowOwner(thing)).isEmpty();

        // an operator can take a thing from its owner, e.g. before deleting it
        pair(erin, "erin", probe("/issue?thing=" + thing).getString("code"));
        probe("/release?thing=" + thing);
        assertThat(probe("/owner?thing=" + thing, "GET").containsKey("owner")).isFalse();
        iot.deleteThing(r -> r.thingName(thing));
    }

    private static List<String> attachedPolicies(String identity) {
        return iot.listAttachedPolicies(r -> r.target(identity)).policies().stream()
                .map(Policy::policyName)
                .toList();
    }

    private static String pairingShadowOwner(String thing) {
        String document = data.getThingShadow(r -> r.thingName(thing).shadowName("pairing"))
                .payload()
                .asUtf8String();
        return TestEnvironment.json(document)
                .getJsonObject("state")
                .getJsonObject("desired")
                .getString("owner");
    }

    private static JsonObject pair(String identity, String user, String code) throws Exception {
        return probe("/pair?identity=" + encode(identity) + "&user=" + user, "POST", code);
    }

    private static JsonObject probe(String path) throws Exception {
        return probe(path, "POST", "");
    }

    private static JsonObject probe(String path, String method) throws Exception {
        return probe(path, method, "");
    }

    private static JsonObject probe(String path, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestEnvironment.http("/pairing-probe" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain");
        request = "GET".equals(method)
                ? request.GET()
                : request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = TestEnvironment.send(request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestEnvironment.json(response.body());
    }

    private static void execute(String sql, String parameter) throws Exception {
        try (Connection db = TestEnvironment.database();
                PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            assertThat(statement.executeUpdate()).isPositive();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
