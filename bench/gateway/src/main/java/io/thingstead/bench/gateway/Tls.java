package io.thingstead.bench.gateway;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** PEM files to the JSSE factories the HiveMQ client takes. */
final class Tls {
    private static final char[] PASSWORD = "bench".toCharArray();

    private Tls() {}

    static TrustManagerFactory trust(List<Path> pemFiles) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (Path file : pemFiles) {
            for (Certificate certificate : certificates(file)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no certificate in " + pemFiles);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    static KeyManagerFactory key(Path certificatePem, Path privateKeyPem) throws Exception {
        Collection<? extends Certificate> chain = certificates(certificatePem);
        PrivateKey key = privateKey(privateKeyPem);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device", key, PASSWORD, chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        return factory;
    }

    static Collection<? extends Certificate> certificates(Path pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}): what CreateKeysAndCertificate returns for EC keys and openssl writes. */
    static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(pem + ": expected a PKCS#8 key (BEGIN PRIVATE KEY); convert with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        List<Exception> failures = new ArrayList<>();
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception e) {
                failures.add(e);
            }
        }
        throw new IllegalArgumentException(pem + ": unreadable private key " + failures);
    }
}
