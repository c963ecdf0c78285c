package io.thingstead.pki.internal.crypto;

import io.thingstead.pki.api.CaMaterial;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Saves and loads a CA's certificate and private key as PEM.
 *
 * <p>The private key goes out and comes in as bytes (US-ASCII PEM, unencrypted PKCS#8) so that the caller can seal it
 * under the installation's master key ({@code io.thingstead.identity.api.Secrets}) and wipe its copy. Nothing here
 * logs, and no exception message or cause carries key material.
 */
public final class CaMaterials {
    private CaMaterials() {}

    /** The CA certificate as canonical PEM. */
    public static String certificatePem(CaMaterial ca) {
        return Pem.certificate(ca.certificate());
    }

    /** The CA private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) bytes; wipe them after use. */
    public static byte[] privateKeyPem(CaMaterial ca) {
        byte[] pkcs8 = ca.privateKey().getEncoded();
        try {
            return Pem.encode(Pem.PRIVATE_KEY, pkcs8).getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Loads a CA saved by {@link #certificatePem} and {@link #privateKeyPem}. Also reads the traditional OpenSSL key
     * forms ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}) for operators who import an existing CA.
     *
     * @throws IllegalArgumentException when the PEM is malformed, the certificate is not a CA, or the key does not
     *     match the certificate (checked by {@link CertificateAuthority}'s constructor when the CA is used; here by
     *     a sign-and-verify round trip)
     */
    public static CaMaterial load(String certificatePem, byte[] privateKeyPem) {
        X509Certificate certificate;
        try {
            certificate = Certificates.fromDer(Pem.decodeSingle(certificatePem, "CA certificate", Pem.CERTIFICATE)
                    .der());
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the CA certificate PEM is not a valid certificate");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate: " + certificate.getSubjectX500Principal());
        }
        PrivateKey key = privateKey(privateKeyPem);
        CaMaterial material = new CaMaterial(certificate, key);
        new CertificateAuthority(material, null, Clock.systemUTC());
        return material;
    }

    /** Reads a PEM private key (PKCS#8, or traditional RSA/EC) without letting key bytes reach messages. */
    public static PrivateKey privateKey(byte[] privateKeyPem) {
        Pem.Block block;
        try {
            block = Pem.decodeSingle(
                    new String(privateKeyPem, StandardCharsets.US_ASCII),
                    "private key",
                    Pem.PRIVATE_KEY,
                    Pem.RSA_PRIVATE_KEY,
                    Pem.EC_PRIVATE_KEY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the CA private key PEM is malformed: " + e.getMessage());
        }
        byte[] der = block.der();
        try {
            PrivateKeyInfo info = switch (block.label()) {
                case Pem.RSA_PRIVATE_KEY ->
                    new PrivateKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            RSAPrivateKey.getInstance(ASN1Sequence.getInstance(der)));
                case Pem.EC_PRIVATE_KEY -> {
                    ECPrivateKey ec = ECPrivateKey.getInstance(ASN1Sequence.getInstance(der));
                    if (ec.getParametersObject() == null) {
                        throw new IllegalArgumentException("no curve");
                    }
                    yield new PrivateKeyInfo(
                            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
                }
                default -> PrivateKeyInfo.getInstance(ASN1Sequence.getInstance(der));
            };
            return new JcaPEMKeyConverter().setProvider(BouncyCastle.provider()).getPrivateKey(info);
        } catch (Exception e) {
            throw new IllegalArgumentException("the CA private key is not a valid " + block.label() + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
