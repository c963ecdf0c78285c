package io.thingstead.pki.api;

import io.thingstead.common.api.error.IotException;

/** Whether a registered CA's unknown device certificates are registered when they first connect (AWS's JITR). */
public enum AutoRegistrationStatus {
    ENABLE,
    DISABLE;

    /** @throws IotException InvalidRequestException for anything else */
    public static AutoRegistrationStatus parse(String member, String value) {
        for (AutoRegistrationStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw IotException.invalidRequest("1 validation error detected: Value '"
                + CertificateStatus.printable(String.valueOf(value)) + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: [ENABLE, DISABLE]");
    }
}
