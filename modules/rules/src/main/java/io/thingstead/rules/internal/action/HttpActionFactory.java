package io.thingstead.rules.internal.action;

import io.thingstead.rules.internal.control.DestinationService;
import io.thingstead.rules.internal.control.HttpClients;
import io.thingstead.rules.internal.engine.EnabledDestinations;
import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code http}: POSTs the rule's output to an HTTPS URL under a confirmed, enabled topic rule destination, as AWS's
 * HttpAction: {@code url} (substitution templates), {@code confirmationUrl} (required when the URL has templates; the
 * URL must start with it), {@code headers} ({@code key}/{@code value}, values with templates). A URL no destination
 * covers gets one when the rule is created (IN_PROGRESS, confirmation sent); until it is confirmed every request fails
 * to the error action. A 2xx answer is success; anything else, a timeout ({@code thingstead.rules.http.timeout}) or a
 * refused connection is a failure, retried. {@code auth} (SigV4 to AWS services) is refused.
 */
@ApplicationScoped
public class HttpActionFactory implements ActionFactory {
    private static final Set<String> RESERVED_HEADERS =
            Set.of("content-length", "host", "connection", "expect", "upgrade", "transfer-encoding", "te", "trailer");

    @Inject
    HttpClients http;

    @Inject
    DestinationService destinations;

    @Inject
    EnabledDestinations enabled;

    @Override
    public String id() {
        return "http";
    }

    @Override
    public String actionName() {
        return "HttpAction";
    }

    @Override
    public String helpText() {
        return "POSTs the rule's output to an HTTPS endpoint under a confirmed topic rule destination.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        String urlText = settings.requiredString("url");
        SubstitutionTemplate url = settings.template(urlText);
        String confirmationUrl = settings.optionalString("confirmationUrl").orElse(null);
        if (confirmationUrl == null) {
            if (!url.isConstant()) {
                throw settings.invalid("confirmationUrl is required when url has substitution templates");
            }
            confirmationUrl = urlText;
        }
        DestinationService.checkUrl(confirmationUrl, settings.member() + ".confirmationUrl");
        if (url.isConstant()) {
            DestinationService.checkUrl(urlText, settings.member() + ".url");
        }
        if (!urlText.startsWith(confirmationUrl)) {
            throw settings.invalid("url must start with confirmationUrl");
        }
        if (settings.optionalObject("auth").isPresent()) {
            throw settings.invalid("auth (SigV4 signing for AWS services) is not supported by Thingstead");
        }
        List<SubstitutionTemplate[]> headers = new ArrayList<>();
        for (JsonObject header : settings.objects("headers")) {
            ActionSettings h = new ActionSettings(
                    settings.ruleName(),
                    settings.member() + ".headers",
                    header,
                    settings.engine(),
                    settings.version(),
                    settings.creating());
            String key = h.requiredString("key");
            if (RESERVED_HEADERS.contains(key.toLowerCase(Locale.ROOT))
                    || !key.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw h.invalid("the header " + key + " cannot be set");
            }
            headers.add(new SubstitutionTemplate[] {h.template(key), h.template(h.requiredString("value"))});
        }
        if (headers.size() > 100) {
            throw settings.invalid("headers has more than 100 entries");
        }
        if (settings.creating()) {
            destinations.ensureFor(confirmationUrl);
        }
        return new Http(url, List.copyOf(headers));
    }

    private final class Http implements RuleAction {
        private final SubstitutionTemplate url;
        private final List<SubstitutionTemplate[]> headers;

        Http(SubstitutionTemplate url, List<SubstitutionTemplate[]> headers) {
            this.url = url;
            this.headers = headers;
        }

        @Override
        public String resource() {
            return url.text();
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            String target = url.render(input.message());
            if (!target.regionMatches(true, 0, "https://", 0, 8) || !enabled.allows(target)) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("no enabled, confirmed topic rule destination covers " + target));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(http.timeout())
                    .header("Content-Type", input.output().isJson() ? "application/json" : "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(input.payload()));
            for (SubstitutionTemplate[] header : headers) {
                request.setHeader(header[0].render(input.message()), header[1].render(input.message()));
            }
            return http.client()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        if (response.statusCode() / 100 != 2) {
                            throw new IllegalStateException(
                                    "the endpoint answered HTTP " + response.statusCode() + " to " + target);
                        }
                    });
        }
    }
}
