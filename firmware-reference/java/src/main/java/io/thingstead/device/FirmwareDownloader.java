package io.thingstead.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads an image over HTTPS into a partial file, resuming where an earlier attempt stopped: a partial file of
 * {@code n} bytes asks for {@code Range: bytes=n-}; a {@code 206} whose {@code Content-Range} starts at {@code n} is
 * appended, anything else starts over. Stops at the announced size: a server sending more is not believed. The TLS
 * trust is the device's own root CA (the {@link HttpClient} the caller built), as for MQTT.
 */
public final class FirmwareDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient http;
    private final Duration timeout;

    public FirmwareDownloader(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** How a download went: the bytes fetched in this call and whether it resumed a partial file. */
    public record Result(long fetched, boolean resumed) {}

    /**
     * Completes {@code partial} to {@code size} bytes from {@code url}.
     *
     * @throws IOException when the server fails, the connection breaks (the partial file keeps what arrived, for the
     *     next attempt), or the file would grow beyond {@code size}
     */
    public Result download(URI url, long size, Path partial) throws IOException, InterruptedException {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (have > size) {
            Files.delete(partial);
            have = 0;
        }
        if (have == size) {
            return new Result(0, true);
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean resumed = false;
        StandardOpenOption mode = StandardOpenOption.TRUNCATE_EXISTING;
        if (response.statusCode() == 206 && have > 0) {
            Matcher range = CONTENT_RANGE.matcher(
                    response.headers().firstValue("Content-Range").orElse(""));
            if (range.matches() && Long.parseLong(range.group(1)) == have) {
                resumed = true;
                mode = StandardOpenOption.APPEND;
            }
        } else if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                body.readNBytes(4096);
            }
            throw new IOException("the download answered HTTP " + response.statusCode());
        }
        long start = resumed ? have : 0;
        long fetched = 0;
        try (InputStream body = response.body();
                OutputStream out =
                        Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) > 0; ) {
                if (start + fetched + read > size) {
                    throw new IOException("the server sends more than the announced " + size + " bytes");
                }
                out.write(buffer, 0, read);
                fetched += read;
            }
        }
        if (start + fetched != size) {
            throw new IOException("the download stopped after " + (start + fetched) + " of " + size + " bytes");
        }
        return new Result(fetched, resumed);
    }
}
