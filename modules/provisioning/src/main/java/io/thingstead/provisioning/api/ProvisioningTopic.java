package io.thingstead.provisioning.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request topics of AWS IoT's device provisioning MQTT API, in the JSON payload format, and their {@code
 * /accepted} and {@code /rejected} response topics:
 *
 * <ul>
 *   <li>{@code $aws/certificates/create/json}: CreateKeysAndCertificate
 *   <li>{@code $aws/certificates/create-from-csr/json}: CreateCertificateFromCsr
 *   <li>{@code $aws/provisioning-templates/<templateName>/provision/json}: RegisterThing
 * </ul>
 *
 * <p>The CBOR variants ({@code .../cbor}) are not served: {@link #parse} does not recognise them.
 */
public record ProvisioningTopic(Operation operation, Optional<String> templateName) {
    private static final String CREATE = "$aws/certificates/create/json";
    private static final String CREATE_FROM_CSR = "$aws/certificates/create-from-csr/json";
    private static final Pattern PROVISION =
            Pattern.compile("\\$aws/provisioning-templates/([0-9A-Za-z_-]{1,36})/provision/json");

    /** The three operations. */
    public enum Operation {
        CREATE_KEYS_AND_CERTIFICATE,
        CREATE_CERTIFICATE_FROM_CSR,
        REGISTER_THING
    }

    public ProvisioningTopic {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(templateName, "templateName");
        if ((operation == Operation.REGISTER_THING) != templateName.isPresent()) {
            throw new IllegalArgumentException("only RegisterThing names a template");
        }
    }

    /** The operation a device requests by publishing to {@code topic}; empty for any other topic. */
    public static Optional<ProvisioningTopic> parse(String topic) {
        if (CREATE.equals(topic)) {
            return Optional.of(new ProvisioningTopic(Operation.CREATE_KEYS_AND_CERTIFICATE, Optional.empty()));
        }
        if (CREATE_FROM_CSR.equals(topic)) {
            return Optional.of(new ProvisioningTopic(Operation.CREATE_CERTIFICATE_FROM_CSR, Optional.empty()));
        }
        Matcher provision = topic == null ? null : PROVISION.matcher(topic);
        if (provision != null && provision.matches()) {
            return Optional.of(new ProvisioningTopic(Operation.REGISTER_THING, Optional.of(provision.group(1))));
        }
        return Optional.empty();
    }

    /** The topic the request is published on. */
    public String requestTopic() {
        return switch (operation) {
            case CREATE_KEYS_AND_CERTIFICATE -> CREATE;
            case CREATE_CERTIFICATE_FROM_CSR -> CREATE_FROM_CSR;
            case REGISTER_THING -> "$aws/provisioning-templates/" + templateName.orElseThrow() + "/provision/json";
        };
    }

    public String acceptedTopic() {
        return requestTopic() + "/accepted";
    }

    public String rejectedTopic() {
        return requestTopic() + "/rejected";
    }
}
