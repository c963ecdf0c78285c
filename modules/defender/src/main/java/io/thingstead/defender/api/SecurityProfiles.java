package io.thingstead.defender.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Device Defender Detect's configuration as the AWS IoT API offers it: security profiles (behaviors over cloud-side,
 * device-side and custom metrics, alert targets), what they are attached to, and custom metrics. Requests and answers
 * are AWS's JSON documents; errors are {@code IotException}s with AWS's types. A CDI bean.
 */
public interface SecurityProfiles {
    /** CreateSecurityProfile: {@code securityProfileName} and {@code securityProfileArn}. */
    JsonObject create(String name, JsonObject request);

    JsonObject describe(String name);

    /** UpdateSecurityProfile: the profile as it is afterwards. */
    JsonObject update(String name, JsonObject request, Optional<Long> expectedVersion);

    void delete(String name, Optional<Long> expectedVersion);

    JsonObject list(Optional<String> metricName, Optional<String> nextToken, int maxResults);

    /** AttachSecurityProfile: a thing group ARN, a thing ARN, or {@code .../all/registered-things}, {@code .../all/unregistered-things}. */
    void attach(String name, String targetArn);

    void detach(String name, String targetArn);

    JsonObject listTargets(String name, Optional<String> nextToken, int maxResults);

    JsonObject listForTarget(String targetArn, boolean recursive, Optional<String> nextToken, int maxResults);

    /** ValidateSecurityProfileBehaviors: {@code valid} and {@code validationErrors}. */
    JsonObject validate(JsonArray behaviors);

    JsonObject createCustomMetric(String name, JsonObject request);

    JsonObject describeCustomMetric(String name);

    JsonObject updateCustomMetric(String name, JsonObject request);

    void deleteCustomMetric(String name);

    JsonObject listCustomMetrics(Optional<String> nextToken, int maxResults);
}
