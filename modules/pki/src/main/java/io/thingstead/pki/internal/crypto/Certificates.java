package io.thingstead.pki.internal.crypto;

import io.thingstead.common.api.Ids;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Parsing, identifying and checking certificates: the pieces the issuing and registration code share. */
public final class Certificates {
    /** AWS's length constraint on {@code certificatePem} and {@code caCertificate} (1 to 65536 characters). */
    public static final int MAX_CERTIFICATE_PEM_LENGTH = 65536;

    private Certificates() {}

    /** AWS's certificate id: lower-case hex SHA-256 of the DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        return Ids.sha256Hex(encoded(certificate));
    }

    /** The certificate with its id and canonical PEM. */
    public static IssuedCertificate describe(X509Certificate certificate) {
        return new IssuedCertificate(certificateId(certificate), Pem.certificate(certificate), certificate);
    }

    public static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    /**
     * Parses one DER certificate with the JDK's X.509 factory (the same implementation the TLS stack hands the gateway)
     * and insists the input is exactly one DER certificate with nothing after it.
     *
     * @throws CertificateException when it is not
     */
    public static X509Certificate fromDer(byte[] der) throws CertificateException {
        X509Certificate certificate = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        if (!Arrays.equals(certificate.getEncoded(), der)) {
            throw new CertificateException("not a single DER-encoded certificate");
        }
        return certificate;
    }

    /** Converts a certificate Bouncy Castle built into the JDK's representation. */
    static X509Certificate fromHolder(X509CertificateHolder holder) {
        try {
            return fromDer(holder.getEncoded());
        } catch (CertificateException | IOException e) {
            throw new IllegalStateException("Bouncy Castle produced a certificate the JDK cannot parse", e);
        }
    }

    static X509CRL crlFromHolder(X509CRLHolder holder) {
        try {
            return (X509CRL)
                    CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | CRLException | IOException e) {
            throw new IllegalStateException("Bouncy Castle produced a CRL the JDK cannot parse", e);
        }
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(encoded(certificate));
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-read a parsed certificate", e);
        }
    }

    /**
     * Parses a PEM text that must hold exactly one certificate.
     *
     * @param what how messages call the certificate, e.g. "CA certificate"
     * @throws io.thingstead.common.api.error.IotException {@code INVALID_REQUEST} when the text is longer than AWS
     *     allows, {@code CERTIFICATE_VALIDATION} when it is not one well-formed certificate
     */
    public static X509Certificate parsePem(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw Failures.invalidRequest("The " + what + " is required");
        }
        if (pem.length() > MAX_CERTIFICATE_PEM_LENGTH) {
            throw Failures.invalidRequest(
                    "The " + what + " is longer than " + MAX_CERTIFICATE_PEM_LENGTH + " characters");
        }
        Pem.Block block;
        try {
            block = Pem.decodeSingle(pem, what, Pem.CERTIFICATE);
        } catch (Pem.PemFormatException e) {
            throw Failures.certificateValidation("The " + what + " is not a valid PEM certificate: " + e.getMessage());
        }
        try {
            return fromDer(block.der());
        } catch (CertificateException | RuntimeException e) {
            throw Failures.certificateValidation("The " + what + " is not a valid X.509 certificate");
        }
    }

    /** Whether {@code certificate}'s signature verifies with {@code issuerKey}. */
    static boolean isSignedBy(X509Certificate certificate, PublicKey issuerKey) {
        try {
            return holder(certificate).isSignatureValid(verifier(issuerKey));
        } catch (Exception e) {
            return false;
        }
    }

    static ContentVerifierProvider verifier(PublicKey key) throws OperatorCreationException {
        return new JcaContentVerifierProviderBuilder()
                .setProvider(BouncyCastle.provider())
                .build(key);
    }

    /**
     * Refuses keys and signature algorithms outside {@link KeyPolicy}.
     *
     * @param what how messages call the certificate
     */
    static void requireAcceptableKeyAndSignature(X509Certificate certificate, String what, ErrorCode code) {
        X509CertificateHolder holder = holder(certificate);
        SubjectPublicKeyInfo key = holder.getSubjectPublicKeyInfo();
        Optional<String> problem = KeyPolicy.problem(key);
        if (problem.isPresent()) {
            throw Failures.withCode(
                    code,
                    "The key in the " + what + " is not valid: " + problem.get() + ". " + KeyPolicy.ACCEPTED_KEYS);
        }
        if (!KeyPolicy.acceptableSignature(holder.getSignatureAlgorithm())) {
            throw Failures.withCode(
                    code,
                    "The " + what + " is signed with " + KeyPolicy.signatureName(holder.getSignatureAlgorithm())
                            + ", which AWS IoT does not support; use SHA-256, SHA-384 or SHA-512 with RSA,"
                            + " RSASSA-PSS or ECDSA");
        }
    }

    /** Refuses a certificate that is not valid at {@code now}. */
    static void requireValidAt(X509Certificate certificate, Instant now, String what) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw Failures.certificateValidation("The " + what + " has expired (notAfter "
                    + certificate.getNotAfter().toInstant() + ")");
        } catch (CertificateNotYetValidException e) {
            throw Failures.certificateValidation("The " + what + " is not valid yet (notBefore "
                    + certificate.getNotBefore().toInstant() + ")");
        }
    }

    static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
