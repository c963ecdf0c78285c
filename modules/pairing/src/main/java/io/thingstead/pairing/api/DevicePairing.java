package io.thingstead.pairing.api;

import java.util.List;

/**
 * What an end user does with their devices: pair one with the code it carries, see theirs, give one away, let one go.
 * Every call names the signed-in user; nothing here lets one user act on another's things. Refusals are {@link
 * PairingRefusedException}s with a reason and a sentence to show the user.
 *
 * <p>Pairing records the ownership, attaches the owner's scoped IoT policy ({@link PairingPolicies}) and the end-user
 * policy to the user's identity id, attaches the identity to the thing as a principal (as AWS's AttachThingPrincipal
 * does for Cognito identities) and tells the device through its named shadow {@value PairingPolicies#SHADOW_NAME}
 * ({@code desired.owner}). All in one transaction; the gateway re-binds the user's open MQTT connections after it
 * commits.
 */
public interface DevicePairing {
    /**
     * Redeems a pairing code: the thing it is bound to becomes the user's (taken from its previous owner, if any).
     * Wrong codes count against the user's limit ({@code thingstead.pairing.max-failed-attempts} per {@code
     * thingstead.pairing.attempt-window}); every attempt is audited.
     *
     * @param code as typed or scanned: case, spaces and dashes do not matter, nor O/0 and I/L/1; a portal URL with
     *     {@code ?code=} (a label's QR code) is accepted too
     * @return the thing's name
     */
    String pair(EndUser user, String code);

    /** Gives up a thing the user owns: ownership, policy and principal go, the device is told it has no owner. */
    void unpair(EndUser user, String thingName);

    /**
     * A one-time code that moves the thing to whoever redeems it (the user keeps it until then). Valid for {@code
     * thingstead.pairing.transfer-code-validity}; a newer transfer code replaces it.
     */
    IssuedCode transferCode(EndUser user, String thingName);

    /** The user's things, by name. */
    List<OwnedDevice> devices(String identityId);

    /** Whether the identity owns the thing. */
    boolean owns(String identityId, String thingName);

    /**
     * Lets the user's apps connect over MQTT over WebSocket: attaches {@value PairingPolicies#END_USER_POLICY} to the
     * user's identity id (idempotent). Pairing does this too.
     */
    void enroll(EndUser user);
}
