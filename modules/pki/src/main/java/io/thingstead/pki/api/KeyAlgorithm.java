package io.thingstead.pki.api;

/**
 * Key pairs Thingstead generates: for devices ({@code CreateKeysAndCertificate}) and for its own certificate
 * authorities.
 *
 * <p>AWS IoT's {@code CreateKeysAndCertificate} always generates {@link #RSA_2048}; Thingstead's default is
 * {@link #EC_P256} (smaller, faster, equally accepted by AWS IoT device SDKs). Callers that want byte-for-byte AWS
 * behaviour choose {@link #RSA_2048}.
 */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1); certificates signed with SHA256withECDSA. */
    EC_P256("EC", "secp256r1", 256),
    /** ECDSA on NIST P-384 (secp384r1); certificates signed with SHA384withECDSA. */
    EC_P384("EC", "secp384r1", 384),
    /** RSA, 2048-bit modulus, public exponent 65537; certificates signed with SHA256withRSA. */
    RSA_2048("RSA", null, 2048);

    private final String jcaName;
    private final String curve;
    private final int bits;

    KeyAlgorithm(String jcaName, String curve, int bits) {
        this.jcaName = jcaName;
        this.curve = curve;
        this.bits = bits;
    }

    /** The JCA key algorithm name: {@code EC} or {@code RSA}. */
    public String jcaName() {
        return jcaName;
    }

    /** The SEC 2 curve name for EC keys, null for RSA. */
    public String curve() {
        return curve;
    }

    /** The key size in bits (the curve's field size for EC). */
    public int bits() {
        return bits;
    }

    public boolean isEc() {
        return curve != null;
    }

    /** The signature algorithm a CA with a key of this type signs with. */
    public String signatureAlgorithm() {
        return switch (this) {
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            case RSA_2048 -> "SHA256withRSA";
        };
    }
}
