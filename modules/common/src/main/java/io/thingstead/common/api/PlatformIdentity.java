package io.thingstead.common.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this installation is in AWS terms: the region string clients sign requests for and the 12-digit account id
 * written into ARNs. Configured with {@code thingstead.region} and {@code thingstead.account-id} (MicroProfile Config:
 * system properties or environment variables {@code THINGSTEAD_REGION}, {@code THINGSTEAD_ACCOUNT_ID}).
 */
@ApplicationScoped
public class PlatformIdentity {
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final String region;
    private final String accountId;

    @Inject
    public PlatformIdentity(
            @ConfigProperty(name = "thingstead.region", defaultValue = "us-east-1") String region,
            @ConfigProperty(name = "thingstead.account-id", defaultValue = "000000000000") String accountId) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(
                    "thingstead.region must look like an AWS region (e.g. eu-west-1): " + region);
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("thingstead.account-id must be 12 digits: " + accountId);
        }
        this.region = region;
        this.accountId = accountId;
    }

    /** For CDI's client proxy only. */
    protected PlatformIdentity() {
        this.region = null;
        this.accountId = null;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** The IoT ARN of {@code resourceType/resourceId} in this installation. */
    public Arn iotArn(String resourceType, String resourceId) {
        return Arn.iot(region, accountId, resourceType, resourceId);
    }
}
