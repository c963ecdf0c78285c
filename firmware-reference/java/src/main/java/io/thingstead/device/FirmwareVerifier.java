package io.thingstead.device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a downloaded firmware image may be installed, before anything is written to a slot:
 *
 * <ol>
 *   <li>the signing certificate chains to the root CA the device already trusts for TLS (PKIX path validation, at
 *       the current time), and is meant for code signing: {@code extendedKeyUsage codeSigning} and {@code keyUsage
 *       digitalSignature} — a device or server certificate from the same CA cannot sign firmware;
 *   <li>the image has the size and SHA-256 the job document announced;
 *   <li>the ECDSA signature ({@code SHA256withECDSA}, DER) over the image verifies with the certificate's key.
 * </ol>
 *
 * The hash check alone would accept an image an attacker swapped together with the document's hash; the signature
 * is what ties the image to the platform's key. Both are checked so that a broken download is told apart from a
 * forged image in the report.
 */
public final class FirmwareVerifier {
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private final X509Certificate root;

    public FirmwareVerifier(String rootCaPem) {
        try {
            this.root = certificates(rootCaPem).getFirst();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the root CA is not a PEM certificate", e);
        }
    }

    /** Why an image was refused; the message goes into the job execution's statusDetails. */
    public static final class Refused extends Exception {
        private final String reason;

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** {@code certificate}, {@code size}, {@code sha256} or {@code signature}. */
        public String reason() {
            return reason;
        }
    }

    /** What the job document says about the image. */
    public record Expected(long size, String sha256Hex, String signatureBase64, String certificateChainPem) {}

    public void verify(Path image, Expected expected) throws Refused, IOException {
        X509Certificate signer = signer(expected.certificateChainPem());
        long size = Files.size(image);
        if (size != expected.size()) {
            throw new Refused("size", "the image has " + size + " bytes, the job announced " + expected.size());
        }
        Signature signature;
        MessageDigest sha256;
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(expected.signatureBase64());
            signature = Signature.getInstance("SHA256withECDSA");
            signature.initVerify(signer.getPublicKey());
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Refused("signature", "the signature cannot be checked: " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(image)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, read);
                signature.update(buffer, 0, read);
            }
        } catch (GeneralSecurityException e) {
            throw new Refused("signature", e.getMessage());
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equalsIgnoreCase(expected.sha256Hex())) {
            throw new Refused(
                    "sha256", "the image's SHA-256 is " + actual + ", the job announced " + expected.sha256Hex());
        }
        try {
            if (!signature.verify(signatureBytes)) {
                throw new Refused("signature", "the signature does not verify with the platform's code-signing key");
            }
        } catch (GeneralSecurityException e) {
            throw new Refused("signature", "the signature is malformed: " + e.getMessage());
        }
    }

    /** The code-signing certificate of the chain, once it is known to chain to the root and to be for code signing. */
    X509Certificate signer(String chainPem) throws Refused {
        List<X509Certificate> chain;
        try {
            chain = certificates(chainPem);
            if (chain.isEmpty()) {
                throw new Refused("certificate", "the job carries no signing certificate");
            }
            // the root in the chain, if any, is not needed: the device's own root is the anchor
            List<X509Certificate> path = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    path.add(certificate);
                }
            }
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new Refused(
                    "certificate", "the signing certificate does not chain to the trusted root: " + e.getMessage());
        }
        X509Certificate signer = chain.getFirst();
        try {
            List<String> purposes = signer.getExtendedKeyUsage();
            boolean[] usage = signer.getKeyUsage();
            if (purposes == null || !purposes.contains(CODE_SIGNING) || usage == null || !usage[0]) {
                throw new Refused("certificate", "the signing certificate is not meant for code signing");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new Refused("certificate", "the signing certificate's extensions are malformed");
        }
        return signer;
    }

    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (var certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }
}
