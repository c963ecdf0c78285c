package io.thingstead.pki.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.error.IotException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Certificate ids as AWS writes them (64 hex digits, optionally prefixed {@code 0x}) and certificate ARNs. */
public final class CertificateIds {
    private static final Pattern ID = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private CertificateIds() {}

    /**
     * The id in Thingstead's canonical form (lower case, no prefix).
     *
     * @param member the path parameter's name, for the message
     * @throws IotException InvalidRequestException when it is not 64 hexadecimal digits
     */
    public static String require(String member, String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest(member + " is required.");
        }
        if (!ID.matcher(value).matches()) {
            throw IotException.invalidRequest("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length 64 and satisfy regular expression"
                    + " pattern: (0x)?[a-fA-F0-9]+");
        }
        String id = value.startsWith("0x") ? value.substring(2) : value;
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The certificate id of a certificate ARN of this account and region ({@code arn:aws:iot:<region>:<account>:cert/
     * <id>}).
     *
     * @return empty when {@code principal} is not a certificate ARN at all
     * @throws IllegalArgumentException never: a malformed ARN is simply not a certificate ARN
     */
    public static Optional<CertificateArn> parseArn(String principal) {
        if (principal == null || !principal.startsWith("arn:")) {
            return Optional.empty();
        }
        Arn arn;
        try {
            arn = Arn.parse(principal);
        } catch (IotException e) {
            return Optional.empty();
        }
        if (!Arn.IOT.equals(arn.service()) || !"cert".equals(arn.resourceType())) {
            return Optional.empty();
        }
        String id = arn.resourceId();
        return Optional.of(new CertificateArn(
                arn.region(), arn.account(), ID.matcher(id).matches() && !id.startsWith("0x") ? id : null));
    }

    /**
     * A parsed certificate ARN.
     *
     * @param certificateId null when the resource id is not a certificate id
     */
    public record CertificateArn(String region, String account, String certificateId) {
        /** The id, when the ARN names a well-formed certificate id of the given region and account. */
        public Optional<String> idIn(String expectedRegion, String expectedAccount) {
            if (certificateId == null || !region.equals(expectedRegion) || !account.equals(expectedAccount)) {
                return Optional.empty();
            }
            return Optional.of(certificateId.toLowerCase(Locale.ROOT));
        }
    }
}
