package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.internal.crypto.TestPki.assertIotError;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.ValidatedCsr;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrValidatorTest {
    private final CsrValidator validator = new CsrValidator();

    @Test
    void acceptsAnEcP256Request() {
        ValidatedCsr csr = validator.validate(TestPki.csr(TestPki.Keys.EC_P256, "CN=device-1, O=Example Corp"));

        assertThat(csr.subject()).isEqualTo(new X500Principal("CN=device-1, O=Example Corp"));
        assertThat(csr.publicKey().getEncoded())
                .isEqualTo(TestPki.Keys.EC_P256.getPublic().getEncoded());
        assertThat(csr.signatureAlgorithm()).isEqualTo("SHA256WITHECDSA");
    }

    @Test
    void acceptsEcP384AndP521() {
        assertThat(validator
                        .validate(TestPki.csr(TestPki.Keys.EC_P384, "CN=p384"))
                        .publicKey()
                        .getEncoded())
                .isEqualTo(TestPki.Keys.EC_P384.getPublic().getEncoded());
        assertThat(validator
                        .validate(TestPki.csr(TestPki.Keys.EC_P521, "CN=p521"))
                        .subject())
                .isEqualTo(new X500Principal("CN=p521"));
    }

    @Test
    void acceptsRsa2048() {
        ValidatedCsr csr = validator.validate(TestPki.csr(TestPki.Keys.RSA_2048, "CN=rsa"));

        assertThat(csr.signatureAlgorithm()).isEqualTo("SHA256WITHRSA");
    }

    @Test
    void acceptsRsa3072WithSha512AndRsaPss() {
        KeyPair rsa3072 = TestPki.rsa(3072, BigInteger.valueOf(65537));

        assertThat(validator
                        .validate(TestPki.csr(rsa3072.getPublic(), rsa3072.getPrivate(), "CN=a", "SHA512withRSA"))
                        .signatureAlgorithm())
                .isEqualTo("SHA512WITHRSA");
        assertThat(validator
                        .validate(
                                TestPki.csr(rsa3072.getPublic(), rsa3072.getPrivate(), "CN=b", "SHA256withRSAandMGF1"))
                        .subject())
                .isEqualTo(new X500Principal("CN=b"));
    }

    @Test
    void acceptsTheLegacyNewCertificateRequestLabelAndCrLf() {
        String pem = TestPki.csr(TestPki.Keys.EC_P256, "CN=legacy")
                .replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST")
                .replace("\n", "\r\n");

        assertThat(validator.validate(pem).subject()).isEqualTo(new X500Principal("CN=legacy"));
    }

    @Test
    void refusesAMissingRequest() {
        assertIotError(() -> validator.validate(null), ErrorCode.INVALID_REQUEST, "required");
        assertIotError(() -> validator.validate("  \n"), ErrorCode.INVALID_REQUEST, "required");
    }

    @Test
    void refusesAnEnormousRequestBeforeParsingIt() {
        String huge = "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(10_000_000) + "\n";

        assertIotError(() -> validator.validate(huge), ErrorCode.INVALID_REQUEST, "longer than 4096");
    }

    @Test
    void refusesARequestOneCharacterOverTheLimit() {
        String csr = TestPki.csr(TestPki.Keys.EC_P256, "CN=x");
        String padded = csr + " ".repeat(CsrValidator.MAX_CSR_LENGTH - csr.length() + 1);

        assertIotError(() -> validator.validate(padded), ErrorCode.INVALID_REQUEST, "longer than 4096");
        assertThat(validator.validate(padded.substring(0, padded.length() - 1)).subject())
                .isEqualTo(new X500Principal("CN=x"));
    }

    @Test
    void refusesGarbage() {
        assertIotError(() -> validator.validate("hello, I am a CSR"), ErrorCode.INVALID_REQUEST, "not valid PEM");
    }

    @Test
    void refusesATruncatedPem() {
        String csr = TestPki.csr(TestPki.Keys.EC_P256, "CN=x");

        assertIotError(
                () -> validator.validate(csr.substring(0, csr.length() - 30)), ErrorCode.INVALID_REQUEST, "truncated");
    }

    @Test
    void refusesATruncatedBody() {
        String csr = TestPki.csr(TestPki.Keys.EC_P256, "CN=x");
        String[] lines = csr.split("\n");
        String shortened = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n";

        assertIotError(() -> validator.validate(shortened), ErrorCode.INVALID_REQUEST, "not a valid PKCS#10");
    }

    @Test
    void refusesTwoRequests() {
        String two = TestPki.csr(TestPki.Keys.EC_P256, "CN=a") + TestPki.csr(TestPki.Keys.EC_P384, "CN=b");

        assertIotError(() -> validator.validate(two), ErrorCode.INVALID_REQUEST, "exactly one", "found 2");
    }

    @Test
    void refusesACertificateInsteadOfARequest() {
        String certificate = TestPki.certificate().pem();

        assertIotError(() -> validator.validate(certificate), ErrorCode.INVALID_REQUEST, "labelled CERTIFICATE");
    }

    @Test
    void refusesAPrivateKeyWithoutEchoingIt() {
        String privateKey = KeyPairs.privateKeyPkcs8Pem(TestPki.Keys.EC_P256.getPrivate());
        String secretLine = privateKey.lines().skip(1).findFirst().orElseThrow();

        assertIotError(() -> validator.validate(privateKey), ErrorCode.INVALID_REQUEST, "labelled PRIVATE KEY");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.validate(privateKey))
                .hasMessageNotContaining(secretLine.substring(0, 16));
    }

    @Test
    void refusesCertificateDerUnderARequestLabel() throws Exception {
        byte[] der = TestPki.certificate().build().getEncoded();
        String pem = Pem.encode(Pem.CERTIFICATE_REQUEST, der);

        assertIotError(() -> validator.validate(pem), ErrorCode.INVALID_REQUEST, "not a valid PKCS#10");
    }

    @Test
    void refusesTrailingBytesAfterTheRequest() {
        byte[] der =
                Pem.decode(TestPki.csr(TestPki.Keys.EC_P256, "CN=x")).get(0).der();
        byte[] padded = java.util.Arrays.copyOf(der, der.length + 2);

        assertIotError(
                () -> validator.validate(Pem.encode(Pem.CERTIFICATE_REQUEST, padded)),
                ErrorCode.INVALID_REQUEST,
                "not a valid PKCS#10");
    }

    @Test
    void refusesRsa1024() {
        assertIotError(
                () -> validator.validate(TestPki.csr(TestPki.Keys.RSA_1024, "CN=weak")),
                ErrorCode.INVALID_REQUEST,
                "at least 2048 bits, this one has 1024");
    }

    @Test
    void refusesASmallRsaExponent() {
        KeyPair exponent3 = TestPki.rsa(2048, BigInteger.valueOf(3));

        assertIotError(
                () -> validator.validate(TestPki.csr(exponent3, "CN=e3")),
                ErrorCode.INVALID_REQUEST,
                "public exponent must be an odd number of at least 65537, this one is 3");
    }

    @Test
    void refusesDsa() {
        KeyPair dsa = TestPki.generate("DSA", 2048);

        assertIotError(
                () -> validator.validate(TestPki.csr(dsa, "CN=dsa")),
                ErrorCode.INVALID_REQUEST,
                "DSA keys are not supported",
                "NIST P-256");
    }

    @Test
    void refusesEd25519() {
        KeyPair ed25519 = TestPki.generate("Ed25519", 0);

        assertIotError(
                () -> validator.validate(TestPki.csr(ed25519, "CN=ed")),
                ErrorCode.INVALID_REQUEST,
                "Ed25519 keys are not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1", "brainpoolP256r1", "secp224r1"})
    void refusesCurvesAwsDoesNotAccept(String curve) {
        KeyPair keyPair = TestPki.ec(curve);

        assertIotError(
                () -> validator.validate(TestPki.csr(keyPair, "CN=curve")),
                ErrorCode.INVALID_REQUEST,
                "must be on the NIST P-256, P-384 or P-521 curve, this one is on " + curve);
    }

    @Test
    void refusesExplicitCurveParameters() {
        KeyPair p256 = TestPki.Keys.EC_P256;
        SubjectPublicKeyInfo named =
                SubjectPublicKeyInfo.getInstance(p256.getPublic().getEncoded());
        SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(
                        X9ObjectIdentifiers.id_ecPublicKey, new X962Parameters(ECNamedCurveTable.getByName("P-256"))),
                named.getPublicKeyData().getBytes());

        assertIotError(
                () -> validator.validate(TestPki.csr(explicit, p256.getPrivate(), "CN=explicit", "SHA256withECDSA")),
                ErrorCode.INVALID_REQUEST,
                "explicit curve parameters");
    }

    @Test
    void refusesAPointThatIsNotOnTheCurve() {
        SubjectPublicKeyInfo named = SubjectPublicKeyInfo.getInstance(
                TestPki.Keys.EC_P256.getPublic().getEncoded());
        byte[] point = named.getPublicKeyData().getBytes();
        point[point.length - 1] ^= 0x01;
        SubjectPublicKeyInfo offCurve = new SubjectPublicKeyInfo(named.getAlgorithm(), new DERBitString(point));

        assertIotError(
                () -> validator.validate(
                        TestPki.csr(offCurve, TestPki.Keys.EC_P256.getPrivate(), "CN=off", "SHA256withECDSA")),
                ErrorCode.INVALID_REQUEST,
                "not a point on its curve");
    }

    @Test
    void refusesARequestSignedByAnotherKey() {
        String csr = TestPki.csr(
                TestPki.Keys.EC_P256.getPublic(),
                TestPki.Keys.EC_P256_OTHER.getPrivate(),
                "CN=stolen key",
                "SHA256withECDSA");

        assertIotError(
                () -> validator.validate(csr),
                ErrorCode.INVALID_REQUEST,
                "signature does not verify with its public key");
    }

    @Test
    void refusesARequestWhoseSignatureWasTamperedWith() {
        byte[] der =
                Pem.decode(TestPki.csr(TestPki.Keys.RSA_2048, "CN=x")).get(0).der();
        der[der.length - 5] ^= 0x55;

        assertIotError(
                () -> validator.validate(Pem.encode(Pem.CERTIFICATE_REQUEST, der)),
                ErrorCode.INVALID_REQUEST,
                "signature does not verify");
    }

    @Test
    void refusesARequestWhoseSubjectWasChangedAfterSigning() {
        String original = TestPki.csr(TestPki.Keys.RSA_2048, "CN=aaaa");
        byte[] der = Pem.decode(original).get(0).der();
        String asLatin1 = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] altered = asLatin1.replace("aaaa", "bbbb").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertIotError(
                () -> validator.validate(Pem.encode(Pem.CERTIFICATE_REQUEST, altered)),
                ErrorCode.INVALID_REQUEST,
                "signature does not verify");
    }

    @Test
    void refusesSha1Signatures() {
        KeyPair rsa = TestPki.Keys.RSA_2048;

        assertIotError(
                () -> validator.validate(TestPki.csr(rsa.getPublic(), rsa.getPrivate(), "CN=sha1", "SHA1withRSA")),
                ErrorCode.INVALID_REQUEST,
                "SHA1WITHRSA",
                "does not support");
    }

    @Test
    void refusesAnEmptySubject() {
        assertIotError(
                () -> validator.validate(TestPki.csr(TestPki.Keys.EC_P256, "")),
                ErrorCode.INVALID_REQUEST,
                "empty subject");
    }

    @Test
    void refusesTextAroundTheBlock() {
        String csr = "Certificate Request:\n" + TestPki.csr(TestPki.Keys.EC_P256, "CN=x");

        assertIotError(() -> validator.validate(csr), ErrorCode.INVALID_REQUEST, "outside");
    }

    @Test
    void refusesInvalidBase64() {
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}).replace('I', '*')
                + "\n-----END CERTIFICATE REQUEST-----\n";

        assertIotError(() -> validator.validate(csr), ErrorCode.INVALID_REQUEST, "base64");
    }
}
