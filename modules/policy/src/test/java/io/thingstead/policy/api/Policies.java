package io.thingstead.policy.api;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: policies written with single quotes, bound in one call. */
final class Policies {
    static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    static final PolicyEvaluator EVALUATOR = PolicyEvaluator.create();

    private Policies() {}

    /** JSON written with {@code '} instead of {@code "}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A 2012-10-17 document holding the given statements (single-quoted JSON objects). */
    static String policy(String... statements) {
        return json("{'Version':'2012-10-17','Statement':[" + String.join(",", statements) + "]}");
    }

    static String allow(String action, String resource) {
        return "{'Effect':'Allow','Action':'" + action + "','Resource':'" + resource + "'}";
    }

    static String deny(String action, String resource) {
        return "{'Effect':'Deny','Action':'" + action + "','Resource':'" + resource + "'}";
    }

    /** An Allow statement with a condition block (single-quoted JSON object text). */
    static String allowIf(String action, String resource, String condition) {
        return "{'Effect':'Allow','Action':'" + action + "','Resource':'" + resource + "','Condition':" + condition
                + "}";
    }

    /** Binds documents named P0, P1, ... to a context. */
    static BoundPolicies bind(AuthorizationContext context, String... documents) {
        List<CompiledPolicy> compiled = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            compiled.add(EVALUATOR.compile("P" + i, documents[i]));
        }
        return EVALUATOR.bind(compiled, context);
    }

    static BoundPolicies bind(String... documents) {
        return bind(AuthorizationContext.EMPTY, documents);
    }

    static String topic(String name) {
        return ARN + "topic/" + name;
    }

    static String topicFilter(String name) {
        return ARN + "topicfilter/" + name;
    }

    static String client(String id) {
        return ARN + "client/" + id;
    }

    static String thing(String name) {
        return ARN + "thing/" + name;
    }
}
