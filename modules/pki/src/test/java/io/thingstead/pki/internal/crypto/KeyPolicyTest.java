package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    private static final AlgorithmIdentifier RSA =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private static SubjectPublicKeyInfo rsa(BigInteger modulus, BigInteger exponent) throws Exception {
        return new SubjectPublicKeyInfo(RSA, new RSAPublicKey(modulus, exponent));
    }

    private static BigInteger oddModulus(int bits) {
        return BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.ONE);
    }

    @Test
    void acceptsTheKeysAwsAccepts() {
        assertThat(KeyPolicy.problem(TestPki.Keys.RSA_2048.getPublic())).isEmpty();
        assertThat(KeyPolicy.problem(TestPki.Keys.EC_P256.getPublic())).isEmpty();
        assertThat(KeyPolicy.problem(TestPki.Keys.EC_P384.getPublic())).isEmpty();
        assertThat(KeyPolicy.problem(TestPki.Keys.EC_P521.getPublic())).isEmpty();
    }

    @Test
    void boundsRsaModulusSize() throws Exception {
        BigInteger f4 = BigInteger.valueOf(65537);

        assertThat(KeyPolicy.problem(rsa(oddModulus(2047), f4)))
                .contains("RSA keys must be at least 2048 bits, this one has 2047");
        assertThat(KeyPolicy.problem(rsa(oddModulus(16384), f4))).isEmpty();
        assertThat(KeyPolicy.problem(rsa(oddModulus(16392), f4)))
                .contains("RSA keys larger than 16384 bits are not supported, this one has 16392");
    }

    @Test
    void refusesBadRsaNumbers() throws Exception {
        BigInteger modulus = oddModulus(2048);

        assertThat(KeyPolicy.problem(rsa(modulus.add(BigInteger.ONE), BigInteger.valueOf(65537))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("odd positive"));
        assertThat(KeyPolicy.problem(rsa(modulus, BigInteger.valueOf(65538))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("public exponent"));
        assertThat(KeyPolicy.problem(rsa(modulus, BigInteger.valueOf(17))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("this one is 17"));
        assertThat(KeyPolicy.problem(rsa(modulus, modulus.add(BigInteger.TWO))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("public exponent"));
    }

    @Test
    void refusesAMalformedRsaKey() {
        SubjectPublicKeyInfo malformed = new SubjectPublicKeyInfo(RSA, new byte[] {1, 2, 3});

        assertThat(KeyPolicy.problem(malformed)).contains("the RSA public key is malformed");
        assertThat(KeyPolicy.describe(malformed)).startsWith("malformed");
    }

    @Test
    void namesRefusedKeyTypes() {
        assertThat(KeyPolicy.problem(TestPki.generate("X25519", 0).getPublic()))
                .contains("X25519 keys are not supported");
        assertThat(KeyPolicy.problem(TestPki.generate("Ed448", 0).getPublic()))
                .contains("Ed448 keys are not supported");
        SubjectPublicKeyInfo unknown = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4.5")), new byte[] {0});
        assertThat(KeyPolicy.problem(unknown)).contains("key algorithm 1.2.3.4.5 keys are not supported");
        assertThat(KeyPolicy.describe(unknown)).isEqualTo("1.2.3.4.5");
    }

    @Test
    void describesKeys() {
        assertThat(KeyPolicy.describe(SubjectPublicKeyInfo.getInstance(
                        TestPki.Keys.EC_P384.getPublic().getEncoded())))
                .isEqualTo("EC P-384");
        assertThat(KeyPolicy.describe(SubjectPublicKeyInfo.getInstance(
                        TestPki.ec("secp256k1").getPublic().getEncoded())))
                .isEqualTo("EC secp256k1");
        assertThat(KeyPolicy.describe(SubjectPublicKeyInfo.getInstance(
                        TestPki.generate("DSA", 2048).getPublic().getEncoded())))
                .isEqualTo("DSA");
    }

    @Test
    void acceptsOnlyAwsSignatureAlgorithms() {
        assertThat(KeyPolicy.acceptableSignature(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption)))
                .isTrue();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512)))
                .isTrue();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption)))
                .isFalse();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(PKCSObjectIdentifiers.md5WithRSAEncryption)))
                .isFalse();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA1)))
                .isFalse();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(NISTObjectIdentifiers.dsa_with_sha256)))
                .isFalse();
    }

    @Test
    void acceptsRsaPssOnlyWithSha2() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        AlgorithmIdentifier sha1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
        AlgorithmIdentifier mgf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256);

        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(
                        PKCSObjectIdentifiers.id_RSASSA_PSS,
                        new RSASSAPSSparams(sha256, mgf, new ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD))))
                .isTrue();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(
                        PKCSObjectIdentifiers.id_RSASSA_PSS,
                        new RSASSAPSSparams(sha1, mgf, new ASN1Integer(20), RSASSAPSSparams.DEFAULT_TRAILER_FIELD))))
                .isFalse();
        assertThat(KeyPolicy.acceptableSignature(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS)))
                .as("PSS without parameters defaults to SHA-1")
                .isFalse();
    }
}
