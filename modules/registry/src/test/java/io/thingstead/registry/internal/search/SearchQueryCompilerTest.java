package io.thingstead.registry.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.Literal;
import io.thingstead.registry.api.SqlPredicate;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchQueryCompilerTest {
    static final SearchQueryCompiler COMPILER = new SearchQueryCompiler(FieldCatalog.standard());
    static final String NUMBER_REGEX = Literal.Numeric.SQL_NUMBER_REGEX;

    static SqlPredicate compile(String query) {
        return COMPILER.compile(query);
    }

    static void assertSql(String query, String sql, Object... parameters) {
        SqlPredicate predicate = compile(query);
        assertThat(predicate.sql()).as(query).isEqualTo(sql);
        assertThat(predicate.parameters()).as(query).containsExactly(parameters);
    }

    static InvalidQueryException refusal(String query) {
        try {
            compile(query);
        } catch (InvalidQueryException e) {
            return e;
        }
        throw new AssertionError("expected the query to be refused: " + query);
    }

    @Nested
    class RegistryFields {
        @Test
        void thingNameMatchesIgnoringCase() {
            assertSql("thingName:myThing", "lower(t.name) = lower(?)", "myThing");
        }

        @Test
        void caselessValuesUseTheExactIndexFriendlyForm() {
            assertSql("thingName:12-34_5", "t.name = ?", "12-34_5");
        }

        @Test
        void prefixAndSingleCharacterWildcardsBecomeLike() {
            // a literal prefix also becomes a byte-wise range the text_pattern_ops index serves
            assertSql(
                    "thingName:my*",
                    "(lower(t.name) LIKE lower(?) ESCAPE '\\' AND lower(t.name) ~>=~ ? AND lower(t.name) ~<~ ?)",
                    "my%",
                    "my",
                    "mz");
            assertSql(
                    "thingName:ab?",
                    "(lower(t.name) LIKE lower(?) ESCAPE '\\' AND lower(t.name) ~>=~ ? AND lower(t.name) ~<~ ?)",
                    "ab_",
                    "ab",
                    "ac");
            assertSql(
                    "thingName:12*",
                    "(t.name LIKE ? ESCAPE '\\' AND t.name ~>=~ ? AND t.name ~<~ ?)",
                    "12%",
                    "12",
                    "13");
            assertSql("thingName:*my*", "lower(t.name) LIKE lower(?) ESCAPE '\\'", "%my%");
        }

        @Test
        void thingNameExistsIsTrivial() {
            assertSql("thingName:*", "t.name IS NOT NULL");
        }

        @Test
        void thingTypeNameAndItsRegistryAlias() {
            assertSql("thingTypeName:aa", "lower(t.thing_type_name) = lower(?)", "aa");
            assertSql("registry.thingTypeName:aa", "lower(t.thing_type_name) = lower(?)", "aa");
            assertSql("thingTypeName:*", "t.thing_type_name IS NOT NULL");
        }

        @Test
        void thingIdIsMatchedAsAUuid() {
            UUID id = UUID.fromString("a4b9f759-b0f2-4857-8a4b-967745ed9f4e");

            assertSql("thingId:a4b9f759-b0f2-4857-8a4b-967745ed9f4e", "t.id = ?", id);
            assertSql("thingId:A4B9F759-B0F2-4857-8A4B-967745ED9F4E", "t.id = ?", id);
            assertSql("thingId:not-a-uuid", "FALSE");
            assertSql("thingId:a4b9*", "lower(t.id::text) LIKE lower(?) ESCAPE '\\'", "a4b9%");
            assertSql("thingId:0123*", "t.id::text LIKE ? ESCAPE '\\'", "0123%");
        }

        @Test
        void thingGroupNamesUsesTheMembershipTable() {
            assertSql(
                    "thingGroupNames:a",
                    "EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id"
                            + " AND lower(g.group_name) = lower(?))",
                    "a");
            assertSql(
                    "registry.thingGroupNames:42",
                    "EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id"
                            + " AND g.group_name = ?)",
                    "42");
            assertSql(
                    "thingGroupNames:a*",
                    "EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id"
                            + " AND lower(g.group_name) LIKE lower(?) ESCAPE '\\')",
                    "a%");
            assertSql(
                    "thingGroupNames:*",
                    "EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id)");
        }

        @Test
        void registryVersionIsANumber() {
            assertSql("registry.version:3", "t.version = ?", 3L);
            assertSql("registry.version>=2", "t.version >= ?", 2L);
        }
    }

    @Nested
    class Attributes {
        @Test
        void caselessExactMatchUsesJsonbContainment() {
            assertSql(
                    "attributes.myAttribute:75",
                    "t.attributes @> jsonb_build_object(?::text, ?::text)",
                    "myAttribute",
                    "75");
        }

        @Test
        void exactMatchWithLettersIgnoresCase() {
            assertSql("attributes.color:Red", "lower(t.attributes ->> ?::text) = lower(?)", "color", "Red");
            assertSql(
                    "attributes.model:\"Legacy Model\"",
                    "lower(t.attributes ->> ?::text) = lower(?)",
                    "model",
                    "Legacy Model");
        }

        @Test
        void wildcards() {
            assertSql(
                    "attributes.myAttribute:i*t",
                    "lower(t.attributes ->> ?::text) LIKE lower(?) ESCAPE '\\'",
                    "myAttribute",
                    "i%t");
            assertSql("attributes.fw:1.2.*", "t.attributes ->> ?::text LIKE ? ESCAPE '\\'", "fw", "1.2.%");
        }

        @Test
        void exists() {
            assertSql("attributes.color:*", "t.attributes ->> ?::text IS NOT NULL", "color");
            assertSql("attributes.color:[* TO *]", "t.attributes ->> ?::text IS NOT NULL", "color");
        }

        @Test
        void attributeNamesMayContainDotsAndEscapedSyntax() {
            assertSql("attributes.a.b\\:c:1", "t.attributes @> jsonb_build_object(?::text, ?::text)", "a.b:c", "1");
        }

        @Test
        void numericRangeWhenBothBoundsAreNumbers() {
            String number = "(CASE WHEN a.v ~ '" + NUMBER_REGEX + "' THEN a.v::numeric END)";
            assertSql(
                    "attributes.myAttribute:[75 TO 80]",
                    "EXISTS (SELECT 1 FROM (SELECT t.attributes ->> ?::text AS v) AS a WHERE (" + number + " >= ? AND "
                            + number + " <= ?))",
                    "myAttribute",
                    new BigDecimal("75"),
                    new BigDecimal("80"));
            assertSql(
                    "attributes.myAttribute:{75 TO 80]",
                    "EXISTS (SELECT 1 FROM (SELECT t.attributes ->> ?::text AS v) AS a WHERE (" + number + " > ? AND "
                            + number + " <= ?))",
                    "myAttribute",
                    new BigDecimal("75"),
                    new BigDecimal("80"));
        }

        @Test
        void comparisonsAreOpenRanges() {
            String number = "(CASE WHEN a.v ~ '" + NUMBER_REGEX + "' THEN a.v::numeric END)";
            String prefix = "EXISTS (SELECT 1 FROM (SELECT t.attributes ->> ?::text AS v) AS a WHERE " + number;

            assertSql("attributes.attr2<5", prefix + " < ?)", "attr2", new BigDecimal("5"));
            assertSql("attributes.attr2<=5", prefix + " <= ?)", "attr2", new BigDecimal("5"));
            assertSql("attributes.attr3>10", prefix + " > ?)", "attr3", new BigDecimal("10"));
            assertSql("attributes.attr3>=-1.5e2", prefix + " >= ?)", "attr3", new BigDecimal("-1.5e2"));
            assertSql("attributes.attr3:[* TO 7}", prefix + " < ?)", "attr3", new BigDecimal("7"));
        }

        @Test
        void textRangeWhenABoundIsTextOrQuoted() {
            String text = "lower(a.v) COLLATE \"C\"";
            String prefix = "EXISTS (SELECT 1 FROM (SELECT t.attributes ->> ?::text AS v) AS a WHERE ";
            assertSql(
                    "attributes.serialNumber:[\"abcd\" TO \"abcf\"]",
                    prefix + "(" + text + " >= lower(?) AND " + text + " <= lower(?)))",
                    "serialNumber",
                    "abcd",
                    "abcf");
            assertSql(
                    "attributes.size:[\"10\" TO \"20\"}",
                    prefix + "(" + text + " >= lower(?) AND " + text + " < lower(?)))",
                    "size",
                    "10",
                    "20");
            assertSql(
                    "attributes.size:[10 TO abc]",
                    prefix + "(" + text + " >= lower(?) AND " + text + " <= lower(?)))",
                    "size",
                    "10",
                    "abc");
            assertSql("attributes.name>m", prefix + text + " > lower(?))", "name", "m");
        }
    }

    @Nested
    class Connectivity {
        @Test
        void connectedTreatsMissingDataAsDisconnected() {
            assertSql("connectivity.connected:true", "COALESCE(t.connected, FALSE) = ?", true);
            assertSql("connectivity.connected:false", "COALESCE(t.connected, FALSE) = ?", false);
            assertSql("connectivity.connected:TRUE", "COALESCE(t.connected, FALSE) = ?", true);
            assertSql("connectivity.connected:*", "t.connected IS NOT NULL");
        }

        @Test
        void timestampIsANumberInEpochMillis() {
            assertSql(
                    "connectivity.connected:true AND connectivity.timestamp : [1557651600000 TO 1557867600000]",
                    "(COALESCE(t.connected, FALSE) = ? AND (t.connectivity_timestamp >= ? AND"
                            + " t.connectivity_timestamp <= ?))",
                    true,
                    1557651600000L,
                    1557867600000L);
            assertSql("connectivity.timestamp > 1557651600000", "t.connectivity_timestamp > ?", 1557651600000L);
            assertSql("connectivity.timestamp:1557651600000", "t.connectivity_timestamp = ?", 1557651600000L);
            assertSql("connectivity.timestamp:*", "t.connectivity_timestamp IS NOT NULL");
        }

        @Test
        void fractionalOrHugeNumbersAreBoundAsBigDecimal() {
            assertSql("connectivity.timestamp<1.5", "t.connectivity_timestamp < ?", new BigDecimal("1.5"));
            assertSql(
                    "connectivity.timestamp<99999999999999999999",
                    "t.connectivity_timestamp < ?",
                    new BigDecimal("99999999999999999999"));
            assertSql("connectivity.timestamp:1e3", "t.connectivity_timestamp = ?", 1000L);
        }

        @Test
        void disconnectReason() {
            assertSql(
                    "connectivity.disconnectReason:CLIENT_INITIATED_DISCONNECT",
                    "lower(t.disconnect_reason) = lower(?)",
                    "CLIENT_INITIATED_DISCONNECT");
        }
    }

    @Nested
    class Shadows {
        static final String SCALAR = "jsonb_typeof(e.v) IN ('string', 'number', 'boolean')";
        static final String VALUE_NUMBER = "(CASE WHEN jsonb_typeof(e.v) = 'number' THEN (e.v)::numeric"
                + " WHEN jsonb_typeof(e.v) = 'string' AND (e.v #>> '{}') ~ '" + NUMBER_REGEX
                + "' THEN (e.v #>> '{}')::numeric END)";

        @Test
        void nestedPathKeysAreBoundOneByOne() {
            assertSql(
                    "shadow.reported.stats.battery:{70 TO 100}",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query("
                            + "jsonb_extract_path(s.reported, ?::text, ?::text), 'lax $[*]') AS e(v)"
                            + " WHERE s.thing_id = t.id AND s.shadow_name = '' AND (" + VALUE_NUMBER + " > ? AND "
                            + VALUE_NUMBER + " < ?))",
                    "stats",
                    "battery",
                    new BigDecimal("70"),
                    new BigDecimal("100"));
        }

        @Test
        void textExactMatchIgnoresCase() {
            assertSql(
                    "shadow.desired.location:\"New York\"",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query("
                            + "jsonb_extract_path(s.desired, ?::text), 'lax $[*]') AS e(v)"
                            + " WHERE s.thing_id = t.id AND s.shadow_name = '' AND (" + SCALAR
                            + " AND lower((e.v #>> '{}')) = lower(?)))",
                    "location",
                    "New York");
        }

        @Test
        void numberExactMatchGetsAnIndexPrefilterAndNumericEquality() {
            assertSql(
                    "shadow.reported.myvalues:2",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query("
                            + "jsonb_extract_path(s.reported, ?::text), 'lax $[*]') AS e(v)"
                            + " WHERE s.thing_id = t.id AND s.shadow_name = ''"
                            + " AND (s.reported @> ?::jsonb OR s.reported @> ?::jsonb OR s.reported @> ?::jsonb"
                            + " OR s.reported @> ?::jsonb)"
                            + " AND ((" + SCALAR + " AND (e.v #>> '{}') = ?)"
                            + " OR (CASE WHEN jsonb_typeof(e.v) = 'number' THEN (e.v)::numeric END) = ?))",
                    "myvalues",
                    "{\"myvalues\":\"2\"}",
                    "{\"myvalues\":[\"2\"]}",
                    "{\"myvalues\":2}",
                    "{\"myvalues\":[2]}",
                    "2",
                    new BigDecimal("2"));
        }

        @Test
        void caselessTextGetsTheStringPrefilterOnly() {
            SqlPredicate predicate = compile("shadow.reported.pkg.version:\"1.0.0\"");

            assertThat(predicate.parameters())
                    .containsExactly(
                            "pkg",
                            "version",
                            "{\"pkg\":{\"version\":\"1.0.0\"}}",
                            "{\"pkg\":{\"version\":[\"1.0.0\"]}}",
                            "1.0.0");
        }

        @Test
        void wildcardAndExists() {
            assertSql(
                    "shadow.name.s1.reported.a:x*",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query("
                            + "jsonb_extract_path(s.reported, ?::text), 'lax $[*]') AS e(v)"
                            + " WHERE s.thing_id = t.id AND s.shadow_name = ? AND " + SCALAR
                            + " AND lower((e.v #>> '{}')) LIKE lower(?) ESCAPE '\\')",
                    "a",
                    "s1",
                    "x%");
            assertSql(
                    "shadow.reported.location:*",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = ''"
                            + " AND jsonb_extract_path(s.reported, ?::text) IS NOT NULL)",
                    "location");
        }

        @Test
        void textRangeOnlyConsidersStrings() {
            assertSql(
                    "shadow.delta.mode:[a TO m}",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL jsonb_path_query("
                            + "jsonb_extract_path(s.delta, ?::text), 'lax $[*]') AS e(v)"
                            + " WHERE s.thing_id = t.id AND s.shadow_name = '' AND jsonb_typeof(e.v) = 'string' AND"
                            + " (lower(e.v #>> '{}') COLLATE \"C\" >= lower(?)"
                            + " AND lower(e.v #>> '{}') COLLATE \"C\" < lower(?)))",
                    "mode",
                    "a",
                    "m");
        }

        @Test
        void hasDeltaAndVersion() {
            assertSql(
                    "shadow.hasDelta:true",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = ''"
                            + " AND (s.delta IS NOT NULL AND s.delta <> '{}'::jsonb) = ?)",
                    true);
            assertSql(
                    "shadow.hasDelta:*",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = '')");
            assertSql(
                    "shadow.version>=4",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = ''"
                            + " AND s.version >= ?)",
                    4L);
        }

        @Test
        void namedShadowsBindTheShadowName() {
            assertSql(
                    "shadow.name.$package.hasDelta:false",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = ?"
                            + " AND (s.delta IS NOT NULL AND s.delta <> '{}'::jsonb) = ?)",
                    "$package",
                    false);
            assertSql(
                    "shadow.name.my\\:shadow.version:[1 TO 2]",
                    "EXISTS (SELECT 1 FROM registry_shadow_index s WHERE s.thing_id = t.id AND s.shadow_name = ?"
                            + " AND (s.version >= ? AND s.version <= ?))",
                    "my:shadow",
                    1L,
                    2L);
        }
    }

    @Nested
    class BooleanStructure {
        @Test
        void andOrNotNestInParentheses() {
            assertSql(
                    "thingName:a OR (thingTypeName:12 NOT registry.version:1)",
                    "(lower(t.name) = lower(?) OR (t.thing_type_name = ? AND NOT COALESCE(t.version = ?, FALSE)))",
                    "a",
                    "12",
                    1L);
        }

        @Test
        void negationCountsAMissingValueAsNoMatch() {
            assertSql(
                    "NOT attributes.model:legacy",
                    "NOT COALESCE(lower(t.attributes ->> ?::text) = lower(?), FALSE)",
                    "model",
                    "legacy");
        }

        @Test
        void fieldGroupsExpandToOneTermPerValue() {
            assertSql(
                    "thingName:(tv* AND -plasma)",
                    "((lower(t.name) LIKE lower(?) ESCAPE '\\' AND lower(t.name) ~>=~ ? AND lower(t.name) ~<~ ?)"
                            + " AND NOT COALESCE(lower(t.name) = lower(?), FALSE))",
                    "tv%",
                    "tv",
                    "tw",
                    "plasma");
        }

        @Test
        void matchAll() {
            assertSql("*", "TRUE");
            assertSql("*:* NOT thingName:1", "(TRUE AND NOT COALESCE(t.name = ?, FALSE))", "1");
        }

        @Test
        void parametersFollowTheOrderOfTheirPlaceholders() {
            SqlPredicate predicate =
                    compile("attributes.a:1 OR shadow.name.n.reported.k:[1 TO 2] OR thingGroupNames:g");

            assertThat(predicate.parameters())
                    .containsExactly("a", "1", "k", "n", new BigDecimal("1"), new BigDecimal("2"), "g");
        }
    }

    @Nested
    class FreeText {
        @Test
        void searchesTheRegistryAttributesAndShadowValues() {
            assertSql(
                    "abc",
                    "(lower(t.name) = lower(?) OR lower(t.thing_type_name) = lower(?)"
                            + " OR EXISTS (SELECT 1 FROM registry_thing_group_member g WHERE g.thing_id = t.id"
                            + " AND lower(g.group_name) = lower(?))"
                            + " OR EXISTS (SELECT 1 FROM jsonb_each_text(t.attributes) AS a(k, v)"
                            + " WHERE lower(a.v) = lower(?))"
                            + " OR lower(t.disconnect_reason) = lower(?)"
                            + " OR EXISTS (SELECT 1 FROM registry_shadow_index s CROSS JOIN LATERAL"
                            + " jsonb_path_query(jsonb_build_array(s.reported, s.desired), 'strict $.**') AS e(v)"
                            + " WHERE s.thing_id = t.id AND jsonb_typeof(e.v) IN ('string', 'number', 'boolean')"
                            + " AND lower((e.v #>> '{}')) = lower(?)))",
                    "abc",
                    "abc",
                    "abc",
                    "abc",
                    "abc",
                    "abc");
        }

        @Test
        void wildcardFreeText() {
            SqlPredicate predicate = compile("ab*");

            assertThat(predicate.sql()).contains("lower(t.name) LIKE lower(?) ESCAPE '\\'");
            assertThat(predicate.parameters()).hasSize(8).containsOnly("ab%", "ab", "ac");
        }

        @Test
        void aUuidAlsoMatchesTheThingId() {
            SqlPredicate predicate = compile("a4b9f759-b0f2-4857-8a4b-967745ed9f4e");

            assertThat(predicate.sql()).contains(" OR t.id = ? OR ");
            assertThat(predicate.parameters()).contains(UUID.fromString("a4b9f759-b0f2-4857-8a4b-967745ed9f4e"));
        }
    }

    @Nested
    class TypeChecks {
        @ParameterizedTest(name = "[{0}] -> position {1}: {2}")
        @CsvSource(delimiterString = "##", quoteCharacter = '`', textBlock = """
                connectivity.connected:maybe            ## 23 ## connectivity.connected is a boolean field: the value must be true or false, not 'maybe'
                shadow.hasDelta:1                       ## 16 ## shadow.hasDelta is a boolean field
                connectivity.connected:tr*              ## 23 ## connectivity.connected is a boolean field; wildcards only work on text fields
                connectivity.connected:[false TO true]  ## 23 ## connectivity.connected is a boolean field and has no order
                connectivity.connected>false            ## 22 ## has no order
                connectivity.timestamp:abc              ## 23 ## connectivity.timestamp is a number field, and 'abc' is not a number
                connectivity.timestamp:15*              ## 23 ## connectivity.timestamp is a number field; wildcards only work on text fields
                connectivity.timestamp:[1 TO abc]       ## 29 ## 'abc' is not a number
                connectivity.timestamp:1e9999           ## 23 ## '1e9999' is not a number
                connectivity.timestamp:NaN              ## 23 ## 'NaN' is not a number
                shadow.version>"x"                      ## 15 ## 'x' is not a number
                thingName>5                             ## 9  ## thingName is a string field; ranges and comparisons only work on number fields, attributes and shadow values
                thingName:[a TO b]                      ## 10 ## thingName is a string field
                thingGroupNames:{a TO *]                ## 16 ## thingGroupNames is a string field
                a AND thingId<5                         ## 13 ## thingId is a string field
                shadow.reported.location:geo_distance,47.6,-122.3,15.5km ## 25 ## geoqueries are not supported
                geo_bounding_box,1,2,3,4                ## 0  ## geoqueries are not supported
                """)
        void valuesMustSuitTheFieldType(String query, int position, String message) {
            InvalidQueryException e = refusal(query);

            assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            assertThat(e.getMessage())
                    .startsWith("Invalid query at position " + position + " (0-based): ")
                    .contains(message);
        }

        @Test
        void quotedNumbersAndBooleansAreStillAccepted() {
            assertSql("connectivity.timestamp:\"5\"", "t.connectivity_timestamp = ?", 5L);
            assertSql("connectivity.connected:\"true\"", "COALESCE(t.connected, FALSE) = ?", true);
        }

        @Test
        void quotedGeoTextIsAnOrdinaryValue() {
            assertSql(
                    "attributes.note:\"geo_distance,1\"",
                    "lower(t.attributes ->> ?::text) = lower(?)",
                    "note",
                    "geo_distance,1");
        }
    }

    @Nested
    class Fields {
        @ParameterizedTest(name = "[{0}] -> position {1}: {2}")
        @CsvSource(delimiterString = "##", quoteCharacter = '`', textBlock = """
                foo:bar                       ## 0  ## unknown field 'foo'
                thingname:x                   ## 0  ## unknown field 'thingname'; field names are case-sensitive: did you mean 'thingName'?
                ThingGroupNames:x             ## 0  ## did you mean 'thingGroupNames'?
                Attributes.color:red          ## 0  ## did you mean 'attributes.color'?
                SHADOW.reported.x:1           ## 0  ## did you mean 'shadow.reported.x'?
                a OR thingName.x:1            ## 5  ## unknown field 'thingName.x'
                attributes:x                  ## 0  ## unknown field 'attributes'
                attributes.:x                 ## 0  ## 'attributes.' must be followed by an attribute name
                shadow.reported:x             ## 0  ## 'shadow.reported' must be followed by the path of a value, e.g. shadow.reported.temperature
                shadow.reported..a:x          ## 0  ## 'shadow.reported..a' has an empty path segment
                shadow.desired.a.:x           ## 0  ## empty path segment
                shadow.name.x:1               ## 0  ## must name a shadow and one of its fields
                shadow.name..reported.a:1     ## 0  ## must name a shadow and one of its fields
                shadow.name.x.:1              ## 0  ## must name a shadow and one of its fields
                shadow.name.x.color:1         ## 0  ## unknown field 'shadow.name.x.color'
                shadow.foo.x:1                ## 0  ## unknown field 'shadow.foo.x'
                shadow.metadata.reported.x:1  ## 0  ## shadow metadata ('shadow.metadata.reported.x') is an AWS IoT field that Thingstead does not index
                shadow.name.n.metadata.x:1    ## 0  ## is an AWS IoT field that Thingstead does not index
                connectivity.version:1        ## 0  ## connectivity.version is an AWS IoT field that Thingstead does not index
                deviceDefender.violationCount:1 ## 0 ## is a Device Defender field, which this Thingstead installation does not index
                thingName:a thingtypename:b   ## 12 ## did you mean 'thingTypeName'?
                """)
        void unknownAndMalformedFieldsAreRefusedAtTheFieldPosition(String query, int position, String message) {
            InvalidQueryException e = refusal(query);

            assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            assertThat(e.getMessage())
                    .startsWith("Invalid query at position " + position + " (0-based): ")
                    .contains(message);
        }

        @Test
        void catalogListsItsFields() {
            assertThat(FieldCatalog.standard().fieldNames())
                    .contains(
                            "thingName",
                            "thingId",
                            "thingTypeName",
                            "thingGroupNames",
                            "attributes.<name>",
                            "connectivity.connected",
                            "connectivity.timestamp",
                            "connectivity.disconnectReason",
                            "registry.version",
                            "shadow.hasDelta",
                            "shadow.version",
                            "shadow.reported.<path>",
                            "shadow.desired.<path>",
                            "shadow.name.<shadowName>.reported.<path>");
        }

        @Test
        void compilesParsedQueriesToo() {
            SearchQuery parsed = SearchQueryParser.parse("thingName:abc");

            assertThat(COMPILER.compile(parsed)).isEqualTo(compile("thingName:abc"));
        }

        @Test
        void everyExampleFromTheAwsDeveloperGuideCompiles() {
            List<String> examples = List.of(
                    "abc",
                    "thingName:myThingName",
                    "thingName:my*",
                    "thingName:*my",
                    "thingName:*my*",
                    "thingName:ab?",
                    "thingTypeName:aa",
                    "thingGroupNames:a",
                    "thingGroupNames:a*",
                    "attributes.myAttribute:75",
                    "attributes.myAttribute:[75 TO 80]",
                    "attributes.myAttribute:{75 TO 80]",
                    "attributes.serialNumber:[\"abcd\" TO \"abcf\"]",
                    "attributes.myAttribute:i*t",
                    "attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10",
                    "shadow.hasDelta:true",
                    "NOT attributes.model:legacy",
                    "shadow.reported.stats.battery:{70 TO 100} (v2 OR v3) NOT attributes.model:legacy",
                    "shadow.reported.myvalues:2",
                    "shadow.reported.location:* NOT shadow.desired.stats.battery:*",
                    "shadow.name.<shadowName>.hasDelta:true".replace("<shadowName>", "myShadow"),
                    "connectivity.connected:true",
                    "connectivity.connected:false",
                    "connectivity.connected:true AND connectivity.timestamp : [1557651600000 TO 1557867600000]",
                    "connectivity.connected:false AND connectivity.timestamp : [1557651600000 TO 1557867600000]",
                    "connectivity.connected:true AND connectivity.timestamp > 1557651600000",
                    "connectivity.connected:*",
                    "connectivity.disconnectReason:*",
                    "thingName:(tv* AND -plasma)");

            for (String example : examples) {
                SqlPredicate predicate = compile(example);
                assertThat(predicate.sql()).as(example).isNotBlank();
                assertThat(SqlText.literals(predicate.sql())).as(example).isSubsetOf(SqlText.COMPILER_LITERALS);
            }
        }
    }

    @Test
    void compilingNullIsRefusedLikeAnEmptyQuery() {
        assertThatThrownBy(() -> compile(null)).isInstanceOf(InvalidQueryException.class);
    }
}
