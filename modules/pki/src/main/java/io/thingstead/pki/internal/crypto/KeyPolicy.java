package io.thingstead.pki.internal.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Which public keys and signature algorithms Thingstead accepts in CSRs and in certificates customers bring.
 *
 * <p>Keys, per AWS IoT's CreateCertificateFromCsr documentation ("an RSA key with a length of at least 2048 bits or an
 * ECC key from NIST P-256, NIST P-384, or NIST P-521 curves") and its registration checks ("for RSA keys, they must be
 * 2048 bits or larger"):
 *
 * <ul>
 *   <li>RSA ({@code rsaEncryption}) with a modulus of {@value #MIN_RSA_BITS} to {@value #MAX_RSA_BITS} bits. Beyond
 *       AWS, Thingstead also refuses public exponents below 65537 or even ones (small exponents invite
 *       implementation attacks), and moduli over {@value #MAX_RSA_BITS} bits (a denial-of-service bound).
 *   <li>EC ({@code id-ecPublicKey}) on the named curves P-256, P-384 and P-521, with a point on the curve. Explicit
 *       curve parameters are refused.
 *   <li>Everything else is refused: DSA, Ed25519/Ed448 (not in AWS's list), other curves (secp256k1, Brainpool),
 *       RSASSA-PSS-only keys.
 * </ul>
 *
 * <p>Signature algorithms, per AWS's "Certificate signing algorithms supported by AWS IoT": SHA-256/384/512 with RSA,
 * RSASSA-PSS with SHA-256/384/512, ECDSA with SHA-256/384/512. SHA-1 and MD5 signatures are refused. AWS also lists
 * DSA_WITH_SHA256; since DSA keys are refused, so are DSA signatures.
 */
final class KeyPolicy {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    static final BigInteger MIN_RSA_EXPONENT = BigInteger.valueOf(65537);

    static final String ACCEPTED_KEYS =
            "AWS IoT accepts RSA keys of at least 2048 bits and EC keys on the NIST P-256, P-384 or P-521 curves";

    /** The NIST curves AWS IoT accepts; {@link KeyQuality} judges registered keys by the same list. */
    static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private static final Map<ASN1ObjectIdentifier, String> REFUSED_KEY_TYPES = Map.of(
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS");

    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption,
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);

    private static final Set<ASN1ObjectIdentifier> PSS_HASHES =
            Set.of(NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    private KeyPolicy() {}

    /** Why {@code key} is not acceptable, or empty when it is. The text is safe to show to API callers. */
    static Optional<String> problem(SubjectPublicKeyInfo key) {
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return rsaProblem(key);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return ecProblem(key);
        }
        String name = REFUSED_KEY_TYPES.get(oid);
        return Optional.of((name != null ? name : "key algorithm " + oid.getId()) + " keys are not supported");
    }

    static Optional<String> problem(PublicKey key) {
        return problem(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** A short description such as "RSA 2048", "EC P-256" or "Ed25519", for messages. */
    static String describe(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier oid = key.getAlgorithm().getAlgorithm();
        try {
            if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
                return "RSA "
                        + RSAPublicKey.getInstance(key.parsePublicKey())
                                .getModulus()
                                .bitLength();
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                X962Parameters parameters =
                        X962Parameters.getInstance(key.getAlgorithm().getParameters());
                if (parameters.isNamedCurve()) {
                    ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(parameters.getParameters());
                    String name = CURVES.get(curve);
                    if (name == null) {
                        name = ECNamedCurveTable.getName(curve);
                    }
                    return "EC " + (name != null ? name : curve.getId());
                }
                return "EC (explicit parameters)";
            }
        } catch (RuntimeException | IOException e) {
            return "malformed " + oid.getId();
        }
        String name = REFUSED_KEY_TYPES.get(oid);
        return name != null ? name : oid.getId();
    }

    /** Whether {@code algorithm} is one of the signature algorithms AWS IoT supports (see the class comment). */
    static boolean acceptableSignature(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (SIGNATURE_ALGORITHMS.contains(oid)) {
            return true;
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            try {
                RSASSAPSSparams parameters = RSASSAPSSparams.getInstance(algorithm.getParameters());
                return parameters != null
                        && PSS_HASHES.contains(parameters.getHashAlgorithm().getAlgorithm());
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** A readable name for a signature algorithm, e.g. {@code SHA256WITHECDSA}, or its OID when unknown. */
    static String signatureName(AlgorithmIdentifier algorithm) {
        return new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm);
    }

    private static Optional<String> rsaProblem(SubjectPublicKeyInfo key) {
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(key.parsePublicKey());
        } catch (RuntimeException | IOException e) {
            return Optional.of("the RSA public key is malformed");
        }
        BigInteger modulus = rsa.getModulus();
        BigInteger exponent = rsa.getPublicExponent();
        int bits = modulus.bitLength();
        if (modulus.signum() <= 0 || !modulus.testBit(0)) {
            return Optional.of("the RSA modulus is not a valid odd positive number");
        }
        if (bits < MIN_RSA_BITS) {
            return Optional.of("RSA keys must be at least " + MIN_RSA_BITS + " bits, this one has " + bits);
        }
        if (bits > MAX_RSA_BITS) {
            return Optional.of(
                    "RSA keys larger than " + MAX_RSA_BITS + " bits are not supported, this one has " + bits);
        }
        if (exponent.compareTo(MIN_RSA_EXPONENT) < 0 || !exponent.testBit(0) || exponent.compareTo(modulus) >= 0) {
            return Optional.of(
                    "the RSA public exponent must be an odd number of at least 65537, this one is " + exponent);
        }
        return Optional.empty();
    }

    private static Optional<String> ecProblem(SubjectPublicKeyInfo key) {
        ASN1Encodable rawParameters = key.getAlgorithm().getParameters();
        X962Parameters parameters;
        try {
            parameters = X962Parameters.getInstance(rawParameters);
        } catch (RuntimeException e) {
            return Optional.of("the EC key parameters are malformed");
        }
        if (parameters == null || !parameters.isNamedCurve()) {
            return Optional.of("EC keys must name their curve (P-256, P-384 or P-521); explicit curve parameters are"
                    + " not supported");
        }
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(parameters.getParameters());
        if (!CURVES.containsKey(curve)) {
            String name = ECNamedCurveTable.getName(curve);
            return Optional.of("EC keys must be on the NIST P-256, P-384 or P-521 curve, this one is on "
                    + (name != null ? name : curve.getId()));
        }
        X9ECParameters curveParameters = ECNamedCurveTable.getByOID(curve);
        try {
            ECPoint point = curveParameters
                    .getCurve()
                    .decodePoint(key.getPublicKeyData().getOctets());
            if (point.isInfinity() || !point.isValid()) {
                return Optional.of("the EC public key is not a point on its curve");
            }
        } catch (RuntimeException e) {
            return Optional.of("the EC public key is not a point on its curve");
        }
        return Optional.empty();
    }
}
