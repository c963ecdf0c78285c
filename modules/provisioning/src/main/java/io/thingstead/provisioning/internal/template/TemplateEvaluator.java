package io.thingstead.provisioning.internal.template;

import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.CertificatePlan;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.PolicyPlan;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.ThingPlan;
import io.thingstead.provisioning.internal.template.Template.CertificateResource;
import io.thingstead.provisioning.internal.template.Template.PolicyResource;
import io.thingstead.provisioning.internal.template.Template.ThingResource;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates a {@link Template}'s resources and device configuration for bound parameters: {@code Ref}, {@code
 * Fn::Join}, {@code Fn::Sub}, {@code Fn::FindInMap}, {@code Fn::Split} and {@code Fn::Select}, as AWS IoT's template
 * language has them. Pure: no I/O, no clock. Every string it makes has at most {@value #MAX_TEXT} characters and
 * every list at most {@value #MAX_ITEMS} items, so parameters cannot blow up the work.
 *
 * <p>{@link #check} runs the same evaluation with every parameter unknown: that is how a template's functions,
 * references and resource properties are checked when it is created, before any device sends a value.
 */
public final class TemplateEvaluator {
    public static final int MAX_TEXT = 16384;
    public static final int MAX_ITEMS = 256;

    static final String REF = "Ref";
    static final String JOIN = "Fn::Join";
    static final String SUB = "Fn::Sub";
    static final String FIND_IN_MAP = "Fn::FindInMap";
    static final String SPLIT = "Fn::Split";
    static final String SELECT = "Fn::Select";
    private static final String SUPPORTED = "Ref, Fn::Join, Fn::Sub, Fn::FindInMap, Fn::Split and Fn::Select";
    private static final Pattern SUB_VARIABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private final Template template;
    private final Map<String, Value> bindings;
    /** Whether DeviceConfiguration is being evaluated: the only place the pairing code may go. */
    private boolean inDeviceConfiguration;

    private TemplateEvaluator(Template template, Map<String, Value> bindings) {
        this.template = template;
        this.bindings = bindings;
    }

    /**
     * Checks what can be checked without parameter values.
     *
     * @throws TemplateException naming the path of the first problem
     */
    static void check(Template template) {
        Map<String, Value> unknown = new LinkedHashMap<>();
        if (template.type() == TemplateType.JITP) {
            SystemParameters.all().forEach(name -> unknown.put(name, Value.Unknown.INSTANCE));
        } else {
            unknown.put(SystemParameters.CERTIFICATE_ID, Value.Unknown.INSTANCE);
        }
        template.parameters().keySet().forEach(name -> unknown.put(name, Value.Unknown.INSTANCE));
        if (template.type() == TemplateType.FLEET_PROVISIONING) {
            unknown.put(SystemParameters.PAIRING_CODE, Value.Unknown.INSTANCE);
        }
        new TemplateEvaluator(template, unknown).resolve();
    }

    /**
     * Evaluates the template for one device.
     *
     * @param bindings the parameter values, from {@link ParameterBinding#bind}
     * @throws TemplateException naming the path of the first problem
     */
    public static ResolvedTemplate evaluate(Template template, Map<String, Value> bindings) {
        return new TemplateEvaluator(template, Map.copyOf(bindings)).resolve();
    }

    private ResolvedTemplate resolve() {
        Optional<ThingPlan> thing = template.thing().flatMap(this::thing);
        Optional<CertificatePlan> certificate = template.certificate().flatMap(this::certificate);
        List<PolicyPlan> policies = new ArrayList<>();
        for (PolicyResource policy : template.policies()) {
            policy(policy).ifPresent(policies::add);
        }
        Map<String, String> deviceConfiguration = new LinkedHashMap<>();
        if (template.deviceConfiguration().isPresent()) {
            inDeviceConfiguration = true;
            Map<String, Value> members =
                    members(eval(template.deviceConfiguration().get(), "DeviceConfiguration"), "DeviceConfiguration");
            inDeviceConfiguration = false;
            members.forEach((name, value) ->
                    text(value, "DeviceConfiguration." + name).ifPresent(text -> deviceConfiguration.put(name, text)));
        }
        return new ResolvedTemplate(thing, certificate, policies, deviceConfiguration);
    }

    private Optional<ThingPlan> thing(ThingResource resource) {
        String path = Template.properties(resource.logicalName());
        Optional<String> name = text(eval(resource.thingName(), path + ".ThingName"), path + ".ThingName");
        Optional<String> type = Optional.empty();
        if (resource.thingTypeName().isPresent()) {
            type = text(eval(resource.thingTypeName().get(), path + ".ThingTypeName"), path + ".ThingTypeName");
        }
        Optional<List<String>> groups = Optional.empty();
        if (resource.thingGroups().isPresent()) {
            if (!(resource.thingGroups().get() instanceof JsonArray)) {
                throw new TemplateException(path + ".ThingGroups", "must be a list of thing group names.");
            }
            groups = textList(eval(resource.thingGroups().get(), path + ".ThingGroups"), path + ".ThingGroups");
        }
        Optional<Map<String, String>> attributes = Optional.empty();
        if (resource.attributePayload().isPresent()) {
            String attributesPath = path + ".AttributePayload";
            Map<String, String> values = new LinkedHashMap<>();
            boolean known = true;
            for (Map.Entry<String, Value> entry : members(
                            eval(resource.attributePayload().get(), attributesPath), attributesPath)
                    .entrySet()) {
                Optional<String> value = text(entry.getValue(), attributesPath + "." + entry.getKey());
                known &= value.isPresent();
                value.ifPresent(text -> values.put(entry.getKey(), text));
            }
            attributes = known ? Optional.of(values) : Optional.empty();
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ThingPlan(
                name.get(),
                type,
                groups,
                attributes,
                resource.attributePayloadOverride(),
                resource.thingTypeNameOverride(),
                resource.thingGroupsOverride()));
    }

    private Optional<CertificatePlan> certificate(CertificateResource resource) {
        String path = Template.properties(resource.logicalName());
        Optional<String> id = text(eval(resource.certificateId(), path + ".CertificateId"), path + ".CertificateId");
        CertificateStatusValue status = CertificateStatusValue.ACTIVE;
        if (resource.status().isPresent()) {
            Optional<String> text = text(eval(resource.status().get(), path + ".Status"), path + ".Status");
            if (text.isPresent()) {
                status = CertificateStatusValue.parse(text.get(), path + ".Status");
            }
        }
        CertificateStatusValue finalStatus = status;
        return id.map(certificateId -> new CertificatePlan(certificateId, finalStatus, resource.statusOverride()));
    }

    private Optional<PolicyPlan> policy(PolicyResource resource) {
        String path = Template.properties(resource.logicalName());
        if (resource.policyName().isPresent()) {
            return text(eval(resource.policyName().get(), path + ".PolicyName"), path + ".PolicyName")
                    .map(name -> new PolicyPlan(resource.logicalName(), Optional.of(name), Optional.empty()));
        }
        String documentPath = path + ".PolicyDocument";
        Value document = eval(resource.policyDocument().orElseThrow(), documentPath);
        if (!known(document)) {
            return Optional.empty();
        }
        String text = switch (document) {
            case Value.Text string -> string.value();
            case Value.Members members -> toJson(members).toString();
            default ->
                throw new TemplateException(
                        documentPath, "must be a policy document: a JSON object or a string holding one.");
        };
        return Optional.of(new PolicyPlan(resource.logicalName(), Optional.empty(), Optional.of(text)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // expressions

    private Value eval(JsonValue node, String path) {
        return switch (node.getValueType()) {
            case STRING -> text(((JsonString) node).getString(), path);
            case NUMBER, TRUE, FALSE, NULL -> new Value.Literal(node);
            case ARRAY -> {
                JsonArray array = node.asJsonArray();
                if (array.size() > MAX_ITEMS) {
                    throw new TemplateException(path, "a list has at most " + MAX_ITEMS + " items.");
                }
                List<Value> items = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    items.add(eval(array.get(i), path + "[" + i + "]"));
                }
                yield new Value.Items(items);
            }
            case OBJECT -> {
                JsonObject object = node.asJsonObject();
                Optional<String> function = function(object, path);
                if (function.isPresent()) {
                    yield call(function.get(), object.get(function.get()), path + "." + function.get());
                }
                Map<String, Value> members = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                    members.put(entry.getKey(), eval(entry.getValue(), path + "." + entry.getKey()));
                }
                yield new Value.Members(members);
            }
        };
    }

    /** The function an object calls: it has exactly one member, {@code Ref} or {@code Fn::...}. */
    private static Optional<String> function(JsonObject object, String path) {
        for (String key : object.keySet()) {
            if (REF.equals(key) || key.startsWith("Fn::")) {
                if (object.size() != 1) {
                    throw new TemplateException(
                            path, "an intrinsic function (" + key + ") must be the only member of its object.");
                }
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private Value call(String function, JsonValue argument, String path) {
        return switch (function) {
            case REF -> ref(argument, path);
            case JOIN -> join(arguments(argument, 2, path, "[delimiter, [values...]]"), path);
            case SUB -> sub(argument, path);
            case FIND_IN_MAP -> findInMap(arguments(argument, 3, path, "[MapName, TopLevelKey, SecondLevelKey]"), path);
            case SPLIT -> split(arguments(argument, 2, path, "[delimiter, string]"), path);
            case SELECT -> select(arguments(argument, 2, path, "[index, [values...]]"), path);
            default ->
                throw new TemplateException(
                        path, "the intrinsic function is not supported; Thingstead supports " + SUPPORTED + ".");
        };
    }

    private static JsonArray arguments(JsonValue argument, int count, String path, String form) {
        if (!(argument instanceof JsonArray array) || array.size() != count) {
            throw new TemplateException(path, "expects a list of " + count + " arguments: " + form + ".");
        }
        return array;
    }

    private Value ref(JsonValue argument, String path) {
        if (!(argument instanceof JsonString name)) {
            throw new TemplateException(path, "Ref takes the name of a parameter, as a string.");
        }
        Value value = lookup(name.getString(), path);
        if (value == null) {
            throw new TemplateException(
                    path,
                    "'" + TemplateException.printable(name.getString()) + "' is not a parameter of this template;"
                            + " declare it in Parameters.");
        }
        return value;
    }

    /** A parameter's value; the pairing code only inside DeviceConfiguration, where only the device sees it. */
    private Value lookup(String name, String path) {
        if (SystemParameters.PAIRING_CODE.equals(name) && !inDeviceConfiguration) {
            throw new TemplateException(
                    path,
                    SystemParameters.PAIRING_CODE + " may only be used in DeviceConfiguration: it is a secret for the"
                            + " device, and Thingstead stores only its hash.");
        }
        return bindings.get(name);
    }

    private Value join(JsonArray arguments, String path) {
        Optional<String> delimiter = text(eval(arguments.get(0), path + "[0]"), path + "[0]");
        Optional<List<String>> values = textList(eval(arguments.get(1), path + "[1]"), path + "[1]");
        if (delimiter.isEmpty() || values.isEmpty()) {
            return Value.Unknown.INSTANCE;
        }
        return text(String.join(delimiter.get(), values.get()), path);
    }

    private Value sub(JsonValue argument, String path) {
        String source;
        Map<String, Value> variables = new LinkedHashMap<>();
        if (argument instanceof JsonString string) {
            source = string.getString();
        } else if (argument instanceof JsonArray array
                && array.size() == 2
                && array.get(0) instanceof JsonString string
                && array.get(1) instanceof JsonObject map) {
            source = string.getString();
            for (Map.Entry<String, JsonValue> entry : map.entrySet()) {
                variables.put(entry.getKey(), eval(entry.getValue(), path + "[1]." + entry.getKey()));
            }
        } else {
            throw new TemplateException(path, "expects a string, or a list of a string and an object of variables.");
        }
        StringBuilder out = new StringBuilder();
        boolean known = true;
        int at = 0;
        while (at < source.length()) {
            int start = source.indexOf("${", at);
            if (start < 0) {
                out.append(source, at, source.length());
                break;
            }
            out.append(source, at, start);
            int end = source.indexOf('}', start + 2);
            if (end < 0) {
                throw new TemplateException(path, "a ${ at position " + start + " has no closing }.");
            }
            String name = source.substring(start + 2, end);
            at = end + 1;
            if (name.startsWith("!")) {
                out.append("${").append(name, 1, name.length()).append('}');
                continue;
            }
            if (!SUB_VARIABLE.matcher(name).matches()) {
                throw new TemplateException(
                        path, "'${" + TemplateException.printable(name) + "}' does not name a variable or parameter.");
            }
            Value value = variables.containsKey(name) ? variables.get(name) : lookup(name, path);
            if (value == null) {
                throw new TemplateException(
                        path,
                        "${" + name + "} is neither a variable of this Fn::Sub nor a parameter of this template.");
            }
            Optional<String> text = text(value, path + ".${" + name + "}");
            known &= text.isPresent();
            text.ifPresent(out::append);
            if (out.length() > MAX_TEXT) {
                throw tooLong(path);
            }
        }
        return known ? text(out.toString(), path) : Value.Unknown.INSTANCE;
    }

    private Value findInMap(JsonArray arguments, String path) {
        Optional<String> mapName = text(eval(arguments.get(0), path + "[0]"), path + "[0]");
        Optional<String> topKey = text(eval(arguments.get(1), path + "[1]"), path + "[1]");
        Optional<String> secondKey = text(eval(arguments.get(2), path + "[2]"), path + "[2]");
        if (mapName.isEmpty()) {
            return Value.Unknown.INSTANCE;
        }
        Map<String, Map<String, JsonValue>> map = template.mappings().get(mapName.get());
        if (map == null) {
            throw new TemplateException(
                    path, "'" + TemplateException.printable(mapName.get()) + "' is not a map in Mappings.");
        }
        if (topKey.isEmpty() || secondKey.isEmpty()) {
            return Value.Unknown.INSTANCE;
        }
        Map<String, JsonValue> second = map.get(topKey.get());
        JsonValue value = second == null ? null : second.get(secondKey.get());
        if (value == null) {
            throw new TemplateException(
                    path,
                    "map '" + TemplateException.printable(mapName.get()) + "' has no value for '"
                            + TemplateException.printable(topKey.get()) + "' / '"
                            + TemplateException.printable(secondKey.get()) + "'.");
        }
        if (value instanceof JsonArray array) {
            return new Value.Texts(array.getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList());
        }
        return new Value.Text(((JsonString) value).getString());
    }

    private Value split(JsonArray arguments, String path) {
        Optional<String> delimiter = text(eval(arguments.get(0), path + "[0]"), path + "[0]");
        if (delimiter.isPresent() && delimiter.get().isEmpty()) {
            throw new TemplateException(path + "[0]", "the delimiter must not be empty.");
        }
        Optional<String> source = text(eval(arguments.get(1), path + "[1]"), path + "[1]");
        if (delimiter.isEmpty() || source.isEmpty()) {
            return Value.Unknown.INSTANCE;
        }
        String[] parts = source.get().split(Pattern.quote(delimiter.get()), -1);
        if (parts.length > MAX_ITEMS) {
            throw new TemplateException(path, "splitting gives more than " + MAX_ITEMS + " items.");
        }
        return new Value.Texts(List.of(parts));
    }

    private Value select(JsonArray arguments, String path) {
        Optional<String> index = text(eval(arguments.get(0), path + "[0]"), path + "[0]");
        Value list = eval(arguments.get(1), path + "[1]");
        int position = -1;
        if (index.isPresent()) {
            try {
                position = Integer.parseInt(index.get().strip());
            } catch (NumberFormatException e) {
                throw new TemplateException(
                        path + "[0]", "'" + TemplateException.printable(index.get()) + "' is not an index.");
            }
            if (position < 0) {
                throw new TemplateException(path + "[0]", "the index must not be negative.");
            }
        }
        List<Value> items = switch (list) {
            case Value.Items values -> values.items();
            case Value.Texts texts ->
                texts.values().stream()
                        .map(text -> (Value) new Value.Text(text))
                        .toList();
            case Value.Unknown unknown -> null;
            default -> throw new TemplateException(path + "[1]", "must be a list.");
        };
        if (items == null || index.isEmpty()) {
            return Value.Unknown.INSTANCE;
        }
        if (position >= items.size()) {
            throw new TemplateException(
                    path, "index " + position + " is out of bounds of a list of " + items.size() + " items.");
        }
        Value selected = items.get(position);
        if (selected instanceof Value.Literal literal && literal.json().getValueType() == JsonValue.ValueType.NULL) {
            throw new TemplateException(path, "the selected item is null.");
        }
        return selected;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // conversions

    private static Value.Text text(String value, String path) {
        if (value.length() > MAX_TEXT) {
            throw tooLong(path);
        }
        return new Value.Text(value);
    }

    private static TemplateException tooLong(String path) {
        return new TemplateException(path, "the value would be longer than " + MAX_TEXT + " characters.");
    }

    private static boolean known(Value value) {
        return switch (value) {
            case Value.Unknown unknown -> false;
            case Value.Items items -> items.items().stream().allMatch(TemplateEvaluator::known);
            case Value.Members members -> members.members().values().stream().allMatch(TemplateEvaluator::known);
            default -> true;
        };
    }

    /** A string; numbers and booleans become their JSON text. Empty when the value is not known yet. */
    private static Optional<String> text(Value value, String path) {
        return switch (value) {
            case Value.Text text -> Optional.of(text.value());
            case Value.Literal literal
            when literal.json().getValueType() != JsonValue.ValueType.NULL ->
                Optional.of(literal.json().toString());
            case Value.Unknown unknown -> Optional.empty();
            case Value.Texts texts -> throw new TemplateException(path, "is a list; a string is expected here.");
            default -> throw new TemplateException(path, "must be a string.");
        };
    }

    /** A list of strings; a list parameter inside a list is flattened. Empty when not known yet. */
    private static Optional<List<String>> textList(Value value, String path) {
        return switch (value) {
            case Value.Texts texts -> Optional.of(texts.values());
            case Value.Items items -> {
                List<String> values = new ArrayList<>();
                boolean known = true;
                for (int i = 0; i < items.items().size(); i++) {
                    Value item = items.items().get(i);
                    if (item instanceof Value.Texts texts) {
                        values.addAll(texts.values());
                        continue;
                    }
                    Optional<String> text = text(item, path + "[" + i + "]");
                    known &= text.isPresent();
                    text.ifPresent(values::add);
                }
                if (values.size() > MAX_ITEMS) {
                    throw new TemplateException(path, "a list has at most " + MAX_ITEMS + " items.");
                }
                yield known ? Optional.of(values) : Optional.empty();
            }
            case Value.Unknown unknown -> Optional.empty();
            default -> throw new TemplateException(path, "must be a list of strings.");
        };
    }

    private static Map<String, Value> members(Value value, String path) {
        return switch (value) {
            case Value.Members members -> members.members();
            case Value.Unknown unknown -> Map.of();
            default -> throw new TemplateException(path, "must be an object of name-value pairs.");
        };
    }

    private static JsonValue toJson(Value value) {
        return switch (value) {
            case Value.Text text -> Json.createValue(text.value());
            case Value.Literal literal -> literal.json();
            case Value.Texts texts -> Json.createArrayBuilder(texts.values()).build();
            case Value.Items items -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                items.items().forEach(item -> array.add(toJson(item)));
                yield array.build();
            }
            case Value.Members members -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                members.members().forEach((name, member) -> object.add(name, toJson(member)));
                yield object.build();
            }
            case Value.Unknown unknown -> throw new IllegalStateException("an unknown value has no JSON form");
        };
    }
}
