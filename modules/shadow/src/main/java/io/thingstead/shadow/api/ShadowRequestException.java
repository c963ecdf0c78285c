package io.thingstead.shadow.api;

import io.thingstead.common.api.error.IotException;
import java.util.Map;
import java.util.Objects;

/**
 * A shadow request that the Device Shadow service rejects. It is an {@link IotException} (so the REST layer answers it
 * with the right status and error type) that also carries the MQTT error document ({@link #error()}).
 */
public class ShadowRequestException extends IotException {
    private static final long serialVersionUID = 1L;

    private final transient ShadowError error;

    public ShadowRequestException(ShadowError error) {
        this(error, null);
    }

    public ShadowRequestException(ShadowError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").type().errorCode(), error.message(), Map.of(), cause);
        this.error = error;
    }

    /** The error document for the {@code /rejected} topic. */
    public ShadowError error() {
        return error;
    }
}
