package io.thingstead.policy.internal;

import io.thingstead.policy.api.Effect;
import io.thingstead.policy.api.MalformedPolicyException;
import io.thingstead.policy.api.PolicyCondition;
import io.thingstead.policy.api.PolicyDocument;
import io.thingstead.policy.api.PolicyStatement;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an untrusted policy document. Cheap checks come first: the raw length, then AWS IoT's size limit (characters
 * other than white space), then a streaming parse that refuses excessive nesting, too many values and duplicate keys
 * as it goes. The structure is validated element by element, and finally every action, resource and condition is
 * compiled once so that a document that parses is one that can be evaluated.
 */
public final class PolicyParser {
    /** Documents longer than this (white space included) are refused before anything else is done. */
    static final int MAX_RAW_CHARACTERS = 128 * 1024;

    /** The deepest nesting a policy needs is 6 (document, Statement, statement, Condition, operator, values). */
    static final int MAX_DEPTH = 8;

    /** More JSON values than any sensible 2048-character policy holds. */
    static final int MAX_VALUES = 512;

    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final List<String> STATEMENT_ELEMENTS =
            List.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    /** A JSON number, kept as written. */
    private record JsonNumberText(String text) {}

    /** JSON {@code null}. */
    private enum JsonNull {
        NULL
    }

    private int values;

    private PolicyParser() {}

    /**
     * Parses and validates a policy document.
     *
     * @throws MalformedPolicyException saying what is wrong and where
     */
    public static PolicyDocument parse(String json) {
        if (json == null) {
            throw new MalformedPolicyException("The policy document is missing.");
        }
        if (json.length() > MAX_RAW_CHARACTERS) {
            throw new MalformedPolicyException("The policy document is " + json.length()
                    + " characters long; documents over " + MAX_RAW_CHARACTERS + " characters are refused.");
        }
        int size = significantCharacters(json);
        if (size == 0) {
            throw new MalformedPolicyException("The policy document is empty.");
        }
        if (size > PolicyDocument.MAX_CHARACTERS) {
            throw new MalformedPolicyException("The policy document has " + size
                    + " characters (not counting white space); the limit is " + PolicyDocument.MAX_CHARACTERS + ".");
        }
        Object root = new PolicyParser().read(json);
        PolicyDocument document = toDocument(root);
        PolicyCompiler.compile("validation", document);
        return document;
    }

    /** Counts characters (code points) that are not white space. */
    static int significantCharacters(String json) {
        int count = 0;
        for (int i = 0; i < json.length(); ) {
            int codePoint = json.codePointAt(i);
            if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)) {
                count++;
            }
            i += Character.charCount(codePoint);
        }
        return count;
    }

    private Object read(String json) {
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            if (!parser.hasNext()) {
                throw new MalformedPolicyException("The policy document is empty.");
            }
            Object root = readValue(parser, parser.next(), 1, "the document");
            if (parser.hasNext()) {
                parser.next();
                throw new MalformedPolicyException(
                        "The policy document has content after its end" + where(parser.getLocation()) + ".");
            }
            return root;
        } catch (JsonParsingException e) {
            throw new MalformedPolicyException(
                    "The policy document is not valid JSON" + where(e.getLocation()) + ": " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new MalformedPolicyException("The policy document is not valid JSON: " + e.getMessage(), e);
        }
    }

    private Object readValue(JsonParser parser, JsonParser.Event event, int depth, String path) {
        if (++values > MAX_VALUES) {
            throw new MalformedPolicyException("The policy document has more than " + MAX_VALUES + " JSON values.");
        }
        return switch (event) {
            case START_OBJECT -> readObject(parser, depth, path);
            case START_ARRAY -> readArray(parser, depth, path);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER -> new JsonNumberText(parser.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> JsonNull.NULL;
            default -> throw new MalformedPolicyException("Unexpected JSON at " + path + ".");
        };
    }

    private Map<String, Object> readObject(JsonParser parser, int depth, String path) {
        checkDepth(depth, path);
        Map<String, Object> object = new LinkedHashMap<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return object;
            }
            String key = parser.getString();
            String child = path.equals("the document") ? key : path + "." + key;
            Object value = readValue(parser, parser.next(), depth + 1, child);
            if (object.putIfAbsent(key, value) != null) {
                throw new MalformedPolicyException("Duplicate key \"" + key + "\" in " + path + ".");
            }
        }
    }

    private List<Object> readArray(JsonParser parser, int depth, String path) {
        checkDepth(depth, path);
        List<Object> array = new ArrayList<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_ARRAY) {
                return array;
            }
            array.add(readValue(parser, event, depth + 1, path + "[" + array.size() + "]"));
        }
    }

    private static void checkDepth(int depth, String path) {
        if (depth > MAX_DEPTH) {
            throw new MalformedPolicyException(
                    "The policy document is nested deeper than " + MAX_DEPTH + " levels (at " + path + ").");
        }
    }

    private static String where(JsonLocation location) {
        return location == null
                ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    private static PolicyDocument toDocument(Object root) {
        if (!(root instanceof Map<?, ?> document)) {
            throw new MalformedPolicyException("The policy document must be a JSON object.");
        }
        for (Object key : document.keySet()) {
            if (!DOCUMENT_ELEMENTS.contains((String) key)) {
                throw new MalformedPolicyException("Unknown element \"" + key
                        + "\" in the policy document; allowed are Version, Id and Statement"
                        + caseHint((String) key, DOCUMENT_ELEMENTS) + ".");
            }
        }
        String version = PolicyDocument.VERSION_2008_10_17;
        if (document.containsKey("Version")) {
            if (!(document.get("Version") instanceof String text)) {
                throw new MalformedPolicyException("Version must be a string, \"2012-10-17\".");
            }
            if (!text.equals(PolicyDocument.VERSION_2012_10_17) && !text.equals(PolicyDocument.VERSION_2008_10_17)) {
                throw new MalformedPolicyException("Version \"" + text + "\" is not supported; use \""
                        + PolicyDocument.VERSION_2012_10_17 + "\".");
            }
            version = text;
        }
        String id = null;
        if (document.containsKey("Id")) {
            if (!(document.get("Id") instanceof String text)) {
                throw new MalformedPolicyException("Id must be a string.");
            }
            id = text;
        }
        Object statementValue = document.get("Statement");
        if (statementValue == null) {
            throw new MalformedPolicyException("The policy document has no Statement.");
        }
        List<?> rawStatements = statementValue instanceof List<?> list ? list : List.of(statementValue);
        if (rawStatements.isEmpty()) {
            throw new MalformedPolicyException("Statement is empty; a policy needs at least one statement.");
        }
        List<PolicyStatement> statements = new ArrayList<>();
        for (int i = 0; i < rawStatements.size(); i++) {
            if (!(rawStatements.get(i) instanceof Map<?, ?> statement)) {
                throw new MalformedPolicyException("Statement"
                        + (statementValue instanceof List<?> ? "[" + i + "]" : "") + " must be a JSON object.");
            }
            statements.add(toStatement(i, statement));
        }
        return new PolicyDocument(version, id, statements);
    }

    private static PolicyStatement toStatement(int index, Map<?, ?> statement) {
        String sid = null;
        if (statement.containsKey("Sid")) {
            if (!(statement.get("Sid") instanceof String text)) {
                throw new MalformedPolicyException("Statement[" + index + "]: Sid must be a string.");
            }
            sid = text;
        }
        String where = sid == null ? "Statement[" + index + "]" : "Statement[" + index + "] (Sid \"" + sid + "\")";
        for (Object rawKey : statement.keySet()) {
            String key = (String) rawKey;
            if (key.equals("Principal") || key.equals("NotPrincipal")) {
                throw new MalformedPolicyException(where + ": " + key
                        + " is not allowed; AWS IoT policies apply to the principals they are attached to.");
            }
            if (!STATEMENT_ELEMENTS.contains(key)) {
                throw new MalformedPolicyException(where + ": unknown element \"" + key + "\"; allowed are "
                        + String.join(", ", STATEMENT_ELEMENTS) + caseHint(key, STATEMENT_ELEMENTS) + ".");
            }
        }
        Effect effect = effect(where, statement.get("Effect"));
        boolean notAction = exactlyOne(where, statement, "Action", "NotAction");
        List<String> actions =
                strings(where, notAction ? "NotAction" : "Action", statement.get(notAction ? "NotAction" : "Action"));
        boolean notResource = exactlyOne(where, statement, "Resource", "NotResource");
        List<String> resources = strings(
                where,
                notResource ? "NotResource" : "Resource",
                statement.get(notResource ? "NotResource" : "Resource"));
        List<PolicyCondition> conditions =
                statement.containsKey("Condition") ? conditions(where, statement.get("Condition")) : List.of();
        return new PolicyStatement(index, sid, effect, actions, notAction, resources, notResource, conditions);
    }

    private static Effect effect(String where, Object value) {
        if (value == null) {
            throw new MalformedPolicyException(where + ": Effect is required (\"Allow\" or \"Deny\").");
        }
        if (value instanceof String text) {
            for (Effect effect : Effect.values()) {
                if (effect.json().equals(text)) {
                    return effect;
                }
            }
            throw new MalformedPolicyException(where + ": Effect \"" + text
                    + "\" is not valid; it must be \"Allow\" or \"Deny\" (case-sensitive).");
        }
        throw new MalformedPolicyException(where + ": Effect must be the string \"Allow\" or \"Deny\".");
    }

    private static boolean exactlyOne(String where, Map<?, ?> statement, String element, String notElement) {
        boolean plain = statement.containsKey(element);
        boolean not = statement.containsKey(notElement);
        if (plain && not) {
            throw new MalformedPolicyException(
                    where + ": has both " + element + " and " + notElement + "; use one of them.");
        }
        if (!plain && !not) {
            throw new MalformedPolicyException(where + ": " + element + " or " + notElement + " is required.");
        }
        return not;
    }

    private static List<String> strings(String where, String element, Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> list)) {
            throw new MalformedPolicyException(where + ": " + element + " must be a string or an array of strings.");
        }
        if (list.isEmpty()) {
            throw new MalformedPolicyException(where + ": " + element + " must not be an empty array.");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                throw new MalformedPolicyException(where + ": " + element + "[" + i + "] must be a string.");
            }
            strings.add(text);
        }
        return strings;
    }

    private static List<PolicyCondition> conditions(String where, Object value) {
        if (!(value instanceof Map<?, ?> block)) {
            throw new MalformedPolicyException(
                    where + ": Condition must be an object of the form {\"Operator\": {\"key\": [values]}}.");
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        for (Map.Entry<?, ?> operatorEntry : block.entrySet()) {
            String operator = (String) operatorEntry.getKey();
            String at = where + ": Condition " + operator;
            try {
                ConditionOperator.parse(operator);
            } catch (IllegalArgumentException e) {
                throw new MalformedPolicyException(where + ": Condition: " + e.getMessage() + ".");
            }
            if (!(operatorEntry.getValue() instanceof Map<?, ?> keys)) {
                throw new MalformedPolicyException(at + " must map condition keys to values.");
            }
            if (keys.isEmpty()) {
                throw new MalformedPolicyException(at + " has no condition keys.");
            }
            for (Map.Entry<?, ?> keyEntry : keys.entrySet()) {
                String key = (String) keyEntry.getKey();
                if (key.isEmpty()) {
                    throw new MalformedPolicyException(at + " has an empty condition key.");
                }
                conditions.add(new PolicyCondition(operator, key, conditionValues(at, key, keyEntry.getValue())));
            }
        }
        return conditions;
    }

    private static List<String> conditionValues(String at, String key, Object value) {
        List<?> raw = value instanceof List<?> list ? list : List.of(value);
        if (raw.isEmpty()) {
            throw new MalformedPolicyException(at + " on key \"" + key + "\" has no values.");
        }
        List<String> values = new ArrayList<>();
        for (Object item : raw) {
            switch (item) {
                case String text -> values.add(text);
                case Boolean bool -> values.add(bool.toString());
                case JsonNumberText number -> values.add(number.text());
                default ->
                    throw new MalformedPolicyException(
                            at + " on key \"" + key + "\": values must be strings, numbers or booleans.");
            }
        }
        return values;
    }

    private static String caseHint(String key, Iterable<String> allowed) {
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(key)) {
                return " (element names are case-sensitive: did you mean \"" + candidate + "\"?)";
            }
        }
        return "";
    }
}
