package io.thingstead.defender.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.Topics;
import java.util.Optional;

/**
 * Where Device Defender's notifications go. AWS sends them to SNS topics; Thingstead publishes them on MQTT topics,
 * named by the ARN of an AWS IoT topic ({@code arn:aws:iot:<region>:<account>:topic/<topic>}) in the same members
 * ({@code alertTargets.SNS.alertTargetArn}, {@code auditNotificationTargetConfigurations.SNS.targetArn}, {@code
 * publishFindingToSnsParams.topicArn}). From there the rules engine forwards them anywhere its actions reach.
 */
public final class Targets {
    private Targets() {}

    /** The MQTT topic an ARN names. */
    public static String mqttTopic(String member, String arn) {
        Arn parsed;
        try {
            parsed = Arn.parse(arn);
        } catch (RuntimeException e) {
            throw IotException.invalidRequest(member + " must be an ARN: " + Docs.cut(arn));
        }
        if (!"iot".equals(parsed.service()) || !"topic".equals(parsed.resourceType())) {
            throw IotException.invalidRequest(member + " must be the ARN of an AWS IoT topic"
                    + " (arn:aws:iot:<region>:<account>:topic/<topic>): Thingstead publishes Device Defender's"
                    + " notifications over MQTT instead of SNS, not " + Docs.cut(arn));
        }
        String topic = parsed.resourceId();
        Optional<String> problem = Topics.topicNameProblem(topic);
        if (problem.isPresent()) {
            throw IotException.invalidRequest(member + ": " + problem.get());
        }
        return topic;
    }
}
