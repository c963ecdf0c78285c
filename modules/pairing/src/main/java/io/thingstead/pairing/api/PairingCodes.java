package io.thingstead.pairing.api;

import java.util.Optional;

/**
 * The platform's side of pairing: codes for things (made when a device is provisioned, or by an operator for a label),
 * and ownership as operators see it.
 */
public interface PairingCodes {
    /**
     * A new random code (60 bits, {@code XXXX-XXXX-XXXX} in Crockford's base 32), not yet bound to anything; bind it
     * with {@link #register}. For callers that must know the code before the thing exists (fleet provisioning).
     */
    String generate();

    /**
     * Binds a code to a thing as its device code, valid for {@code thingstead.pairing.code-validity}. Unused device
     * codes the thing had before stop working. Joins the caller's transaction.
     *
     * @param issuedBy who made it, for the audit trail ({@code provisioning:<template>}, {@code operator:<name>})
     * @throws PairingRefusedException {@code NO_SUCH_THING} when the thing does not exist
     */
    IssuedCode register(String thingName, String code, String issuedBy);

    /** {@link #generate} and {@link #register} in one. */
    IssuedCode issue(String thingName, String issuedBy);

    /** The thing's owner, if it has one. */
    Optional<Owner> ownerOf(String thingName);

    /** An operator takes a thing away from its owner (as {@link DevicePairing#unpair}); nothing when it has none. */
    void release(String thingName, String operator);

    /** The thing's newest device code, without the code: when it expires and whether it was used. */
    Optional<CodeStatus> latestCode(String thingName);

    /** What is known about a code without the code itself. */
    record CodeStatus(
            String thingName,
            IssuedCode.Purpose purpose,
            java.time.Instant createdAt,
            java.time.Instant expiresAt,
            Optional<java.time.Instant> usedAt,
            String issuedBy) {}
}
