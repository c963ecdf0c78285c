package io.thingstead.pki.internal.crypto;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;

/** The AWS errors this package throws. Messages are shown to API callers: they never contain key material. */
final class Failures {
    private Failures() {}

    static IotException invalidRequest(String message) {
        return new IotException(ErrorCode.INVALID_REQUEST, message);
    }

    static IotException certificateValidation(String message) {
        return new IotException(ErrorCode.CERTIFICATE_VALIDATION, message);
    }

    static IotException registrationCodeValidation(String message) {
        return new IotException(ErrorCode.REGISTRATION_CODE_VALIDATION, message);
    }

    static IotException withCode(ErrorCode code, String message) {
        return new IotException(code, message);
    }
}
