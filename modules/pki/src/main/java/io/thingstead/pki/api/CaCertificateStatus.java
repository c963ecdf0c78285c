package io.thingstead.pki.api;

import io.thingstead.common.api.error.IotException;

/** AWS IoT's CA certificate status values ({@code CACertificateStatus}). */
public enum CaCertificateStatus {
    ACTIVE,
    INACTIVE;

    /** @throws IotException InvalidRequestException for anything else (including the deprecated REGISTER_INACTIVE) */
    public static CaCertificateStatus parse(String member, String value) {
        for (CaCertificateStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw IotException.invalidRequest("1 validation error detected: Value '"
                + CertificateStatus.printable(String.valueOf(value)) + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]");
    }
}
