package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks before anything is installed, with a CA and code-signing certificate made here as the platform does. */
class FirmwareVerifierTest {
    @TempDir
    Path dir;

    private KeyPair rootKeys;
    private X509Certificate root;
    private KeyPair signerKeys;
    private X509Certificate signer;
    private Path image;
    private byte[] bytes;

    @BeforeEach
    void setUp() throws Exception {
        rootKeys = keys();
        root = certificate("CN=Test Root", rootKeys, "CN=Test Root", rootKeys, true, null);
        signerKeys = keys();
        signer = certificate(
                "CN=Code Signing", signerKeys, "CN=Test Root", rootKeys, false, KeyPurposeId.id_kp_codeSigning);
        bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        image = dir.resolve("image.bin");
        Files.write(image, bytes);
    }

    @Test
    void aSignedImageFromTheCodeSigningCertificatePasses() throws Exception {
        new FirmwareVerifier(pem(root))
                .verify(image, expected(bytes, sign(signerKeys, bytes), pem(signer) + pem(root)));
    }

    @Test
    void aTamperedImageIsRefusedOnItsHash() throws Exception {
        FirmwareVerifier.Expected expected = expected(bytes, sign(signerKeys, bytes), pem(signer));
        bytes[1000] ^= 1;
        Files.write(image, bytes);
        assertThat(refusal(expected).reason()).isEqualTo("sha256");
    }

    @Test
    void anImageWithTheRightHashButAnotherKeysSignatureIsRefused() throws Exception {
        FirmwareVerifier.Expected expected = expected(bytes, sign(keys(), bytes), pem(signer));
        assertThat(refusal(expected).reason()).isEqualTo("signature");
    }

    @Test
    void aCertificateNotForCodeSigningCannotSignFirmware() throws Exception {
        KeyPair deviceKeys = keys();
        X509Certificate device =
                certificate("CN=device", deviceKeys, "CN=Test Root", rootKeys, false, KeyPurposeId.id_kp_clientAuth);
        FirmwareVerifier.Expected expected = expected(bytes, sign(deviceKeys, bytes), pem(device));
        assertThat(refusal(expected).reason()).isEqualTo("certificate");
    }

    @Test
    void aCodeSigningCertificateFromAnotherRootIsRefused() throws Exception {
        KeyPair otherRoot = keys();
        KeyPair otherSigner = keys();
        X509Certificate foreign = certificate(
                "CN=Code Signing", otherSigner, "CN=Test Root", otherRoot, false, KeyPurposeId.id_kp_codeSigning);
        FirmwareVerifier.Expected expected = expected(bytes, sign(otherSigner, bytes), pem(foreign));
        assertThat(refusal(expected).reason()).isEqualTo("certificate");
    }

    @Test
    void aShortDownloadIsRefusedOnItsSize() throws Exception {
        FirmwareVerifier.Expected expected = expected(bytes, sign(signerKeys, bytes), pem(signer));
        Files.write(image, java.util.Arrays.copyOf(bytes, 1000));
        assertThat(refusal(expected).reason()).isEqualTo("size");
    }

    private FirmwareVerifier.Refused refusal(FirmwareVerifier.Expected expected) throws Exception {
        return catchThrowableOfType(
                FirmwareVerifier.Refused.class, () -> new FirmwareVerifier(pem(root)).verify(image, expected));
    }

    private static FirmwareVerifier.Expected expected(byte[] bytes, byte[] signature, String chain) throws Exception {
        return new FirmwareVerifier.Expected(
                bytes.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                Base64.getEncoder().encodeToString(signature),
                chain);
    }

    private static byte[] sign(KeyPair keys, byte[] bytes) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(bytes);
        return signature.sign();
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca, KeyPurposeId purpose)
            throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject),
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }
}
