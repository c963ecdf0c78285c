package io.thingstead.pairing.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pairing.api.PairingPolicies;
import io.thingstead.policy.api.Policies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates, attaches and detaches the IoT policies of {@link PairingPolicies}: ordinary policies of the policy module,
 * so the gateway enforces them like any other and operators see them in the control plane and the portal.
 */
@ApplicationScoped
public class OwnerPolicies {
    private static final Logger LOG = Logger.getLogger(OwnerPolicies.class);

    @Inject
    Policies policies;

    @Inject
    PlatformIdentity platform;

    /** {@value PairingPolicies#END_USER_POLICY}: connect with a client id that starts with the identity id. */
    String endUserDocument() {
        return statements(List.of(statement(
                        "Connect", "iot:Connect", List.of(arn("client/${cognito-identity.amazonaws.com:sub}-*")))))
                .toString();
    }

    /** The owner policy of one thing: its classic shadow, presence, telemetry and commands. */
    String ownerDocument(String thingName) {
        String shadow = "$aws/things/" + thingName + "/shadow/";
        String presence = "$aws/events/presence/*/" + thingName;
        String telemetry = "dt/" + thingName + "/*";
        return statements(List.of(
                        statement(
                                "ShadowRequests",
                                "iot:Publish",
                                List.of(arn("topic/" + shadow + "get"), arn("topic/" + shadow + "update"))),
                        statement("Commands", "iot:Publish", List.of(arn("topic/cmd/" + thingName + "/*"))),
                        statement(
                                "Subscribe",
                                "iot:Subscribe",
                                List.of(
                                        arn("topicfilter/" + shadow + "get/*"),
                                        arn("topicfilter/" + shadow + "update/*"),
                                        arn("topicfilter/" + presence),
                                        arn("topicfilter/" + telemetry))),
                        statement(
                                "Receive",
                                "iot:Receive",
                                List.of(
                                        arn("topic/" + shadow + "get/*"),
                                        arn("topic/" + shadow + "update/*"),
                                        arn("topic/" + presence),
                                        arn("topic/" + telemetry)))))
                .toString();
    }

    /** Creates {@value PairingPolicies#END_USER_POLICY} when it does not exist (at start, in its own transaction). */
    void ensureEndUserPolicy() {
        if (find(PairingPolicies.END_USER_POLICY).isEmpty()) {
            try {
                policies.create(PairingPolicies.END_USER_POLICY, endUserDocument());
                LOG.infof("created the IoT policy %s for end users' apps", PairingPolicies.END_USER_POLICY);
            } catch (IotException e) {
                if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Inside the caller's transaction: the user may connect (the end-user policy is attached to their identity).
     * Attaches only when it is not attached yet: every attachment re-binds the policy's connections in the gateway.
     */
    void enroll(String identityId) {
        if (find(PairingPolicies.END_USER_POLICY).isEmpty()) {
            policies.create(PairingPolicies.END_USER_POLICY, endUserDocument());
        }
        boolean attached = policies.listAttached(identityId, false, Optional.empty(), 250).items().stream()
                .anyMatch(ref -> ref.policyName().equals(PairingPolicies.END_USER_POLICY));
        if (!attached) {
            policies.attach(PairingPolicies.END_USER_POLICY, identityId);
        }
    }

    /** Inside the caller's transaction: the thing's owner policy exists and is attached to the identity. */
    void grant(String thingName, String identityId) {
        String name = PairingPolicies.ownerPolicyName(thingName);
        if (find(name).isEmpty()) {
            policies.create(name, ownerDocument(thingName));
        }
        policies.attach(name, identityId);
    }

    /**
     * Inside the caller's transaction: the identity loses the thing's owner policy. With {@code deleteWhenUnused} the
     * policy is deleted when nobody else has it, unless an operator gave it more versions (their changes stay for the
     * next owner).
     */
    void revoke(String thingName, String identityId, boolean deleteWhenUnused) {
        String name = PairingPolicies.ownerPolicyName(thingName);
        if (find(name).isEmpty()) {
            return;
        }
        policies.detach(name, identityId);
        if (!deleteWhenUnused) {
            return;
        }
        boolean attachedElsewhere =
                !policies.listTargets(name, Optional.empty(), 1).items().isEmpty();
        if (!attachedElsewhere && policies.listVersions(name).size() == 1) {
            policies.delete(name);
        }
    }

    private Optional<Policies.PolicyInfo> find(String name) {
        try {
            return Optional.of(policies.get(name));
        } catch (IotException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String arn(String resource) {
        return "arn:aws:iot:" + platform.region() + ":" + platform.accountId() + ":" + resource;
    }

    private static JsonObjectBuilder statement(String sid, String action, List<String> resources) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        resources.forEach(array::add);
        return Json.createObjectBuilder()
                .add("Sid", sid)
                .add("Effect", "Allow")
                .add("Action", action)
                .add("Resource", array);
    }

    private static jakarta.json.JsonObject statements(List<JsonObjectBuilder> statements) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        statements.forEach(array::add);
        return Json.createObjectBuilder()
                .add("Version", "2012-10-17")
                .add("Statement", array)
                .build();
    }
}
