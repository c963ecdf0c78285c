package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.KeyAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Shared fixtures: keys (generated once), hand-built certificates and CSRs with whatever properties a test needs. */
final class TestPki {
    static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestPki() {}

    /** Keys are slow to make (RSA especially): each kind is generated once per test run. */
    static final class Keys {
        static final KeyPair EC_P256 = KeyPairs.generate(KeyAlgorithm.EC_P256);
        static final KeyPair EC_P256_OTHER = KeyPairs.generate(KeyAlgorithm.EC_P256);
        static final KeyPair EC_P384 = KeyPairs.generate(KeyAlgorithm.EC_P384);
        static final KeyPair EC_P521 = ec("secp521r1");
        static final KeyPair RSA_2048 = KeyPairs.generate(KeyAlgorithm.RSA_2048);
        static final KeyPair RSA_1024 = rsa(1024, RSAKeyGenParameterSpec.F4);

        private Keys() {}
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits, BigInteger exponent) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BouncyCastle.provider());
            generator.initialize(new RSAKeyGenParameterSpec(bits, exponent));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BouncyCastle.provider());
            if (size > 0) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ContentSigner signer(String algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm)
                    .setProvider(BouncyCastle.provider())
                    .build(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String defaultSignature(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
    }

    /** A PEM CSR for {@code keyPair}, signed with its own key. */
    static String csr(KeyPair keyPair, String subject) {
        return csr(keyPair.getPublic(), keyPair.getPrivate(), subject, defaultSignature(keyPair.getPrivate()));
    }

    /** A PEM CSR claiming {@code publicKey} but signed with {@code signingKey}. */
    static String csr(PublicKey publicKey, PrivateKey signingKey, String subject, String signatureAlgorithm) {
        PKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(new X500Principal(subject), publicKey);
        return csr(builder, signingKey, signatureAlgorithm);
    }

    static String csr(PKCS10CertificationRequestBuilder builder, PrivateKey signingKey, String signatureAlgorithm) {
        try {
            return Pem.encode(
                    Pem.CERTIFICATE_REQUEST,
                    builder.build(signer(signatureAlgorithm, signingKey)).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR whose SubjectPublicKeyInfo is {@code keyInfo} (for keys the JCA cannot represent). */
    static String csr(SubjectPublicKeyInfo keyInfo, PrivateKey signingKey, String subject, String signatureAlgorithm) {
        return csr(
                new PKCS10CertificationRequestBuilder(new X500Name(subject), keyInfo), signingKey, signatureAlgorithm);
    }

    /** A root CA made by the production code at {@link #NOW}. */
    static CaMaterial root(String subject, KeyAlgorithm algorithm) {
        return CertificateAuthority.createRoot(
                new X500Principal(subject), algorithm, CertificateAuthority.DEFAULT_ROOT_VALIDITY, FIXED);
    }

    /** Asserts that {@code call} throws an {@link IotException} with {@code code} and a message containing the parts. */
    static void assertIotError(ThrowingCallable call, ErrorCode code, String... messageParts) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call).isInstanceOfSatisfying(IotException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    /** An X.500 name from RFC 2253 text, encoded as the JDK encodes it. */
    static X500Name name(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }

    static CertBuilder certificate() {
        return new CertBuilder();
    }

    /** Builds certificates with any combination of properties, including invalid ones. */
    static final class CertBuilder {
        private X500Name subject = name("CN=Test Certificate");
        private PublicKey publicKey = Keys.EC_P256.getPublic();
        private X500Name issuer;
        private PrivateKey signingKey;
        private String signatureAlgorithm;
        private BigInteger serial = BigInteger.valueOf(4242);
        private Instant notBefore = NOW.minus(Duration.ofDays(1));
        private Instant notAfter = NOW.plus(Duration.ofDays(365));
        private Boolean ca;
        private Integer keyUsage;
        private boolean version1;
        private final List<GeneralName> subjectAlternativeNames = new ArrayList<>();
        private final List<GeneralName> issuerAlternativeNames = new ArrayList<>();

        CertBuilder subject(String value) {
            subject = name(value);
            return this;
        }

        CertBuilder subject(X500Name value) {
            subject = value;
            return this;
        }

        CertBuilder key(PublicKey value) {
            publicKey = value;
            return this;
        }

        CertBuilder key(KeyPair value) {
            return key(value.getPublic());
        }

        /** Self-signed with {@code keyPair} (its public key becomes the certificate's key). */
        CertBuilder selfSigned(KeyPair keyPair) {
            publicKey = keyPair.getPublic();
            issuer = null;
            signingKey = keyPair.getPrivate();
            return this;
        }

        CertBuilder issuedBy(CaMaterial ca) {
            issuer = X500Name.getInstance(
                    ca.certificate().getSubjectX500Principal().getEncoded());
            signingKey = ca.privateKey();
            return this;
        }

        CertBuilder issuedBy(String issuerName, PrivateKey key) {
            return issuedBy(name(issuerName), key);
        }

        CertBuilder issuedBy(X500Name issuerName, PrivateKey key) {
            issuer = issuerName;
            signingKey = key;
            return this;
        }

        CertBuilder signatureAlgorithm(String value) {
            signatureAlgorithm = value;
            return this;
        }

        CertBuilder serial(BigInteger value) {
            serial = value;
            return this;
        }

        CertBuilder validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        /** Adds basicConstraints (critical) with this cA value; without a call there is no basicConstraints. */
        CertBuilder ca(boolean value) {
            ca = value;
            return this;
        }

        CertBuilder keyUsage(int bits) {
            keyUsage = bits;
            return this;
        }

        CertBuilder version1() {
            version1 = true;
            return this;
        }

        CertBuilder subjectAlternativeName(GeneralName name) {
            subjectAlternativeNames.add(name);
            return this;
        }

        CertBuilder issuerAlternativeName(GeneralName name) {
            issuerAlternativeNames.add(name);
            return this;
        }

        X509Certificate build() {
            PrivateKey key = signingKey != null ? signingKey : Keys.EC_P256.getPrivate();
            String algorithm = signatureAlgorithm != null ? signatureAlgorithm : defaultSignature(key);
            X500Name subjectName = subject;
            X500Name issuerName = issuer == null ? subjectName : issuer;
            SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
            try {
                if (version1) {
                    return Certificates.fromHolder(new X509v1CertificateBuilder(
                                    issuerName, serial, Date.from(notBefore), Date.from(notAfter), subjectName, keyInfo)
                            .build(signer(algorithm, key)));
                }
                X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                        issuerName, serial, Date.from(notBefore), Date.from(notAfter), subjectName, keyInfo);
                if (ca != null) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                }
                if (keyUsage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (!subjectAlternativeNames.isEmpty()) {
                    builder.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(subjectAlternativeNames.toArray(GeneralName[]::new)));
                }
                if (!issuerAlternativeNames.isEmpty()) {
                    builder.addExtension(
                            Extension.issuerAlternativeName,
                            false,
                            new GeneralNames(issuerAlternativeNames.toArray(GeneralName[]::new)));
                }
                return Certificates.fromHolder(builder.build(signer(algorithm, key)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String pem() {
            return Pem.certificate(build());
        }
    }
}
