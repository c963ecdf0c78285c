package io.thingstead.rules.internal.action;

import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.Topics;
import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code republish}: publishes the rule's output to a topic through the gateway, as the platform, to every subscriber
 * whose {@code iot:Receive} allows it. Settings as AWS's RepublishAction: {@code topic} (substitution templates),
 * {@code qos} (0 or 1), {@code roleArn}, and {@code headers} for MQTT 5 ({@code payloadFormatIndicator}, {@code
 * contentType}, {@code responseTopic}, {@code correlationData} (base64), {@code messageExpiry}, {@code
 * userProperties} with {@code key}/{@code value}, all with templates).
 */
@ApplicationScoped
public class RepublishActionFactory implements ActionFactory {
    @Inject
    Gateway gateway;

    @Override
    public String id() {
        return "republish";
    }

    @Override
    public String actionName() {
        return "RepublishAction";
    }

    @Override
    public String helpText() {
        return "Publishes the rule's output to an MQTT topic through the gateway.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        String topicText = settings.requiredString("topic");
        SubstitutionTemplate topic = settings.template(topicText);
        if (topic.isConstant()) {
            Topics.topicNameProblem(topicText).ifPresent(problem -> {
                throw settings.invalid("topic: " + problem);
            });
        }
        int qos = settings.optionalInteger("qos").orElse(0L).intValue();
        if (qos < 0 || qos > 1) {
            throw settings.invalid("qos must be 0 or 1");
        }
        Headers headers = settings.optionalObject("headers")
                .map(h -> Headers.of(new ActionSettings(
                        settings.ruleName(),
                        settings.member() + ".headers",
                        h,
                        settings.engine(),
                        settings.version(),
                        settings.creating())))
                .orElse(Headers.NONE);
        return new Republish(gateway, topic, qos, headers);
    }

    /** MQTT 5 properties of the republished message. */
    record Headers(
            Optional<SubstitutionTemplate> contentType,
            Optional<SubstitutionTemplate> responseTopic,
            Optional<SubstitutionTemplate> correlationData,
            Optional<SubstitutionTemplate> messageExpiry,
            Optional<Boolean> utf8,
            List<SubstitutionTemplate[]> userProperties) {
        static final Headers NONE = new Headers(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

        static Headers of(ActionSettings h) {
            Optional<Boolean> utf8 = h.optionalString("payloadFormatIndicator").map(indicator -> switch (indicator) {
                case "UTF8_DATA" -> true;
                case "UNSPECIFIED_BYTES" -> false;
                default -> throw h.invalid("payloadFormatIndicator must be UNSPECIFIED_BYTES or UTF8_DATA");
            });
            List<SubstitutionTemplate[]> properties = new ArrayList<>();
            for (JsonObject property : h.objects("userProperties")) {
                ActionSettings p = new ActionSettings(
                        h.ruleName(), h.member() + ".userProperties", property, h.engine(), h.version(), h.creating());
                properties.add(new SubstitutionTemplate[] {
                    p.template(p.requiredString("key")), p.template(p.requiredString("value"))
                });
            }
            if (properties.size() > 100) {
                throw h.invalid("userProperties has more than 100 entries");
            }
            return new Headers(
                    h.optionalString("contentType").map(h::template),
                    h.optionalString("responseTopic").map(h::template),
                    h.optionalString("correlationData").map(h::template),
                    h.optionalString("messageExpiry").map(h::template),
                    utf8,
                    List.copyOf(properties));
        }
    }

    private record Republish(Gateway gateway, SubstitutionTemplate topic, int qos, Headers headers)
            implements RuleAction {
        @Override
        public String resource() {
            return topic.text();
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            OutboundMessage.Builder message = OutboundMessage.builder(topic.render(input.message()))
                    .payload(input.payload())
                    .qos(qos);
            headers.contentType().map(t -> t.render(input.message())).ifPresent(message::contentType);
            headers.responseTopic().map(t -> t.render(input.message())).ifPresent(message::responseTopic);
            headers.correlationData()
                    .map(t -> t.render(input.message()))
                    .ifPresent(
                            data -> message.correlationData(Base64.getDecoder().decode(data)));
            headers.messageExpiry()
                    .map(t -> t.render(input.message()))
                    .ifPresent(seconds -> message.messageExpirySeconds(Long.parseLong(seconds.trim())));
            headers.utf8().ifPresent(message::payloadIsUtf8);
            for (SubstitutionTemplate[] property : headers.userProperties()) {
                message.userProperty(property[0].render(input.message()), property[1].render(input.message()));
            }
            return gateway.publish(message.build());
        }
    }
}
