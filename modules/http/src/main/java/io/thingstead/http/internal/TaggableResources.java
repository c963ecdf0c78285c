package io.thingstead.http.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.defender.api.DefenderAudits;
import io.thingstead.defender.api.Mitigations;
import io.thingstead.defender.api.SecurityProfiles;
import io.thingstead.jobs.api.JobTemplates;
import io.thingstead.jobs.api.JobsControlPlane;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.policy.api.Policies;
import io.thingstead.provisioning.api.ProvisioningTemplates;
import io.thingstead.registry.api.ResourceTags;
import io.thingstead.registry.api.ResourceTags.Tag;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingTypes;
import io.thingstead.rules.api.TopicRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which ARNs can carry tags, and whether the resource behind one exists: each resource type is asked of the module
 * that owns it, so a tag never outlives or precedes its resource. The types are AWS IoT's taggable ones that
 * Thingstead has; things are not taggable in AWS IoT (their attributes serve), nor here.
 */
@ApplicationScoped
public class TaggableResources {
    @Inject
    PlatformIdentity platform;

    @Inject
    ResourceTags tags;

    @Inject
    ThingGroups groups;

    @Inject
    ThingTypes types;

    @Inject
    Policies policies;

    @Inject
    DeviceCertificates certificates;

    @Inject
    CaCertificates cas;

    @Inject
    TopicRules rules;

    @Inject
    JobsControlPlane jobs;

    @Inject
    JobTemplates jobTemplates;

    @Inject
    ProvisioningTemplates provisioningTemplates;

    @Inject
    SecurityProfiles profiles;

    @Inject
    Mitigations mitigations;

    @Inject
    DefenderAudits audits;

    private Map<String, Consumer<String>> lookups() {
        return Map.ofEntries(
                Map.entry("thinggroup", groups::describe),
                Map.entry("thingtype", types::describe),
                Map.entry("policy", policies::get),
                Map.entry("cert", certificates::describe),
                Map.entry("cacert", cas::describe),
                Map.entry("rule", rules::get),
                Map.entry("job", jobs::describeJob),
                Map.entry("jobtemplate", jobTemplates::describe),
                Map.entry("provisioningtemplate", provisioningTemplates::describe),
                Map.entry("securityprofile", profiles::describe),
                Map.entry("mitigationaction", mitigations::describeAction),
                Map.entry("scheduledaudit", audits::describeScheduledAudit));
    }

    /**
     * The ARN as Thingstead writes it, after checking that it names a taggable resource of this installation that
     * exists.
     *
     * @throws IotException InvalidRequestException for a malformed ARN or a type that takes no tags,
     *     ResourceNotFoundException for a resource that does not exist (or lives in another region or account)
     */
    public String existing(String resourceArn) {
        if (resourceArn == null || resourceArn.isEmpty()) {
            throw IotException.invalidRequest("resourceArn is required.");
        }
        if (resourceArn.length() > 1011) {
            throw IotException.invalidRequest("resourceArn must be at most 1011 characters long.");
        }
        Arn arn = Arn.parse(resourceArn);
        Map<String, Consumer<String>> lookups = lookups();
        if (!Arn.PARTITION.equals(arn.partition()) || !Arn.IOT.equals(arn.service())) {
            throw IotException.invalidRequest("Not an AWS IoT resource ARN: " + resourceArn);
        }
        if ("thing".equals(arn.resourceType())) {
            throw IotException.invalidRequest(
                    "Things cannot be tagged (as in AWS IoT); use thing attributes, or tag the thing's groups.");
        }
        Consumer<String> lookup = lookups.get(arn.resourceType());
        if (lookup == null) {
            throw IotException.invalidRequest("Resource type '" + arn.resourceType()
                    + "' cannot be tagged here; taggable types: " + new TreeSet<>(lookups.keySet()));
        }
        if (!platform.region().equals(arn.region()) || !platform.accountId().equals(arn.account())) {
            throw IotException.notFound("No such resource in this installation: " + resourceArn);
        }
        if (arn.resourceId().isEmpty()) {
            throw IotException.invalidRequest("The ARN names no resource: " + resourceArn);
        }
        lookup.accept(arn.resourceId());
        return arn.toString();
    }

    @Inject
    TaggedCreation tagged;

    /**
     * Runs a {@code Create*} and, when the request carried tags, tags what it created in the same transaction.
     *
     * @param arnOf the created resource's ARN, from what {@code create} returned
     */
    public <T> T create(List<Tag> requested, Supplier<T> create, Function<T, String> arnOf) {
        return requested.isEmpty() ? create.get() : tagged.create(requested, create, arnOf);
    }

    /** The ARN of {@code resourceType/resourceId} in this installation. */
    public String arn(String resourceType, String resourceId) {
        return platform.iotArn(resourceType, resourceId).toString();
    }

    /** Removes the tags of a resource that was deleted. */
    public void deleted(String resourceType, String resourceId) {
        tags.removeAll(platform.iotArn(resourceType, resourceId).toString());
    }

    /**
     * The {@code tags} member of a request, AWS's shape {@code [{"Key": "k", "Value": "v"}]}, validated (keys, values,
     * count) so that a create with bad tags changes nothing.
     */
    public List<Tag> fromBody(JsonObject request, String member) {
        JsonValue value = request.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw IotException.invalidRequest(member + " must be a list of {\"Key\": ..., \"Value\": ...}.");
        }
        if (((JsonArray) value).size() > 200) {
            throw IotException.invalidRequest(member + " holds at most 200 tags (a resource has at most 50).");
        }
        List<Tag> result = new ArrayList<>();
        for (JsonValue item : (JsonArray) value) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw IotException.invalidRequest(member + " must be a list of {\"Key\": ..., \"Value\": ...}.");
            }
            JsonObject tag = item.asJsonObject();
            result.add(new Tag(text(tag, "Key", member), optionalText(tag, "Value", member)));
        }
        tags.validate(result);
        return List.copyOf(result);
    }

    /**
     * The tags of an {@code x-amz-tagging} header ({@code CreateTopicRule}): a URL query string, {@code
     * k1=v1&k2=v2}, decoded.
     */
    public List<Tag> fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<Tag> result = new ArrayList<>();
        for (String pair : header.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                result.add(new Tag(decode(key), decode(value)));
            } catch (IllegalArgumentException e) {
                throw IotException.invalidRequest("x-amz-tagging is not a valid URL-encoded query string.");
            }
        }
        tags.validate(result);
        return List.copyOf(result);
    }

    /** The {@code tagKeys} of an {@code UntagResource} request: a non-empty list of strings. */
    static Set<String> keys(JsonObject request) {
        JsonValue value = request.get("tagKeys");
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY || ((JsonArray) value).isEmpty()) {
            throw IotException.invalidRequest("tagKeys is required: a list of the tag keys to remove.");
        }
        if (((JsonArray) value).size() > 200) {
            throw IotException.invalidRequest("tagKeys holds at most 200 keys (a resource has at most 50 tags).");
        }
        Set<String> keys = new TreeSet<>();
        for (JsonValue key : (JsonArray) value) {
            if (key.getValueType() != JsonValue.ValueType.STRING) {
                throw IotException.invalidRequest("tagKeys must be a list of strings.");
            }
            keys.add(((JsonString) key).getString());
        }
        return keys;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String text(JsonObject tag, String member, String list) {
        JsonValue value = tag.get(member);
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            throw IotException.invalidRequest("Every entry of " + list + " needs a string " + member + ".");
        }
        return ((JsonString) value).getString();
    }

    private static String optionalText(JsonObject tag, String member, String list) {
        JsonValue value = tag.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        return text(tag, member, list);
    }
}
