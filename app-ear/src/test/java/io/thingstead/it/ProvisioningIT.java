package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.thingstead.it.provisioningprobe.ProvisioningProbeApplication;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateSummary;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/**
 * Device provisioning: the provisioning template control plane through the AWS SDK's {@link IotClient}; fleet
 * provisioning by claim (CreateKeysAndCertificate, CreateCertificateFromCsr, RegisterThing with its ownership token and
 * pre-provisioning hook) and just-in-time provisioning through a test-only web module ({@link
 * ProvisioningProbeApplication}) that does what the MQTT gateway does with the provisioning topics and with a client
 * certificate; hostile requests; the audit trail.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProvisioningIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/Provisioning";
    private static final String ACCOUNT = "arn:aws:iot:us-east-1:000000000000:";
    private static final String CREATE = "$aws/certificates/create/json";
    private static final String CREATE_FROM_CSR = "$aws/certificates/create-from-csr/json";
    private static final String DEVICE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static IotClient iot;

    @TempDir
    Path directory;

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
                "<module><web><web-uri>provisioning-probe.war</web-uri>"
                        + "<context-root>/provisioning-probe</context-root></web></module>\n"
                        + "  <library-directory>")));
        ear.addAsModule(ShrinkWrap.create(WebArchive.class, "provisioning-probe.war")
                .addPackage(ProvisioningProbeApplication.class.getPackage()));
        return ear;
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the control plane

    @Test
    void templatesAndVersionsThroughTheAwsSdk() {
        String name = "it-tpl-" + suffix();
        String body = fleetTemplate("it-dev-", Map.of());
        var created = iot.createProvisioningTemplate(r -> r.templateName(name)
                .description("lamps")
                .templateBody(body)
                .enabled(true)
                .provisioningRoleArn(ROLE));
        assertThat(created.templateArn()).isEqualTo(ACCOUNT + "provisioningtemplate/" + name);
        assertThat(created.defaultVersionId()).isEqualTo(1);
        assertThat(catchThrowableOfType(
                        ResourceAlreadyExistsException.class,
                        () -> iot.createProvisioningTemplate(
                                r -> r.templateName(name).templateBody(body).provisioningRoleArn(ROLE))))
                .isNotNull();

        DescribeProvisioningTemplateResponse described = iot.describeProvisioningTemplate(r -> r.templateName(name));
        assertThat(described.templateName()).isEqualTo(name);
        assertThat(described.description()).isEqualTo("lamps");
        assertThat(described.enabled()).isTrue();
        assertThat(described.templateBody()).isEqualTo(body);
        assertThat(described.provisioningRoleArn()).isEqualTo(ROLE);
        assertThat(described.type()).isEqualTo(TemplateType.FLEET_PROVISIONING);
        assertThat(described.creationDate()).isNotNull();
        assertThat(iot.listProvisioningTemplates(r -> r.maxResults(250)).templates())
                .extracting(ProvisioningTemplateSummary::templateName)
                .contains(name);

        iot.updateProvisioningTemplate(
                r -> r.templateName(name).description("lamps v2").enabled(false));
        described = iot.describeProvisioningTemplate(r -> r.templateName(name));
        assertThat(described.description()).isEqualTo("lamps v2");
        assertThat(described.enabled()).isFalse();

        var second = iot.createProvisioningTemplateVersion(r -> r.templateName(name)
                .templateBody(fleetTemplate("it-dev2-", Map.of()))
                .setAsDefault(true));
        assertThat(second.versionId()).isEqualTo(2);
        assertThat(second.isDefaultVersion()).isTrue();
        assertThat(iot.describeProvisioningTemplateVersion(
                                r -> r.templateName(name).versionId(1))
                        .isDefaultVersion())
                .isFalse();
        assertThat(iot.listProvisioningTemplateVersions(r -> r.templateName(name))
                        .versions())
                .extracting(ProvisioningTemplateVersionSummary::versionId)
                .containsExactly(1, 2);
        assertThat(catchThrowableOfType(
                        DeleteConflictException.class,
                        () -> iot.deleteProvisioningTemplateVersion(
                                r -> r.templateName(name).versionId(2))))
                .isNotNull();
        iot.deleteProvisioningTemplateVersion(r -> r.templateName(name).versionId(1));
        for (int i = 0; i < 4; i++) {
            iot.createProvisioningTemplateVersion(r -> r.templateName(name).templateBody(body));
        }
        assertThat(catchThrowableOfType(
                        VersionsLimitExceededException.class,
                        () -> iot.createProvisioningTemplateVersion(
                                r -> r.templateName(name).templateBody(body))))
                .isNotNull();
        // version ids are never reused
        assertThat(iot.listProvisioningTemplateVersions(r -> r.templateName(name))
                        .versions())
                .extracting(ProvisioningTemplateVersionSummary::versionId)
                .containsExactly(2, 3, 4, 5, 6);
        iot.updateProvisioningTemplate(r -> r.templateName(name).defaultVersionId(3));
        assertThat(iot.describeProvisioningTemplate(r -> r.templateName(name)).defaultVersionId())
                .isEqualTo(3);

        // template body errors say where
        InvalidRequestException wrong = catchThrowableOfType(
                InvalidRequestException.class,
                () -> iot.createProvisioningTemplate(r -> r.templateName(name + "-bad")
                        .provisioningRoleArn(ROLE)
                        .templateBody("{\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":"
                                + "{\"ThingName\":{\"Ref\":\"Missing\"}}}}}")));
        assertThat(wrong.getMessage()).contains("Resources.thing.Properties.ThingName");
        assertThat(catchThrowableOfType(
                                InvalidRequestException.class,
                                () -> iot.createProvisioningTemplate(r -> r.templateName("bad name!")
                                        .provisioningRoleArn(ROLE)
                                        .templateBody(body)))
                        .getMessage())
                .contains("templateName");
        assertThat(catchThrowableOfType(
                                InvalidRequestException.class,
                                () -> iot.createProvisioningTemplate(r -> r.templateName(name + "-notjson")
                                        .provisioningRoleArn(ROLE)
                                        .templateBody("{\"Resources\": ")))
                        .getMessage())
                .contains("templateBody");
        assertThat(catchThrowableOfType(
                                InvalidRequestException.class,
                                () -> iot.createProvisioningTemplate(r -> r.templateName(name + "-jitphook")
                                        .provisioningRoleArn(ROLE)
                                        .type(TemplateType.JITP)
                                        .templateBody(jitpTemplate(Map.of()))
                                        .preProvisioningHook(h -> h.targetArn("http://127.0.0.1:1/hook"))))
                        .getMessage())
                .contains("preProvisioningHook");

        iot.deleteProvisioningTemplate(r -> r.templateName(name));
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class,
                        () -> iot.describeProvisioningTemplate(r -> r.templateName(name))))
                .isNotNull();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // fleet provisioning by claim

    @Test
    void fleetProvisioningByClaimCreatesTheThingAndActivatesTheCertificateOnce() throws Exception {
        String suffix = suffix();
        String policy = "it-device-" + suffix;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(DEVICE_POLICY));
        String type = "it-type-" + suffix;
        iot.createThingType(r -> r.thingTypeName(type));
        String group = "it-group-" + suffix;
        iot.createThingGroup(r -> r.thingGroupName(group));
        String template = "it-fleet-" + suffix;
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .templateBody(
                        fleetTemplate("it-dev-" + suffix + "-", Map.of("type", type, "group", group, "policy", policy)))
                .enabled(true)
                .provisioningRoleArn(ROLE));
        String claim = claimCertificate();

        JsonObject created = publish(CREATE, claim, "{}");
        assertThat(created.getString("topic")).isEqualTo(CREATE + "/accepted");
        JsonObject keys = created.getJsonObject("payload");
        assertThat(keys.keySet())
                .containsExactlyInAnyOrder(
                        "certificateId", "certificatePem", "privateKey", "certificateOwnershipToken");
        String certificateId = keys.getString("certificateId");
        assertThat(keys.getString("privateKey")).contains("PRIVATE KEY");
        assertThat(iot.describeCertificate(r -> r.certificateId(certificateId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(authenticate(keys.getString("certificatePem")).getString("reason"))
                .isEqualTo("PENDING_ACTIVATION");

        String request = register(keys.getString("certificateOwnershipToken"), Map.of("SerialNumber", "0001"));
        JsonObject registered = publish(provision(template), claim, request);
        assertThat(registered.getString("topic"))
                .as(registered.toString())
                .isEqualTo(provision(template) + "/accepted");
        String thingName = "it-dev-" + suffix + "-0001";
        assertThat(registered.getJsonObject("payload").getString("thingName")).isEqualTo(thingName);
        assertThat(registered.getJsonObject("payload").getJsonObject("deviceConfiguration"))
                .isEqualTo(Json.createObjectBuilder()
                        .add("serial", "0001")
                        .add("note", "note: none")
                        .build());

        String certificateArn = ACCOUNT + "cert/" + certificateId;
        var thing = iot.describeThing(r -> r.thingName(thingName));
        assertThat(thing.thingTypeName()).isEqualTo(type);
        assertThat(thing.attributes()).containsEntry("location", "lab");
        assertThat(iot.listThingGroupsForThing(r -> r.thingName(thingName)).thingGroups())
                .extracting(g -> g.groupName())
                .containsExactly(group);
        assertThat(iot.listThingPrincipals(r -> r.thingName(thingName)).principals())
                .containsExactly(certificateArn);
        assertThat(iot.describeCertificate(r -> r.certificateId(certificateId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.listAttachedPolicies(r -> r.target(certificateArn)).policies())
                .extracting(Policy::policyName)
                .containsExactlyInAnyOrder(policy, sha256(DEVICE_POLICY));
        assertThat(authenticate(keys.getString("certificatePem")).getBoolean("accepted"))
                .isTrue();

        // the token is single use
        JsonObject again = publish(provision(template), claim, request);
        assertRejected(again, provision(template), 400, "InvalidCertificateOwnershipToken");
        assertThat(again.getJsonObject("payload").getString("errorMessage")).contains("already been used");

        // CreateCertificateFromCsr keeps the CSR's subject and gives a token too
        OpenSsl ssl = new OpenSsl(directory);
        ssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/CN=lamp-" + suffix,
                "-keyout",
                "lamp.key",
                "-out",
                "lamp.csr");
        JsonObject fromCsr = publish(
                CREATE_FROM_CSR,
                claim,
                Json.createObjectBuilder()
                        .add("certificateSigningRequest", ssl.read("lamp.csr"))
                        .build()
                        .toString());
        assertThat(fromCsr.getString("topic")).isEqualTo(CREATE_FROM_CSR + "/accepted");
        assertThat(fromCsr.getJsonObject("payload").keySet())
                .containsExactlyInAnyOrder("certificateId", "certificatePem", "certificateOwnershipToken");
        assertThat(PkiIT.certificate(fromCsr.getJsonObject("payload").getString("certificatePem"))
                        .getSubjectX500Principal()
                        .getName())
                .contains("CN=lamp-" + suffix);
        JsonObject csrProvisioned = publish(
                provision(template),
                claim,
                register(
                        fromCsr.getJsonObject("payload").getString("certificateOwnershipToken"),
                        Map.of("SerialNumber", "0002", "Note", "${AWS::IoT::Certificate::Id}")));
        assertThat(csrProvisioned.getBoolean("accepted"))
                .as(csrProvisioned.toString())
                .isTrue();
        // a parameter's value is data: "${...}" in it is not evaluated
        assertThat(csrProvisioned
                        .getJsonObject("payload")
                        .getJsonObject("deviceConfiguration")
                        .getString("note"))
                .isEqualTo("note: ${AWS::IoT::Certificate::Id}");
        assertRejected(
                publish(CREATE_FROM_CSR, claim, "{\"certificateSigningRequest\":\"not a CSR\"}"),
                CREATE_FROM_CSR,
                400,
                "InvalidCsr");

        // every outcome is in the audit trail
        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement("SELECT action, outcome, resource_arn, source_ip"
                        + " FROM audit_event WHERE actor = ? ORDER BY id")) {
            query.setString(1, "certificate/" + claim);
            List<String> rows = new java.util.ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                            + row.getString(4));
                }
            }
            assertThat(rows)
                    .contains(
                            "iot:CreateKeysAndCertificate SUCCESS " + certificateArn + " 192.0.2.7",
                            "iot:RegisterThing SUCCESS " + ACCOUNT + "thing/" + thingName + " 192.0.2.7",
                            "iot:RegisterThing InvalidCertificateOwnershipToken " + ACCOUNT + "provisioningtemplate/"
                                    + template + " 192.0.2.7",
                            "iot:CreateCertificateFromCsr InvalidCsr null 192.0.2.7");
        }
    }

    @Test
    void hostileRequestsAreRejectedAndLeaveNothingHalfCreated() throws Exception {
        String suffix = suffix();
        String template = "it-hostile-" + suffix;
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .templateBody(fleetTemplate("it-h-" + suffix + "-", Map.of()))
                .enabled(true)
                .provisioningRoleArn(ROLE));
        String claim = claimCertificate();
        String otherClaim = claimCertificate();
        JsonObject keys = publish(CREATE, claim, "").getJsonObject("payload");
        String token = keys.getString("certificateOwnershipToken");
        String certificateId = keys.getString("certificateId");
        String topic = provision(template);
        int thingsBefore = count("SELECT count(*) FROM registry_thing");

        // the token belongs to the claim certificate that asked for it
        JsonObject stolen = publish(topic, otherClaim, register(token, Map.of("SerialNumber", "1")));
        assertRejected(stolen, topic, 400, "InvalidCertificateOwnershipToken");
        // parameters that try to break out of SQL or JSON, or to name AWS's own parameters
        for (String hostile : List.of(
                "x'; DROP TABLE registry_thing; --", "\"}],\"thingName\":\"admin", "${iot:ClientId}", "a\u0000b")) {
            JsonObject refused = publish(topic, claim, register(token, Map.of("SerialNumber", hostile)));
            assertThat(refused.getBoolean("accepted")).as(hostile).isFalse();
            assertThat(refused.getJsonObject("payload").getInt("statusCode")).isEqualTo(400);
        }
        assertRejected(
                publish(topic, claim, register(token, Map.of("SerialNumber", "1", "AWS::IoT::Certificate::Id", "x"))),
                topic,
                400,
                "InvalidParameters");
        assertRejected(publish(topic, claim, register(token, Map.of())), topic, 400, "InvalidParameters");
        assertRejected(publish(topic, claim, "{\"certificateOwnershipToken\": "), topic, 400, "InvalidPayload");
        assertRejected(publish(topic, claim, "{}"), topic, 400, "InvalidCertificateOwnershipToken");
        assertRejected(
                publish(topic, claim, register("A".repeat(64), Map.of("SerialNumber", "1"))),
                topic,
                400,
                "InvalidCertificateOwnershipToken");
        String unknown = provision("it-no-such-" + suffix);
        assertRejected(
                publish(unknown, claim, register(token, Map.of("SerialNumber", "1"))),
                unknown,
                404,
                "ResourceNotFound");
        String disabled = "it-disabled-" + suffix;
        iot.createProvisioningTemplate(r -> r.templateName(disabled)
                .templateBody(fleetTemplate("it-d-", Map.of()))
                .enabled(false)
                .provisioningRoleArn(ROLE));
        assertRejected(
                publish(provision(disabled), claim, register(token, Map.of("SerialNumber", "1"))),
                provision(disabled),
                400,
                "InvalidTemplate");
        // a template whose policy does not exist fails as a whole: no thing, no attachment, certificate untouched
        String broken = "it-broken-" + suffix;
        iot.createProvisioningTemplate(r -> r.templateName(broken)
                .templateBody(fleetTemplate("it-b-" + suffix + "-", Map.of("policy", "it-missing-" + suffix)))
                .enabled(true)
                .provisioningRoleArn(ROLE));
        assertRejected(
                publish(provision(broken), claim, register(token, Map.of("SerialNumber", "1"))),
                provision(broken),
                400,
                "InvalidTemplate");

        assertThat(count("SELECT count(*) FROM registry_thing")).isEqualTo(thingsBefore);
        assertThat(count("SELECT count(*) FROM registry_thing_principal WHERE principal = '" + ACCOUNT + "cert/"
                        + certificateId + "'"))
                .isZero();
        assertThat(iot.describeCertificate(r -> r.certificateId(certificateId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(count("SELECT count(*) FROM provisioning_ownership_token WHERE used_at IS NULL AND token_hash = '"
                        + sha256(token) + "'"))
                .isEqualTo(1);

        // the token still works after all that; an expired one does not
        JsonObject fine = publish(topic, claim, register(token, Map.of("SerialNumber", "ok")));
        assertThat(fine.getBoolean("accepted")).as(fine.toString()).isTrue();
        JsonObject late = publish(CREATE, claim, "{}").getJsonObject("payload");
        try (Connection db = TestEnvironment.database();
                PreparedStatement expire = db.prepareStatement("UPDATE provisioning_ownership_token"
                        + " SET expires_at = now() - interval '1 second' WHERE token_hash = ?")) {
            expire.setString(1, sha256(late.getString("certificateOwnershipToken")));
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }
        JsonObject expired = publish(
                topic, claim, register(late.getString("certificateOwnershipToken"), Map.of("SerialNumber", "late")));
        assertRejected(expired, topic, 400, "InvalidCertificateOwnershipToken");
        assertThat(expired.getJsonObject("payload").getString("errorMessage")).contains("expired");

        // a certificate that is not ACTIVE cannot be a claim certificate
        iot.updateCertificate(r -> r.certificateId(otherClaim).newStatus(CertificateStatus.INACTIVE));
        assertRejected(publish(CREATE, otherClaim, "{}"), CREATE, 403, "AccessDenied");
        // topics that are not provisioning requests are not handled
        assertThat(probe(
                                "/publish?topic=" + encode("$aws/certificates/create/cbor") + "&claim=" + claim
                                        + "&clientId=c",
                                "{}")
                        .getBoolean("handled"))
                .isFalse();
    }

    @Test
    void thePreProvisioningHookAllowsOverridesOrDenies() throws Exception {
        List<JsonObject> calls = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            JsonObject call =
                    TestEnvironment.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.add(call);
            String serial = call.getJsonObject("parameters").getString("SerialNumber", "");
            if (serial.startsWith("slow")) {
                try {
                    Thread.sleep(7000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String answer = serial.startsWith("deny")
                    ? "{\"allowProvisioning\": false}"
                    : "{\"allowProvisioning\": true, \"parameterOverrides\": {\"Location\": \"hook-set\"}}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        hook.start();
        try {
            String suffix = suffix();
            String template = "it-hook-" + suffix;
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            iot.createProvisioningTemplate(r -> r.templateName(template)
                    .templateBody(fleetTemplate("it-k-" + suffix + "-", Map.of()))
                    .enabled(true)
                    .provisioningRoleArn(ROLE)
                    .preProvisioningHook(h -> h.targetArn(url)));
            assertThat(iot.describeProvisioningTemplate(r -> r.templateName(template))
                            .preProvisioningHook()
                            .targetArn())
                    .isEqualTo(url);
            String claim = claimCertificate();
            String topic = provision(template);

            JsonObject keys = publish(CREATE, claim, "{}").getJsonObject("payload");
            JsonObject allowed = publish(
                    topic, claim, register(keys.getString("certificateOwnershipToken"), Map.of("SerialNumber", "a1")));
            assertThat(allowed.getBoolean("accepted")).as(allowed.toString()).isTrue();
            assertThat(iot.describeThing(r -> r.thingName("it-k-" + suffix + "-a1"))
                            .attributes())
                    .containsEntry("location", "hook-set");
            JsonObject call = calls.get(0);
            assertThat(call.getString("claimCertificateId")).isEqualTo(claim);
            assertThat(call.getString("certificateId")).isEqualTo(keys.getString("certificateId"));
            assertThat(call.getString("certificatePem")).isEqualTo(keys.getString("certificatePem"));
            assertThat(call.getString("templateArn")).isEqualTo(ACCOUNT + "provisioningtemplate/" + template);
            assertThat(call.getString("clientId")).isEqualTo("device-under-test");
            assertThat(call.getJsonObject("parameters").getString("SerialNumber"))
                    .isEqualTo("a1");

            for (String serial : List.of("deny-1", "slow-1")) {
                JsonObject pending = publish(CREATE, claim, "{}").getJsonObject("payload");
                JsonObject denied = publish(
                        topic,
                        claim,
                        register(pending.getString("certificateOwnershipToken"), Map.of("SerialNumber", serial)));
                assertRejected(denied, topic, 403, "AccessDenied");
                assertThat(count("SELECT count(*) FROM registry_thing WHERE name = 'it-k-" + suffix + "-" + serial
                                + "'"))
                        .isZero();
                assertThat(iot.describeCertificate(r -> r.certificateId(pending.getString("certificateId")))
                                .certificateDescription()
                                .status())
                        .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
            }
            hook.stop(0);
            JsonObject pending = publish(CREATE, claim, "{}").getJsonObject("payload");
            assertRejected(
                    publish(
                            topic,
                            claim,
                            register(pending.getString("certificateOwnershipToken"), Map.of("SerialNumber", "down"))),
                    topic,
                    403,
                    "AccessDenied");
        } finally {
            try {
                hook.stop(0);
            } catch (RuntimeException alreadyStopped) {
                // stopped above
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // just-in-time provisioning

    @Test
    void justInTimeProvisioningRegistersAppliesTheTemplateAndTheReconnectSucceeds() throws Exception {
        OpenSsl ssl = new OpenSsl(directory);
        String suffix = suffix();
        ssl.selfSignedCa("jitp", "/O=Example/CN=JITP CA " + suffix, 365);
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ssl.issue("jitp", "verification", "/CN=" + code);
        assertThat(catchThrowableOfType(
                                InvalidRequestException.class,
                                () -> iot.registerCACertificate(r -> r.caCertificate(ssl.read("jitp.pem"))
                                        .verificationCertificate(ssl.read("verification.pem"))
                                        .registrationConfig(c -> c.templateBody("{\"Resources\": {}}"))))
                        .getMessage())
                .contains("registrationConfig.templateBody");
        String caId = iot.registerCACertificate(r -> r.caCertificate(ssl.read("jitp.pem"))
                        .verificationCertificate(ssl.read("verification.pem"))
                        .setAsActive(true)
                        .allowAutoRegistration(true)
                        .registrationConfig(
                                c -> c.templateBody(jitpTemplate(Map.of())).roleArn(ROLE)))
                .certificateId();
        assertThat(iot.describeCACertificate(r -> r.certificateId(caId))
                        .registrationConfig()
                        .templateBody())
                .isEqualTo(jitpTemplate(Map.of()));

        String device = "jitp-" + suffix;
        ssl.issue("jitp", "device", "/O=Example/CN=" + device);
        String pem = ssl.read("device.pem");
        String id = PkiIT.sha256(PkiIT.certificate(pem));
        JsonObject first = authenticate(pem);
        assertThat(first.getBoolean("accepted")).isFalse();
        assertThat(first.getString("reason")).isEqualTo("PENDING_ACTIVATION");
        assertThat(first.getString("detail")).contains("provisioned just in time");
        assertThat(iot.describeCertificate(r -> r.certificateId(id))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.describeThing(r -> r.thingName(device)).attributes()).containsEntry("organization", "Example");
        assertThat(iot.listThingPrincipals(r -> r.thingName(device)).principals())
                .containsExactly(ACCOUNT + "cert/" + id);
        assertThat(iot.listAttachedPolicies(r -> r.target(ACCOUNT + "cert/" + id))
                        .policies())
                .extracting(Policy::policyName)
                .containsExactly(sha256(DEVICE_POLICY));
        JsonObject reconnect = authenticate(pem);
        assertThat(reconnect.getBoolean("accepted")).as(reconnect.toString()).isTrue();

        // a JITP template by name; it cannot be deleted while the CA uses it
        String template = "it-jitp-" + suffix;
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .type(TemplateType.JITP)
                .templateBody(jitpTemplate(Map.of("prefix", "named-")))
                .enabled(true)
                .provisioningRoleArn(ROLE));
        iot.updateCACertificate(r -> r.certificateId(caId).registrationConfig(c -> c.templateName(template)));
        assertThat(catchThrowableOfType(
                        DeleteConflictException.class,
                        () -> iot.deleteProvisioningTemplate(r -> r.templateName(template))))
                .isNotNull();
        ssl.issue("jitp", "named", "/O=Example/CN=" + device + "-2");
        String named = ssl.read("named.pem");
        assertThat(authenticate(named).getString("reason")).isEqualTo("PENDING_ACTIVATION");
        assertThat(iot.describeThing(r -> r.thingName("named-" + device + "-2")).thingName())
                .isNotNull();
        assertThat(authenticate(named).getBoolean("accepted")).isTrue();

        // a template that cannot be applied registers nothing
        iot.updateCACertificate(r -> r.certificateId(caId)
                .registrationConfig(c -> c.templateBody(jitpTemplate(Map.of("policy", "it-missing-" + suffix)))));
        ssl.issue("jitp", "broken", "/O=Example/CN=" + device + "-3");
        String broken = ssl.read("broken.pem");
        JsonObject refused = authenticate(broken);
        assertThat(refused.getString("reason")).isEqualTo("UNKNOWN_CERTIFICATE");
        assertThat(refused.getString("detail")).contains("just-in-time provisioning failed");
        String brokenId = PkiIT.sha256(PkiIT.certificate(broken));
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class, () -> iot.describeCertificate(r -> r.certificateId(brokenId))))
                .isNotNull();
        assertThat(count("SELECT count(*) FROM registry_thing WHERE name = '" + device + "-3'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'iot:JustInTimeProvisioning'"
                        + " AND actor = 'certificate/" + brokenId + "' AND outcome = 'InvalidTemplate'"))
                .isEqualTo(1);

        // without a template: just-in-time registration, the device waits for activation
        iot.updateCACertificate(r -> r.certificateId(caId).removeAutoRegistration(true));
        ssl.issue("jitp", "jitr", "/O=Example/CN=" + device + "-4");
        String jitr = ssl.read("jitr.pem");
        assertThat(authenticate(jitr).getString("reason")).isEqualTo("PENDING_ACTIVATION");
        assertThat(authenticate(jitr).getString("reason")).isEqualTo("PENDING_ACTIVATION");
        String jitrId = PkiIT.sha256(PkiIT.certificate(jitr));
        assertThat(iot.describeCertificate(r -> r.certificateId(jitrId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /**
     * A fleet provisioning template: thing {@code <prefix><SerialNumber>} with attribute location (parameter Location,
     * default lab), optionally a thing type, a group and a policy by name ({@code options}), always a policy by
     * document and the certificate ACTIVE.
     */
    private static String fleetTemplate(String prefix, Map<String, String> options) {
        var thing = Json.createObjectBuilder()
                .add(
                        "ThingName",
                        Json.createObjectBuilder()
                                .add(
                                        "Fn::Join",
                                        Json.createArrayBuilder()
                                                .add("")
                                                .add(Json.createArrayBuilder()
                                                        .add(prefix)
                                                        .add(Json.createObjectBuilder()
                                                                .add("Ref", "SerialNumber")))))
                .add(
                        "AttributePayload",
                        Json.createObjectBuilder()
                                .add("location", Json.createObjectBuilder().add("Ref", "Location")));
        if (options.containsKey("type")) {
            thing.add("ThingTypeName", options.get("type"));
        }
        if (options.containsKey("group")) {
            thing.add("ThingGroups", Json.createArrayBuilder().add(options.get("group")));
        }
        var resources = Json.createObjectBuilder()
                .add(
                        "thing",
                        Json.createObjectBuilder()
                                .add("Type", "AWS::IoT::Thing")
                                .add("Properties", thing))
                .add(
                        "certificate",
                        Json.createObjectBuilder()
                                .add("Type", "AWS::IoT::Certificate")
                                .add(
                                        "Properties",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "CertificateId",
                                                        Json.createObjectBuilder()
                                                                .add("Ref", "AWS::IoT::Certificate::Id"))
                                                .add("Status", "Active")))
                .add(
                        "docpolicy",
                        Json.createObjectBuilder()
                                .add("Type", "AWS::IoT::Policy")
                                .add("Properties", Json.createObjectBuilder().add("PolicyDocument", DEVICE_POLICY)));
        if (options.containsKey("policy")) {
            resources.add(
                    "policy",
                    Json.createObjectBuilder()
                            .add("Type", "AWS::IoT::Policy")
                            .add("Properties", Json.createObjectBuilder().add("PolicyName", options.get("policy"))));
        }
        return Json.createObjectBuilder()
                .add(
                        "Parameters",
                        Json.createObjectBuilder()
                                .add("SerialNumber", Json.createObjectBuilder().add("Type", "String"))
                                .add(
                                        "Location",
                                        Json.createObjectBuilder()
                                                .add("Type", "String")
                                                .add("Default", "lab"))
                                .add(
                                        "Note",
                                        Json.createObjectBuilder()
                                                .add("Type", "String")
                                                .add("Default", "none")))
                .add("Resources", resources)
                .add(
                        "DeviceConfiguration",
                        Json.createObjectBuilder()
                                .add("serial", Json.createObjectBuilder().add("Ref", "SerialNumber"))
                                .add("note", Json.createObjectBuilder().add("Fn::Sub", "note: ${Note}")))
                .build()
                .toString();
    }

    /** A JITP template: thing named after the certificate's CN (with an optional prefix), the device policy. */
    private static String jitpTemplate(Map<String, String> options) {
        var resources = Json.createObjectBuilder()
                .add(
                        "thing",
                        Json.createObjectBuilder()
                                .add("Type", "AWS::IoT::Thing")
                                .add(
                                        "Properties",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "ThingName",
                                                        Json.createObjectBuilder()
                                                                .add(
                                                                        "Fn::Join",
                                                                        Json.createArrayBuilder()
                                                                                .add("")
                                                                                .add(
                                                                                        Json.createArrayBuilder()
                                                                                                .add(
                                                                                                        options
                                                                                                                .getOrDefault(
                                                                                                                        "prefix",
                                                                                                                        ""))
                                                                                                .add(
                                                                                                        Json
                                                                                                                .createObjectBuilder()
                                                                                                                .add(
                                                                                                                        "Ref",
                                                                                                                        "AWS::IoT::Certificate::CommonName")))))
                                                .add(
                                                        "AttributePayload",
                                                        Json.createObjectBuilder()
                                                                .add(
                                                                        "organization",
                                                                        Json.createObjectBuilder()
                                                                                .add(
                                                                                        "Ref",
                                                                                        "AWS::IoT::Certificate::Organization")))))
                .add(
                        "certificate",
                        Json.createObjectBuilder()
                                .add("Type", "AWS::IoT::Certificate")
                                .add(
                                        "Properties",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "CertificateId",
                                                        Json.createObjectBuilder()
                                                                .add("Ref", "AWS::IoT::Certificate::Id"))
                                                .add("Status", "ACTIVE")));
        if (options.containsKey("policy")) {
            resources.add(
                    "policy",
                    Json.createObjectBuilder()
                            .add("Type", "AWS::IoT::Policy")
                            .add("Properties", Json.createObjectBuilder().add("PolicyName", options.get("policy"))));
        } else {
            resources.add(
                    "policy",
                    Json.createObjectBuilder()
                            .add("Type", "AWS::IoT::Policy")
                            .add("Properties", Json.createObjectBuilder().add("PolicyDocument", DEVICE_POLICY)));
        }
        return Json.createObjectBuilder()
                .add(
                        "Parameters",
                        Json.createObjectBuilder()
                                .add(
                                        "AWS::IoT::Certificate::CommonName",
                                        Json.createObjectBuilder().add("Type", "String"))
                                .add(
                                        "AWS::IoT::Certificate::Organization",
                                        Json.createObjectBuilder().add("Type", "String")))
                .add("Resources", resources)
                .build()
                .toString();
    }

    private static String claimCertificate() {
        return iot.createKeysAndCertificate(r -> r.setAsActive(true)).certificateId();
    }

    private static String provision(String template) {
        return "$aws/provisioning-templates/" + template + "/provision/json";
    }

    private static String register(String token, Map<String, String> parameters) {
        var json = Json.createObjectBuilder().add("certificateOwnershipToken", token);
        var values = Json.createObjectBuilder();
        parameters.forEach(values::add);
        return json.add("parameters", values).build().toString();
    }

    private static void assertRejected(JsonObject response, String topic, int status, String errorCode) {
        assertThat(response.getString("topic")).as(response.toString()).isEqualTo(topic + "/rejected");
        JsonObject payload = response.getJsonObject("payload");
        assertThat(payload.keySet()).containsExactlyInAnyOrder("statusCode", "errorCode", "errorMessage");
        assertThat(payload.getInt("statusCode")).as(payload.toString()).isEqualTo(status);
        assertThat(payload.getString("errorCode")).as(payload.toString()).isEqualTo(errorCode);
    }

    private static JsonObject publish(String topic, String claim, String payload) throws Exception {
        JsonObject response =
                probe("/publish?topic=" + encode(topic) + "&claim=" + claim + "&clientId=device-under-test", payload);
        assertThat(response.getBoolean("handled")).isTrue();
        return response;
    }

    private static JsonObject authenticate(String pem) throws Exception {
        return probe("/authenticate", pem);
    }

    private static JsonObject probe(String path, String body) throws Exception {
        HttpResponse<String> response =
                TestEnvironment.send(HttpRequest.newBuilder(TestEnvironment.http("/provisioning-probe" + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestEnvironment.json(response.body());
    }

    private static int count(String sql) throws Exception {
        try (Connection db = TestEnvironment.database();
                var statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
