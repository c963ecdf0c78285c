package io.thingstead.it;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the integration tests talk to: the test server (usual ports + offset), the test database and Keycloak, as
 * {@code ./thingstead test} sets them up. A missing setting fails the test with a message saying so; nothing is
 * skipped.
 */
public final class TestEnvironment {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private TestEnvironment() {}

    public static String require(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    variable + " is not set: run the tests with ./thingstead test, which starts PostgreSQL and"
                            + " Keycloak and sets it (see docs/getting-started.md)");
        }
        return value;
    }

    static int port(int base) {
        return base + Integer.getInteger("thingstead.port.offset", 0);
    }

    public static URI http(String path) {
        return URI.create("http://localhost:" + port(8080) + path);
    }

    public static URI management(String path) {
        return URI.create("http://127.0.0.1:" + port(9990) + path);
    }

    /** The EAR this module built, as Arquillian deploys it. */
    public static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("thingstead.ear", "target/thingstead.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /**
     * The EAR with a test-only web module {@code <name>.war} at {@code /<name>} made of the classes of {@code probe}'s
     * package: a probe that reaches the platform's beans where no public interface does.
     */
    public static EnterpriseArchive earWithProbe(String name, Class<?> probe) throws IOException {
        EnterpriseArchive ear = ear();
        String applicationXml;
        try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            applicationXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ear.delete("META-INF/application.xml");
        ear.setApplicationXML(new StringAsset(applicationXml.replace(
                "<library-directory>",
                "<module><web><web-uri>%s.war</web-uri><context-root>/%s</context-root></web></module>\n  <library-directory>"
                        .formatted(name, name))));
        ear.addAsModule(ShrinkWrap.create(WebArchive.class, name + ".war").addPackage(probe.getPackage()));
        return ear;
    }

    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static jakarta.json.JsonObject json(String body) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(
                require("THINGSTEAD_DB_URL"), require("THINGSTEAD_DB_USER"), require("THINGSTEAD_DB_PASSWORD"));
    }
}
