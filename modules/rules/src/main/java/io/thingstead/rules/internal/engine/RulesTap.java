package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.MessageTap;
import io.thingstead.gateway.api.TapInput;
import io.thingstead.gateway.api.TapOutput;
import io.thingstead.gateway.api.TopicFilters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules engine's view of the gateway's traffic: interested in the union of the enabled rules' FROM filters, it
 * hands every message in it to the {@link Inbox} and, for a QoS 1 message, holds the PUBACK until the message is
 * committed there (at most the gateway's 10 s; a full inbox or a database error refuses the PUBLISH and the device
 * sends it again). QoS 0 messages and topics no rule selects pass at once. Nothing is evaluated here.
 */
@ApplicationScoped
public class RulesTap implements MessageTap {
    @Inject
    RulesEngine engine;

    @Inject
    Inbox inbox;

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public TopicFilters interest() {
        return engine.started() ? engine.current().interest() : TopicFilters.NONE;
    }

    @Override
    public void onPublish(TapInput input, TapOutput output) {
        if (!engine.current().anyMatches(input.message().topic())) {
            return; // interest is wider than the rules when a FROM filter is not an MQTT filter
        }
        var stored = inbox.store(new InboxMessage(
                input.message(), Optional.empty(), UUID.randomUUID().toString()));
        if (input.acknowledged()) {
            output.acknowledgeAfter(stored);
        }
    }
}
