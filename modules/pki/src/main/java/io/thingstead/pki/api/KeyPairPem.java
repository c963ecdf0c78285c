package io.thingstead.pki.api;

import java.util.Objects;

/**
 * A generated key pair in the PEM forms AWS IoT's {@code CreateKeysAndCertificate} returns in its {@code keyPair}
 * member ({@code PublicKey}, {@code PrivateKey}).
 *
 * <ul>
 *   <li>{@code publicKeyPem}: X.509 SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----}, for every key type (as
 *       AWS).
 *   <li>{@code privateKeyPem}: for RSA the PKCS#1 form {@code -----BEGIN RSA PRIVATE KEY-----}, exactly what AWS
 *       returns; for EC (which AWS never generates) unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, which
 *       OpenSSL, mbedTLS and the AWS IoT device SDKs all read.
 * </ul>
 *
 * <p>{@link #toString()} never shows the private key.
 */
public record KeyPairPem(KeyAlgorithm algorithm, String publicKeyPem, String privateKeyPem) {
    public KeyPairPem {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    @Override
    public String toString() {
        return "KeyPairPem[algorithm=" + algorithm + ", publicKeyPem=" + publicKeyPem.length()
                + " chars, privateKeyPem=<redacted>]";
    }
}
