package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.FieldType;
import io.thingstead.registry.api.InvalidFieldException;
import io.thingstead.registry.api.Literal;
import io.thingstead.registry.api.SearchField;
import io.thingstead.registry.api.SearchFieldProvider;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.TermCondition;
import io.thingstead.registry.internal.search.SqlBuilder.Expression;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The fields of the AWS {@code AWS_Things} index that Thingstead stores, over {@code registry_thing t},
 * {@code registry_thing_group_member} and {@code registry_shadow_index}.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>field</th><th>type</th><th>SQL</th></tr>
 *   <tr><td>{@code thingName}</td><td>STRING</td><td>{@code t.name}</td></tr>
 *   <tr><td>{@code thingId}</td><td>STRING</td><td>{@code t.id} (a UUID)</td></tr>
 *   <tr><td>{@code thingTypeName}, {@code registry.thingTypeName}</td><td>STRING</td>
 *       <td>{@code t.thing_type_name}</td></tr>
 *   <tr><td>{@code thingGroupNames}, {@code registry.thingGroupNames}</td><td>STRING</td>
 *       <td>{@code EXISTS} over the direct group memberships</td></tr>
 *   <tr><td>{@code registry.version}</td><td>NUMBER</td><td>{@code t.version}</td></tr>
 *   <tr><td>{@code attributes.<name>}</td><td>DYNAMIC</td><td>{@code t.attributes}</td></tr>
 *   <tr><td>{@code connectivity.connected}</td><td>BOOLEAN</td><td>{@code t.connected}, missing = false</td></tr>
 *   <tr><td>{@code connectivity.timestamp}</td><td>NUMBER</td><td>{@code t.connectivity_timestamp}</td></tr>
 *   <tr><td>{@code connectivity.disconnectReason}</td><td>STRING</td><td>{@code t.disconnect_reason}</td></tr>
 *   <tr><td>{@code shadow.reported|desired|delta.<path>}</td><td>DYNAMIC</td>
 *       <td>classic shadow ({@code shadow_name = ''}), keys of the path bound one by one</td></tr>
 *   <tr><td>{@code shadow.hasDelta}, {@code shadow.version}</td><td>BOOLEAN, NUMBER</td><td>classic shadow</td></tr>
 *   <tr><td>{@code shadow.name.<shadow>.} + any of the above</td><td></td><td>named shadow</td></tr>
 * </table>
 *
 * <p>Text matching ignores case, as AWS search does ("Search is case insensitive"): values without cased letters use
 * the exact, index-friendly forms ({@code t.name = ?}, {@code t.attributes @> jsonb_build_object(?, ?)}), others
 * compare {@code lower()}ed text. Attribute and shadow values ({@link FieldType#DYNAMIC}) compare as text, except in
 * ranges and comparisons whose bounds are all unquoted numbers: those compare numerically, and only values that are
 * numbers (or strings spelling a number) can match them. AWS indexes attributes as strings unless they are declared
 * numeric custom fields; Thingstead has no such declaration, so it decides per value, which gives
 * {@code attributes.size>9} the meaning users expect ({@code "10"} matches) while {@code ["abcd" TO "abcf"]} stays a
 * text range.
 *
 * <p>Shadow values are taken at the end of the path; when that is an array, each element is a value, so
 * {@code shadow.reported.myvalues:2} finds {@code "myvalues": [1, 2, 3]} (an AWS example).
 *
 * <p>Free-text terms ({@code abc}) look at the thing's name, type, groups, attribute values, disconnect reason, id
 * (when the text is a UUID), and every value of every shadow's reported and desired sections.
 *
 * <p>Refused with a message: {@code connectivity.version} and {@code shadow...metadata.*} (AWS fields Thingstead does
 * not store).
 */
public final class ThingFieldProvider implements SearchFieldProvider {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String SCALAR = "jsonb_typeof(e.v) IN ('string', 'number', 'boolean')";
    private static final String VALUE_TEXT = "(e.v #>> '{}')";
    private static final String VALUE_NUMBER = "(CASE WHEN jsonb_typeof(e.v) = 'number' THEN (e.v)::numeric"
            + " WHEN jsonb_typeof(e.v) = 'string' AND (e.v #>> '{}') ~ '" + Literal.Numeric.SQL_NUMBER_REGEX
            + "' THEN (e.v #>> '{}')::numeric END)";
    private static final String ATTRIBUTE_NUMBER =
            "(CASE WHEN a.v ~ '" + Literal.Numeric.SQL_NUMBER_REGEX + "' THEN a.v::numeric END)";
    private static final String C_ORDER = " COLLATE \"C\"";

    private static final List<String> FIELD_NAMES = List.of(
            "thingName",
            "thingId",
            "thingTypeName",
            "registry.thingTypeName",
            "thingGroupNames",
            "registry.thingGroupNames",
            "registry.version",
            "attributes.<name>",
            "connectivity.connected",
            "connectivity.timestamp",
            "connectivity.disconnectReason",
            "shadow.hasDelta",
            "shadow.version",
            "shadow.reported.<path>",
            "shadow.desired.<path>",
            "shadow.delta.<path>",
            "shadow.name.<shadowName>.hasDelta",
            "shadow.name.<shadowName>.version",
            "shadow.name.<shadowName>.reported.<path>",
            "shadow.name.<shadowName>.desired.<path>",
            "shadow.name.<shadowName>.delta.<path>");

    @Override
    public List<String> fieldNames() {
        return FIELD_NAMES;
    }

    @Override
    public Optional<SearchField> resolve(String path) {
        SearchField field = switch (path) {
            case "thingName" -> new ColumnField(path, FieldType.STRING, "t.name");
            case "thingId" -> new ThingIdField(path);
            case "thingTypeName", "registry.thingTypeName" ->
                new ColumnField(path, FieldType.STRING, "t.thing_type_name");
            case "thingGroupNames", "registry.thingGroupNames" -> new GroupNamesField(path);
            case "registry.version" -> new ColumnField(path, FieldType.NUMBER, "t.version");
            case "connectivity.connected" -> new ConnectedField(path);
            case "connectivity.timestamp" -> new ColumnField(path, FieldType.NUMBER, "t.connectivity_timestamp");
            case "connectivity.disconnectReason" -> new ColumnField(path, FieldType.STRING, "t.disconnect_reason");
            case "connectivity.version" ->
                throw new InvalidFieldException(
                        "connectivity.version is an AWS IoT field that Thingstead does not index");
            default -> null;
        };
        if (field != null) {
            return Optional.of(field);
        }
        if (path.startsWith("attributes.")) {
            String attribute = path.substring("attributes.".length());
            if (attribute.isEmpty()) {
                throw new InvalidFieldException("'attributes.' must be followed by an attribute name");
            }
            return Optional.of(new AttributeField(path, attribute));
        }
        if (path.startsWith("shadow.name.")) {
            String rest = path.substring("shadow.name.".length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new InvalidFieldException("'" + path + "' must name a shadow and one of its fields, e.g."
                        + " shadow.name.myShadow.reported.temperature");
            }
            return shadowField(path, rest.substring(0, dot), rest.substring(dot + 1));
        }
        if (path.startsWith("shadow.")) {
            return shadowField(path, "", path.substring("shadow.".length()));
        }
        return Optional.empty();
    }

    private static Optional<SearchField> shadowField(String path, String shadowName, String rest) {
        switch (rest) {
            case "hasDelta":
                return Optional.of(new HasDeltaField(path, shadowName));
            case "version":
                return Optional.of(new ShadowVersionField(path, shadowName));
            case "reported", "desired", "delta":
                throw new InvalidFieldException(
                        "'" + path + "' must be followed by the path of a value, e.g. " + path + ".temperature");
            default:
                break;
        }
        String[] segments = rest.split("\\.", -1);
        String section = segments[0];
        if (section.equals("metadata")) {
            throw new InvalidFieldException(
                    "shadow metadata ('" + path + "') is an AWS IoT field that Thingstead does not index");
        }
        if (!section.equals("reported") && !section.equals("desired") && !section.equals("delta")) {
            return Optional.empty();
        }
        List<String> keys = Arrays.asList(segments).subList(1, segments.length);
        if (keys.contains("")) {
            throw new InvalidFieldException("'" + path + "' has an empty path segment ('..' or a trailing '.')");
        }
        return Optional.of(new ShadowValueField(path, shadowName, section, keys));
    }

    // ---- free text ----

    @Override
    public Optional<SqlPredicate> freeText(TermCondition condition) {
        List<SqlPredicate> alternatives = new ArrayList<>();
        alternatives.add(SqlBuilder.textCondition(b -> b.sql("t.name"), condition));
        alternatives.add(SqlBuilder.textCondition(b -> b.sql("t.thing_type_name"), condition));
        alternatives.add(new GroupNamesField("thingGroupNames").toSql(condition));
        SqlBuilder attributes =
                new SqlBuilder().sql("EXISTS (SELECT 1 FROM jsonb_each_text(t.attributes) AS a(k, v) WHERE ");
        alternatives.add(
                textTest(attributes, b -> b.sql("a.v"), condition).sql(")").build());
        alternatives.add(SqlBuilder.textCondition(b -> b.sql("t.disconnect_reason"), condition));
        if (condition instanceof TermCondition.Equals equals) {
            String text = SqlBuilder.text(equals.value());
            if (UUID_TEXT.matcher(text).matches()) {
                alternatives.add(SqlPredicate.of("t.id = ?", UUID.fromString(text)));
            }
        }
        SqlBuilder shadows = new SqlBuilder()
                .sql("EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL"
                        + " jsonb_path_query(jsonb_build_array(s.reported, s.desired), 'strict $.**') AS e(v)"
                        + " WHERE s.thing_id = t.id AND " + SCALAR + " AND ");
        alternatives.add(
                textTest(shadows, b -> b.sql(VALUE_TEXT), condition).sql(")").build());
        return Optional.of(SqlPredicate.or(alternatives));
    }

    private static SqlBuilder textTest(SqlBuilder builder, Expression expression, TermCondition condition) {
        return switch (condition) {
            case TermCondition.Equals equals -> builder.textEquals(expression, SqlBuilder.text(equals.value()));
            case TermCondition.Matches matches -> builder.textLike(expression, matches.pattern());
            default -> throw SqlBuilder.unsupported(condition);
        };
    }

    // ---- fields ----

    /** A field held in one column of {@code registry_thing}. */
    private record ColumnField(String name, FieldType type, String column) implements SearchField {
        @Override
        public SqlPredicate toSql(TermCondition condition) {
            Expression expression = b -> b.sql(column);
            return type == FieldType.NUMBER
                    ? SqlBuilder.numberCondition(expression, condition)
                    : SqlBuilder.textCondition(expression, condition);
        }
    }

    /** {@code thingId}: the UUID primary key, matched as a UUID when the value is one, as text otherwise. */
    private record ThingIdField(String name) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.STRING;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            if (condition instanceof TermCondition.Equals equals) {
                String text = SqlBuilder.text(equals.value());
                return UUID_TEXT.matcher(text).matches()
                        ? SqlPredicate.of("t.id = ?", UUID.fromString(text))
                        : SqlPredicate.FALSE;
            }
            return SqlBuilder.textCondition(b -> b.sql("t.id::text"), condition);
        }
    }

    /** {@code thingGroupNames}: a direct membership whose group name matches. */
    private record GroupNamesField(String name) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.STRING;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            SqlBuilder builder =
                    new SqlBuilder().sql("EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id");
            if (!(condition instanceof TermCondition.Exists)) {
                builder.sql(" AND ").predicate(SqlBuilder.textCondition(b -> b.sql("g.group_name"), condition));
            }
            return builder.sql(")").build();
        }
    }

    /**
     * {@code connectivity.connected}: a thing without connectivity data counts as disconnected, as in AWS's
     * {@code SearchIndex} responses; {@code connectivity.connected:*} finds the things that have connectivity data.
     */
    private record ConnectedField(String name) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.BOOLEAN;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            return switch (condition) {
                case TermCondition.Equals equals ->
                    SqlPredicate.of("COALESCE(t.connected, FALSE) = ?", ((Literal.Bool) equals.value()).value());
                case TermCondition.Exists exists -> SqlPredicate.of("t.connected IS NOT NULL");
                default -> throw SqlBuilder.unsupported(condition);
            };
        }
    }

    /** {@code attributes.<name>}: a registry attribute (a string) looked up by a bound key. */
    private record AttributeField(String name, String attribute) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.DYNAMIC;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            Expression value = b -> b.sql("t.attributes ->> ").param(attribute).sql("::text");
            return switch (condition) {
                case TermCondition.Equals equals -> {
                    String text = SqlBuilder.text(equals.value());
                    yield SqlBuilder.caseless(text)
                            ? SqlPredicate.of("t.attributes @> jsonb_build_object(?::text, ?::text)", attribute, text)
                            : SqlBuilder.textCondition(value, condition);
                }
                case TermCondition.Matches matches -> SqlBuilder.textCondition(value, condition);
                case TermCondition.Exists exists -> SqlBuilder.textCondition(value, condition);
                case TermCondition.Range range -> {
                    SqlBuilder builder = new SqlBuilder()
                            .sql("EXISTS (SELECT 1 FROM (SELECT t.attributes ->> ")
                            .param(attribute)
                            .sql("::text AS v) AS a WHERE ");
                    if (SqlBuilder.numericRange(range)) {
                        builder.range(b -> b.sql(ATTRIBUTE_NUMBER), range, SqlBuilder::numberValue);
                    } else {
                        builder.textRange(b -> b.sql("lower(a.v)" + C_ORDER), range);
                    }
                    yield builder.sql(")").build();
                }
            };
        }
    }

    /** The start of {@code EXISTS (SELECT 1 FROM registry_shadow_index s ...} for one shadow, up to the conditions. */
    private static SqlBuilder shadowRow(SqlBuilder builder, String shadowName) {
        builder.sql("s.thing_id = t.id AND s.shadow_name = ");
        return shadowName.isEmpty() ? builder.sql("''") : builder.param(shadowName);
    }

    /** {@code shadow[.name.<n>].hasDelta}: the shadow exists and has (or has not) a non-empty delta. */
    private record HasDeltaField(String name, String shadowName) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.BOOLEAN;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            SqlBuilder builder =
                    shadowRow(new SqlBuilder().sql("EXISTS (SELECT 1 FROM registry_shadow_index s WHERE "), shadowName);
            if (condition instanceof TermCondition.Equals equals) {
                builder.sql(" AND (s.delta IS NOT NULL AND s.delta <> '{}'::jsonb) = ")
                        .param(((Literal.Bool) equals.value()).value());
            } else if (!(condition instanceof TermCondition.Exists)) {
                throw SqlBuilder.unsupported(condition);
            }
            return builder.sql(")").build();
        }
    }

    /** {@code shadow[.name.<n>].version}: the shadow document's version. */
    private record ShadowVersionField(String name, String shadowName) implements SearchField {
        @Override
        public FieldType type() {
            return FieldType.NUMBER;
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            SqlBuilder builder =
                    shadowRow(new SqlBuilder().sql("EXISTS (SELECT 1 FROM registry_shadow_index s WHERE "), shadowName);
            if (!(condition instanceof TermCondition.Exists)) {
                builder.sql(" AND ").predicate(SqlBuilder.numberCondition(b -> b.sql("s.version"), condition));
            }
            return builder.sql(")").build();
        }
    }

    /**
     * A value in a shadow section: {@code jsonb_extract_path(s.<section>, ?::text, ...)} with one bound key per path
     * segment; the value (or each element, when it is an array) is {@code e.v}.
     */
    private record ShadowValueField(String name, String shadowName, String section, List<String> keys)
            implements SearchField {
        ShadowValueField {
            keys = List.copyOf(keys);
        }

        @Override
        public FieldType type() {
            return FieldType.DYNAMIC;
        }

        private void extractPath(SqlBuilder builder) {
            builder.sql("jsonb_extract_path(s." + section);
            for (String key : keys) {
                builder.sql(", ").param(key).sql("::text");
            }
            builder.sql(")");
        }

        @Override
        public SqlPredicate toSql(TermCondition condition) {
            SqlBuilder builder = new SqlBuilder();
            if (condition instanceof TermCondition.Exists) {
                shadowRow(builder.sql("EXISTS (SELECT 1 FROM registry_shadow_index s WHERE "), shadowName)
                        .sql(" AND ")
                        .expr(this::extractPath)
                        .sql(" IS NOT NULL");
                return builder.sql(")").build();
            }
            builder.sql("EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query(")
                    .expr(this::extractPath)
                    .sql(", 'lax $[*]') AS e(v) WHERE ");
            shadowRow(builder, shadowName).sql(" AND ");
            switch (condition) {
                case TermCondition.Equals equals -> equalsValue(builder, (Literal.Text) equals.value());
                case TermCondition.Matches matches ->
                    builder.sql(SCALAR + " AND ").textLike(b -> b.sql(VALUE_TEXT), matches.pattern());
                case TermCondition.Range range -> {
                    if (SqlBuilder.numericRange(range)) {
                        builder.range(b -> b.sql(VALUE_NUMBER), range, SqlBuilder::numberValue);
                    } else {
                        builder.sql("jsonb_typeof(e.v) = 'string' AND ")
                                .textRange(b -> b.sql("lower" + VALUE_TEXT + C_ORDER), range);
                    }
                }
                case TermCondition.Exists exists -> throw SqlBuilder.unsupported(condition);
            }
            return builder.sql(")").build();
        }

        /**
         * Text equality (any scalar, ignoring case) or, for a number, numeric equality with number values. For a
         * caseless value a containment pre-filter lets the GIN {@code jsonb_path_ops} index on the section narrow the
         * rows first: every value this condition matches is one of the candidate documents' leaves.
         */
        private void equalsValue(SqlBuilder builder, Literal.Text value) {
            String text = value.value();
            if (SqlBuilder.caseless(text)) {
                builder.sql("(");
                List<JsonValue> candidates = new ArrayList<>();
                candidates.add(Json.createValue(text));
                Literal.Numeric.parse(text).ifPresent(number -> candidates.add(Json.createValue(number)));
                boolean first = true;
                for (JsonValue candidate : candidates) {
                    for (JsonValue leaf : List.of(
                            candidate, Json.createArrayBuilder().add(candidate).build())) {
                        builder.sql(first ? "" : " OR ")
                                .sql("s." + section + " @> ")
                                .param(document(leaf))
                                .sql("::jsonb");
                        first = false;
                    }
                }
                builder.sql(") AND ");
            }
            Optional<BigDecimal> number = value.number();
            builder.sql(number.isPresent() ? "((" : "(").sql(SCALAR + " AND ").textEquals(b -> b.sql(VALUE_TEXT), text);
            if (number.isPresent()) {
                builder.sql(") OR (CASE WHEN jsonb_typeof(e.v) = 'number' THEN (e.v)::numeric END) = ")
                        .param(number.get());
            }
            builder.sql(")");
        }

        /** {@code {"k1": {"k2": leaf}}} for the path's keys. */
        private String document(JsonValue leaf) {
            JsonValue document = leaf;
            for (int i = keys.size() - 1; i >= 0; i--) {
                document = Json.createObjectBuilder().add(keys.get(i), document).build();
            }
            return document.toString();
        }
    }
}
