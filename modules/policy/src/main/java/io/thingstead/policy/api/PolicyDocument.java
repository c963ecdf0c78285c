package io.thingstead.policy.api;

import java.util.List;
import java.util.Objects;

/**
 * A parsed and validated AWS IoT Core policy document.
 *
 * @param version the policy language version: {@value #VERSION_2012_10_17}, or {@value #VERSION_2008_10_17} (also
 *     the meaning of a document without {@code Version}, as in IAM), under which {@code ${...}} is not a variable
 * @param id the optional {@code Id} element, or {@code null}
 * @param statements the statements, in document order
 */
public record PolicyDocument(String version, String id, List<PolicyStatement> statements) {
    /** The current policy language, with policy variables. */
    public static final String VERSION_2012_10_17 = "2012-10-17";

    /** The original policy language, without policy variables. */
    public static final String VERSION_2008_10_17 = "2008-10-17";

    /** AWS IoT's limit on a policy document: characters, not counting white space. */
    public static final int MAX_CHARACTERS = 2048;

    public PolicyDocument {
        Objects.requireNonNull(version, "version");
        statements = List.copyOf(statements);
    }

    /**
     * Parses and validates a policy document as AWS IoT's {@code CreatePolicy} and {@code CreatePolicyVersion} do.
     *
     * @throws MalformedPolicyException saying what is wrong and where
     */
    public static PolicyDocument parse(String json) {
        return PolicyEvaluator.Holder.EVALUATOR.parse(json);
    }

    /** Whether {@code ${...}} is read as a policy variable in this document. */
    public boolean supportsVariables() {
        return VERSION_2012_10_17.equals(version);
    }
}
