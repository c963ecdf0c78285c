package io.thingstead.gateway.internal.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The listener's key store (the gateway's server certificate chain and key) and trust store (the CAs a client
 * certificate may chain to) as PKCS#12 files. HiveMQ re-reads both when their content changes (it checks every 10
 * seconds), so rewriting them is how a new CA or a renewed server certificate reaches the listener without a restart.
 * Files are replaced atomically (a reader never sees half a file) and readable by the server's user only.
 */
public final class TlsFiles {
    public static final String KEY_ALIAS = "gateway";

    private final Path keystore;
    private final Path truststore;
    private final char[] password;
    private String keystoreFingerprint = "";
    private String truststoreFingerprint = "";

    public TlsFiles(Path keystore, Path truststore, String password) {
        this.keystore = Objects.requireNonNull(keystore, "keystore");
        this.truststore = Objects.requireNonNull(truststore, "truststore");
        this.password = password.toCharArray();
    }

    public Path keystore() {
        return keystore;
    }

    public Path truststore() {
        return truststore;
    }

    /** Writes the key store when the server certificate differs from the one written last; true when written. */
    public synchronized boolean writeServerCredentials(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a server certificate chain is not empty");
        }
        String fingerprint = fingerprint(chain);
        if (fingerprint.equals(keystoreFingerprint) && Files.exists(keystore)) {
            return false;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(new Certificate[0]));
            write(keystore, store);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the gateway's key store", e);
        }
        keystoreFingerprint = fingerprint;
        return true;
    }

    /** Writes the trust store when the set of CAs differs from the one written last; true when written. */
    public synchronized boolean writeTrustAnchors(List<X509Certificate> authorities) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("at least one CA is needed to verify client certificates");
        }
        TreeMap<String, X509Certificate> byId = new TreeMap<>();
        for (X509Certificate authority : authorities) {
            byId.put(sha256(encoded(authority)), authority);
        }
        String fingerprint = String.join(",", byId.keySet());
        if (fingerprint.equals(truststoreFingerprint) && Files.exists(truststore)) {
            return false;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (var entry : byId.entrySet()) {
                store.setCertificateEntry("ca-" + entry.getKey(), entry.getValue());
            }
            write(truststore, store);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the gateway's trust store", e);
        }
        truststoreFingerprint = fingerprint;
        return true;
    }

    /** How many CAs the trust store holds now. */
    public synchronized int trustAnchorCount() {
        return truststoreFingerprint.isEmpty() ? 0 : truststoreFingerprint.split(",").length;
    }

    private void write(Path target, KeyStore store) throws GeneralSecurityException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
            try {
                restrictToOwner(temporary);
                Files.write(temporary, bytes.toByteArray());
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void restrictToOwner(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String fingerprint(List<X509Certificate> chain) {
        List<String> ids = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            ids.add(sha256(encoded(certificate)));
        }
        return String.join(",", ids);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
