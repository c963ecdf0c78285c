package io.thingstead.rules.internal.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The built-in functions by name (case-insensitive), and the AWS functions Thingstead deliberately does not have. */
final class Functions {
    /**
     * AWS functions that call other AWS services (or features Thingstead does not have); a statement that uses one is
     * refused at create time rather than failing every message.
     */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "aws_lambda", "it invokes an AWS Lambda function",
            "get_dynamodb", "it reads an Amazon DynamoDB table",
            "get_secret", "it reads AWS Secrets Manager",
            "machinelearning_predict", "it calls Amazon Machine Learning",
            "get_mqtt_property", "it is not implemented yet (get_user_properties is)");

    private static final Map<String, FunctionDef> BY_NAME = new HashMap<>();

    static {
        for (List<FunctionDef> group : List.of(
                MathFunctions.all(),
                StringFunctions.all(),
                MessageFunctions.all(),
                ValueFunctions.all(),
                TimeFunctions.all())) {
            for (FunctionDef def : group) {
                if (BY_NAME.put(def.name(), def) != null) {
                    throw new IllegalStateException("function " + def.name() + " defined twice");
                }
            }
        }
    }

    private Functions() {}

    static Optional<FunctionDef> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every supported function name, sorted (for the documentation test). */
    static Set<String> names() {
        Set<String> names = new TreeSet<>(BY_NAME.keySet());
        names.add("cast");
        return names;
    }
}
