package io.thingstead.pki.internal.crypto;

import io.thingstead.pki.api.CrlContents;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.RevokedCertificate;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * Reads CRLs that customers' CAs publish: PEM ({@code -----BEGIN X509 CRL-----}) or DER, at most {@value
 * #MAX_CRL_BYTES} bytes (checked before parsing), signature verified against the CA certificate.
 *
 * <p>Malformed or oversized input is an {@code InvalidRequestException}; a CRL that is not the CA's (wrong issuer, a
 * signature that does not verify, a CA not allowed to sign CRLs, an unsupported signature algorithm) a {@code
 * CertificateValidationException}. Delta CRLs are refused: Thingstead needs complete lists.
 */
public final class CrlFiles {
    /** Large enough for a CRL of a few hundred thousand entries. */
    public static final int MAX_CRL_BYTES = 16 * 1024 * 1024;

    private static final int CRL_SIGN = 6;

    private CrlFiles() {}

    /** Parses a PEM or DER CRL and verifies it was signed by {@code ca}. */
    public static CrlContents parseAndVerify(byte[] pemOrDer, X509Certificate ca) {
        Objects.requireNonNull(ca, "ca");
        if (pemOrDer == null || pemOrDer.length == 0) {
            throw Failures.invalidRequest("The CRL is empty");
        }
        if (pemOrDer.length > MAX_CRL_BYTES) {
            throw Failures.invalidRequest("The CRL is larger than " + MAX_CRL_BYTES + " bytes");
        }
        X509CRLHolder crl = parse(isDer(pemOrDer) ? pemOrDer : pemToDer(pemOrDer));
        return verify(crl, ca);
    }

    private static boolean isDer(byte[] bytes) {
        return (bytes[0] & 0xFF) == 0x30;
    }

    private static byte[] pemToDer(byte[] pem) {
        try {
            return Pem.decodeSingle(new String(pem, StandardCharsets.US_ASCII), "CRL", Pem.X509_CRL)
                    .der();
        } catch (Pem.PemFormatException e) {
            throw Failures.invalidRequest("The CRL is neither DER nor valid PEM: " + e.getMessage());
        }
    }

    private static X509CRLHolder parse(byte[] der) {
        try {
            return new X509CRLHolder(CertificateList.getInstance(ASN1Primitive.fromByteArray(der)));
        } catch (Exception e) {
            throw Failures.invalidRequest("The CRL is not a valid X.509 CRL");
        }
    }

    private static CrlContents verify(X509CRLHolder crl, X509Certificate ca) {
        X500Principal issuer;
        try {
            issuer = new X500Principal(crl.getIssuer().getEncoded());
        } catch (Exception e) {
            throw Failures.invalidRequest("The CRL's issuer name is malformed");
        }
        if (!issuer.equals(ca.getSubjectX500Principal())) {
            throw Failures.certificateValidation(
                    "The CRL was not issued by the CA: its issuer is not the CA's subject");
        }
        boolean[] keyUsage = ca.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= CRL_SIGN || !keyUsage[CRL_SIGN])) {
            throw Failures.certificateValidation("The CA certificate's keyUsage does not allow signing CRLs (cRLSign)");
        }
        AlgorithmIdentifier signatureAlgorithm = crl.toASN1Structure().getSignatureAlgorithm();
        if (!KeyPolicy.acceptableSignature(signatureAlgorithm)) {
            throw Failures.certificateValidation("The CRL is signed with " + KeyPolicy.signatureName(signatureAlgorithm)
                    + ", which Thingstead does not accept");
        }
        boolean valid;
        try {
            valid = crl.isSignatureValid(Certificates.verifier(ca.getPublicKey()));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw Failures.certificateValidation("The CRL's signature does not verify with the CA's public key");
        }
        if (crl.getExtension(Extension.deltaCRLIndicator) != null) {
            throw Failures.invalidRequest("Delta CRLs are not supported; provide the complete CRL");
        }
        try {
            Optional<BigInteger> number = Optional.ofNullable(crl.getExtension(Extension.cRLNumber))
                    .map(extension ->
                            ASN1Integer.getInstance(extension.getParsedValue()).getValue());
            List<RevokedCertificate> revoked = new ArrayList<>();
            for (Object entryObject : crl.getRevokedCertificates()) {
                X509CRLEntryHolder entry = (X509CRLEntryHolder) entryObject;
                revoked.add(new RevokedCertificate(
                        entry.getSerialNumber(), entry.getRevocationDate().toInstant(), reason(entry)));
            }
            return new CrlContents(
                    issuer,
                    crl.getThisUpdate().toInstant(),
                    Optional.ofNullable(crl.getNextUpdate()).map(Date::toInstant),
                    number,
                    revoked);
        } catch (RuntimeException e) {
            throw Failures.invalidRequest("The CRL's entries or extensions are malformed");
        }
    }

    private static Optional<RevocationReason> reason(X509CRLEntryHolder entry) {
        Extension extension =
                entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
        if (extension == null) {
            return Optional.empty();
        }
        int code = CRLReason.getInstance(extension.getParsedValue()).getValue().intValue();
        try {
            return Optional.of(RevocationReason.ofCode(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
