package io.thingstead.pki.internal.crypto;

import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.ValidatedCsr;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Validates the {@code certificateSigningRequest} of CreateCertificateFromCsr.
 *
 * <p>Checks, in order, each failure an {@code InvalidRequestException} (the only client error AWS lists for the
 * operation) with a message saying what is wrong:
 *
 * <ol>
 *   <li>at most {@value #MAX_CSR_LENGTH} characters (AWS's length constraint), checked before any parsing;
 *   <li>exactly one PEM block, labelled {@code CERTIFICATE REQUEST} (or the legacy {@code NEW CERTIFICATE REQUEST}),
 *       nothing but whitespace around it;
 *   <li>one DER-encoded PKCS#10 request and nothing after it;
 *   <li>a public key AWS accepts (RSA of at least 2048 bits, EC on P-256, P-384 or P-521; see {@link KeyPolicy});
 *   <li>a signature algorithm AWS supports, and a signature that verifies with the request's own key (proof of
 *       possession);
 *   <li>a non-empty subject, since the certificate takes the CSR's subject and nothing else.
 * </ol>
 */
public final class CsrValidator {
    /** AWS's length constraint on {@code certificateSigningRequest}: 1 to 4096 characters. */
    public static final int MAX_CSR_LENGTH = 4096;

    public CsrValidator() {}

    public ValidatedCsr validate(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) {
            throw Failures.invalidRequest("The certificate signing request is required");
        }
        if (csrPem.length() > MAX_CSR_LENGTH) {
            throw Failures.invalidRequest(
                    "The certificate signing request is longer than " + MAX_CSR_LENGTH + " characters");
        }
        Pem.Block block;
        try {
            block = Pem.decodeSingle(
                    csrPem, "certificate signing request", Pem.CERTIFICATE_REQUEST, Pem.NEW_CERTIFICATE_REQUEST);
        } catch (Pem.PemFormatException e) {
            throw Failures.invalidRequest("The certificate signing request is not valid PEM: " + e.getMessage());
        }
        PKCS10CertificationRequest csr = parse(block.der());

        SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        Optional<String> keyProblem = KeyPolicy.problem(keyInfo);
        if (keyProblem.isPresent()) {
            throw Failures.invalidRequest("The key in the certificate signing request is not valid: " + keyProblem.get()
                    + ". " + KeyPolicy.ACCEPTED_KEYS);
        }
        if (!KeyPolicy.acceptableSignature(csr.getSignatureAlgorithm())) {
            throw Failures.invalidRequest("The certificate signing request is signed with "
                    + KeyPolicy.signatureName(csr.getSignatureAlgorithm())
                    + ", which AWS IoT does not support; use SHA-256, SHA-384 or SHA-512 with RSA, RSASSA-PSS or"
                    + " ECDSA");
        }
        PublicKey publicKey;
        try {
            JcaPKCS10CertificationRequest jca =
                    new JcaPKCS10CertificationRequest(csr).setProvider(BouncyCastle.provider());
            publicKey = jca.getPublicKey();
            if (!csr.isSignatureValid(Certificates.verifier(publicKey))) {
                throw Failures.invalidRequest(
                        "The certificate signing request's signature does not verify with its" + " public key");
            }
        } catch (IotException e) {
            throw e;
        } catch (Exception e) {
            throw Failures.invalidRequest("The certificate signing request's signature cannot be verified");
        }
        X500Principal subject;
        try {
            subject = new X500Principal(csr.getSubject().getEncoded());
        } catch (Exception e) {
            throw Failures.invalidRequest("The certificate signing request's subject is malformed");
        }
        if (csr.getSubject().getRDNs().length == 0) {
            throw Failures.invalidRequest("The certificate signing request has an empty subject");
        }
        return new ValidatedCsr(subject, publicKey, KeyPolicy.signatureName(csr.getSignatureAlgorithm()));
    }

    private static PKCS10CertificationRequest parse(byte[] der) {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(primitive.getEncoded("DER"), der)) {
                throw Failures.invalidRequest("The certificate signing request is not DER-encoded");
            }
            return new PKCS10CertificationRequest(CertificationRequest.getInstance(primitive));
        } catch (IotException e) {
            throw e;
        } catch (Exception e) {
            throw Failures.invalidRequest("The certificate signing request is not a valid PKCS#10 request");
        }
    }
}
