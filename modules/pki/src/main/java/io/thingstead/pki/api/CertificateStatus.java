package io.thingstead.pki.api;

import io.thingstead.common.api.error.IotException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * AWS IoT's certificate status values ({@code CertificateStatus}). Thingstead stores {@link #ACTIVE}, {@link #INACTIVE},
 * {@link #REVOKED} and {@link #PENDING_ACTIVATION}; the others exist so that requests naming them get a precise
 * refusal rather than a parse error.
 */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE,
    REVOKED,
    PENDING_TRANSFER,
    REGISTER_INACTIVE,
    PENDING_ACTIVATION;

    /**
     * @param member the request member or parameter, for the message
     * @throws IotException InvalidRequestException when {@code value} is not an AWS certificate status
     */
    public static CertificateStatus parse(String member, String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest(member + " is required.");
        }
        for (CertificateStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw IotException.invalidRequest("1 validation error detected: Value '" + printable(value) + "' at '"
                + member + "' failed to satisfy constraint: Member must satisfy enum value set: ["
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + "]");
    }

    static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
