package io.thingstead.common.api;

import io.thingstead.common.api.error.IotException;
import java.util.Objects;

/**
 * An Amazon Resource Name as AWS IoT writes them: {@code arn:aws:iot:{region}:{account}:{resourceType}/{resourceId}},
 * e.g. {@code arn:aws:iot:eu-west-1:123456789012:thing/sensor-1}. Thingstead uses the {@code aws} partition so that
 * the AWS SDKs and CLI accept our ARNs unchanged.
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    public static final String PARTITION = "aws";
    public static final String IOT = "iot";

    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resource, "resource");
        if (partition.isEmpty() || service.isEmpty() || resource.isEmpty()) {
            throw new IllegalArgumentException("an ARN needs a partition, a service and a resource");
        }
    }

    /** An AWS IoT ARN for {@code resourceType/resourceId} in the given region and account. */
    public static Arn iot(String region, String account, String resourceType, String resourceId) {
        return new Arn(PARTITION, IOT, region, account, resourceType + "/" + resourceId);
    }

    /**
     * Parses an ARN. The resource part may itself contain colons (e.g. topic names), so only the first five colons
     * separate fields.
     *
     * @throws IotException InvalidRequestException when {@code text} is not an ARN
     */
    public static Arn parse(String text) {
        if (text == null) {
            throw IotException.invalidRequest("ARN is required.");
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !"arn".equals(parts[0])) {
            throw IotException.invalidRequest(
                    "Not a valid ARN: expected arn:partition:service:region:account:resource.");
        }
        if (parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
            throw IotException.invalidRequest("Not a valid ARN: partition, service and resource must not be empty.");
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /** The resource type: the part of the resource before the first {@code /} (e.g. {@code thing}). */
    public String resourceType() {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash);
    }

    /** The resource id: the part of the resource after the first {@code /}, or empty when there is none. */
    public String resourceId() {
        int slash = resource.indexOf('/');
        return slash < 0 ? "" : resource.substring(slash + 1);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
