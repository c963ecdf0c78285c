package io.thingstead.provisioning.api;

import java.util.Objects;

/**
 * AWS's {@code ProvisioningHook} of a fleet provisioning template. In AWS {@code targetArn} names a Lambda function;
 * in Thingstead it is an http or https URL that the pre-provisioning hook request is POSTed to (docs/provisioning.md).
 *
 * @param payloadVersion {@code 2020-04-01}, the only version AWS defines
 */
public record ProvisioningHook(String targetArn, String payloadVersion) {
    /** The payload version AWS documents, and the default. */
    public static final String PAYLOAD_VERSION = "2020-04-01";

    public ProvisioningHook {
        Objects.requireNonNull(targetArn, "targetArn");
        Objects.requireNonNull(payloadVersion, "payloadVersion");
    }
}
