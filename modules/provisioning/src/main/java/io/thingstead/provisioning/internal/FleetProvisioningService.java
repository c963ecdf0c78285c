package io.thingstead.provisioning.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.provisioning.api.ClaimContext;
import io.thingstead.provisioning.api.FleetProvisioning;
import io.thingstead.provisioning.api.ProvisioningResponse;
import io.thingstead.provisioning.api.ProvisioningTemplateInfo;
import io.thingstead.provisioning.api.ProvisioningTopic;
import io.thingstead.provisioning.api.ProvisioningTopic.Operation;
import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.OwnershipTokens.StoredToken;
import io.thingstead.provisioning.internal.PreProvisioningHookClient.Decision;
import io.thingstead.provisioning.internal.PreProvisioningHookClient.HookRequest;
import io.thingstead.provisioning.internal.template.ParameterBinding;
import io.thingstead.provisioning.internal.template.ResolvedTemplate;
import io.thingstead.provisioning.internal.template.SystemParameters;
import io.thingstead.provisioning.internal.template.Template;
import io.thingstead.provisioning.internal.template.TemplateEvaluator;
import io.thingstead.provisioning.internal.template.TemplateException;
import io.thingstead.provisioning.internal.template.TemplateParser;
import io.thingstead.provisioning.internal.template.Value;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link FleetProvisioning}: AWS IoT's device provisioning MQTT API. Requests are checked in this order (cheapest and
 * least revealing first): payload, claim certificate, template, token, hook, parameters; then the template is applied
 * in one transaction ({@link TemplateApplier}). Every outcome is written to the audit trail.
 */
@ApplicationScoped
public class FleetProvisioningService implements FleetProvisioning {
    private static final Logger LOG = Logger.getLogger(FleetProvisioningService.class);

    /** AWS IoT's largest MQTT payload. */
    static final JsonLimits PAYLOAD = new JsonLimits(128 * 1024, 8);

    @Inject
    TemplateApplier applier;

    @Inject
    PairingCodes pairingCodes;

    @Inject
    TemplateStore templates;

    @Inject
    PreProvisioningHookClient hooks;

    @Inject
    DeviceCertificates certificates;

    @Inject
    ProvisioningAudit audit;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Override
    public Optional<ProvisioningResponse> handle(String topic, ClaimContext claim, byte[] payload) {
        return ProvisioningTopic.parse(topic).map(parsed -> switch (parsed.operation()) {
            case CREATE_KEYS_AND_CERTIFICATE -> createKeysAndCertificate(claim, payload);
            case CREATE_CERTIFICATE_FROM_CSR -> createCertificateFromCsr(claim, payload);
            case REGISTER_THING -> registerThing(parsed.templateName().orElseThrow(), claim, payload);
        });
    }

    /** What an operation found out, for the audit trail. */
    private static final class Facts {
        final Map<String, String> details = new LinkedHashMap<>();
        Optional<String> resourceArn = Optional.empty();
    }

    @FunctionalInterface
    private interface Work {
        JsonObject run(Facts facts);
    }

    @Override
    public ProvisioningResponse createKeysAndCertificate(ClaimContext claim, byte[] payload) {
        ProvisioningTopic topic = new ProvisioningTopic(Operation.CREATE_KEYS_AND_CERTIFICATE, Optional.empty());
        return run(topic, claim, "iot:CreateKeysAndCertificate", facts -> {
            read(payload, true);
            requireClaim(claim);
            TemplateApplier.Issued issued = applier.issueWithKeys(claim.claimCertificateId());
            facts.details.put("certificateId", issued.certificate().certificateId());
            facts.resourceArn = Optional.of(issued.certificate().certificateArn());
            return Json.createObjectBuilder()
                    .add("certificateId", issued.certificate().certificateId())
                    .add("certificatePem", issued.certificate().certificatePem())
                    .add("privateKey", issued.keys().orElseThrow().keyPair().privateKeyPem())
                    .add("certificateOwnershipToken", issued.token())
                    .build();
        });
    }

    @Override
    public ProvisioningResponse createCertificateFromCsr(ClaimContext claim, byte[] payload) {
        ProvisioningTopic topic = new ProvisioningTopic(Operation.CREATE_CERTIFICATE_FROM_CSR, Optional.empty());
        return run(topic, claim, "iot:CreateCertificateFromCsr", facts -> {
            JsonObject request = read(payload, false);
            String csr = string(request, "certificateSigningRequest")
                    .filter(value -> !value.isBlank())
                    .orElseThrow(() -> ProvisioningFailure.badRequest(
                            ProvisioningFailure.INVALID_CSR, "certificateSigningRequest is required."));
            requireClaim(claim);
            TemplateApplier.Issued issued;
            try {
                issued = applier.issueFromCsr(claim.claimCertificateId(), csr);
            } catch (IotException e) {
                if (e.code().httpStatus() >= 500) {
                    throw e;
                }
                throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_CSR, e.getMessage());
            }
            facts.details.put("certificateId", issued.certificate().certificateId());
            facts.resourceArn = Optional.of(issued.certificate().certificateArn());
            return Json.createObjectBuilder()
                    .add("certificateId", issued.certificate().certificateId())
                    .add("certificatePem", issued.certificate().certificatePem())
                    .add("certificateOwnershipToken", issued.token())
                    .build();
        });
    }

    @Override
    public ProvisioningResponse registerThing(String templateName, ClaimContext claim, byte[] payload) {
        Optional<ProvisioningTopic> parsed =
                ProvisioningTopic.parse("$aws/provisioning-templates/" + templateName + "/provision/json");
        if (parsed.isEmpty()) {
            // not a name a template can have: answer on a topic that is still safe to build
            ProvisioningTopic fallback = new ProvisioningTopic(Operation.REGISTER_THING, Optional.of("invalid"));
            ProvisioningFailure failure = new ProvisioningFailure(
                    404, ProvisioningFailure.NOT_FOUND, "The provisioning template does not exist.");
            audit.record(
                    actor(claim),
                    "iot:RegisterThing",
                    Optional.empty(),
                    failure.errorCode(),
                    claim.sourceAddress(),
                    Map.of("clientId", claim.clientId(), "reason", failure.getMessage()));
            return failure.toResponse(fallback.rejectedTopic());
        }
        ProvisioningTopic topic = parsed.get();
        return run(topic, claim, "iot:RegisterThing", facts -> {
            facts.details.put("templateName", templateName);
            facts.resourceArn = Optional.of(templates.arn(templateName));
            JsonObject request = read(payload, false);
            String token = string(request, "certificateOwnershipToken")
                    .filter(value -> !value.isEmpty())
                    .orElseThrow(() -> ProvisioningFailure.badRequest(
                            ProvisioningFailure.INVALID_TOKEN, "Certificate ownership token cannot be empty."));
            Map<String, String> supplied;
            try {
                supplied = ParameterBinding.read(request.get("parameters"), "parameters");
            } catch (TemplateException e) {
                throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_PARAMETERS, e.getMessage());
            }
            requireClaim(claim);
            ProvisioningTemplateInfo info = templates
                    .find(templateName)
                    .orElseThrow(() -> new ProvisioningFailure(
                            404,
                            ProvisioningFailure.NOT_FOUND,
                            "The provisioning template " + templateName + " does not exist."));
            if (info.type() != TemplateType.FLEET_PROVISIONING) {
                throw ProvisioningFailure.badRequest(
                        ProvisioningFailure.INVALID_TEMPLATE,
                        "The provisioning template " + templateName + " is a JITP template; RegisterThing needs a"
                                + " FLEET_PROVISIONING template.");
            }
            if (!info.enabled()) {
                throw ProvisioningFailure.badRequest(
                        ProvisioningFailure.INVALID_TEMPLATE,
                        "The provisioning template " + templateName + " is disabled.");
            }
            if (!OwnershipTokens.wellFormed(token)) {
                throw ProvisioningFailure.badRequest(
                        ProvisioningFailure.INVALID_TOKEN, "The certificate ownership token is not valid.");
            }
            String tokenHash = OwnershipTokens.hash(token);
            Optional<StoredToken> stored = applier.findToken(tokenHash);
            Optional<String> refusal = OwnershipTokens.refusal(stored, claim.claimCertificateId(), clock.instant());
            if (refusal.isPresent()) {
                throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_TOKEN, refusal.get());
            }
            String certificateId = stored.orElseThrow().certificateId();
            facts.details.put("certificateId", certificateId);
            Template template = parseStored(info);
            Map<String, String> parameters = new LinkedHashMap<>(supplied);
            if (info.preProvisioningHook().isPresent()) {
                CertificateInfo certificate = certificates.describe(certificateId);
                Decision decision = hooks.call(
                        info.preProvisioningHook().get(),
                        new HookRequest(
                                claim.claimCertificateId(),
                                certificateId,
                                certificate.certificatePem(),
                                info.templateArn(),
                                claim.clientId(),
                                supplied));
                switch (decision) {
                    case Decision.Denied denied -> {
                        facts.details.put("hook", denied.reason());
                        throw new ProvisioningFailure(
                                403,
                                ProvisioningFailure.ACCESS_DENIED,
                                "The pre-provisioning hook did not allow provisioning.");
                    }
                    case Decision.Allowed allowed -> {
                        parameters.putAll(allowed.parameterOverrides());
                        if (!allowed.parameterOverrides().isEmpty()) {
                            facts.details.put(
                                    "parameterOverrides",
                                    String.join(
                                            ",", allowed.parameterOverrides().keySet()));
                        }
                    }
                }
            }
            ResolvedTemplate plan;
            Optional<String> pairingCode = SystemParameters.usesPairingCode(template)
                    ? Optional.of(pairingCodes.generate())
                    : Optional.empty();
            try {
                Map<String, Value> bound = new LinkedHashMap<>(
                        ParameterBinding.bind(template, parameters, SystemParameters.fleet(certificateId)));
                pairingCode.ifPresent(code -> bound.put(SystemParameters.PAIRING_CODE, new Value.Text(code)));
                plan = TemplateEvaluator.evaluate(template, bound);
            } catch (TemplateException e) {
                throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_PARAMETERS, e.getMessage());
            }
            Optional<String> thingName = applier.registerThing(
                    tokenHash, claim.claimCertificateId(), plan, pairingCode, "provisioning:" + templateName);
            JsonObjectBuilder configuration = Json.createObjectBuilder();
            plan.deviceConfiguration().forEach(configuration::add);
            JsonObjectBuilder response = Json.createObjectBuilder().add("deviceConfiguration", configuration);
            thingName.ifPresent(name -> {
                response.add("thingName", name);
                facts.details.put("thingName", name);
                facts.resourceArn = Optional.of(platform.iotArn("thing", name).toString());
            });
            return response.build();
        });
    }

    private ProvisioningResponse run(ProvisioningTopic topic, ClaimContext claim, String action, Work work) {
        Facts facts = new Facts();
        facts.details.put("clientId", claim.clientId());
        facts.details.put("claimCertificateId", claim.claimCertificateId());
        ProvisioningResponse response;
        try {
            response = new ProvisioningResponse.Accepted(topic.acceptedTopic(), work.run(facts));
        } catch (ProvisioningFailure failure) {
            response = failure.toResponse(topic.rejectedTopic());
        } catch (IotException e) {
            response = translate(e).toResponse(topic.rejectedTopic());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s for claim certificate %s failed", action, claim.claimCertificateId());
            response = new ProvisioningFailure(500, ProvisioningFailure.INTERNAL, "Internal failure; try again later.")
                    .toResponse(topic.rejectedTopic());
        }
        String outcome = AuditEvent.SUCCESS;
        if (response instanceof ProvisioningResponse.Rejected rejected) {
            outcome = rejected.errorCode();
            facts.details.put("statusCode", Integer.toString(rejected.statusCode()));
            facts.details.put("reason", rejected.errorMessage());
        }
        audit.record(actor(claim), action, facts.resourceArn, outcome, claim.sourceAddress(), facts.details);
        return response;
    }

    /** An error of another module's api (the registry, policies) while the template was applied. */
    static ProvisioningFailure translate(IotException e) {
        int status = e.code().httpStatus();
        if (status >= 500) {
            return new ProvisioningFailure(500, ProvisioningFailure.INTERNAL, "Internal failure; try again later.");
        }
        if (e.code() == ErrorCode.THROTTLING) {
            return new ProvisioningFailure(429, ProvisioningFailure.THROTTLED, e.getMessage());
        }
        if (status == 409) {
            return new ProvisioningFailure(409, ProvisioningFailure.CONFLICT, e.getMessage());
        }
        return ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_TEMPLATE, e.getMessage());
    }

    static String actor(ClaimContext claim) {
        return "certificate/" + claim.claimCertificateId();
    }

    private void requireClaim(ClaimContext claim) {
        boolean active;
        try {
            active = certificates.describe(claim.claimCertificateId()).status() == CertificateStatus.ACTIVE;
        } catch (IotException e) {
            active = false;
        }
        if (!active) {
            throw new ProvisioningFailure(
                    403,
                    ProvisioningFailure.ACCESS_DENIED,
                    "The connection's certificate is not an ACTIVE certificate.");
        }
    }

    static Template parseStored(ProvisioningTemplateInfo info) {
        try {
            return TemplateParser.parse(info.templateBody(), info.type());
        } catch (TemplateException e) {
            // stored bodies were checked when they were stored; a newer Thingstead may be stricter
            throw ProvisioningFailure.badRequest(
                    ProvisioningFailure.INVALID_TEMPLATE,
                    "The provisioning template " + info.templateName() + " is not valid: " + e.getMessage());
        }
    }

    /** The request payload: a JSON object; with {@code emptyAllowed} an empty payload is {@code {}}. */
    static JsonObject read(byte[] payload, boolean emptyAllowed) {
        if (payload == null || payload.length == 0) {
            if (emptyAllowed) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_PAYLOAD, "The payload is empty.");
        }
        try {
            return JsonDocuments.readObject(payload, PAYLOAD);
        } catch (IotException e) {
            throw ProvisioningFailure.badRequest(
                    ProvisioningFailure.INVALID_PAYLOAD, "The payload is not a valid JSON object.");
        }
    }

    private static Optional<String> string(JsonObject request, String member) {
        JsonValue value = request.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_PAYLOAD, member + " must be a string.");
        }
        return Optional.of(string.getString());
    }
}
