package io.thingstead.provisioning.internal;

import io.thingstead.provisioning.api.ProvisioningResponse;
import java.util.Objects;

/**
 * A provisioning request that is refused: the status code, error code and message of the {@code /rejected} payload.
 * Thrown inside the provisioning transaction, it rolls everything back.
 */
public class ProvisioningFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String INVALID_PAYLOAD = "InvalidPayload";
    public static final String INVALID_TOKEN = "InvalidCertificateOwnershipToken";
    public static final String INVALID_PARAMETERS = "InvalidParameters";
    public static final String INVALID_CSR = "InvalidCsr";
    public static final String INVALID_TEMPLATE = "InvalidTemplate";
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String NOT_FOUND = "ResourceNotFound";
    public static final String CONFLICT = "ResourceConflict";
    public static final String THROTTLED = "Throttling";
    public static final String INTERNAL = "InternalFailure";

    private final int statusCode;
    private final String errorCode;

    public ProvisioningFailure(int statusCode, String errorCode, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.statusCode = statusCode;
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public static ProvisioningFailure badRequest(String errorCode, String message) {
        return new ProvisioningFailure(400, errorCode, message);
    }

    public int statusCode() {
        return statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public ProvisioningResponse.Rejected toResponse(String rejectedTopic) {
        return new ProvisioningResponse.Rejected(rejectedTopic, statusCode, errorCode, getMessage());
    }
}
