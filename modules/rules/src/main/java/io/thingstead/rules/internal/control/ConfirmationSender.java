package io.thingstead.rules.internal.control;

import io.thingstead.rules.internal.control.DestinationService.ConfirmationNeeded;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends a destination's confirmation request once the destination is committed, as AWS does: {@code POST
 * <confirmationUrl>?confirmationToken=<token>} with the headers {@code x-amz-rules-engine-message-type:
 * DestinationConfirmation} and {@code x-amz-rules-engine-destination-arn}, and the JSON body {@code arn}, {@code
 * confirmationToken}, {@code enableUrl}, {@code messageType}. A request that cannot be delivered leaves the
 * destination in ERROR with the reason; {@code UpdateTopicRuleDestination} to IN_PROGRESS sends a new one.
 */
@ApplicationScoped
public class ConfirmationSender {
    private static final Logger LOG = Logger.getLogger(ConfirmationSender.class);

    @Inject
    HttpClients http;

    @Inject
    DestinationService destinations;

    @Inject
    @ConfigProperty(name = "thingstead.rules.confirmation-base-url", defaultValue = "https://localhost:8443")
    String baseUrl;

    @Resource
    ManagedExecutorService executor;

    void send(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfirmationNeeded confirmation) {
        executor.execute(() -> deliver(confirmation));
    }

    private void deliver(ConfirmationNeeded confirmation) {
        String enableUrl = baseUrl.replaceAll("/+$", "") + "/confirmdestination/" + confirmation.token();
        String body = Json.createObjectBuilder()
                .add("arn", confirmation.arn())
                .add("confirmationToken", confirmation.token())
                .add("enableUrl", enableUrl)
                .add("messageType", "DestinationConfirmation")
                .build()
                .toString();
        String url = confirmation.confirmationUrl();
        String target = url + (url.contains("?") ? "&" : "?") + "confirmationToken="
                + URLEncoder.encode(confirmation.token(), StandardCharsets.UTF_8);
        try {
            HttpResponse<Void> response = http.client()
                    .send(
                            HttpRequest.newBuilder(URI.create(target))
                                    .timeout(http.timeout())
                                    .header("Content-Type", "application/json")
                                    .header("x-amz-rules-engine-message-type", "DestinationConfirmation")
                                    .header("x-amz-rules-engine-destination-arn", confirmation.arn())
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                failed(confirmation, "the confirmation URL answered HTTP " + response.statusCode());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failed(confirmation, "the confirmation request could not be delivered: " + e);
        }
    }

    private void failed(ConfirmationNeeded confirmation, String reason) {
        LOG.warnf("topic rule destination %s: %s", confirmation.arn(), reason);
        try {
            destinations.deliveryFailed(confirmation.arn(), reason);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not record the failed confirmation of %s", confirmation.arn());
        }
    }
}
