package io.thingstead.provisioning.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the gateway publishes back to the device, on the connection the request came from: the JSON payload AWS
 * documents for the operation's {@code /accepted} topic, or the error payload ({@code statusCode}, {@code errorCode},
 * {@code errorMessage}) for its {@code /rejected} topic.
 */
public sealed interface ProvisioningResponse {
    /** The topic to publish {@link #payload()} on. */
    String responseTopic();

    JsonObject payload();

    /** The payload as UTF-8 JSON, ready to publish. */
    default byte[] payloadBytes() {
        return payload().toString().getBytes(StandardCharsets.UTF_8);
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /**
     * The request succeeded. The payload of CreateKeysAndCertificate carries the device's private key: it is sent once
     * and never stored or logged; {@link #toString()} shows member names only.
     */
    record Accepted(String responseTopic, JsonObject payload) implements ProvisioningResponse {
        public Accepted {
            Objects.requireNonNull(responseTopic, "responseTopic");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public String toString() {
            return "Accepted[responseTopic=" + responseTopic + ", members=" + payload.keySet() + "]";
        }
    }

    /**
     * The request was refused.
     *
     * @param statusCode an HTTP-like status: 400 bad request, 403 refused, 404 unknown template, 409 conflict, 500
     * @param errorCode e.g. {@code InvalidCertificateOwnershipToken} (docs/provisioning.md lists them)
     * @param errorMessage a sentence for the device's log; never a secret
     */
    record Rejected(String responseTopic, int statusCode, String errorCode, String errorMessage)
            implements ProvisioningResponse {
        public Rejected {
            Objects.requireNonNull(responseTopic, "responseTopic");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(errorMessage, "errorMessage");
        }

        @Override
        public JsonObject payload() {
            return Json.createObjectBuilder()
                    .add("statusCode", statusCode)
                    .add("errorCode", errorCode)
                    .add("errorMessage", errorMessage)
                    .build();
        }
    }
}
