package io.thingstead.it.rules;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS endpoint for the HTTP action and destination confirmations: the JDK's HttpsServer on loopback with a
 * certificate keytool makes for localhost, whose PEM the test server trusts through {@code
 * thingstead.rules.http.trusted-certificates}. Records every request and answers with {@link #answer}'s status.
 */
public final class HttpsReceiver implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpsServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final int port;

    private HttpsReceiver(HttpsServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts on {@code port} with a new certificate; writes its PEM to {@code trustedPem} (the file the server under test
     * reads its extra trusted certificates from).
     */
    public static HttpsReceiver start(int port, Path trustedPem) throws Exception {
        Path dir = trustedPem.getParent();
        Files.createDirectories(dir);
        Path keystore = dir.resolve("receiver-" + port + ".p12");
        Files.deleteIfExists(keystore);
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "receiver",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "receiver",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                trustedPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        HttpsReceiver receiver = new HttpsReceiver(server, port);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            receiver.requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(receiver.answer.get(), -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "https://localhost:" + port + path;
    }

    public void answer(int status) {
        answer.set(status);
    }

    /** The next request whose path starts with {@code prefix}; fails after 30 s. */
    public Request next(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long left = deadline - System.nanoTime();
            Request request = left <= 0 ? null : requests.poll(left, TimeUnit.NANOSECONDS);
            if (request == null) {
                throw new AssertionError("no request to " + prefix + "* within 30 s");
            }
            if (request.path().startsWith(prefix)) {
                return request;
            }
        }
    }

    public void clear() {
        requests.clear();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
