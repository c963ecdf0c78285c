package io.thingstead.policy.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The AWS IoT Core data-plane actions that policies authorize, each with the resource type it is checked against.
 * Passing one of these to {@link BoundPolicies#authorize(IotAction, String)} is the fastest path.
 */
public enum IotAction {
    /** Resource: {@code client/<clientId>}. */
    CONNECT("iot:Connect"),
    /** Resource: {@code topic/<topic>}. */
    PUBLISH("iot:Publish"),
    /** Resource: {@code topicfilter/<filter>}. */
    SUBSCRIBE("iot:Subscribe"),
    /** Resource: {@code topic/<topic>}, checked on every delivery. */
    RECEIVE("iot:Receive"),
    /** Resource: {@code topic/<topic>}, for a publish with the RETAIN flag. */
    RETAIN_PUBLISH("iot:RetainPublish"),
    /** Resource: {@code topic/<topic>}. */
    GET_RETAINED_MESSAGE("iot:GetRetainedMessage"),
    /** Resource: {@code *}. */
    LIST_RETAINED_MESSAGES("iot:ListRetainedMessages"),
    /** Resource: {@code thing/<thingName>}. */
    GET_THING_SHADOW("iot:GetThingShadow"),
    /** Resource: {@code thing/<thingName>} or {@code thing/<thingName>/<shadowName>}. */
    UPDATE_THING_SHADOW("iot:UpdateThingShadow"),
    /** Resource: {@code thing/<thingName>}. */
    DELETE_THING_SHADOW("iot:DeleteThingShadow"),
    /** Resource: {@code *}. */
    LIST_NAMED_SHADOWS_FOR_THING("iot:ListNamedShadowsForThing"),
    /** Resource: {@code thing/<thingName>}. */
    DESCRIBE_JOB_EXECUTION("iot:DescribeJobExecution"),
    /** Resource: {@code thing/<thingName>}. */
    GET_PENDING_JOB_EXECUTIONS("iot:GetPendingJobExecutions"),
    /** Resource: {@code thing/<thingName>}. */
    UPDATE_JOB_EXECUTION("iot:UpdateJobExecution"),
    /** Resource: {@code thing/<thingName>}. */
    START_NEXT_PENDING_JOB_EXECUTION("iot:StartNextPendingJobExecution"),
    /** Resource: {@code rolealias/<alias>}. */
    ASSUME_ROLE_WITH_CERTIFICATE("iot:AssumeRoleWithCertificate");

    private static final Map<String, IotAction> BY_LOWER_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(a -> a.actionName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String actionName;

    IotAction(String actionName) {
        this.actionName = actionName;
    }

    /** The action as policies name it, e.g. {@code iot:Publish}. */
    public String actionName() {
        return actionName;
    }

    /** The action named {@code name}, ignoring case as IAM does ({@code IOT:publish} is {@code iot:Publish}). */
    public static Optional<IotAction> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (IotAction action : VALUES) {
            if (action.actionName.equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    private static final IotAction[] VALUES = values();
}
