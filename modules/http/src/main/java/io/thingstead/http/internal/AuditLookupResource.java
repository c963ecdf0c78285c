package io.thingstead.http.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.audit.api.AuditTrail.Attribute;
import io.thingstead.audit.api.AuditTrail.Lookup;
import io.thingstead.audit.api.AuditTrail.Recorded;
import io.thingstead.common.api.Arn;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit trail read the way AWS users read theirs: CloudTrail's {@code LookupEvents} (JSON 1.1, {@code POST /} with
 * {@code X-Amz-Target: CloudTrail_20131101.LookupEvents}, signed for the service {@code cloudtrail}), so the AWS
 * CLI's {@code aws cloudtrail lookup-events --endpoint-url ...} and the SDK's {@code CloudTrailClient} work unchanged.
 * One lookup attribute at a time (as CloudTrail), a time range, pages of up to 50, newest first. Only changes are
 * recorded (reads are not), so {@code ReadOnly=true} finds nothing.
 */
@Path("/")
@RequestScoped
public class AuditLookupResource {
    static final String TARGET = "CloudTrail_20131101.LookupEvents";
    static final String JSON_11 = "application/x-amz-json-1.1";
    private static final Pattern ACTOR = Pattern.compile("^accessKey/([^/]+)/(.*)$");
    private static final String TOKEN_PREFIX = "audit:";
    /** 9999-12-31T23:59:59Z: later times are not a time range PostgreSQL can compare. */
    private static final BigDecimal LATEST = BigDecimal.valueOf(253_402_300_799L);

    /** CloudTrail's attribute keys and what they match here. */
    private static final Map<String, Attribute> ATTRIBUTES = Map.of(
            "EventId", Attribute.EVENT_ID,
            "EventName", Attribute.EVENT_NAME,
            "Username", Attribute.USERNAME,
            "AccessKeyId", Attribute.ACCESS_KEY_ID,
            "ResourceName", Attribute.RESOURCE_NAME,
            "ResourceType", Attribute.RESOURCE_TYPE,
            "EventSource", Attribute.SERVICE);

    /** ARN resource types and CloudTrail's resource type names for them. */
    private static final Map<String, String> RESOURCE_TYPES = Map.ofEntries(
            Map.entry("thing", "AWS::IoT::Thing"),
            Map.entry("thinggroup", "AWS::IoT::ThingGroup"),
            Map.entry("thingtype", "AWS::IoT::ThingType"),
            Map.entry("policy", "AWS::IoT::Policy"),
            Map.entry("cert", "AWS::IoT::Certificate"),
            Map.entry("cacert", "AWS::IoT::CACertificate"),
            Map.entry("rule", "AWS::IoT::TopicRule"),
            Map.entry("ruledestination", "AWS::IoT::TopicRuleDestination"),
            Map.entry("job", "AWS::IoT::Job"),
            Map.entry("jobtemplate", "AWS::IoT::JobTemplate"),
            Map.entry("provisioningtemplate", "AWS::IoT::ProvisioningTemplate"),
            Map.entry("securityprofile", "AWS::IoT::SecurityProfile"),
            Map.entry("mitigationaction", "AWS::IoT::MitigationAction"),
            Map.entry("scheduledaudit", "AWS::IoT::ScheduledAudit"));

    @Inject
    AuditTrail audit;

    @Inject
    PlatformIdentity platform;

    @Inject
    RequestBody body;

    @POST
    @ControlPlaneAction(value = "cloudtrail:LookupEvents", mutating = false)
    public Response lookup(@HeaderParam("X-Amz-Target") String target) {
        if (target == null || !target.endsWith(TARGET)) {
            throw new IotException(
                    ErrorCode.UNKNOWN_OPERATION,
                    "Thingstead answers only CloudTrail's LookupEvents here, not " + target + ".");
        }
        JsonObject request = body.json();
        Lookup query = query(request);
        List<Recorded> events = query.readOnly() ? List.of() : audit.lookup(query);
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Recorded event : events) {
            items.add(event(event));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("Events", items);
        if (events.size() == query.limit()) {
            json.add("NextToken", token(events.get(events.size() - 1).id()));
        }
        return Response.ok(json.build().toString(), JSON_11).build();
    }

    /** The query of a {@code LookupEvents} request, checked as CloudTrail checks it. */
    static Lookup query(JsonObject request) {
        Optional<Instant> start = time(request, "StartTime");
        Optional<Instant> end = time(request, "EndTime");
        if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
            throw new IotException(ErrorCode.INVALID_TIME_RANGE, "StartTime must not be after EndTime.");
        }
        int limit = 50;
        JsonValue max = request.get("MaxResults");
        if (max != null && max.getValueType() != JsonValue.ValueType.NULL) {
            if (!(max instanceof JsonNumber number)
                    || !number.isIntegral()
                    || number.longValue() < 1
                    || number.longValue() > 50) {
                throw new IotException(ErrorCode.INVALID_MAX_RESULTS, "MaxResults must be a whole number, 1 to 50.");
            }
            limit = number.intValue();
        }
        Optional<Long> before = Optional.empty();
        JsonValue next = request.get("NextToken");
        if (next != null && next.getValueType() != JsonValue.ValueType.NULL) {
            before = Optional.of(beforeId(next));
        }
        Optional<Attribute> attribute = Optional.empty();
        String value = "";
        boolean readOnly = false;
        JsonValue attributes = request.get("LookupAttributes");
        if (attributes != null && attributes.getValueType() != JsonValue.ValueType.NULL) {
            if (!(attributes instanceof JsonArray list) || list.size() > 1) {
                throw new IotException(
                        ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "LookupAttributes takes at most one attribute.");
            }
            if (!list.isEmpty()) {
                if (list.get(0).getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IotException(
                            ErrorCode.INVALID_LOOKUP_ATTRIBUTES,
                            "LookupAttributes holds {\"AttributeKey\": ..., \"AttributeValue\": ...}.");
                }
                JsonObject only = list.getJsonObject(0);
                String key = string(only, "AttributeKey");
                value = string(only, "AttributeValue");
                if (!ATTRIBUTES.containsKey(key)) {
                    if (!"ReadOnly".equals(key)) {
                        throw new IotException(
                                ErrorCode.INVALID_LOOKUP_ATTRIBUTES,
                                "Unknown AttributeKey " + key + "; Thingstead looks up by "
                                        + new java.util.TreeSet<>(ATTRIBUTES.keySet()) + " and ReadOnly.");
                    }
                    // only changes are recorded: ReadOnly=false is every event, ReadOnly=true none
                    if (!"false".equalsIgnoreCase(value) && !"true".equalsIgnoreCase(value)) {
                        throw new IotException(
                                ErrorCode.INVALID_LOOKUP_ATTRIBUTES, "ReadOnly is true or false, not " + value + ".");
                    }
                    readOnly = "true".equalsIgnoreCase(value);
                    value = "";
                } else {
                    attribute = Optional.of(ATTRIBUTES.get(key));
                    value = translate(attribute.get(), value);
                }
            }
        }
        return new Lookup(start, end, attribute, value, before, limit, readOnly);
    }

    /** CloudTrail's values for what the audit trail stores: resource type and event source names. */
    private static String translate(Attribute attribute, String value) {
        return switch (attribute) {
            case RESOURCE_TYPE ->
                RESOURCE_TYPES.entrySet().stream()
                        .filter(e -> e.getValue().equals(value))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(value);
            case SERVICE ->
                value.endsWith(".amazonaws.com")
                        ? value.substring(0, value.length() - ".amazonaws.com".length())
                        : value;
            default -> value;
        };
    }

    private JsonObject event(Recorded recorded) {
        AuditEvent event = recorded.event();
        Matcher actor = ACTOR.matcher(event.actor());
        String username = actor.matches() ? actor.group(2) : event.actor();
        int colon = event.action().indexOf(':');
        String name = event.action().substring(colon + 1);
        String source = event.action().substring(0, Math.max(colon, 0)) + ".amazonaws.com";
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("EventId", Long.toString(recorded.id()))
                .add("EventName", name)
                .add("ReadOnly", "false")
                .add("EventTime", epochSeconds(event.at()))
                .add("EventSource", source)
                .add("Username", username);
        if (actor.matches()) {
            json.add("AccessKeyId", actor.group(1));
        }
        JsonArrayBuilder resources = Json.createArrayBuilder();
        event.resourceArn()
                .ifPresent(arn -> resources.add(Json.createObjectBuilder()
                        .add("ResourceType", resourceType(arn))
                        .add("ResourceName", arn)));
        json.add("Resources", resources);
        json.add(
                "CloudTrailEvent",
                cloudTrailEvent(recorded, username, actor.matches() ? actor.group(1) : null, name, source)
                        .toString());
        return json.build();
    }

    /** The event as CloudTrail's record JSON (the {@code CloudTrailEvent} string). */
    private JsonObject cloudTrailEvent(
            Recorded recorded, String username, String accessKeyId, String name, String source) {
        AuditEvent event = recorded.event();
        JsonObjectBuilder identity = Json.createObjectBuilder()
                .add("type", "IAMUser")
                .add("principalId", username)
                .add("userName", username);
        if (accessKeyId != null) {
            identity.add("accessKeyId", accessKeyId);
        }
        JsonObjectBuilder parameters = Json.createObjectBuilder();
        event.details().forEach(parameters::add);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("eventVersion", "1.08")
                .add("userIdentity", identity)
                .add("eventTime", event.at().toString())
                .add("eventSource", source)
                .add("eventName", name)
                .add("awsRegion", platform.region())
                .add("sourceIPAddress", event.sourceIp().orElse(""))
                .add("requestParameters", parameters)
                .add("eventID", Long.toString(recorded.id()))
                .add("readOnly", false)
                .add("eventType", "AwsApiCall")
                .add("managementEvent", true)
                .add("recipientAccountId", platform.accountId())
                .add("eventCategory", "Management");
        if (!AuditEvent.SUCCESS.equals(event.outcome())) {
            json.add("errorCode", event.outcome());
        }
        return json.build();
    }

    private static String resourceType(String arn) {
        try {
            String type = Arn.parse(arn).resourceType();
            return RESOURCE_TYPES.getOrDefault(type, "AWS::IoT::" + type);
        } catch (IotException e) {
            return "AWS::IoT::Resource";
        }
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static Optional<Instant> time(JsonObject request, String member) {
        JsonValue value = request.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw new IotException(ErrorCode.INVALID_TIME_RANGE, member + " must be a time in epoch seconds.");
        }
        BigDecimal seconds = number.bigDecimalValue();
        if (seconds.signum() < 0 || seconds.compareTo(LATEST) > 0) {
            throw new IotException(
                    ErrorCode.INVALID_TIME_RANGE, member + " must be between 1970 and 9999, in epoch seconds.");
        }
        return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
    }

    private static String string(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (!(value instanceof JsonString text) || text.getString().isEmpty()) {
            throw new IotException(ErrorCode.INVALID_LOOKUP_ATTRIBUTES, member + " is required.");
        }
        return text.getString();
    }

    static String token(long lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TOKEN_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static long beforeId(JsonValue next) {
        try {
            String decoded =
                    new String(Base64.getUrlDecoder().decode(((JsonString) next).getString()), StandardCharsets.UTF_8);
            if (!decoded.startsWith(TOKEN_PREFIX)) {
                throw new IllegalArgumentException(decoded);
            }
            return Long.parseLong(decoded.substring(TOKEN_PREFIX.length()));
        } catch (RuntimeException e) {
            throw new IotException(ErrorCode.INVALID_NEXT_TOKEN, "Invalid NextToken.");
        }
    }
}
