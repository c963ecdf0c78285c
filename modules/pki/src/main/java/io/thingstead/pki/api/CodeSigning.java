package io.thingstead.pki.api;

/**
 * The platform's code-signing key: an ECDSA P-256 key whose certificate Thingstead's issuing CA signed for code
 * signing only ({@code extendedKeyUsage codeSigning}, {@code keyUsage digitalSignature}). Firmware for over-the-air
 * updates is signed with it; a device verifies the signature with the certificate, after checking that the
 * certificate chains to the root CA it already trusts for TLS and is meant for code signing. The private key is
 * created at the PKI's first start and sealed under the master key like the CAs' keys; it never leaves the PKI.
 */
public interface CodeSigning {
    /** The signature algorithm: ECDSA over the SHA-256 of the signed bytes, DER-encoded (X9.62). */
    String ALGORITHM = "SHA256withECDSA";

    /**
     * Signs bytes known by their SHA-256: the result is what {@code SHA256withECDSA} over the bytes gives, so a device
     * verifies it with a standard {@code Signature.getInstance("SHA256withECDSA")} (or mbedTLS/OpenSSL) over the file.
     *
     * @param sha256 the 32-byte SHA-256 digest of the bytes
     * @throws IllegalArgumentException when the digest is not 32 bytes
     */
    CodeSignature signSha256(byte[] sha256);

    /** The current code-signing certificate followed by the CA certificate that issued it, PEM. */
    String certificateChainPem();

    /**
     * A signature with what verifies it.
     *
     * @param signature DER-encoded ECDSA signature
     * @param certificateId the code-signing certificate's id (hex SHA-256 of its DER)
     * @param certificateChainPem the code-signing certificate followed by its issuing CA, PEM
     */
    record CodeSignature(byte[] signature, String algorithm, String certificateId, String certificateChainPem) {
        public CodeSignature {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }
}
