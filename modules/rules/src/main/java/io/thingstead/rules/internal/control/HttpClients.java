package io.thingstead.rules.internal.control;

import io.thingstead.rules.internal.engine.RulesSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP client of the HTTP action and of destination confirmations: HTTPS with the JDK's trusted CAs plus those in
 * {@code thingstead.rules.http.trusted-certificates} (a PEM file, for targets behind a private CA), HTTP/1.1 and 2,
 * no redirects (AWS's HTTP action does not follow them), {@code thingstead.rules.http.timeout} to connect. The file is
 * read again when it changes.
 */
@ApplicationScoped
public class HttpClients {
    @Inject
    RulesSettings settings;

    private volatile HttpClient client;
    private volatile long trustedModified = Long.MIN_VALUE;

    public HttpClient client() {
        Optional<Path> file = settings.httpTrustedCertificates().map(Path::of);
        long modified = file.map(HttpClients::modified).orElse(0L);
        HttpClient current = client;
        if (current == null || modified != trustedModified) {
            synchronized (this) {
                if (client == null || modified != trustedModified) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(settings.httpTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .sslContext(sslContext(file))
                            .build();
                    trustedModified = modified;
                }
                current = client;
            }
        }
        return current;
    }

    public Duration timeout() {
        return settings.httpTimeout();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private static SSLContext sslContext(Optional<Path> extra) {
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, ca);
            }
            if (extra.isPresent() && Files.isReadable(extra.get())) {
                try (InputStream in = Files.newInputStream(extra.get())) {
                    for (Certificate certificate :
                            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("extra-" + n++, certificate);
                    }
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "the trusted certificates for HTTP actions cannot be read: " + e.getMessage(), e);
        }
    }
}
