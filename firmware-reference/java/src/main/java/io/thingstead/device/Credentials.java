package io.thingstead.device;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The device's identity on disk and in TLS: PEM certificates and keys (as AWS IoT and Thingstead hand them out),
 * an SSL socket factory that presents the device certificate and trusts only the platform's root CA, and, for fleet
 * provisioning, a key pair generated on the device with a CSR, so the private key never leaves it.
 */
public final class Credentials {
    private Credentials() {}

    /** TLS that authenticates with {@code certificatePem}/{@code keyPem} and trusts only {@code rootCaPem}. */
    public static SSLSocketFactory socketFactory(String certificatePem, String keyPem, String rootCaPem) {
        try {
            List<X509Certificate> chain = certificates(certificatePem);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "device".toCharArray();
            keys.setKeyEntry("device", privateKey(keyPem), password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate root : certificates(rootCaPem)) {
                trust.setCertificateEntry("root-" + i++, root);
            }
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);

            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the device's credentials: " + e.getMessage(), e);
        }
    }

    /** TLS that trusts only {@code rootCaPem} and presents nothing: firmware downloads (the URL is the credential). */
    public static SSLContext trustOnly(String rootCaPem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate root : certificates(rootCaPem)) {
                trust.setCertificateEntry("root-" + i++, root);
            }
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, trustManagers.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the root CA: " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> certificates = new ArrayList<>();
        parsed.forEach(c -> certificates.add((X509Certificate) c));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM");
        }
        return certificates;
    }

    /** A private key in any PEM form AWS or OpenSSL writes: PKCS#8, PKCS#1 RSA, SEC1 EC. */
    public static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("not a private key PEM");
        }
    }

    /** A fresh EC P-256 key pair, generated on the device. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /** A PKCS#10 CSR for {@code keys}, subject {@code CN=<commonName>}, signed with SHA256withECDSA. */
    public static String csrPem(KeyPair keys, String commonName) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            new X500Principal("CN=" + commonName), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return pem(csr);
        } catch (org.bouncycastle.operator.OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build a CSR", e);
        }
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}), the form every TLS stack reads. */
    public static String privateKeyPem(PrivateKey key) {
        try {
            return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** Writes a secret (key, certificate) readable by the device's user only: 0600, created before any byte. */
    public static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, content, StandardOpenOption.WRITE);
            Files.move(
                    temporary,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
