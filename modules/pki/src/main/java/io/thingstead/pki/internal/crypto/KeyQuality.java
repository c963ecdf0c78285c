package io.thingstead.pki.internal.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Device Defender's key-quality judgement of a certificate already in the registry (the audit's
 * {@code DEVICE_CERTIFICATE_KEY_QUALITY_CHECK} and {@code CA_CERTIFICATE_KEY_QUALITY_CHECK}). Unlike {@link KeyPolicy},
 * which decides what may be registered, this only says whether a key is <em>weak</em>:
 *
 * <ul>
 *   <li>RSA with a modulus of fewer than {@value #MIN_RSA_BITS} bits;
 *   <li>EC with explicit curve parameters, or on a named curve other than NIST P-256, P-384 or P-521 (the curves AWS
 *       IoT approves);
 *   <li>DSA with a prime of fewer than 2048 bits.
 * </ul>
 *
 * Ed25519/Ed448 keys are not weak. Debian-weak keys (CVE-2008-0166) are not detected: there is no maintained list of
 * them to check against (see docs/defender.md).
 */
public final class KeyQuality {
    /** The same thresholds as registration ({@link KeyPolicy}), so what is registered today is never reported. */
    static final int MIN_RSA_BITS = KeyPolicy.MIN_RSA_BITS;

    private KeyQuality() {}

    /** Why the key of the certificate in {@code pem} is weak, or empty when it is not (or cannot be read). */
    public static Optional<String> weakness(String pem) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            return Optional.empty();
        }
        return weakness(certificate);
    }

    public static Optional<String> weakness(X509Certificate certificate) {
        try {
            return weakness(
                    SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()));
        } catch (RuntimeException e) {
            // a key the JDK cannot decode (e.g. an unsupported curve): read the certificate's own encoding
            try {
                return weakness(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.getEncoded())
                        .getSubjectPublicKeyInfo());
            } catch (Exception again) {
                return Optional.of("the public key cannot be read");
            }
        }
    }

    static Optional<String> weakness(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier oid = key.getAlgorithm().getAlgorithm();
        try {
            if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
                int bits = RSAPublicKey.getInstance(key.parsePublicKey())
                        .getModulus()
                        .bitLength();
                return bits < MIN_RSA_BITS
                        ? Optional.of("RSA key of " + bits + " bits, fewer than " + MIN_RSA_BITS)
                        : Optional.empty();
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                X962Parameters parameters =
                        X962Parameters.getInstance(key.getAlgorithm().getParameters());
                if (parameters == null || !parameters.isNamedCurve()) {
                    return Optional.of("EC key with explicit curve parameters, not an approved named curve");
                }
                ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(parameters.getParameters());
                if (KeyPolicy.CURVES.containsKey(curve)) {
                    return Optional.empty();
                }
                String name = ECNamedCurveTable.getName(curve);
                return Optional.of(
                        "EC key on " + (name != null ? name : curve.getId()) + ", not NIST P-256, P-384 or P-521");
            }
            if (X9ObjectIdentifiers.id_dsa.equals(oid)) {
                var dsa = org.bouncycastle.asn1.x509.DSAParameter.getInstance(
                        key.getAlgorithm().getParameters());
                int bits = dsa == null ? 0 : dsa.getP().bitLength();
                return bits < MIN_RSA_BITS
                        ? Optional.of("DSA key of " + bits + " bits, fewer than " + MIN_RSA_BITS)
                        : Optional.empty();
            }
        } catch (RuntimeException | IOException e) {
            return Optional.of("the " + oid.getId() + " public key is malformed");
        }
        return Optional.empty();
    }
}
