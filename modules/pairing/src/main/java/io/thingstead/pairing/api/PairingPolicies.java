package io.thingstead.pairing.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The IoT policies pairing manages, by name. They are ordinary policies (the control plane and the portal show them,
 * operators may edit them; pairing creates them when missing and never overwrites them):
 *
 * <ul>
 *   <li>{@value #END_USER_POLICY}, attached to every enrolled user's identity id: {@code iot:Connect} as a client id
 *       starting with {@code ${cognito-identity.amazonaws.com:sub}-}, nothing else.
 *   <li>one owner policy per paired thing ({@link #ownerPolicyName}), attached to its owner's identity id: the thing's
 *       classic shadow (get, update and their answers), its presence events, its telemetry ({@code dt/<thing>/#}),
 *       its commands ({@code cmd/<thing>/#}, publish only). Not its named shadows: {@value #SHADOW_NAME} tells the
 *       device its owner and only the platform writes it.
 * </ul>
 */
public final class PairingPolicies {
    public static final String END_USER_POLICY = "thingstead-end-user";
    public static final String OWNER_POLICY_PREFIX = "thingstead-owner-";
    /** The named shadow through which a device learns its owner ({@code desired.owner}, empty when unpaired). */
    public static final String SHADOW_NAME = "pairing";

    private static final Pattern POLICY_NAME_CHARS = Pattern.compile("[\\w+=,.@-]+");

    private PairingPolicies() {}

    /**
     * {@code thingstead-owner-<thing>} when the thing's name makes a valid policy name, else {@code
     * thingstead-owner-<first 40 hex digits of the name's SHA-256>}.
     */
    public static String ownerPolicyName(String thingName) {
        String candidate = OWNER_POLICY_PREFIX + thingName;
        if (candidate.length() <= 128 && POLICY_NAME_CHARS.matcher(thingName).matches()) {
            return candidate;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(thingName.getBytes(StandardCharsets.UTF_8));
            return OWNER_POLICY_PREFIX + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
