package io.thingstead.defender.internal.audit;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.paging.Page;
import io.thingstead.defender.internal.ResourceKeys;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CertificateInventory;
import io.thingstead.pki.api.CertificateInventory.AuditedCertificate;
import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.IotAction;
import io.thingstead.policy.api.Policies;
import io.thingstead.policy.api.PolicyEvaluator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs audit checks over the platform's own data, a page at a time: the PKI's certificates and CRLs ({@link
 * CertificateInventory}), the policies (decided with the policy evaluator), and the connection history and takeovers
 * this module records. Each check hands its findings to a sink page by page and returns how many resources it looked
 * at; nothing scales with the fleet in memory but one page.
 */
@ApplicationScoped
public class AuditRunner {
    private static final Logger LOG = Logger.getLogger(AuditRunner.class);
    static final int PAGE = 1000;
    /** AWS's reason code for both key-quality checks. */
    static final String KEY_VULNERABLE = "CERTIFICATE_KEY_VULNERABILITY_DETECTED";
    /** How far back the connection checks look for an on-demand audit (AWS: 31 days). */
    static final Duration LOOK_BACK = Duration.ofDays(31);

    static final String PROBE_THING = "defender-audit-probe-a";
    static final String OTHER_THING = "defender-audit-probe-b";

    @Inject
    CertificateInventory inventory;

    @Inject
    Policies policies;

    @Inject
    PolicyEvaluator evaluator;

    @Inject
    AuditStore store;

    @Inject
    PlatformIdentity platform;

    /** What a check needs to know about its run. */
    public record Run(
            Instant start, Instant lookBackFrom, Map<String, String> configuration, BooleanSupplierX canceled) {}

    /** Whether the task was canceled; checked between pages. */
    @FunctionalInterface
    public interface BooleanSupplierX {
        boolean get();
    }

    /** Runs one check; findings go to {@code sink} a page at a time. Returns the number of resources checked. */
    public long run(AuditCheck check, Run run, Consumer<List<Finding>> sink) {
        return switch (check) {
            case DEVICE_CERTIFICATE_EXPIRING_CHECK -> expiring(run, sink);
            case DEVICE_CERTIFICATE_AGE_CHECK -> age(run, sink);
            case REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK -> revokedDevices(run, sink);
            case CA_CERTIFICATE_EXPIRING_CHECK -> expiringCas(run, sink);
            case REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK -> revokedCas(run, sink);
            case INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK -> intermediates(run, sink);
            case DEVICE_CERTIFICATE_SHARED_CHECK -> shared(run, sink);
            case CONFLICTING_CLIENT_IDS_CHECK -> conflicts(run, sink);
            case IOT_POLICY_OVERLY_PERMISSIVE_CHECK -> policies(run, sink);
            case DEVICE_CERTIFICATE_KEY_QUALITY_CHECK -> deviceKeys(run, sink);
            case CA_CERTIFICATE_KEY_QUALITY_CHECK -> caKeys(run, sink);
        };
    }

    // --- device certificates ----------------------------------------------------------------------------------------

    private long expiring(Run run, Consumer<List<Finding>> sink) {
        int days = days(run, AuditCheck.EXPIRATION_THRESHOLD, 30, 1, 3652);
        Instant threshold = run.start().plus(Duration.ofDays(days));
        scan(run, sink, after -> inventory.activeExpiringBefore(threshold, after, PAGE), certificate -> {
            boolean past = !certificate.notAfter().isAfter(run.start());
            return new Finding(
                    AuditCheck.DEVICE_CERTIFICATE_EXPIRING_CHECK,
                    ResourceKeys.of(deviceId(certificate.certificateId())),
                    resource(
                            "DEVICE_CERTIFICATE",
                            deviceId(certificate.certificateId()),
                            Map.of(
                                    "EXPIRATION_TIME",
                                    Long.toString(certificate.notAfter().getEpochSecond()))),
                    JsonArrayEmpty.EMPTY,
                    past ? "Certificate is past its expiration." : "Certificate is approaching its expiration.",
                    past ? "CERTIFICATE_PAST_EXPIRATION" : "CERTIFICATE_APPROACHING_EXPIRATION");
        });
        return inventory.activeCount();
    }

    private long age(Run run, Consumer<List<Finding>> sink) {
        int days = days(run, AuditCheck.AGE_THRESHOLD, 365, 30, 3652);
        Instant createdBefore = run.start().minus(Duration.ofDays(days));
        scan(
                run,
                sink,
                after -> inventory.activeCreatedBefore(createdBefore, after, PAGE),
                certificate -> new Finding(
                        AuditCheck.DEVICE_CERTIFICATE_AGE_CHECK,
                        ResourceKeys.of(deviceId(certificate.certificateId())),
                        resource(
                                "DEVICE_CERTIFICATE",
                                deviceId(certificate.certificateId()),
                                Map.of(
                                        "CERTIFICATE_AGE_IN_DAYS",
                                        Long.toString(Duration.between(certificate.createdAt(), run.start())
                                                .toDays()))),
                        JsonArrayEmpty.EMPTY,
                        "Certificate has been active for " + days + " days or more.",
                        "CERTIFICATE_PAST_AGE_THRESHOLD"));
        return inventory.activeCount();
    }

    private long revokedDevices(Run run, Consumer<List<Finding>> sink) {
        scan(
                run,
                sink,
                after -> inventory.activeRevokedByIssuer(after, PAGE),
                certificate -> new Finding(
                        AuditCheck.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK,
                        ResourceKeys.of(deviceId(certificate.certificateId())),
                        resource("DEVICE_CERTIFICATE", deviceId(certificate.certificateId()), Map.of()),
                        related(certificate.caCertificateId().map(this::caResource)),
                        "Certificate was revoked by its issuer but is still active.",
                        "CERTIFICATE_REVOKED_BY_ISSUER"));
        return inventory.activeCount();
    }

    /** Pages through every ACTIVE device certificate; the PKI judges the keys of a page and returns the weak ones. */
    private long deviceKeys(Run run, Consumer<List<Finding>> sink) {
        Optional<String> after = Optional.empty();
        while (!run.canceled().get()) {
            CertificateInventory.WeakKeyPage page = inventory.activeWithWeakKeys(after, PAGE);
            if (page.lastId().isEmpty()) {
                break;
            }
            sink.accept(page.weak().stream()
                    .map(weak -> new Finding(
                            AuditCheck.DEVICE_CERTIFICATE_KEY_QUALITY_CHECK,
                            ResourceKeys.of(deviceId(weak.certificateId())),
                            resource("DEVICE_CERTIFICATE", deviceId(weak.certificateId()), Map.of()),
                            JsonArrayEmpty.EMPTY,
                            "Certificate uses a weak key: " + weak.reason() + ".",
                            KEY_VULNERABLE))
                    .toList());
            after = page.lastId();
        }
        return inventory.activeCount();
    }

    private long caKeys(Run run, Consumer<List<Finding>> sink) {
        List<CaCertificateInfo> cas = inventory.activeCaCertificates();
        List<Finding> findings = new ArrayList<>();
        for (CaCertificateInfo ca : cas) {
            inventory
                    .keyWeakness(ca.certificatePem())
                    .ifPresent(reason -> findings.add(new Finding(
                            AuditCheck.CA_CERTIFICATE_KEY_QUALITY_CHECK,
                            ResourceKeys.of(caId(ca.certificateId())),
                            resource("CA_CERTIFICATE", caId(ca.certificateId()), Map.of()),
                            JsonArrayEmpty.EMPTY,
                            "CA certificate uses a weak key: " + reason + ".",
                            KEY_VULNERABLE)));
        }
        sink.accept(findings);
        return cas.size();
    }

    private void scan(
            Run run,
            Consumer<List<Finding>> sink,
            java.util.function.Function<Optional<String>, List<AuditedCertificate>> page,
            java.util.function.Function<AuditedCertificate, Finding> finding) {
        Optional<String> after = Optional.empty();
        while (!run.canceled().get()) {
            List<AuditedCertificate> certificates = page.apply(after);
            if (certificates.isEmpty()) {
                return;
            }
            sink.accept(certificates.stream().map(finding).toList());
            after = Optional.of(certificates.get(certificates.size() - 1).certificateId());
        }
    }

    // --- CA certificates --------------------------------------------------------------------------------------------

    private long expiringCas(Run run, Consumer<List<Finding>> sink) {
        Instant threshold = run.start().plus(Duration.ofDays(30));
        List<CaCertificateInfo> cas = inventory.activeCaCertificates();
        List<Finding> findings = new ArrayList<>();
        for (CaCertificateInfo ca : cas) {
            if (ca.notAfter().isBefore(threshold)) {
                boolean past = !ca.notAfter().isAfter(run.start());
                findings.add(new Finding(
                        AuditCheck.CA_CERTIFICATE_EXPIRING_CHECK,
                        ResourceKeys.of(caId(ca.certificateId())),
                        resource(
                                "CA_CERTIFICATE",
                                caId(ca.certificateId()),
                                Map.of(
                                        "EXPIRATION_TIME",
                                        Long.toString(ca.notAfter().getEpochSecond()))),
                        JsonArrayEmpty.EMPTY,
                        past
                                ? "CA certificate is past its expiration."
                                : "CA certificate is approaching its expiration.",
                        past ? "CERTIFICATE_PAST_EXPIRATION" : "CERTIFICATE_APPROACHING_EXPIRATION"));
            }
        }
        sink.accept(findings);
        return cas.size();
    }

    /** Active CAs whose issuer (another CA Thingstead knows) lists them on its CRL: CA id to issuer id. */
    Map<String, String> revokedCaIds() {
        List<CaCertificateInfo> cas = inventory.activeCaCertificates();
        Map<String, X509Certificate> parsed = new HashMap<>();
        for (CaCertificateInfo ca : cas) {
            parse(ca.certificatePem()).ifPresent(x -> parsed.put(ca.certificateId(), x));
        }
        Map<String, String> revoked = new HashMap<>();
        for (var entry : parsed.entrySet()) {
            X509Certificate certificate = entry.getValue();
            if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            for (var issuer : parsed.entrySet()) {
                if (!issuer.getKey().equals(entry.getKey())
                        && issuer.getValue().getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                        && inventory.revokedBy(
                                issuer.getKey(), certificate.getSerialNumber().toString(16))) {
                    revoked.put(entry.getKey(), issuer.getKey());
                }
            }
        }
        return revoked;
    }

    private long revokedCas(Run run, Consumer<List<Finding>> sink) {
        List<Finding> findings = new ArrayList<>();
        revokedCaIds()
                .forEach((ca, issuer) -> findings.add(new Finding(
                        AuditCheck.REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK,
                        ResourceKeys.of(caId(ca)),
                        resource("CA_CERTIFICATE", caId(ca), Map.of()),
                        related(Optional.of(caResource(issuer))),
                        "CA certificate was revoked by its issuer but is still active.",
                        "CERTIFICATE_REVOKED_BY_ISSUER")));
        sink.accept(findings);
        return inventory.activeCaCertificates().size();
    }

    private long intermediates(Run run, Consumer<List<Finding>> sink) {
        Map<String, String> revoked = revokedCaIds();
        for (var entry : revoked.entrySet()) {
            scan(
                    run,
                    sink,
                    after -> inventory.activeIssuedBy(entry.getKey(), after, PAGE),
                    certificate -> new Finding(
                            AuditCheck.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK,
                            ResourceKeys.of(deviceId(certificate.certificateId())),
                            resource("DEVICE_CERTIFICATE", deviceId(certificate.certificateId()), Map.of()),
                            related(Optional.of(caResource(entry.getKey()))),
                            "The intermediate CA that issued this active certificate was revoked by its issuer.",
                            "INTERMEDIATE_CA_REVOKED_BY_ISSUER"));
        }
        return inventory.activeCount();
    }

    // --- connections ------------------------------------------------------------------------------------------------

    private long shared(Run run, Consumer<List<Finding>> sink) {
        Optional<String> after = Optional.empty();
        while (!run.canceled().get()) {
            List<AuditStore.Shared> page = store.sharedCertificates(run.lookBackFrom(), run.start(), after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Finding> findings = new ArrayList<>();
            for (AuditStore.Shared shared : page) {
                JsonArrayBuilder related = Json.createArrayBuilder();
                for (String client : shared.clientIds()) {
                    related.add(Json.createObjectBuilder()
                            .add("resourceType", "CLIENT_ID")
                            .add(
                                    "resourceIdentifier",
                                    Json.createObjectBuilder().add("clientId", client)));
                }
                findings.add(new Finding(
                        AuditCheck.DEVICE_CERTIFICATE_SHARED_CHECK,
                        ResourceKeys.of(deviceId(shared.principal())),
                        resource(
                                "DEVICE_CERTIFICATE",
                                deviceId(shared.principal()),
                                Map.of("CLIENT_IDS", String.join(",", shared.clientIds()))),
                        related.build(),
                        "Certificate shared by one or more devices.",
                        "CERTIFICATE_SHARED_BY_MULTIPLE_DEVICES"));
            }
            sink.accept(findings);
            after = Optional.of(page.get(page.size() - 1).principal());
        }
        return store.distinctPrincipals(run.lookBackFrom(), run.start());
    }

    private long conflicts(Run run, Consumer<List<Finding>> sink) {
        Optional<String> after = Optional.empty();
        while (!run.canceled().get()) {
            List<AuditStore.Conflict> page = store.conflictingClientIds(run.lookBackFrom(), run.start(), after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Finding> findings = new ArrayList<>();
            for (AuditStore.Conflict conflict : page) {
                JsonArrayBuilder related = Json.createArrayBuilder();
                for (String principal : conflict.principals()) {
                    related.add(Json.createObjectBuilder()
                            .add("resourceType", "DEVICE_CERTIFICATE")
                            .add("resourceIdentifier", deviceId(principal)));
                }
                JsonObject id = Json.createObjectBuilder()
                        .add("clientId", conflict.clientId())
                        .build();
                findings.add(new Finding(
                        AuditCheck.CONFLICTING_CLIENT_IDS_CHECK,
                        ResourceKeys.of(id),
                        resource(
                                "CLIENT_ID",
                                id,
                                Map.of(
                                        "TAKEOVERS", Long.toString(conflict.takeovers()),
                                        "LAST_TAKEOVER_TIME",
                                                Long.toString(conflict.lastAt().getEpochSecond()))),
                        related.build(),
                        "Multiple connections used the same client id, disconnecting an already connected client.",
                        "DUPLICATE_CLIENT_ID_ACROSS_CONNECTIONS"));
            }
            sink.accept(findings);
            after = Optional.of(page.get(page.size() - 1).clientId());
        }
        return store.distinctClientIds(run.lookBackFrom(), run.start());
    }

    // --- policies ---------------------------------------------------------------------------------------------------

    private long policies(Run run, Consumer<List<Finding>> sink) {
        long checked = 0;
        Optional<String> marker = Optional.empty();
        do {
            Page<Policies.PolicyRef> page = policies.list(marker, 250, true);
            List<Finding> findings = new ArrayList<>();
            for (Policies.PolicyRef ref : page.items()) {
                checked++;
                Policies.PolicyInfo policy;
                try {
                    policy = policies.get(ref.policyName());
                } catch (RuntimeException e) {
                    continue; // deleted meanwhile
                }
                Optional<String> broad = overlyPermissive(policy);
                if (broad.isPresent()) {
                    JsonObject id = Json.createObjectBuilder()
                            .add(
                                    "policyVersionIdentifier",
                                    Json.createObjectBuilder()
                                            .add("policyName", policy.policyName())
                                            .add("policyVersionId", policy.defaultVersionId()))
                            .build();
                    findings.add(new Finding(
                            AuditCheck.IOT_POLICY_OVERLY_PERMISSIVE_CHECK,
                            ResourceKeys.of(id),
                            resource("IOT_POLICY", id, Map.of("POLICY_ARN", policy.policyArn())),
                            JsonArrayEmpty.EMPTY,
                            "Policy allows broad access to IoT data plane actions: " + broad.get() + ".",
                            "ALLOWS_BROAD_ACCESS_TO_IOT_DATA_PLANE_ACTIONS"));
                }
            }
            sink.accept(findings);
            marker = page.nextToken();
        } while (marker.isPresent() && !run.canceled().get());
        return checked;
    }

    /**
     * Decided with the policy evaluator, as the gateway would: what a device holding the policy could do to another
     * device. Connecting as another client id (without {@code iot:Connection.Thing.IsAttached}), publishing to or
     * subscribing to another thing's reserved topics, subscribing to everything, or calling the shadow and jobs APIs
     * of another thing makes the policy overly permissive.
     *
     * @return what it allows, for the finding's reason; empty when compliant
     */
    Optional<String> overlyPermissive(Policies.PolicyInfo policy) {
        CompiledPolicy compiled;
        try {
            compiled = evaluator.compile(policy.policyName(), policy.policyDocument());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        String arn = "arn:aws:iot:" + platform.region() + ":" + platform.accountId() + ":";
        BoundPolicies device = evaluator.bind(
                List.of(compiled),
                AuthorizationContext.builder()
                        .clientId(PROBE_THING)
                        .thing(ConnectedThing.named(PROBE_THING))
                        .certificateId("0".repeat(64))
                        .build());
        BoundPolicies stranger = evaluator.bind(
                List.of(compiled),
                AuthorizationContext.builder()
                        .clientId(OTHER_THING)
                        .certificateId("0".repeat(64))
                        .build());
        if (stranger.authorize(IotAction.CONNECT, arn + "client/" + OTHER_THING).allowed()) {
            return Optional.of("iot:Connect with any client id");
        }
        String other = "$aws/things/" + OTHER_THING + "/";
        for (String topic : List.of(
                other + "shadow/update", other + "shadow/get", other + "jobs/get", other + "shadow/name/x/update")) {
            if (device.authorize(IotAction.PUBLISH, arn + "topic/" + topic).allowed()) {
                return Optional.of("iot:Publish to another thing's topic " + topic);
            }
        }
        for (String filter : List.of(
                "#",
                "$aws/things/+/shadow/update/accepted",
                other + "shadow/update/accepted",
                other + "jobs/notify",
                "$aws/things/#")) {
            if (device.authorize(IotAction.SUBSCRIBE, arn + "topicfilter/" + filter)
                    .allowed()) {
                return Optional.of("iot:Subscribe to " + filter);
            }
        }
        for (IotAction action : List.of(
                IotAction.UPDATE_THING_SHADOW,
                IotAction.GET_THING_SHADOW,
                IotAction.DELETE_THING_SHADOW,
                IotAction.UPDATE_JOB_EXECUTION,
                IotAction.DESCRIBE_JOB_EXECUTION,
                IotAction.GET_PENDING_JOB_EXECUTIONS,
                IotAction.START_NEXT_PENDING_JOB_EXECUTION)) {
            if (device.authorize(action, arn + "thing/" + OTHER_THING).allowed()) {
                return Optional.of(action.actionName() + " on another thing");
            }
        }
        return Optional.empty();
    }

    // --- documents --------------------------------------------------------------------------------------------------

    private static JsonObject deviceId(String certificateId) {
        return Json.createObjectBuilder()
                .add("deviceCertificateId", certificateId)
                .build();
    }

    private static JsonObject caId(String certificateId) {
        return Json.createObjectBuilder().add("caCertificateId", certificateId).build();
    }

    private JsonObject caResource(String caId) {
        return Json.createObjectBuilder()
                .add("resourceType", "CA_CERTIFICATE")
                .add("resourceIdentifier", caId(caId))
                .build();
    }

    private static JsonArray related(Optional<JsonObject> resource) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        resource.ifPresent(array::add);
        return array.build();
    }

    private static JsonObject resource(String type, JsonObject identifier, Map<String, String> info) {
        JsonObjectBuilder json =
                Json.createObjectBuilder().add("resourceType", type).add("resourceIdentifier", identifier);
        if (!info.isEmpty()) {
            JsonObjectBuilder additional = Json.createObjectBuilder();
            info.forEach(additional::add);
            json.add("additionalInfo", additional);
        }
        return json.build();
    }

    private static int days(Run run, String key, int fallback, int min, int max) {
        String value = run.configuration().get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Optional<X509Certificate> parse(String pem) {
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (Exception e) {
            LOG.debugf("could not parse a CA certificate: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** An empty related-resources list. */
    static final class JsonArrayEmpty {
        static final JsonArray EMPTY = Json.createArrayBuilder().build();

        private JsonArrayEmpty() {}
    }
}
