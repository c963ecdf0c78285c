package io.thingstead.policy.internal;

import io.thingstead.policy.api.PolicyCondition;
import io.thingstead.policy.internal.ConditionOperator.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One condition (operator, key, values) with its values parsed for the operator's kind. Values of the string, ARN and
 * Bool operators may hold policy variables and are turned into a {@link ValueMatcher} when the variables are known;
 * the others are parsed once here.
 */
final class CompiledCondition {
    /** Tests one value of the condition key against all of the condition's values (OR). */
    @FunctionalInterface
    interface ValueMatcher {
        boolean matches(String contextValue);
    }

    private static final ValueMatcher NOTHING = value -> false;

    private final ConditionOperator operator;
    private final String key;
    private final String lowerKey;
    private final boolean connectionKey;
    private final Template[] templates;
    private final ArnTemplate[] arns;
    private final List<String> variableNames;
    /** The matcher, when it does not depend on variables; {@code null} otherwise. */
    private final ValueMatcher fixedMatcher;

    private final boolean[] nullChecks;

    private CompiledCondition(
            ConditionOperator operator,
            String key,
            Template[] templates,
            ArnTemplate[] arns,
            List<String> variableNames,
            ValueMatcher fixedMatcher,
            boolean[] nullChecks) {
        this.operator = operator;
        this.key = key;
        this.lowerKey = key.toLowerCase(Locale.ROOT);
        this.connectionKey = ConnectionKeys.isConnectionKey(key);
        this.templates = templates;
        this.arns = arns;
        this.variableNames = List.copyOf(variableNames);
        this.fixedMatcher = fixedMatcher;
        this.nullChecks = nullChecks;
    }

    /**
     * Compiles a condition.
     *
     * @throws IllegalArgumentException saying which value is wrong
     */
    static CompiledCondition compile(PolicyCondition condition, boolean variablesEnabled) {
        ConditionOperator operator = ConditionOperator.parse(condition.operator());
        List<String> values = condition.values();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("has no values");
        }
        boolean variables = variablesEnabled && operator.kind().variables;
        String key = condition.key();
        return switch (operator.kind()) {
            case STRING, STRING_IGNORE_CASE, STRING_LIKE, BOOL -> {
                Template[] templates = new Template[values.size()];
                List<String> names = new ArrayList<>();
                for (int i = 0; i < templates.length; i++) {
                    templates[i] = Template.parse(values.get(i), variables);
                    names.addAll(templates[i].variableNames());
                    if (operator.kind() == Kind.BOOL && !templates[i].hasVariables() && !isBoolean(values.get(i))) {
                        throw new IllegalArgumentException(quote(values.get(i)) + " is not \"true\" or \"false\"");
                    }
                }
                CompiledCondition partial = new CompiledCondition(operator, key, templates, null, names, null, null);
                ValueMatcher fixed = names.isEmpty() ? partial.bindValues(Template::noVariables) : null;
                yield new CompiledCondition(operator, key, templates, null, names, fixed, null);
            }
            case ARN -> {
                ArnTemplate[] arns = new ArnTemplate[values.size()];
                List<String> names = new ArrayList<>();
                for (int i = 0; i < arns.length; i++) {
                    try {
                        arns[i] = ArnTemplate.parse(values.get(i), variables);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(quote(values.get(i)) + " " + e.getMessage(), e);
                    }
                    names.addAll(arns[i].variableNames());
                }
                CompiledCondition partial = new CompiledCondition(operator, key, null, arns, names, null, null);
                ValueMatcher fixed = names.isEmpty() ? partial.bindValues(Template::noVariables) : null;
                yield new CompiledCondition(operator, key, null, arns, names, fixed, null);
            }
            case NUMERIC -> {
                BigDecimal[] numbers = new BigDecimal[values.size()];
                for (int i = 0; i < numbers.length; i++) {
                    numbers[i] = number(values.get(i));
                    if (numbers[i] == null) {
                        throw new IllegalArgumentException(quote(values.get(i)) + " is not a number");
                    }
                }
                ConditionOperator.Comparison comparison = operator.comparison();
                ValueMatcher matcher = value -> {
                    BigDecimal actual = number(value);
                    if (actual == null) {
                        return false;
                    }
                    for (BigDecimal expected : numbers) {
                        if (comparison.holds(actual.compareTo(expected))) {
                            return true;
                        }
                    }
                    return false;
                };
                yield new CompiledCondition(operator, key, null, null, List.of(), matcher, null);
            }
            case DATE -> {
                Instant[] dates = new Instant[values.size()];
                for (int i = 0; i < dates.length; i++) {
                    dates[i] = DateValues.parse(values.get(i));
                    if (dates[i] == null) {
                        throw new IllegalArgumentException(quote(values.get(i))
                                + " is not a date (ISO 8601, e.g. 2024-01-31T12:00:00Z, or seconds since the epoch)");
                    }
                }
                ConditionOperator.Comparison comparison = operator.comparison();
                ValueMatcher matcher = value -> {
                    Instant actual = DateValues.parse(value);
                    if (actual == null) {
                        return false;
                    }
                    for (Instant expected : dates) {
                        if (comparison.holds(actual.compareTo(expected))) {
                            return true;
                        }
                    }
                    return false;
                };
                yield new CompiledCondition(operator, key, null, null, List.of(), matcher, null);
            }
            case IP_ADDRESS -> {
                IpAddresses.Cidr[] ranges = new IpAddresses.Cidr[values.size()];
                for (int i = 0; i < ranges.length; i++) {
                    ranges[i] = IpAddresses.parseCidr(values.get(i));
                    if (ranges[i] == null) {
                        throw new IllegalArgumentException(quote(values.get(i))
                                + " is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32)");
                    }
                }
                ValueMatcher matcher = value -> {
                    byte[] address = IpAddresses.parseAddress(value);
                    for (IpAddresses.Cidr range : ranges) {
                        if (range.contains(address)) {
                            return true;
                        }
                    }
                    return false;
                };
                yield new CompiledCondition(operator, key, null, null, List.of(), matcher, null);
            }
            case BINARY -> {
                byte[][] expected = new byte[values.size()][];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = base64(values.get(i));
                    if (expected[i] == null) {
                        throw new IllegalArgumentException(quote(values.get(i)) + " is not base64");
                    }
                }
                ValueMatcher matcher = value -> {
                    byte[] actual = base64(value);
                    for (byte[] bytes : expected) {
                        if (actual != null && Arrays.equals(actual, bytes)) {
                            return true;
                        }
                    }
                    return false;
                };
                yield new CompiledCondition(operator, key, null, null, List.of(), matcher, null);
            }
            case NULL -> {
                boolean[] checks = new boolean[values.size()];
                for (int i = 0; i < checks.length; i++) {
                    if (!isBoolean(values.get(i))) {
                        throw new IllegalArgumentException(quote(values.get(i)) + " is not \"true\" or \"false\"");
                    }
                    checks[i] = values.get(i).equalsIgnoreCase("true");
                }
                yield new CompiledCondition(operator, key, null, null, List.of(), NOTHING, checks);
            }
        };
    }

    String key() {
        return key;
    }

    /** The key lower-cased, for request lookups. */
    String lowerKey() {
        return lowerKey;
    }

    /** Whether the key is a connection key (resolved when binding) rather than a request key. */
    boolean connectionKey() {
        return connectionKey;
    }

    /** The variables the condition's values refer to. */
    List<String> variableNames() {
        return variableNames;
    }

    /** The matcher for the values, with variables resolved by {@code resolver}. */
    ValueMatcher bindValues(Template.Resolver resolver) {
        if (fixedMatcher != null) {
            return fixedMatcher;
        }
        switch (operator.kind()) {
            case STRING, STRING_IGNORE_CASE, BOOL -> {
                List<String> resolved = new ArrayList<>(templates.length);
                for (Template template : templates) {
                    String value = template.resolveToString(resolver);
                    if (value != null) {
                        resolved.add(value);
                    }
                }
                String[] expected = resolved.toArray(new String[0]);
                if (operator.kind() == Kind.STRING) {
                    return value -> {
                        for (String candidate : expected) {
                            if (candidate.equals(value)) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                return value -> {
                    for (String candidate : expected) {
                        if (candidate.equalsIgnoreCase(value)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case STRING_LIKE -> {
                List<GlobPattern> patterns = new ArrayList<>(templates.length);
                for (Template template : templates) {
                    GlobPattern pattern = template.resolveToPattern(resolver, false);
                    if (pattern != null) {
                        patterns.add(pattern);
                    }
                }
                GlobPattern[] expected = patterns.toArray(new GlobPattern[0]);
                return value -> {
                    for (GlobPattern pattern : expected) {
                        if (pattern.matches(value)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case ARN -> {
                List<ArnPattern> patterns = new ArrayList<>(arns.length);
                for (ArnTemplate arn : arns) {
                    ArnPattern pattern = arn.bind(resolver);
                    if (pattern != null) {
                        patterns.add(pattern);
                    }
                }
                ArnPattern[] expected = patterns.toArray(new ArnPattern[0]);
                return value -> {
                    for (ArnPattern pattern : expected) {
                        if (pattern.matches(value)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            default -> throw new IllegalStateException("no variables in " + operator.kind());
        }
    }

    /**
     * Evaluates the condition given the key's values ({@code null} or empty when the key is absent), following IAM: an
     * absent key fails positive operators and satisfies negated ones, {@code IfExists} makes an absent key pass,
     * {@code ForAllValues} holds for an absent key and {@code ForAnyValue} does not.
     */
    boolean evaluate(List<String> values, ValueMatcher matcher) {
        boolean present = values != null && !values.isEmpty();
        if (operator.kind() == Kind.NULL) {
            for (boolean expectAbsent : nullChecks) {
                if (expectAbsent != present) {
                    return true;
                }
            }
            return false;
        }
        if (!present) {
            if (operator.ifExists()) {
                return true;
            }
            return switch (operator.qualifier()) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated();
            };
        }
        boolean negated = operator.negated();
        switch (operator.qualifier()) {
            case FOR_ANY_VALUE -> {
                for (int i = 0; i < values.size(); i++) {
                    if (matcher.matches(values.get(i)) != negated) {
                        return true;
                    }
                }
                return false;
            }
            case FOR_ALL_VALUES -> {
                for (int i = 0; i < values.size(); i++) {
                    if (matcher.matches(values.get(i)) == negated) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                for (int i = 0; i < values.size(); i++) {
                    if (matcher.matches(values.get(i))) {
                        return !negated;
                    }
                }
                return negated;
            }
        }
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static BigDecimal number(String text) {
        if (text == null || text.isEmpty() || text.length() > 100) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            return Math.abs((long) value.scale()) > 1000 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
