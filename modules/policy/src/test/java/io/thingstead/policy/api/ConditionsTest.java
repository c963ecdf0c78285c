package io.thingstead.policy.api;

import static io.thingstead.policy.api.Policies.allowIf;
import static io.thingstead.policy.api.Policies.bind;
import static io.thingstead.policy.api.Policies.client;
import static io.thingstead.policy.api.Policies.policy;
import static io.thingstead.policy.api.Policies.topic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {
    private static final String KEY = "test:Key";

    /**
     * Whether a statement with {@code "operator": {"test:Key": values}} applies when the request gives the key the
     * values {@code actual} (no values: the key is absent).
     *
     * @param values the condition values as JSON, single-quoted
     */
    static boolean holds(String operator, String values, String... actual) {
        BoundPolicies bound =
                bind(policy(allowIf("iot:Publish", "*", "{'" + operator + "':{'" + KEY + "':" + values + "}}")));
        RequestContext request =
                actual.length == 0 ? RequestContext.EMPTY : new RequestContext(Map.of(KEY, Arrays.asList(actual)));
        return bound.authorize(IotAction.PUBLISH, topic("t"), request).allowed();
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "StringEquals|'abc'|abc|true",
                "StringEquals|'abc'|ABC|false",
                "StringEquals|['x','abc']|abc|true",
                "StringEquals|'a*'|abc|false",
                "StringEquals|'a*'|a*|true",
                "StringNotEquals|'abc'|abc|false",
                "StringNotEquals|'abc'|abd|true",
                "StringNotEquals|['abc','abd']|abd|false",
                "StringNotEquals|['abc','abd']|abe|true",
                "StringEqualsIgnoreCase|'abc'|ABC|true",
                "StringEqualsIgnoreCase|'abc'|abd|false",
                "StringNotEqualsIgnoreCase|'abc'|ABC|false",
                "StringNotEqualsIgnoreCase|'abc'|ABD|true",
                "StringLike|'sensor-*'|sensor-12|true",
                "StringLike|'sensor-*'|Sensor-12|false",
                "StringLike|'sensor-??'|sensor-12|true",
                "StringLike|'sensor-??'|sensor-123|false",
                "StringLike|['a*','b*']|bee|true",
                "StringNotLike|'sensor-*'|sensor-12|false",
                "StringNotLike|'sensor-*'|gateway|true",
            })
    void stringOperators(String operator, String values, String actual, boolean expected) {
        assertThat(holds(operator, values, actual)).isEqualTo(expected);
    }

    @Test
    void numbersAndBooleansInThePolicyCompareAsText() {
        assertThat(holds("StringEquals", "[10, true]", "10")).isTrue();
        assertThat(holds("StringEquals", "[10, true]", "true")).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "NumericEquals|'10'|10|true",
                "NumericEquals|'10'|10.0|true",
                "NumericEquals|10|1e1|true",
                "NumericEquals|'10'|11|false",
                "NumericEquals|'10'|ten|false",
                "NumericNotEquals|'10'|11|true",
                "NumericNotEquals|'10'|10.00|false",
                "NumericLessThan|'10'|9.99|true",
                "NumericLessThan|'10'|10|false",
                "NumericLessThanEquals|'10'|10|true",
                "NumericLessThanEquals|'10'|10.01|false",
                "NumericGreaterThan|'-5'|-4|true",
                "NumericGreaterThan|'-5'|-5|false",
                "NumericGreaterThanEquals|'2.5'|2.5|true",
                "NumericGreaterThanEquals|'2.5'|2.49|false",
                "NumericLessThan|['1','100']|50|true",
            })
    void numericOperators(String operator, String values, String actual, boolean expected) {
        assertThat(holds(operator, values, actual)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "DateEquals|'2024-03-26T03:25:40Z'|2024-03-26T03:25:40Z|true",
                "DateEquals|'2024-03-26T03:25:40Z'|1711423540|true",
                "DateEquals|'2024-03-26'|2024-03-26T00:00:00Z|true",
                "DateEquals|'2024-03-26T03:25:40Z'|2024-03-26T03:25:41Z|false",
                "DateEquals|'2024-03-26T03:25:40Z'|not a date|false",
                "DateNotEquals|'2024-03-26T03:25:40Z'|2024-03-26T03:25:41Z|true",
                "DateNotEquals|'2024-03-26T03:25:40Z'|2024-03-26T05:25:40+02:00|false",
                "DateLessThan|'2025-01-01T00:00:00Z'|2024-12-31T23:59:59Z|true",
                "DateLessThan|'2025-01-01T00:00:00Z'|2025-01-01T00:00:00Z|false",
                "DateLessThanEquals|'2025-01-01T00:00:00Z'|2025-01-01T00:00:00Z|true",
                "DateGreaterThan|'2025-01-01T00:00:00Z'|2025-01-01T00:00:01Z|true",
                "DateGreaterThan|'2025-01-01T00:00:00Z'|2024-06-01T00:00:00Z|false",
                "DateGreaterThanEquals|1735689600|2025-01-01T00:00:00Z|true",
                "DateGreaterThanEquals|1735689600|2024-12-31T23:59:59Z|false",
            })
    void dateOperators(String operator, String values, String actual, boolean expected) {
        assertThat(holds(operator, values, actual)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "Bool|'true'|true|true",
                "Bool|'TRUE'|true|true",
                "Bool|true|True|true",
                "Bool|'true'|false|false",
                "Bool|'false'|false|true",
                "Bool|false|true|false",
                "Bool|'true'|yes|false",
                "BinaryEquals|'QmluYXJ5'|QmluYXJ5|true",
                "BinaryEquals|'QmluYXJ5'|QmluYXJ6|false",
                "BinaryEquals|'QmluYXJ5'|***|false",
            })
    void boolAndBinaryOperators(String operator, String values, String actual, boolean expected) {
        assertThat(holds(operator, values, actual)).isEqualTo(expected);
    }

    @Test
    void isAttachedDecidesWhenBinding() {
        String document = policy(
                allowIf("iot:Connect", "*", "{'Bool':{'iot:Connection.Thing.IsAttached':'true'}}"),
                allowIf("iot:Publish", "*", "{'Bool':{'iot:Connection.Thing.IsAttached':false}}"));
        BoundPolicies attached = bind(
                AuthorizationContext.builder().thing(ConnectedThing.named("t")).build(), document);
        BoundPolicies detached = bind(AuthorizationContext.EMPTY, document);

        assertThat(attached.authorize(IotAction.CONNECT, client("t")).allowed()).isTrue();
        assertThat(attached.authorize(IotAction.PUBLISH, topic("t")).allowed()).isFalse();
        assertThat(detached.authorize(IotAction.CONNECT, client("t")).allowed()).isFalse();
        assertThat(detached.authorize(IotAction.PUBLISH, topic("t")).allowed()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "IpAddress|'203.0.113.0/24'|203.0.113.7|true",
                "IpAddress|'203.0.113.0/24'|198.51.100.7|false",
                "IpAddress|['198.51.100.0/24','203.0.113.0/24']|203.0.113.7|true",
                "IpAddress|'203.0.113.7'|203.0.113.7|true",
                "IpAddress|'2001:db8::/32'|2001:db8:abcd::1|true",
                "IpAddress|'2001:db8::/32'|2001:db9::1|false",
                "IpAddress|'203.0.113.0/24'|::ffff:203.0.113.7|true",
                "IpAddress|'203.0.113.0/24'|garbage|false",
                "NotIpAddress|'203.0.113.0/24'|198.51.100.7|true",
                "NotIpAddress|'203.0.113.0/24'|203.0.113.9|false",
                "NotIpAddress|['10.0.0.0/8','2001:db8::/32']|2001:db8::1|false",
            })
    void ipAddressOperators(String operator, String values, String actual, boolean expected) {
        assertThat(holds(operator, values, actual)).isEqualTo(expected);
    }

    @Test
    void sourceIpComesFromTheConnection() {
        String document = policy(
                allowIf("iot:Publish", "*", "{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:db8::/32']}}"));

        assertThat(bind(AuthorizationContext.builder().sourceIp("203.0.113.7").build(), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(AuthorizationContext.builder().sourceIp("2001:db8::7").build(), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(AuthorizationContext.builder().sourceIp("198.51.100.1").build(), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isFalse();
        assertThat(bind(AuthorizationContext.EMPTY, document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isFalse();
    }

    private static final String THING_ARN = "arn:aws:iot:us-east-1:123456789012:thing/t1";

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ArnEquals|'arn:aws:iot:us-east-1:123456789012:thing/t1'|true",
                "ArnEquals|'arn:aws:iot:us-east-1:123456789012:thing/t*'|true",
                "ArnLike|'arn:aws:iot:*:123456789012:thing/*'|true",
                "ArnLike|'arn:aws:iot:*:999999999999:thing/*'|false",
                "ArnLike|'*'|true",
                "ArnNotEquals|'arn:aws:iot:us-east-1:123456789012:thing/t2'|true",
                "ArnNotLike|'arn:aws:iot:*:*:thing/t?'|false",
                "ArnNotLike|'arn:aws:iot:*:*:topic/*'|true",
            })
    void arnOperators(String operator, String values, boolean expected) {
        assertThat(holds(operator, values, THING_ARN)).isEqualTo(expected);
    }

    @Test
    void arnValuesTakeVariables() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().thing(ConnectedThing.named("t1")).build(),
                policy(allowIf(
                        "iot:Publish",
                        "*",
                        "{'ArnLike':{'" + KEY + "':'arn:aws:iot:*:*:thing/${iot:Connection.Thing.ThingName}'}}")));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("t"), RequestContext.of(KEY, THING_ARN))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("t"), RequestContext.of(KEY, THING_ARN + "x"))
                        .allowed())
                .isFalse();
    }

    @ParameterizedTest(name = "{0} with the key absent -> {1}")
    @CsvSource({
        "StringEquals, false",
        "StringNotEquals, true",
        "StringLike, false",
        "StringNotLike, true",
        "StringEqualsIgnoreCase, false",
        "StringNotEqualsIgnoreCase, true",
        "NumericEquals, false",
        "NumericNotEquals, true",
        "DateEquals, false",
        "DateNotEquals, true",
        "Bool, false",
        "IpAddress, false",
        "NotIpAddress, true",
        "ArnLike, false",
        "ArnNotLike, true",
        "StringEqualsIfExists, true",
        "StringNotEqualsIfExists, true",
        "NumericLessThanIfExists, true",
        "ForAnyValue:StringEquals, false",
        "ForAllValues:StringEquals, true",
        "ForAnyValue:StringEqualsIfExists, true",
    })
    void absentKey(String operator, boolean expected) {
        String value = operator.contains("Ip")
                ? "'10.0.0.0/8'"
                : operator.contains("Arn")
                        ? "'arn:aws:iot:*:*:thing/*'"
                        : operator.contains("Date") ? "'2024-01-01'" : "'1'";
        String bool = operator.startsWith("Bool") ? "'true'" : value;

        assertThat(holds(operator, bool)).isEqualTo(expected);
    }

    @Test
    void ifExistsStillTestsAPresentKey() {
        assertThat(holds("StringEqualsIfExists", "'a'", "a")).isTrue();
        assertThat(holds("StringEqualsIfExists", "'a'", "b")).isFalse();
        assertThat(holds("NumericLessThanIfExists", "'10'", "11")).isFalse();
    }

    @Test
    void nullChecksPresence() {
        assertThat(holds("Null", "'true'")).isTrue();
        assertThat(holds("Null", "'true'", "x")).isFalse();
        assertThat(holds("Null", "'false'", "x")).isTrue();
        assertThat(holds("Null", "false")).isFalse();
        assertThat(holds("Null", "['true','false']")).isTrue();
        assertThat(holds("Null", "['true','false']", "x")).isTrue();
    }

    @Test
    void nullOnConnectionKeys() {
        String document =
                policy(allowIf("iot:Publish", "*", "{'Null':{'iot:Connection.Thing.ThingTypeName':'false'}}"));

        assertThat(bind(
                                AuthorizationContext.builder()
                                        .thing(new ConnectedThing("t", "Lamp", Map.of()))
                                        .build(),
                                document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(
                                AuthorizationContext.builder()
                                        .thing(ConnectedThing.named("t"))
                                        .build(),
                                document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isFalse();
    }

    @Test
    void forAnyValueNeedsOneMatchingValue() {
        assertThat(holds("ForAnyValue:StringEquals", "['a','b']", "x", "b")).isTrue();
        assertThat(holds("ForAnyValue:StringEquals", "['a','b']", "x", "y")).isFalse();
        assertThat(holds("ForAnyValue:StringLike", "['a*']", "x", "abc")).isTrue();
    }

    @Test
    void forAllValuesNeedsEveryValueToMatch() {
        assertThat(holds("ForAllValues:StringEquals", "['a','b','c']", "a", "c"))
                .isTrue();
        assertThat(holds("ForAllValues:StringEquals", "['a','b','c']", "a", "d"))
                .isFalse();
    }

    @Test
    void negatedSetOperatorsNegateEachValue() {
        // ForAllValues:StringNotEquals - no request value is one of the policy's values
        assertThat(holds("ForAllValues:StringNotEquals", "['a','b']", "x", "y")).isTrue();
        assertThat(holds("ForAllValues:StringNotEquals", "['a','b']", "x", "a")).isFalse();
        // ForAnyValue:StringNotEquals - some request value is none of the policy's values
        assertThat(holds("ForAnyValue:StringNotEquals", "['a','b']", "a", "x")).isTrue();
        assertThat(holds("ForAnyValue:StringNotEquals", "['a','b']", "a", "b")).isFalse();
    }

    @Test
    void unqualifiedOperatorsOnSeveralValuesTestAnyOfThem() {
        assertThat(holds("StringEquals", "'b'", "a", "b")).isTrue();
        assertThat(holds("StringNotEquals", "'b'", "a", "b")).isFalse();
        assertThat(holds("StringNotEquals", "'c'", "a", "b")).isTrue();
    }

    @Test
    void anEmptyListOfValuesIsAnAbsentKey() {
        BoundPolicies bound =
                bind(policy(allowIf("iot:Publish", "*", "{'ForAllValues:StringEquals':{'" + KEY + "':'a'}}")));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("t"), new RequestContext(Map.of(KEY, List.of())))
                        .allowed())
                .isTrue();
    }

    @Test
    void certificateListsAreMultiValued() {
        // the AWS example: Organization must be one of the listed values
        String document = policy(
                allowIf(
                        "iot:Publish",
                        "*",
                        "{'ForAllValues:StringEquals':{'iot:Certificate.Subject.Organization.List':['Example Corp','AnyCompany']}}"));

        assertThat(bind(organizations("Example Corp"), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(organizations("AnyCompany", "Example Corp"), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(organizations("Example Corp", "Evil Corp"), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isFalse();
    }

    @Test
    void availableKeysListsTheCertificateAttributesThatHaveValues() {
        String document = policy(
                allowIf(
                        "iot:Publish",
                        "*",
                        "{'ForAnyValue:StringEquals':{'iot:Certificate.AvailableKeys':'iot:Certificate.Subject.Organization'}}"));

        assertThat(bind(organizations("Example Corp"), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(AuthorizationContext.EMPTY, document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isFalse();
    }

    private static AuthorizationContext organizations(String... values) {
        return AuthorizationContext.builder()
                .certificateField(CertificateFields.SUBJECT_ORGANIZATION, values)
                .build();
    }

    @Test
    void everyConditionMustHold() {
        // the AWS example: thing type and attribute must match, and the certificate must be attached
        String document = policy(allowIf(
                "iot:Publish",
                Policies.topic("device/stats"),
                "{'StringEquals':{'iot:Connection.Thing.Attributes[attributeName]':'attributeValue',"
                        + "'iot:Connection.Thing.ThingTypeName':'Thing_Type_Name'},"
                        + "'Bool':{'iot:Connection.Thing.IsAttached':'true'}}"));
        AuthorizationContext good = AuthorizationContext.builder()
                .thing(new ConnectedThing("t", "Thing_Type_Name", Map.of("attributeName", "attributeValue")))
                .build();
        AuthorizationContext wrongType = AuthorizationContext.builder()
                .thing(new ConnectedThing("t", "Other", Map.of("attributeName", "attributeValue")))
                .build();
        AuthorizationContext wrongAttribute = AuthorizationContext.builder()
                .thing(new ConnectedThing("t", "Thing_Type_Name", Map.of("attributeName", "x")))
                .build();

        assertThat(bind(good, document)
                        .authorize(IotAction.PUBLISH, topic("device/stats"))
                        .allowed())
                .isTrue();
        assertThat(bind(wrongType, document)
                        .authorize(IotAction.PUBLISH, topic("device/stats"))
                        .allowed())
                .isFalse();
        assertThat(bind(wrongAttribute, document)
                        .authorize(IotAction.PUBLISH, topic("device/stats"))
                        .allowed())
                .isFalse();
        assertThat(bind(AuthorizationContext.EMPTY, document)
                        .authorize(IotAction.PUBLISH, topic("device/stats"))
                        .allowed())
                .isFalse();
    }

    @Test
    void connectionAndRequestConditionsCombine() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().clientId("c1").build(),
                policy(allowIf(
                        "iot:Connect",
                        "*",
                        "{'StringEquals':{'iot:ClientId':'c1'},"
                                + "'ForAllValues:StringEquals':{'iot:ConnectAttributes':['PersistentConnect']}}")));

        assertThat(bound.authorize(
                                IotAction.CONNECT,
                                client("c1"),
                                RequestContext.of("iot:ConnectAttributes", "PersistentConnect"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(
                                IotAction.CONNECT,
                                client("c1"),
                                RequestContext.of("iot:ConnectAttributes", "PersistentConnect", "LastWill"))
                        .allowed())
                .isFalse();
    }

    @Test
    void conditionValuesTakeConnectionVariables() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder()
                        .clientId("lamp-1")
                        .thing(ConnectedThing.named("lamp-1"))
                        .build(),
                policy(allowIf(
                        "iot:Connect", "*", "{'StringEquals':{'iot:ClientId':'${iot:Connection.Thing.ThingName}'}}")));

        assertThat(bound.authorize(IotAction.CONNECT, client("lamp-1")).allowed())
                .isTrue();
        BoundPolicies mismatched = bind(
                AuthorizationContext.builder()
                        .clientId("lamp-2")
                        .thing(ConnectedThing.named("lamp-1"))
                        .build(),
                policy(allowIf(
                        "iot:Connect", "*", "{'StringEquals':{'iot:ClientId':'${iot:Connection.Thing.ThingName}'}}")));
        assertThat(mismatched.authorize(IotAction.CONNECT, client("lamp-2")).allowed())
                .isFalse();
    }

    @Test
    void unresolvedVariablesInConditionValuesMatchNothing() {
        // "StringEquals" with an unresolved value does not match; "StringNotEquals" does
        String document = policy(
                allowIf("iot:Publish", "*", "{'StringEquals':{'iot:ClientId':'${iot:Connection.Thing.ThingName}'}}"),
                allowIf(
                        "iot:Receive",
                        "*",
                        "{'StringNotEquals':{'iot:ClientId':'${iot:Connection.Thing.ThingName}'}}"));
        BoundPolicies bound = bind(AuthorizationContext.builder().clientId("c1").build(), document);

        assertThat(bound.authorize(IotAction.PUBLISH, topic("t")).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.RECEIVE, topic("t")).allowed()).isTrue();
    }

    @Test
    void requestVariablesInConditionValues() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().clientId("c1").build(),
                policy(
                        allowIf("iot:Publish", "*", "{'StringEquals':{'iot:ClientId':'${test:Expected}'}}"),
                        allowIf("iot:Receive", "*", "{'StringLike':{'test:Actual':'${test:Prefix}*'}}")));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("t"), RequestContext.of("test:Expected", "c1"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("t"), RequestContext.of("test:Expected", "c2"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(
                                IotAction.RECEIVE,
                                topic("t"),
                                new RequestContext(
                                        Map.of("test:Actual", List.of("pre-x"), "test:Prefix", List.of("pre-"))))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(
                                IotAction.RECEIVE,
                                topic("t"),
                                new RequestContext(
                                        Map.of("test:Actual", List.of("pre-x"), "test:Prefix", List.of("*"))))
                        .allowed())
                .as("a substituted * is literal")
                .isFalse();
    }

    @Test
    void conditionsAreCheckedOnDenyStatementsToo() {
        String document = policy(
                Policies.allow("iot:*", "*"),
                "{'Effect':'Deny','Action':'iot:Publish','Resource':'*','Condition':{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}}");

        assertThat(bind(AuthorizationContext.builder().sourceIp("10.1.1.1").build(), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .allowed())
                .isTrue();
        assertThat(bind(AuthorizationContext.builder().sourceIp("192.0.2.1").build(), document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .effect())
                .isEqualTo(DecisionEffect.EXPLICIT_DENY);
        assertThat(bind(AuthorizationContext.EMPTY, document)
                        .authorize(IotAction.PUBLISH, topic("t"))
                        .effect())
                .as("an absent key satisfies a negated operator")
                .isEqualTo(DecisionEffect.EXPLICIT_DENY);
    }

    @Test
    void conditionKeyNamesIgnoreCase() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().clientId("c1").build(),
                policy(allowIf("iot:Publish", "*", "{'StringEquals':{'IOT:CLIENTID':'c1'}}")));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("t")).allowed()).isTrue();
    }
}
