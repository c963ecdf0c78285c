package io.thingstead.provisioning.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.NewKeysAndCertificate;
import io.thingstead.pki.api.ProvisioningCertificates;
import io.thingstead.policy.api.Policies;
import io.thingstead.provisioning.internal.OwnershipTokens.StoredToken;
import io.thingstead.provisioning.internal.template.ResolvedTemplate;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.CertificatePlan;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.PolicyPlan;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.ThingPlan;
import io.thingstead.provisioning.internal.template.SystemParameters;
import io.thingstead.registry.api.ThingCommands.CreateThing;
import io.thingstead.registry.api.ThingCommands.UpdateThing;
import io.thingstead.registry.api.ThingDescription;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingGroups.GroupRef;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.ThingTypes;
import io.thingstead.registry.api.Things;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The transactions of device provisioning. Each public method is one transaction of its own ({@code REQUIRES_NEW}):
 * a failure anywhere (a {@link ProvisioningFailure} or an {@code IotException} of the registry or policy module) rolls
 * back everything it did, so a refused request leaves nothing half-created. Other modules are used only through their
 * {@code api} interfaces; their methods join this transaction.
 */
@ApplicationScoped
public class TemplateApplier {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    PlatformIdentity platform;

    @Inject
    ProvisioningSettings settings;

    @Inject
    DeviceCertificates certificates;

    @Inject
    ProvisioningCertificates issuing;

    @Inject
    Things things;

    @Inject
    ThingTypes thingTypes;

    @Inject
    ThingGroups groups;

    @Inject
    ThingPrincipals principals;

    @Inject
    Policies policies;

    @Inject
    PairingCodes pairingCodes;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** A certificate issued for fleet provisioning, with its ownership token (returned once, stored hashed). */
    public record Issued(CertificateInfo certificate, Optional<NewKeysAndCertificate> keys, String token) {}

    /** CreateKeysAndCertificate over MQTT: a key pair and a PENDING_ACTIVATION certificate, and a token. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Issued issueWithKeys(String claimCertificateId) {
        limitPending(claimCertificateId);
        NewKeysAndCertificate keys = issuing.createKeysAndCertificatePendingActivation();
        return new Issued(keys.certificate(), Optional.of(keys), token(keys.certificate(), claimCertificateId));
    }

    /** CreateCertificateFromCsr over MQTT: a PENDING_ACTIVATION certificate for the CSR, and a token. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Issued issueFromCsr(String claimCertificateId, String csr) {
        limitPending(claimCertificateId);
        CertificateInfo certificate = issuing.createFromCsrPendingActivation(csr);
        return new Issued(certificate, Optional.empty(), token(certificate, claimCertificateId));
    }

    private void limitPending(String claimCertificateId) {
        int pending = jdbc.queryOne(
                        "SELECT count(*) FROM provisioning_ownership_token WHERE claim_certificate_id = ? AND used_at IS NULL"
                                + " AND expires_at > ?",
                        row -> row.getInt(1),
                        claimCertificateId,
                        clock.instant())
                .orElse(0);
        if (pending >= settings.maxPendingPerClaim()) {
            throw new ProvisioningFailure(
                    429,
                    ProvisioningFailure.THROTTLED,
                    "This claim certificate already has " + pending + " certificates waiting for RegisterThing; try"
                            + " again later.");
        }
    }

    private String token(CertificateInfo certificate, String claimCertificateId) {
        String token = OwnershipTokens.generate();
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO provisioning_ownership_token (token_hash, certificate_id, claim_certificate_id, expires_at,"
                        + " created_at) VALUES (?, ?, ?, ?, ?)",
                OwnershipTokens.hash(token),
                certificate.certificateId(),
                claimCertificateId,
                now.plus(settings.ownershipTokenTtl()),
                now);
        return token;
    }

    /** The stored token with this hash (no lock; the transaction of {@link #registerThing} checks again). */
    public Optional<StoredToken> findToken(String tokenHash) {
        return jdbc.queryOne(
                "SELECT certificate_id, claim_certificate_id, expires_at, used_at FROM provisioning_ownership_token"
                        + " WHERE token_hash = ?",
                row -> new StoredToken(
                        row.getString("certificate_id"),
                        row.getString("claim_certificate_id"),
                        Jdbc.instant(row, "expires_at"),
                        Optional.ofNullable(row.getTimestamp("used_at")).map(java.sql.Timestamp::toInstant)),
                tokenHash);
    }

    /**
     * RegisterThing: uses the token (checked again under a row lock, so two requests with one token cannot both
     * succeed) and applies the evaluated template to the token's certificate.
     *
     * @return the thing's name, when the template has a thing
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> registerThing(String tokenHash, String claimCertificateId, ResolvedTemplate plan) {
        return registerThing(tokenHash, claimCertificateId, plan, Optional.empty(), "provisioning");
    }

    /**
     * RegisterThing as {@link #registerThing(String, String, ResolvedTemplate)}; when the template asked for a pairing
     * code, binds it to the thing in the same transaction.
     *
     * @param pairingCode the code the template's DeviceConfiguration hands the device
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> registerThing(
            String tokenHash,
            String claimCertificateId,
            ResolvedTemplate plan,
            Optional<String> pairingCode,
            String issuedBy) {
        Instant now = clock.instant();
        Optional<StoredToken> token = jdbc.queryOne(
                "SELECT certificate_id, claim_certificate_id, expires_at, used_at FROM provisioning_ownership_token"
                        + " WHERE token_hash = ? FOR UPDATE",
                row -> new StoredToken(
                        row.getString("certificate_id"),
                        row.getString("claim_certificate_id"),
                        Jdbc.instant(row, "expires_at"),
                        Optional.ofNullable(row.getTimestamp("used_at")).map(java.sql.Timestamp::toInstant)),
                tokenHash);
        Optional<String> refusal = OwnershipTokens.refusal(token, claimCertificateId, now);
        if (refusal.isPresent()) {
            throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_TOKEN, refusal.get());
        }
        jdbc.update("UPDATE provisioning_ownership_token SET used_at = ? WHERE token_hash = ?", now, tokenHash);
        Optional<String> thingName = apply(plan, token.get().certificateId());
        if (pairingCode.isPresent()) {
            String thing = thingName.orElseThrow(() -> ProvisioningFailure.badRequest(
                    ProvisioningFailure.INVALID_TEMPLATE,
                    "The template's DeviceConfiguration uses " + SystemParameters.PAIRING_CODE
                            + ", which needs a thing: add an AWS::IoT::Thing resource."));
            pairingCodes.register(thing, pairingCode.get(), issuedBy);
        }
        return thingName;
    }

    /**
     * Just-in-time provisioning: registers the certificate a device presented (PENDING_ACTIVATION, then what the
     * template says) and applies the template, all in one transaction.
     *
     * @return the thing's name, when the template has a thing
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> provisionJustInTime(
            IssuedCertificate certificate, String caCertificateId, ResolvedTemplate plan) {
        if (!issuing.insertJustInTime(certificate, caCertificateId)) {
            throw new ProvisioningFailure(
                    409, ProvisioningFailure.CONFLICT, "The certificate was registered by another connection.");
        }
        return apply(plan, certificate.certificateId());
    }

    private Optional<String> apply(ResolvedTemplate plan, String certificateId) {
        String certificateArn = platform.iotArn("cert", certificateId).toString();
        Optional<String> thingName = Optional.empty();
        if (plan.thing().isPresent()) {
            ThingPlan thing = plan.thing().get();
            applyThing(thing);
            principals.attach(thing.thingName(), certificateArn);
            thingName = Optional.of(thing.thingName());
        }
        CertificateStatus status = CertificateStatus.ACTIVE;
        if (plan.certificate().isPresent()) {
            CertificatePlan certificate = plan.certificate().get();
            if (!certificate.certificateId().equals(certificateId)) {
                throw ProvisioningFailure.badRequest(
                        ProvisioningFailure.INVALID_TEMPLATE,
                        "The template's certificate must be the certificate being provisioned: use \"CertificateId\":"
                                + " {\"Ref\": \"AWS::IoT::Certificate::Id\"}.");
            }
            status = CertificateStatus.valueOf(certificate.status().name());
        }
        certificates.updateStatus(certificateId, status.name());
        for (PolicyPlan policy : plan.policies()) {
            String name = policy.policyName().isPresent()
                    ? existingPolicy(policy.policyName().get())
                    : documentPolicy(policy.policyDocument().orElseThrow());
            policies.attach(name, certificateArn);
        }
        return thingName;
    }

    private void applyThing(ThingPlan plan) {
        plan.thingTypeName().ifPresent(this::requireThingType);
        plan.thingGroups().ifPresent(names -> names.forEach(this::requireGroup));
        Optional<ThingDescription> existing = things.find(plan.thingName());
        if (existing.isEmpty()) {
            things.create(new CreateThing(
                    plan.thingName(), plan.thingTypeName(), plan.attributes().orElse(Map.of())));
            plan.thingGroups()
                    .ifPresent(names -> names.forEach(group -> groups.addThing(group, plan.thingName(), false)));
            return;
        }
        ThingDescription thing = existing.get();
        Optional<String> newType = Optional.empty();
        if (plan.thingTypeName().isPresent() && !plan.thingTypeName().equals(thing.thingTypeName())) {
            switch (plan.thingTypeOverride()) {
                case REPLACE, MERGE -> newType = plan.thingTypeName();
                case FAIL ->
                    throw conflict("its thing type is " + thing.thingTypeName().orElse("(none)") + ", not "
                            + plan.thingTypeName().get());
                case DO_NOTHING -> {}
            }
        }
        Optional<Map<String, String>> newAttributes = Optional.empty();
        boolean merge = false;
        if (plan.attributes().isPresent() && !plan.attributes().get().equals(thing.attributes())) {
            Map<String, String> wanted = plan.attributes().get();
            switch (plan.attributesOverride()) {
                case REPLACE -> newAttributes = Optional.of(wanted);
                case MERGE -> {
                    Map<String, String> merged = new LinkedHashMap<>(wanted);
                    merged.values().removeIf(String::isEmpty);
                    if (!thing.attributes().entrySet().containsAll(merged.entrySet())) {
                        newAttributes = Optional.of(merged);
                        merge = true;
                    }
                }
                case FAIL -> throw conflict("its attributes differ from the template's");
                case DO_NOTHING -> {}
            }
        }
        if (newType.isPresent() || newAttributes.isPresent()) {
            things.update(new UpdateThing(thing.thingName(), newType, false, newAttributes, merge, Optional.empty()));
        }
        if (plan.thingGroups().isPresent()) {
            Set<String> wanted = new LinkedHashSet<>(plan.thingGroups().get());
            Set<String> current = new LinkedHashSet<>(staticGroupsOf(thing.thingName()));
            if (!current.equals(wanted)) {
                switch (plan.thingGroupsOverride()) {
                    case REPLACE -> {
                        for (String group : current) {
                            if (!wanted.contains(group)) {
                                groups.removeThing(group, thing.thingName());
                            }
                        }
                        wanted.forEach(group -> groups.addThing(group, thing.thingName(), false));
                    }
                    case MERGE -> wanted.forEach(group -> groups.addThing(group, thing.thingName(), false));
                    case FAIL -> throw conflict("its thing groups differ from the template's");
                    case DO_NOTHING -> {}
                }
            }
        }
    }

    private List<String> staticGroupsOf(String thingName) {
        List<String> names = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
            Page<GroupRef> page = groups.listGroupsForThing(thingName, next, 250);
            for (GroupRef ref : page.items()) {
                if (!groups.describe(ref.groupName()).dynamic()) {
                    names.add(ref.groupName());
                }
            }
            next = page.nextToken();
        } while (next.isPresent());
        return names;
    }

    private static ProvisioningFailure conflict(String what) {
        return new ProvisioningFailure(
                409,
                ProvisioningFailure.CONFLICT,
                "The thing already exists and " + what + "; the template's OverrideSettings say FAIL.");
    }

    private void requireThingType(String name) {
        try {
            thingTypes.describe(name);
        } catch (IotException e) {
            throw templateProblem(e, "The thing type " + name + " does not exist.");
        }
    }

    private void requireGroup(String name) {
        try {
            groups.describe(name);
        } catch (IotException e) {
            throw templateProblem(e, "The thing group " + name + " does not exist.");
        }
    }

    private String existingPolicy(String name) {
        try {
            return policies.get(name).policyName();
        } catch (IotException e) {
            throw templateProblem(e, "The policy " + name + " does not exist.");
        }
    }

    /** A policy made from a document is named after the document's SHA-256, as AWS does, and reused when it exists. */
    private String documentPolicy(String document) {
        String name = documentPolicyName(document);
        try {
            return policies.get(name).policyName();
        } catch (IotException e) {
            if (e.code() != ErrorCode.RESOURCE_NOT_FOUND) {
                throw e;
            }
        }
        return policies.create(name, document).policyName();
    }

    static String documentPolicyName(String document) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProvisioningFailure templateProblem(IotException e, String notFound) {
        return ProvisioningFailure.badRequest(
                ProvisioningFailure.INVALID_TEMPLATE,
                e.code() == ErrorCode.RESOURCE_NOT_FOUND ? notFound : e.getMessage());
    }

    /**
     * Deletes certificates of fleet provisioning whose ownership token expired unused (AWS deletes them too); they
     * stay on Thingstead's CRL. At most {@code limit} per call.
     *
     * @return how many were deleted
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteExpiredPending(int limit) {
        // the certificates' status is the PKI's: asked through its API, not read from its table
        List<String[]> expired = jdbc.query(
                "SELECT token_hash, certificate_id FROM provisioning_ownership_token"
                        + " WHERE used_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED",
                List.of(clock.instant(), limit),
                row -> new String[] {row.getString(1), row.getString(2)});
        int deleted = 0;
        for (String[] token : expired) {
            if (certificates.describe(token[1]).status() == CertificateStatus.PENDING_ACTIVATION) {
                certificates.delete(token[1], true); // its tokens go with it (ON DELETE CASCADE)
                deleted++;
            } else {
                // activated another way: the expired token can never be used
                jdbc.update("DELETE FROM provisioning_ownership_token WHERE token_hash = ?", token[0]);
            }
        }
        // tokens of certificates that were activated another way are kept until they expire, then dropped
        jdbc.update(
                "DELETE FROM provisioning_ownership_token WHERE expires_at <= ? AND token_hash IN (SELECT token_hash FROM"
                        + " provisioning_ownership_token WHERE expires_at <= ? LIMIT 1000)",
                clock.instant().minus(settings.ownershipTokenTtl()),
                clock.instant().minus(settings.ownershipTokenTtl()));
        return expired.size();
    }
}
