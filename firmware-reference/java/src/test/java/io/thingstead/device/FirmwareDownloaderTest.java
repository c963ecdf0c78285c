package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume after a broken download, against a real HTTP server that honours {@code Range} as the platform's does. */
class FirmwareDownloaderTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    Path dir;

    private final byte[] file = new byte[1_000_000];
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean breakFirst = true;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        new Random(3).nextBytes(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fw", exchange -> {
            int n = requests.incrementAndGet();
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (m.matches()) {
                    from = Integer.parseInt(m.group(1));
                }
            }
            int length = file.length - from;
            if (from > 0) {
                exchange.getResponseHeaders()
                        .add("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (n == 1 && breakFirst) {
                    out.write(file, from, 400_000);
                    out.flush();
                    throw new java.io.IOException("cut"); // the connection is closed mid-body
                }
                out.write(file, from, length);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBrokenDownloadResumesWhereItStopped() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fw");
        FirmwareDownloader downloader = new FirmwareDownloader(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        Path partial = dir.resolve("download.part");

        try {
            downloader.download(url, file.length, partial);
        } catch (java.io.IOException expected) {
            // the first attempt breaks off
        }
        long kept = Files.size(partial);
        assertThat(kept).isGreaterThan(0).isLessThan(file.length);

        FirmwareDownloader.Result result = downloader.download(url, file.length, partial);
        assertThat(result.resumed()).isTrue();
        assertThat(result.fetched()).isEqualTo(file.length - kept);
        assertThat(Files.readAllBytes(partial)).isEqualTo(file);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aServerSendingMoreThanAnnouncedIsNotBelieved() throws Exception {
        breakFirst = false;
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fw");
        FirmwareDownloader downloader = new FirmwareDownloader(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        Path partial = dir.resolve("download.part");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> downloader.download(url, 1000, partial))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("more than");
    }
}
