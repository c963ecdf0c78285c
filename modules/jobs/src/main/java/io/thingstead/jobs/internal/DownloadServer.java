package io.thingstead.jobs.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.thingstead.jobs.api.FirmwareFiles.FirmwareInfo;
import io.thingstead.pki.api.GatewayTrust;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Where devices download firmware: HTTPS on {@code thingstead.jobs.download-port} (8885) with the gateway's server
 * certificate, which chains to the root CA devices already trust for MQTT, so an over-the-air update needs nothing
 * more on the device. Only URLs the Jobs service signed for an execution are served ({@link DownloadUrls}), while
 * the execution is pending; GET and HEAD, with {@code Range} (one range) so that an interrupted download resumes.
 * Every answer says {@code Cache-Control: no-store}. Built on the JDK's HTTP server: a few threads, no servlet
 * container features a download does not need.
 */
@ApplicationScoped
public class DownloadServer {
    private static final Logger LOG = Logger.getLogger(DownloadServer.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Duration CREDENTIALS_REFRESH = Duration.ofMinutes(5);

    @Inject
    DownloadUrls urls;

    @Inject
    FirmwareStore firmware;

    @Inject
    PendingCheck pendingCheck;

    @Inject
    GatewayTrust trust;

    @Inject
    JobsConfig config;

    @Inject
    Clock clock;

    private HttpsServer server;
    private ExecutorService threads;
    private volatile X509KeyManager keys;
    private volatile Instant keysLoadedAt = Instant.EPOCH;

    synchronized void start() {
        int port = config.settings().downloadPort();
        if (server != null || port == 0) {
            return;
        }
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new javax.net.ssl.KeyManager[] {new RefreshingKeys()}, null, null);
            String address = ConfigProvider.getConfig()
                    .getOptionalValue("thingstead.bind.address", String.class)
                    .orElse("0.0.0.0");
            HttpsServer https = HttpsServer.create(new InetSocketAddress(address, port), 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            threads = Executors.newFixedThreadPool(
                    8, Thread.ofPlatform().name("jobs-download-", 1).daemon().factory());
            https.setExecutor(threads);
            https.createContext("/firmware/", this::serve);
            https.start();
            server = https;
            LOG.infof("Firmware downloads on https://%s:%d/firmware/ (signed URLs only)", address, port);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the firmware download server cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Optional<DownloadUrls.Grant> grant = urls.verify(
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery());
            if (grant.isEmpty() || !pendingCheck.pending(grant.get())) {
                // one answer for a bad signature, an expired URL and a finished execution: nothing to learn from it
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            Optional<FirmwareInfo> file = firmware.find(grant.get().firmware());
            if (file.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            send(exchange, file.get(), method.equals("HEAD"));
        } catch (RuntimeException e) {
            LOG.warnf(e, "a firmware download failed");
        }
    }

    private void send(HttpExchange exchange, FirmwareInfo file, boolean head) throws IOException {
        long size = file.size();
        long from = 0;
        long to = size - 1;
        String range = exchange.getRequestHeaders().getFirst("Range");
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(m.group(2)));
                }
            }
            if (from >= size || from > to) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        long length = size == 0 ? 0 : to - from + 1;
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("ETag", "\"" + file.sha256() + "\"");
        exchange.getResponseHeaders().set("x-amz-meta-sha256", file.sha256());
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
            firmware.copy(file.name(), from, length, out);
        }
    }

    /** The gateway's server certificate and key, looked up again every few minutes (they are renewed). */
    private X509KeyManager keys() {
        X509KeyManager current = keys;
        if (current == null || Duration.between(keysLoadedAt, clock.instant()).compareTo(CREDENTIALS_REFRESH) > 0) {
            try {
                GatewayTrust.ServerCredentials credentials = trust.serverCredentials();
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = "download".toCharArray();
                store.setKeyEntry(
                        "server",
                        credentials.privateKey(),
                        password,
                        credentials.chain().toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                current = (X509KeyManager) factory.getKeyManagers()[0];
                keys = current;
                keysLoadedAt = clock.instant();
            } catch (java.security.GeneralSecurityException | IOException e) {
                if (current == null) {
                    throw new IllegalStateException("the server certificate cannot be used", e);
                }
                LOG.warnf(e, "could not reload the server certificate; keeping the current one");
            }
        }
        return current;
    }

    private final class RefreshingKeys extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return keys().chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys().getPrivateKey(alias);
        }
    }
}
