package io.thingstead.policy.api;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.util.Map;

/**
 * A policy document that AWS IoT would refuse: {@code MalformedPolicyException}, HTTP 400. The message says what is
 * wrong and where (statement index and Sid, element).
 */
public class MalformedPolicyException extends IotException {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(ErrorCode.MALFORMED_POLICY, message);
    }

    public MalformedPolicyException(String message, Throwable cause) {
        super(ErrorCode.MALFORMED_POLICY, message, Map.of(), cause);
    }
}
