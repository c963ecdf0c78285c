package io.thingstead.policy.api;

import static io.thingstead.policy.api.Policies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyDocumentTest {
    private static final String TOPIC = "arn:aws:iot:us-east-1:123456789012:topic/a";

    @Test
    void readsAFullDocument() {
        PolicyDocument document = PolicyDocument.parse(json("""
                {'Version':'2012-10-17','Id':'device-policy','Statement':[
                  {'Sid':'Pub','Effect':'Allow','Action':['iot:Publish','iot:Receive'],
                   'Resource':['arn:aws:iot:us-east-1:123456789012:topic/a','arn:aws:iot:us-east-1:123456789012:topic/b'],
                   'Condition':{'StringEquals':{'iot:ClientId':['c1','c2']},'Bool':{'iot:Connection.Thing.IsAttached':true}}},
                  {'Effect':'Deny','NotAction':'iot:Connect','NotResource':'*'}]}
                """));

        assertThat(document.version()).isEqualTo("2012-10-17");
        assertThat(document.supportsVariables()).isTrue();
        assertThat(document.id()).isEqualTo("device-policy");
        assertThat(document.statements()).hasSize(2);
        PolicyStatement first = document.statements().get(0);
        assertThat(first.index()).isZero();
        assertThat(first.sid()).isEqualTo("Pub");
        assertThat(first.effect()).isEqualTo(Effect.ALLOW);
        assertThat(first.actions()).containsExactly("iot:Publish", "iot:Receive");
        assertThat(first.notAction()).isFalse();
        assertThat(first.resources()).hasSize(2);
        assertThat(first.conditions())
                .containsExactly(
                        new PolicyCondition("StringEquals", "iot:ClientId", List.of("c1", "c2")),
                        new PolicyCondition("Bool", "iot:Connection.Thing.IsAttached", List.of("true")));
        assertThat(first.location()).isEqualTo("Statement[0] (Sid \"Pub\")");
        PolicyStatement second = document.statements().get(1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.sid()).isNull();
        assertThat(second.effect()).isEqualTo(Effect.DENY);
        assertThat(second.notAction()).isTrue();
        assertThat(second.notResource()).isTrue();
        assertThat(second.actions()).containsExactly("iot:Connect");
        assertThat(second.resources()).containsExactly("*");
        assertThat(second.conditions()).isEmpty();
        assertThat(second.location()).isEqualTo("Statement[1]");
    }

    @Test
    void aSingleStatementMayBeAnObject() {
        PolicyDocument document = PolicyDocument.parse(
                json("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iot:*','Resource':'*'}}"));

        assertThat(document.statements()).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("iot:*");
            assertThat(s.resources()).containsExactly("*");
        });
    }

    @Test
    void acceptsTheOldVersionAndDefaultsToIt() {
        assertThat(PolicyDocument.parse(
                                json(
                                        "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'iot:*','Resource':'*'}}"))
                        .version())
                .isEqualTo(PolicyDocument.VERSION_2008_10_17);
        PolicyDocument unversioned =
                PolicyDocument.parse(json("{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':'*'}}"));
        assertThat(unversioned.version()).isEqualTo(PolicyDocument.VERSION_2008_10_17);
        assertThat(unversioned.supportsVariables()).isFalse();
    }

    @Test
    void conditionValuesMayBeNumbersAndBooleans() {
        PolicyDocument document = PolicyDocument.parse(json("""
                {'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iot:Publish','Resource':'*',
                 'Condition':{'NumericLessThan':{'k':[10, 2.5e1]},'Bool':{'b':false}}}}
                """));

        assertThat(document.statements().get(0).conditions())
                .extracting(PolicyCondition::values)
                .containsExactly(List.of("10", "2.5e1"), List.of("false"));
    }

    @Test
    void sizeLimitCountsCharactersOtherThanWhiteSpace() {
        String prefix = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iot:Publish','Resource':'";
        String suffix = "'}}";
        String base = json(prefix + TOPIC + "/" + suffix);
        int room = PolicyDocument.MAX_CHARACTERS - base.length();
        String atLimit = json(prefix + TOPIC + "/" + "x".repeat(room) + suffix);
        String overLimit = json(prefix + TOPIC + "/" + "x".repeat(room + 1) + suffix);

        assertThat(atLimit).hasSize(PolicyDocument.MAX_CHARACTERS);
        assertThat(PolicyDocument.parse(atLimit).statements()).hasSize(1);
        assertThat(PolicyDocument.parse(atLimit.replace(",", ",\n    \t ")).statements())
                .hasSize(1);
        assertMalformed(overLimit, "2049 characters (not counting white space); the limit is 2048");
    }

    @Test
    void hugeDocumentsAreRefusedBeforeParsing() {
        String huge = " ".repeat(200_000) + "{}";

        assertMalformed(huge, "documents over 131072 characters are refused");
    }

    @Test
    void deepNestingIsRefused() {
        String nested = "[".repeat(50) + "]".repeat(50);

        assertMalformed(nested, "nested deeper than 8 levels");
        assertMalformed(
                json("{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':'*','Condition':"
                        + "{'StringEquals':{'k':[[[[['x']]]]]}}}}"),
                "nested deeper than 8 levels");
    }

    @Test
    void hugeArraysAreRefused() {
        String manyValues = "[" + "1,".repeat(600) + "1]";

        assertMalformed(manyValues, "more than 512 JSON values");
    }

    @Test
    void errorsAreMalformedPolicyExceptions() {
        assertThatThrownBy(() -> PolicyDocument.parse("{"))
                .isInstanceOf(MalformedPolicyException.class)
                .isInstanceOf(IotException.class)
                .extracting(e -> ((IotException) e).code())
                .isEqualTo(ErrorCode.MALFORMED_POLICY);
        assertThat(new MalformedPolicyException("m", new IllegalStateException()).getCause())
                .isInstanceOf(IllegalStateException.class);
    }

    static Stream<Arguments> malformedDocuments() {
        String ok = "'Effect':'Allow','Action':'iot:Publish','Resource':'*'";
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "empty"),
                Arguments.of("   \n\t ", "empty"),
                Arguments.of("{", "not valid JSON at line 1"),
                Arguments.of("{'Statement':[}", "not valid JSON"),
                Arguments.of("{} {}", "not valid JSON at line 1, column 4"),
                Arguments.of("[]", "must be a JSON object"),
                Arguments.of("'text'", "must be a JSON object"),
                Arguments.of("{'Version':'2012-10-17'}", "has no Statement"),
                Arguments.of("{'Version':'2012-10-17','Statement':[]}", "Statement is empty"),
                Arguments.of("{'Version':'2012-10-17','Statement':['x']}", "Statement[0] must be a JSON object"),
                Arguments.of("{'Version':'2012-10-17','Statement':'x'}", "Statement must be a JSON object"),
                Arguments.of("{'Version':'2015-01-01','Statement':{" + ok + "}}", "Version \"2015-01-01\""),
                Arguments.of("{'Version':20121017,'Statement':{" + ok + "}}", "Version must be a string"),
                Arguments.of("{'Id':5,'Statement':{" + ok + "}}", "Id must be a string"),
                Arguments.of("{'Statement':{" + ok + "},'Foo':1}", "Unknown element \"Foo\" in the policy document"),
                Arguments.of("{'statement':{" + ok + "}}", "did you mean \"Statement\""),
                Arguments.of(
                        "{'Statement':{" + ok + "},'Statement':{" + ok + "}}",
                        "Duplicate key \"Statement\" in the document"),
                Arguments.of("{'Statement':{" + ok + ",'Effect':'Deny'}}", "Duplicate key \"Effect\" in Statement"),
                Arguments.of("{'Statement':{'Sid':1," + ok + "}}", "Statement[0]: Sid must be a string"),
                Arguments.of(
                        "{'Statement':{'Sid':'S1'," + ok + ",'Foo':1}}",
                        "Statement[0] (Sid \"S1\"): unknown element \"Foo\""),
                Arguments.of("{'Statement':{" + ok + ",'effect':1}}", "did you mean \"Effect\""),
                Arguments.of("{'Statement':{" + ok + ",'Principal':'*'}}", "Principal is not allowed"),
                Arguments.of("{'Statement':{" + ok + ",'NotPrincipal':'*'}}", "NotPrincipal is not allowed"),
                Arguments.of("{'Statement':{'Action':'iot:*','Resource':'*'}}", "Statement[0]: Effect is required"),
                Arguments.of("{'Statement':{'Effect':'allow','Action':'iot:*','Resource':'*'}}", "Effect \"allow\""),
                Arguments.of(
                        "{'Statement':{'Effect':true,'Action':'iot:*','Resource':'*'}}", "Effect must be the string"),
                Arguments.of("{'Statement':{'Effect':'Allow','Resource':'*'}}", "Action or NotAction is required"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','NotAction':'iot:Connect','Resource':'*'}}",
                        "has both Action and NotAction"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*'}}", "Resource or NotResource is required"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':'*','NotResource':'*'}}",
                        "has both Resource and NotResource"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':[],'Resource':'*'}}",
                        "Action must not be an empty array"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':5,'Resource':'*'}}",
                        "Action must be a string or an array"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':['iot:Connect',5],'Resource':'*'}}",
                        "Action[1] must be a string"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'Publish','Resource':'*'}}",
                        "Action[0] \"Publish\" is not an action"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:Pub lish','Resource':'*'}}", "is not an action"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':'iot:a:b','Resource':'*'}}", "is not an action"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':':Publish','Resource':'*'}}", "is not an action"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','NotAction':'iot:','Resource':'*'}}",
                        "NotAction[0] \"iot:\" is not an action"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':[]}}",
                        "Resource must not be an empty array"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':'topic/a'}}",
                        "Resource[0] \"topic/a\" is not \"*\" or an ARN"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','NotResource':['*','arn:aws:iot:r:a']}}",
                        "NotResource[1] \"arn:aws:iot:r:a\" is not \"*\" or an ARN"),
                Arguments.of(
                        "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iot:*',"
                                + "'Resource':'arn:aws:iot:${iot:ClientId}:1:topic/a'}}",
                        "variables are only allowed after the fifth colon"),
                Arguments.of(
                        "{'Statement':{'Effect':'Allow','Action':'iot:*','Resource':'arn:aws:*:r:1:topic/a'}}",
                        "wildcard in the service part"),
                Arguments.of("{'Statement':{" + ok + ",'Condition':'x'}}", "Condition must be an object"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEqual':{'k':'v'}}}}",
                        "unknown condition operator \"StringEqual\""),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'stringlike':{'k':'v'}}}}",
                        "did you mean \"StringLike\""),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'ForEach:StringLike':{'k':'v'}}}}",
                        "ForAnyValue: and ForAllValues:"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEquals':'v'}}}",
                        "Condition StringEquals must map condition keys"),
                Arguments.of("{'Statement':{" + ok + ",'Condition':{'StringEquals':{}}}}", "has no condition keys"),
                Arguments.of("{'Statement':{" + ok + ",'Condition':{'StringEquals':{'':'v'}}}}", "empty condition key"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEquals':{'k':[]}}}}",
                        "on key \"k\" has no values"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEquals':{'k':null}}}}",
                        "values must be strings, numbers or booleans"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEquals':{'k':[{'a':1}]}}}}",
                        "values must be strings, numbers or booleans"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'StringEquals':{'k':'a','k':'b'}}}}",
                        "Duplicate key \"k\" in Statement.Condition.StringEquals"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'NumericEquals':{'k':'ten'}}}}",
                        "Condition NumericEquals on key \"k\": \"ten\" is not a number"),
                Arguments.of(
                        "{'Version':'2012-10-17','Statement':{" + ok
                                + ",'Condition':{'NumericEquals':{'k':'${iot:ClientId}'}}}}",
                        "is not a number"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'NumericEquals':{'k':'1e99999'}}}}", "is not a number"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'DateLessThan':{'k':'tomorrow'}}}}",
                        "\"tomorrow\" is not a date"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}}}",
                        "is not an IPv4 or IPv6 address"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'Bool':{'k':'yes'}}}}",
                        "\"yes\" is not \"true\" or \"false\""),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'Null':{'k':'maybe'}}}}",
                        "\"maybe\" is not \"true\" or \"false\""),
                Arguments.of("{'Statement':{" + ok + ",'Condition':{'BinaryEquals':{'k':'***'}}}}", "is not base64"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'ArnLike':{'k':'not-an-arn'}}}}",
                        "\"not-an-arn\" is not \"*\" or an ARN"),
                Arguments.of(
                        "{'Statement':{" + ok + ",'Condition':{'NullIfExists':{'k':'true'}}}}",
                        "Null cannot take IfExists"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedDocuments")
    void malformedDocumentsSayWhatIsWrong(String document, String message) {
        assertMalformed(document == null ? null : json(document), message);
    }

    @Test
    void compilingAHandBuiltDocumentValidatesItToo() {
        PolicyStatement statement = new PolicyStatement(
                0, "S", Effect.ALLOW, List.of("iot:Publish"), false, List.of("bad"), false, List.of());
        PolicyDocument document = new PolicyDocument("2012-10-17", null, List.of(statement));

        assertThatThrownBy(() -> Policies.EVALUATOR.compile("P", document))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("Statement[0] (Sid \"S\"): Resource[0] \"bad\"");
        assertThatThrownBy(() ->
                        Policies.EVALUATOR.compile("P", new PolicyDocument("2020-01-01", null, List.of(statement))))
                .hasMessageContaining("Version \"2020-01-01\"");
        assertThatThrownBy(() -> Policies.EVALUATOR.compile("P", new PolicyDocument("2012-10-17", null, List.of())))
                .hasMessageContaining("no statements");
        PolicyStatement noActions =
                new PolicyStatement(0, null, Effect.ALLOW, List.of(), true, List.of("*"), false, List.of());
        assertThatThrownBy(() ->
                        Policies.EVALUATOR.compile("P", new PolicyDocument("2012-10-17", null, List.of(noActions))))
                .hasMessageContaining("NotAction must name at least one action");
        PolicyStatement noResources =
                new PolicyStatement(0, null, Effect.ALLOW, List.of("*"), false, List.of(), true, List.of());
        assertThatThrownBy(() ->
                        Policies.EVALUATOR.compile("P", new PolicyDocument("2012-10-17", null, List.of(noResources))))
                .hasMessageContaining("NotResource must name at least one resource");
        PolicyStatement noValues = new PolicyStatement(
                0,
                null,
                Effect.ALLOW,
                List.of("*"),
                false,
                List.of("*"),
                false,
                List.of(new PolicyCondition("StringEquals", "k", List.of())));
        assertThatThrownBy(() ->
                        Policies.EVALUATOR.compile("P", new PolicyDocument("2012-10-17", null, List.of(noValues))))
                .hasMessageContaining("Condition StringEquals on key \"k\": has no values");
    }

    @Test
    void modelCopiesItsCollections() {
        List<String> actions = new java.util.ArrayList<>(List.of("iot:Publish"));
        PolicyStatement statement =
                new PolicyStatement(0, null, Effect.ALLOW, actions, false, List.of("*"), false, List.of());
        actions.add("iot:Connect");

        assertThat(statement.actions()).containsExactly("iot:Publish");
        assertThat(Effect.ALLOW.json()).isEqualTo("Allow");
        assertThat(Effect.DENY.json()).isEqualTo("Deny");
    }

    private static void assertMalformed(String document, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(document))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining(message);
    }
}
