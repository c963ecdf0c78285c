package io.thingstead.provisioning.api;

import io.thingstead.common.api.error.IotException;

/**
 * AWS's {@code TemplateType}: a template for fleet provisioning (RegisterThing over MQTT, by claim) or for just-in-time
 * provisioning (attached to a registered CA).
 */
public enum TemplateType {
    FLEET_PROVISIONING,
    JITP;

    /** @throws IotException InvalidRequestException for anything else */
    public static TemplateType parse(String member, String value) {
        for (TemplateType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw IotException.invalidRequest("1 validation error detected: Value at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: [FLEET_PROVISIONING, JITP]");
    }
}
