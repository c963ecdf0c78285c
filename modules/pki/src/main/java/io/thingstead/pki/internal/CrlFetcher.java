package io.thingstead.pki.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CrlImportStatus;
import io.thingstead.pki.internal.crypto.CrlFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fetches the CRLs of registered CAs from the URL an operator set on the CA ({@code PUT /pki/ca/<id>/crl-url}), once
 * when it is set and then every {@code thingstead.pki.external-crl-refresh}. Only http and https, at most {@value
 * CrlFiles#MAX_CRL_BYTES} bytes, 30 seconds per attempt; the fetch runs outside any transaction.
 */
@ApplicationScoped
public class CrlFetcher {
    private static final Logger LOG = Logger.getLogger(CrlFetcher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    ExternalCrls crls;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** Sets (or removes) the URL and, when there is one, fetches the CRL now. */
    public CrlImportStatus setUrlAndFetch(String caCertificateId, Optional<String> url) {
        Optional<String> checked = url.filter(value -> !value.isBlank()).map(CrlFetcher::checkUrl);
        crls.storeUrl(caCertificateId, checked);
        checked.ifPresent(value -> fetch(caCertificateId, value));
        return crls.status(caCertificateId);
    }

    /** Fetches every registered CA's CRL that has a URL; failures are recorded on the CA, never thrown. */
    public void fetchAll() {
        for (String caId : crls.withUrl()) {
            crls.url(caId).ifPresent(url -> fetch(caId, url));
        }
    }

    void fetch(String caCertificateId, String url) {
        try {
            byte[] body = download(URI.create(url));
            crls.importCrl(caCertificateId, body, url);
        } catch (IotException e) {
            record(caCertificateId, url, e.getMessage());
        } catch (IOException e) {
            record(
                    caCertificateId,
                    url,
                    "cannot fetch " + url + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(caCertificateId, url, "interrupted while fetching " + url);
        } catch (RuntimeException e) {
            LOG.warnf(e, "fetching the CRL of CA %s from %s failed", caCertificateId, url);
            record(
                    caCertificateId,
                    url,
                    "cannot import the CRL from " + url + ": " + e.getClass().getSimpleName());
        }
    }

    private void record(String caCertificateId, String url, String problem) {
        LOG.warnf("The CRL of CA %s could not be imported from %s: %s", caCertificateId, url, problem);
        crls.recordFailure(caCertificateId, problem);
    }

    private byte[] download(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] body = in.readNBytes(CrlFiles.MAX_CRL_BYTES + 1);
            if (body.length > CrlFiles.MAX_CRL_BYTES) {
                throw new IOException("the CRL is larger than " + CrlFiles.MAX_CRL_BYTES + " bytes");
            }
            return body;
        }
    }

    /** @throws IotException InvalidRequestException unless an absolute http(s) URL of at most 2048 characters */
    static String checkUrl(String url) {
        if (url.length() > 2048) {
            throw IotException.invalidRequest("crlUrl is longer than 2048 characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw IotException.invalidRequest("crlUrl is not a valid URL.");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw IotException.invalidRequest("crlUrl must be an http or https URL with a host.");
        }
        if (uri.getUserInfo() != null) {
            throw IotException.invalidRequest("crlUrl must not carry credentials.");
        }
        return uri.toString();
    }
}
