package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Basic Ingest: a PUBLISH to {@code $aws/rules/<ruleName>/...} goes to that rule only, never to the broker or other
 * rules (a consuming route); the publisher's {@code iot:Publish} is checked on that topic by the gateway, as AWS does.
 * The message is stored in the inbox like any other before the lane takes the next one; a topic naming no enabled
 * rule is dropped and counted (AWS drops it too).
 */
@ApplicationScoped
public class BasicIngest implements DeviceService {
    @Inject
    RulesEngine engine;

    @Inject
    Inbox inbox;

    @Override
    public ServiceRoute route() {
        return ServiceRoute.builder("rules-ingest")
                .filter("$aws/rules/#")
                .consumes()
                .lanes(2)
                .queueCapacity(20_000)
                .inFlightPerKey(1_000)
                .build();
    }

    @Override
    public void serve(ServiceRequest request, ServiceOutput output) {
        String rest = request.levels().isEmpty() ? "" : request.levels().get(0);
        int slash = rest.indexOf('/');
        String ruleName = slash < 0 ? rest : rest.substring(0, slash);
        if (ruleName.isEmpty() || engine.current().named(ruleName).isEmpty()) {
            output.rejected("no enabled rule is named '" + ruleName + "'");
            return;
        }
        try {
            inbox.store(new InboxMessage(
                            request.message(),
                            Optional.of(ruleName),
                            UUID.randomUUID().toString()))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            output.rejected("the rules inbox did not take the message: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
