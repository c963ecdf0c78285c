package io.thingstead.policy.api;

import static io.thingstead.policy.api.Policies.allow;
import static io.thingstead.policy.api.Policies.allowIf;
import static io.thingstead.policy.api.Policies.bind;
import static io.thingstead.policy.api.Policies.client;
import static io.thingstead.policy.api.Policies.json;
import static io.thingstead.policy.api.Policies.policy;
import static io.thingstead.policy.api.Policies.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyVariablesTest {
    private static final ConnectedThing THING =
            new ConnectedThing("lamp-1", "Lamp", Map.of("floor", "3", "room name", "kitchen", "Colour", "red"));

    private static final AuthorizationContext FULL = AuthorizationContext.builder()
            .clientId("lamp-1")
            .thing(THING)
            .certificateId("c0ffee")
            .certificateField("Subject.CommonName", "lamp-1.example.com")
            .certificateField("Subject.Country", "US", "CA", "MX")
            .certificateField("Subject.Organization", "Example Corp", "AnyCompany")
            .certificateField("Issuer.CommonName", "IoT Devices Primary CA")
            .certificateField("SerialNumber", "921285cbb7a5e086")
            .certificateField("Subject.AlternativeName.DNSName", "lamp-1.example.com", "lamp.example.com")
            .certificateField("Issuer.AlternativeName.RFC822Name", "ca@example.com")
            .sourceIp("203.0.113.7")
            .domainName("iot.example.com")
            .build();

    /** Whether a publish to topic {@code expected} is allowed by a policy granting topic/{@code template}. */
    private static boolean resolvesTo(AuthorizationContext context, String template, String expected) {
        return bind(context, policy(allow("iot:Publish", topic(template))))
                .authorize(IotAction.PUBLISH, topic(expected))
                .allowed();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "iot:ClientId|lamp-1",
                "IOT:clientid|lamp-1",
                "iot:Connection.Thing.ThingName|lamp-1",
                "iot:Connection.Thing.ThingTypeName|Lamp",
                "iot:Connection.Thing.Attributes[floor]|3",
                "iot:Connection.Thing.Attributes[room name]|kitchen",
                "iot:connection.thing.attributes[Colour]|red",
                "iot:Connection.Thing.IsAttached|true",
                "iot:CertificateId|c0ffee",
                "iot:Certificate.Subject.CommonName|lamp-1.example.com",
                "iot:Certificate.Subject.Country|US",
                "iot:Certificate.Subject.Country.0|US",
                "iot:Certificate.Subject.Country.1|CA",
                "iot:Certificate.Subject.Country.2|MX",
                "iot:certificate.subject.organization|Example Corp",
                "iot:Certificate.Issuer.CommonName|IoT Devices Primary CA",
                "iot:Certificate.SerialNumber|921285cbb7a5e086",
                "iot:Certificate.Subject.AlternativeName.DNSName|lamp-1.example.com",
                "iot:Certificate.Subject.AlternativeName.DNSName.1|lamp.example.com",
                "iot:Certificate.Issuer.AlternativeName.RFC822Name|ca@example.com",
                "aws:SourceIp|203.0.113.7",
                "iot:DomainName|iot.example.com",
            })
    void connectionVariablesResolve(String variable, String value) {
        assertThat(resolvesTo(FULL, "v/${" + variable + "}", "v/" + value)).isTrue();
        assertThat(resolvesTo(FULL, "v/${" + variable + "}", "v/" + value + "x"))
                .isFalse();
    }

    @ParameterizedTest(name = "{0} does not resolve")
    @ValueSource(
            strings = {
                "iot:Connection.Thing.Attributes[missing]",
                "iot:Connection.Thing.Attributes[FLOOR]",
                "iot:Connection.Thing.Nonsense",
                "iot:Certificate.Subject.Country.3",
                "iot:Certificate.Subject.Country.List",
                "iot:Certificate.Subject.Title",
                "iot:Certificate.AvailableKeys",
                "iot:Certificate.Validity.NotBefore",
                "iot:Certificate.Nonsense",
                "iot:Unknown",
                "aws:username",
            })
    void unresolvableVariablesMatchNothing(String variable) {
        BoundPolicies bound = bind(FULL, policy(allow("iot:Publish", topic("v/${" + variable + "}"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("v/")).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("v/${" + variable + "}"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("v/US")).allowed()).isFalse();
    }

    @Test
    void thingVariablesDoNotResolveWithoutAnAttachedThing() {
        AuthorizationContext noThing =
                AuthorizationContext.builder().clientId("lamp-1").build();
        BoundPolicies bound = bind(noThing, policy(allow("iot:Connect", client("${iot:Connection.Thing.ThingName}"))));

        assertThat(bound.authorize(IotAction.CONNECT, client("lamp-1")).allowed())
                .isFalse();
        assertThat(resolvesTo(noThing, "${iot:Connection.Thing.IsAttached}", "false"))
                .isTrue();
        assertThat(resolvesTo(noThing, "${iot:Connection.Thing.ThingTypeName}", ""))
                .isFalse();
    }

    @Test
    void thingWithoutTypeHasNoTypeName() {
        AuthorizationContext untyped = AuthorizationContext.builder()
                .clientId("t")
                .thing(ConnectedThing.named("t"))
                .build();

        assertThat(resolvesTo(untyped, "x/${iot:Connection.Thing.ThingTypeName}", "x/"))
                .isFalse();
        assertThat(resolvesTo(untyped, "x/${iot:Connection.Thing.ThingName}", "x/t"))
                .isTrue();
    }

    @Test
    void missingBasicValuesDoNotResolve() {
        assertThat(resolvesTo(AuthorizationContext.EMPTY, "${iot:ClientId}", ""))
                .isFalse();
        assertThat(resolvesTo(AuthorizationContext.EMPTY, "${aws:SourceIp}", ""))
                .isFalse();
        assertThat(resolvesTo(AuthorizationContext.EMPTY, "${iot:CertificateId}", ""))
                .isFalse();
        assertThat(resolvesTo(AuthorizationContext.EMPTY, "${iot:DomainName}", ""))
                .isFalse();
        assertThat(resolvesTo(AuthorizationContext.EMPTY, "${iot:Certificate.Subject.CommonName}", ""))
                .isFalse();
    }

    @Test
    void anUnresolvedResourceDoesNotStopTheStatementsOtherResources() {
        AuthorizationContext noThing =
                AuthorizationContext.builder().clientId("c1").build();
        BoundPolicies bound = bind(
                noThing,
                policy("{'Effect':'Allow','Action':'iot:Publish','Resource':['"
                        + topic("${iot:Connection.Thing.ThingName}/x") + "','" + topic("${iot:ClientId}/x") + "']}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("c1/x")).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("/x")).allowed()).isFalse();
    }

    @Test
    void unresolvedNotResourceEntriesExcludeNothing() {
        AuthorizationContext noThing =
                AuthorizationContext.builder().clientId("c1").build();
        BoundPolicies bound = bind(
                noThing,
                policy("{'Effect':'Allow','Action':'iot:Publish','NotResource':'"
                        + topic("${iot:Connection.Thing.ThingName}/*") + "'}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("anything")).allowed())
                .isTrue();
    }

    @Test
    void cognitoIdentityIdIsTheTokenConnectionsIdentity() {
        String identity = "us-east-1:0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c";
        AuthorizationContext token = AuthorizationContext.builder()
                .clientId(identity + "-portal")
                .identityId(identity)
                .build();
        BoundPolicies bound =
                bind(token, policy(allow("iot:Connect", client("${cognito-identity.amazonaws.com:sub}-*"))));

        assertThat(bound.authorize(IotAction.CONNECT, client(identity + "-portal"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.CONNECT, client("us-east-1:11111111-2222-3333-4444-555555555555-x"))
                        .allowed())
                .isFalse();
        assertThat(resolvesTo(token, "users/${cognito-identity.amazonaws.com:sub}", "users/" + identity))
                .isTrue();
        assertThat(resolvesTo(FULL, "users/${cognito-identity.amazonaws.com:sub}", "users/"))
                .as("a certificate connection has no identity id: the resource matches nothing")
                .isFalse();
    }

    @Test
    void substitutedValuesAreLiteralEvenWhenTheyLookLikeWildcards() {
        AuthorizationContext starClient =
                AuthorizationContext.builder().clientId("*").build();
        BoundPolicies bound = bind(starClient, policy(allow("iot:Publish", topic("clients/${iot:ClientId}/data"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("clients/*/data")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("clients/other/data"))
                        .allowed())
                .isFalse();
        AuthorizationContext questionClient =
                AuthorizationContext.builder().clientId("a?").build();
        assertThat(resolvesTo(questionClient, "c/${iot:ClientId}", "c/ab")).isFalse();
        assertThat(resolvesTo(questionClient, "c/${iot:ClientId}", "c/a?")).isTrue();
    }

    @Test
    void plusAsClientIdIsLiteralInTopicFilters() {
        AuthorizationContext plusClient =
                AuthorizationContext.builder().clientId("+").build();
        BoundPolicies bound =
                bind(plusClient, policy(allow("iot:Subscribe", Policies.topicFilter("my/${iot:ClientId}/topic"))));

        assertThat(bound.authorize(IotAction.SUBSCRIBE, Policies.topicFilter("my/+/topic"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, Policies.topicFilter("my/x/topic"))
                        .allowed())
                .isFalse();
    }

    @Test
    void escapesProduceLiteralCharacters() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", topic("a${*}b${?}c${$}d/*"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("a*b?c$d/x")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("aXbYc$d/x")).allowed())
                .isFalse();
    }

    @Test
    void dollarTopicsNeedNoEscape() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", topic("$aws/things/t/shadow/update"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/t/shadow/update"))
                        .allowed())
                .isTrue();
    }

    @Test
    void theOldPolicyLanguageHasNoVariables() {
        AuthorizationContext context =
                AuthorizationContext.builder().clientId("c1").build();
        String old =
                json("{'Version':'2008-10-17','Statement':" + allow("iot:Publish", topic("x/${iot:ClientId}")) + "}");
        BoundPolicies bound = bind(context, old);

        assertThat(bound.authorize(IotAction.PUBLISH, topic("x/c1")).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("x/${iot:ClientId}"))
                        .allowed())
                .isTrue();
        String unversioned = json("{'Statement':" + allow("iot:Publish", topic("x/${iot:ClientId}")) + "}");
        assertThat(bind(context, unversioned)
                        .authorize(IotAction.PUBLISH, topic("x/c1"))
                        .allowed())
                .isFalse();
    }

    @Test
    void certificateValuesWithWildcardCharactersAreNotSubstituted() {
        for (String value : List.of("a*b", "a?b", "a$b", "a+b", "a#b")) {
            AuthorizationContext context = AuthorizationContext.builder()
                    .certificateField(CertificateFields.SUBJECT_COMMON_NAME, value)
                    .build();
            BoundPolicies bound =
                    bind(context, policy(allow("iot:Connect", client("${iot:Certificate.Subject.CommonName}"))));

            assertThat(bound.authorize(IotAction.CONNECT, client(value)).allowed())
                    .as(value)
                    .isFalse();
            assertThat(bound.authorize(IotAction.CONNECT, client("${iot:Certificate.Subject.CommonName}"))
                            .allowed())
                    .as(value)
                    .isFalse();
        }
    }

    @Test
    void longCertificateValuesAreNotSubstituted() {
        String limit = "x".repeat(1024);
        String over = "x".repeat(1025);

        assertThat(resolvesTo(certificate("Subject.CommonName", limit), "${iot:Certificate.Subject.CommonName}", limit))
                .isTrue();
        assertThat(resolvesTo(certificate("Subject.CommonName", over), "${iot:Certificate.Subject.CommonName}", over))
                .isFalse();
    }

    @Test
    void certificateValuesAreEscapedAsInADistinguishedName() {
        AuthorizationContext context = certificate("Subject.Organization", "Amazon.com, Inc. O=x;y<z>\"q\"\\");

        assertThat(resolvesTo(
                        context,
                        "${iot:Certificate.Subject.Organization}",
                        "Amazon.com\\, Inc. O\\=x\\;y\\<z\\>\\\"q\\\"\\\\"))
                .isTrue();
        BoundPolicies bound = bind(
                context,
                policy(
                        allowIf(
                                "iot:Connect",
                                "*",
                                "{'StringEquals':{'iot:Certificate.Subject.Organization':'Amazon.com\\\\, Inc. O\\\\=x\\\\;y\\\\<z\\\\>\\\\\\'q\\\\\\'\\\\\\\\'}}")));
        assertThat(bound.authorize(IotAction.CONNECT, client("c")).allowed()).isTrue();
    }

    @Test
    void onlyFiveValuesOfACertificateAttributeAreKept() {
        AuthorizationContext context = certificate("Subject.OrganizationalUnit", "a", "b", "c", "d", "e", "f");

        assertThat(resolvesTo(context, "${iot:Certificate.Subject.OrganizationalUnit.4}", "e"))
                .isTrue();
        assertThat(resolvesTo(context, "${iot:Certificate.Subject.OrganizationalUnit.5}", "f"))
                .isFalse();
        BoundPolicies bound = bind(
                context,
                policy(allowIf(
                        "iot:Connect",
                        "*",
                        "{'ForAnyValue:StringEquals':{'iot:Certificate.Subject.OrganizationalUnit.List':'f'}}")));
        assertThat(bound.authorize(IotAction.CONNECT, client("c")).allowed()).isFalse();
    }

    @Test
    void requestKeysServeAsVariables() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().clientId("c1").build(),
                policy(allow("iot:Publish", topic("${iot:ClientId}/${custom:Channel}/*"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("c1/blue/x"), RequestContext.of("custom:Channel", "blue"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("c1/blue/x"), RequestContext.of("CUSTOM:channel", "blue"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("c1/red/x"), RequestContext.of("custom:Channel", "blue"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("c1//x")).allowed()).isFalse();
        assertThat(bound.authorize(
                                IotAction.PUBLISH,
                                topic("c1/blue/x"),
                                RequestContext.of("custom:Channel", "blue", "red"))
                        .allowed())
                .as("a multi-valued key is not a variable")
                .isFalse();
    }

    @Test
    void requestsCannotOverrideConnectionKeys() {
        BoundPolicies bound = bind(
                AuthorizationContext.builder().clientId("c1").build(),
                policy(allow("iot:Publish", topic("${iot:ClientId}/${custom:Channel}"))));

        assertThat(bound.authorize(
                                IotAction.PUBLISH,
                                topic("evil/x"),
                                new RequestContext(
                                        Map.of("iot:ClientId", List.of("evil"), "custom:Channel", List.of("x"))))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(
                                IotAction.PUBLISH,
                                topic("c1/x"),
                                new RequestContext(
                                        Map.of("iot:ClientId", List.of("evil"), "custom:Channel", List.of("x"))))
                        .allowed())
                .isTrue();
    }

    @Test
    void unknownCertificateAttributesAreRefusedInTheContext() {
        assertThatThrownBy(() -> AuthorizationContext.builder()
                        .certificateField("Validity.NotBefore", "2024-01-01")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Validity.NotBefore");
        assertThatThrownBy(() -> new AuthorizationContext(
                        null,
                        null,
                        null,
                        Map.of("subject.commonname", List.of("a"), "Subject.CommonName", List.of("b")),
                        null,
                        null))
                .hasMessageContaining("given twice");
        assertThat(AuthorizationContext.builder()
                        .certificateField("subject.commonname", "a")
                        .build()
                        .certificate())
                .containsOnlyKeys("Subject.CommonName");
        assertThat(CertificateFields.ALL).hasSize(1 + 2 * (13 + 5));
        assertThat(CertificateFields.canonical(null)).isEmpty();
    }

    private static AuthorizationContext certificate(String field, String... values) {
        return AuthorizationContext.builder().certificateField(field, values).build();
    }
}
