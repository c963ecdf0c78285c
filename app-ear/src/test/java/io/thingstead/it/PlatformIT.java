package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole EAR on the provisioned WildFly against real PostgreSQL: migrations, readiness, metrics, sign-in gate. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlatformIT {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @Test
    void readyMeansTheDatabaseAnswersAndMigrationsAreApplied() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(TestEnvironment.management("/health/ready"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject health = TestEnvironment.json(response.body());
        assertThat(health.getString("status")).isEqualTo("UP");
        Map<String, JsonObject> checks = health.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c));
        JsonObject database = checks.get("thingstead-database");
        assertThat(database)
                .as("our readiness check is registered: %s", checks.keySet())
                .isNotNull();
        assertThat(database.getString("status")).isEqualTo("UP");
        assertThat(database.getJsonObject("data").getString("schema")).isEqualTo("READY");
        assertThat(database.getJsonObject("data").getString("schemaVersion")).matches("\\d{12}");
        for (String subsystem : List.of(
                "thingstead-master-key", "thingstead-pki", "thingstead-gateway", "thingstead-operator-access")) {
            JsonObject check = checks.get(subsystem);
            assertThat(check)
                    .as("readiness covers %s: %s", subsystem, checks.keySet())
                    .isNotNull();
            assertThat(check.getString("status")).as(subsystem).isEqualTo("UP");
            assertThat(check.getJsonObject("data").getString("state"))
                    .as(subsystem)
                    .isEqualTo("UP");
        }
        assertThat(checks.get("thingstead-master-key").getJsonObject("data").getString("fingerprint"))
                .matches("[0-9a-f]{8}");
        assertThat(checks.get("thingstead-gateway").getJsonObject("data").getString("listeners"))
                .contains("MQTT over TLS");
    }

    @Test
    void livenessAnswers() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(TestEnvironment.management("/health/live"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestEnvironment.json(response.body()).getString("status")).isEqualTo("UP");
    }

    @Test
    void migrationsAreRecordedInTheDatabase() throws Exception {
        try (Connection db = TestEnvironment.database();
                Statement sql = db.createStatement()) {
            try (ResultSet applied =
                    sql.executeQuery("SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success)"
                            + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
                applied.next();
                assertThat(applied.getInt(1)).isPositive();
                assertThat(applied.getInt(2)).isZero();
            }
            try (ResultSet info = sql.executeQuery("SELECT value FROM platform_info WHERE key = 'installation_id'")) {
                assertThat(info.next()).isTrue();
                assertThat(info.getString(1)).matches("[0-9a-f-]{36}");
            }
        }
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(TestEnvironment.management("/metrics"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("# TYPE ").containsPattern("(?m)^jvm_memory_used_bytes\\{");
    }

    @Test
    void thePortalSendsStrangersToTheOidcProvider() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(TestEnvironment.http("/portal/"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location)
                        .startsWith(TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL")
                                + "/protocol/openid-connect/auth?")
                        .contains("client_id=thingstead-portal"));
    }

    @Test
    void plainHttpListensOnLoopbackOnlyWhileHttpsIsPublic() throws Exception {
        List<InetAddress> addresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof Inet4Address)
                .toList();
        if (addresses.isEmpty()) {
            // no other address on this machine to probe from: check what the server was configured with instead
            String config = Files.readString(
                    Path.of(System.getProperty("thingstead.server.dir"), "standalone/configuration/standalone.xml"));
            assertThat(config)
                    .contains("<socket-binding name=\"http\" interface=\"loopback\"")
                    .containsPattern("<interface name=\"loopback\">\\s*<inet-address value=\"127.0.0.1\"/>");
            return;
        }
        for (InetAddress address : addresses) {
            try (Socket https = new Socket()) {
                https.connect(new InetSocketAddress(address, TestEnvironment.port(8443)), 2000);
                assertThat(https.isConnected()).as("HTTPS on %s", address).isTrue();
            }
            try (Socket http = new Socket()) {
                Throwable refused = catchThrowable(
                        () -> http.connect(new InetSocketAddress(address, TestEnvironment.port(8080)), 2000));
                assertThat(refused).as("plain HTTP on %s", address).isInstanceOf(IOException.class);
            }
        }
    }
}
