package io.thingstead.pairing.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A pairing code as issued: the only time the code itself exists outside the device or its label. Thingstead keeps
 * only a keyed hash of it.
 *
 * @param code the code in its display form, {@code XXXX-XXXX-XXXX}
 */
public record IssuedCode(String thingName, String code, Instant expiresAt, Purpose purpose) {
    /** What a code is for. */
    public enum Purpose {
        /** Carried by the device (label, display, provisioning's device configuration): pairs with whoever has it. */
        DEVICE,
        /** Made by an owner for the next owner: redeeming it moves the thing, while the issuer still owns it. */
        TRANSFER
    }

    public IssuedCode {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** What a QR code on a label carries: the portal's pairing page with the code, which the portal's scanner reads. */
    public String qrContent(String portalBaseUrl) {
        String base = portalBaseUrl.endsWith("/") ? portalBaseUrl : portalBaseUrl + "/";
        return base + "pair?code=" + code;
    }
}
