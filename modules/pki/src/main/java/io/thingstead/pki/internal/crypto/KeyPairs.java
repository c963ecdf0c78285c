package io.thingstead.pki.internal.crypto;

import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.KeyPairPem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Generates key pairs and writes them as PEM in the forms AWS IoT's CreateKeysAndCertificate returns (see {@link
 * KeyPairPem}).
 */
public final class KeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {}

    /** An ECDSA P-256 key pair, Thingstead's default. */
    public static KeyPair generate() {
        return generate(KeyAlgorithm.EC_P256);
    }

    public static KeyPair generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName(), BouncyCastle.provider());
            if (algorithm.isEc()) {
                generator.initialize(new ECGenParameterSpec(algorithm.curve()), RANDOM);
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key pair", e);
        }
    }

    /** Generates a key pair of {@code algorithm} and encodes it; for callers that need only the PEM. */
    public static KeyPairPem generatePem(KeyAlgorithm algorithm) {
        return toPem(generate(algorithm));
    }

    /** The PEM forms of a key pair Thingstead generated (see {@link KeyPairPem}). */
    public static KeyPairPem toPem(KeyPair keyPair) {
        KeyAlgorithm algorithm = algorithmOf(keyPair.getPublic());
        return new KeyPairPem(algorithm, Pem.publicKey(keyPair.getPublic()), privateKeyPem(keyPair.getPrivate()));
    }

    public static String publicKeyPem(PublicKey key) {
        return Pem.publicKey(key);
    }

    /**
     * The private key as AWS IoT would return it: RSA keys as PKCS#1 ({@code RSA PRIVATE KEY}), every other key as
     * PKCS#8 ({@code PRIVATE KEY}).
     */
    public static String privateKeyPem(PrivateKey key) {
        if ("RSA".equals(key.getAlgorithm())) {
            byte[] pkcs8 = key.getEncoded();
            try {
                byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8)
                        .parsePrivateKey()
                        .toASN1Primitive()
                        .getEncoded();
                try {
                    return Pem.encode(Pem.RSA_PRIVATE_KEY, pkcs1);
                } finally {
                    Arrays.fill(pkcs1, (byte) 0);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot re-encode an RSA private key");
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
        return privateKeyPkcs8Pem(key);
    }

    /** The private key as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String privateKeyPkcs8Pem(PrivateKey key) {
        byte[] pkcs8 = key.getEncoded();
        try {
            return Pem.encode(Pem.PRIVATE_KEY, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Which of the generated key types {@code key} is.
     *
     * @throws IllegalArgumentException for keys Thingstead does not generate (P-521, RSA 3072, ...)
     */
    public static KeyAlgorithm algorithmOf(PublicKey key) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            if (KeyPolicy.describe(info).equals("RSA 2048")) {
                return KeyAlgorithm.RSA_2048;
            }
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            X962Parameters parameters =
                    X962Parameters.getInstance(info.getAlgorithm().getParameters());
            if (parameters.isNamedCurve()) {
                if (SECObjectIdentifiers.secp256r1.equals(parameters.getParameters())) {
                    return KeyAlgorithm.EC_P256;
                }
                if (SECObjectIdentifiers.secp384r1.equals(parameters.getParameters())) {
                    return KeyAlgorithm.EC_P384;
                }
            }
        }
        throw new IllegalArgumentException("not a key type Thingstead generates: " + KeyPolicy.describe(info));
    }
}
