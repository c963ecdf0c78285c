package io.thingstead.policy.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed condition operator: its base test, whether that test is negated, the {@code ...IfExists} suffix and the
 * {@code ForAnyValue:}/{@code ForAllValues:} set qualifier.
 */
record ConditionOperator(
        String name, Kind kind, Comparison comparison, boolean negated, boolean ifExists, Qualifier qualifier) {
    /** The family of an operator, which decides how values are read and compared. */
    enum Kind {
        STRING(true),
        STRING_IGNORE_CASE(true),
        STRING_LIKE(true),
        NUMERIC(false),
        DATE(false),
        BOOL(true),
        BINARY(false),
        IP_ADDRESS(false),
        ARN(true),
        NULL(false);

        /** Whether policy variables are substituted in this operator's values (IAM: string, ARN and Bool only). */
        final boolean variables;

        Kind(boolean variables) {
            this.variables = variables;
        }
    }

    /** The comparison of the numeric and date operators; {@link #EQUALS} for every other kind. */
    enum Comparison {
        EQUALS,
        LESS_THAN,
        LESS_THAN_EQUALS,
        GREATER_THAN,
        GREATER_THAN_EQUALS;

        boolean holds(int compareResult) {
            return switch (this) {
                case EQUALS -> compareResult == 0;
                case LESS_THAN -> compareResult < 0;
                case LESS_THAN_EQUALS -> compareResult <= 0;
                case GREATER_THAN -> compareResult > 0;
                case GREATER_THAN_EQUALS -> compareResult >= 0;
            };
        }
    }

    /** How a condition treats a key with several values. */
    enum Qualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    private record Base(Kind kind, Comparison comparison, boolean negated) {}

    private static final Map<String, Base> BASES = new LinkedHashMap<>();

    static {
        BASES.put("StringEquals", new Base(Kind.STRING, Comparison.EQUALS, false));
        BASES.put("StringNotEquals", new Base(Kind.STRING, Comparison.EQUALS, true));
        BASES.put("StringEqualsIgnoreCase", new Base(Kind.STRING_IGNORE_CASE, Comparison.EQUALS, false));
        BASES.put("StringNotEqualsIgnoreCase", new Base(Kind.STRING_IGNORE_CASE, Comparison.EQUALS, true));
        BASES.put("StringLike", new Base(Kind.STRING_LIKE, Comparison.EQUALS, false));
        BASES.put("StringNotLike", new Base(Kind.STRING_LIKE, Comparison.EQUALS, true));
        comparisons("Numeric", Kind.NUMERIC);
        comparisons("Date", Kind.DATE);
        BASES.put("Bool", new Base(Kind.BOOL, Comparison.EQUALS, false));
        BASES.put("BinaryEquals", new Base(Kind.BINARY, Comparison.EQUALS, false));
        BASES.put("IpAddress", new Base(Kind.IP_ADDRESS, Comparison.EQUALS, false));
        BASES.put("NotIpAddress", new Base(Kind.IP_ADDRESS, Comparison.EQUALS, true));
        BASES.put("ArnEquals", new Base(Kind.ARN, Comparison.EQUALS, false));
        BASES.put("ArnLike", new Base(Kind.ARN, Comparison.EQUALS, false));
        BASES.put("ArnNotEquals", new Base(Kind.ARN, Comparison.EQUALS, true));
        BASES.put("ArnNotLike", new Base(Kind.ARN, Comparison.EQUALS, true));
        BASES.put("Null", new Base(Kind.NULL, Comparison.EQUALS, false));
    }

    private static void comparisons(String prefix, Kind kind) {
        BASES.put(prefix + "Equals", new Base(kind, Comparison.EQUALS, false));
        BASES.put(prefix + "NotEquals", new Base(kind, Comparison.EQUALS, true));
        BASES.put(prefix + "LessThan", new Base(kind, Comparison.LESS_THAN, false));
        BASES.put(prefix + "LessThanEquals", new Base(kind, Comparison.LESS_THAN_EQUALS, false));
        BASES.put(prefix + "GreaterThan", new Base(kind, Comparison.GREATER_THAN, false));
        BASES.put(prefix + "GreaterThanEquals", new Base(kind, Comparison.GREATER_THAN_EQUALS, false));
    }

    private static final String FOR_ANY_VALUE = "ForAnyValue:";
    private static final String FOR_ALL_VALUES = "ForAllValues:";
    private static final String IF_EXISTS = "IfExists";

    /**
     * Parses an operator name such as {@code ForAllValues:StringLikeIfExists}.
     *
     * @throws IllegalArgumentException naming what is not recognized
     */
    static ConditionOperator parse(String name) {
        String rest = name;
        Qualifier qualifier = Qualifier.NONE;
        if (rest.startsWith(FOR_ANY_VALUE)) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring(FOR_ANY_VALUE.length());
        } else if (rest.startsWith(FOR_ALL_VALUES)) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring(FOR_ALL_VALUES.length());
        } else if (rest.indexOf(':') >= 0) {
            throw new IllegalArgumentException("unknown condition operator \"" + name
                    + "\": the only set qualifiers are ForAnyValue: and ForAllValues:");
        }
        boolean ifExists = false;
        Base base = BASES.get(rest);
        if (base == null && rest.endsWith(IF_EXISTS)) {
            base = BASES.get(rest.substring(0, rest.length() - IF_EXISTS.length()));
            ifExists = base != null;
        }
        if (base == null) {
            throw new IllegalArgumentException("unknown condition operator \"" + name + "\"" + suggestion(rest));
        }
        if (base.kind() == Kind.NULL && ifExists) {
            throw new IllegalArgumentException("condition operator \"" + name + "\": Null cannot take IfExists");
        }
        if (base.kind() == Kind.NULL && qualifier != Qualifier.NONE) {
            throw new IllegalArgumentException(
                    "condition operator \"" + name + "\": Null cannot take ForAnyValue: or ForAllValues:");
        }
        return new ConditionOperator(name, base.kind(), base.comparison(), base.negated(), ifExists, qualifier);
    }

    private static String suggestion(String rest) {
        String bare = rest.endsWith(IF_EXISTS) ? rest.substring(0, rest.length() - IF_EXISTS.length()) : rest;
        for (String known : BASES.keySet()) {
            if (known.equalsIgnoreCase(bare)) {
                return " (operator names are case-sensitive: did you mean \"" + known + "\"?)";
            }
        }
        return "";
    }
}
