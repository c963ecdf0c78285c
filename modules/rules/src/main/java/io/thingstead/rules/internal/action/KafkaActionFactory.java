package io.thingstead.rules.internal.action;

import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code kafka}: sends the rule's output to an Apache Kafka topic with the Kafka producer, as AWS's KafkaAction:
 * {@code topic}, {@code key}, {@code partition} (all with substitution templates), {@code headers} ({@code key}/{@code
 * value}) and {@code clientProperties} (producer settings; {@code bootstrap.servers} required). {@code destinationArn}
 * (AWS's VPC destination) is accepted and not needed. Key and value are sent as bytes whatever serializer the
 * properties name. One producer per action, opened on first use; a send counts once the broker acknowledged it
 * ({@code acks=all} unless set).
 */
@ApplicationScoped
public class KafkaActionFactory implements ActionFactory {
    /** Producer settings that load classes or would change what is sent: Thingstead sets or forbids them. */
    private static final Set<String> FORBIDDEN = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG);

    @Override
    public String id() {
        return "kafka";
    }

    @Override
    public String actionName() {
        return "KafkaAction";
    }

    @Override
    public String helpText() {
        return "Sends the rule's output to an Apache Kafka topic.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        Map<String, String> properties = settings.stringMap("clientProperties");
        String servers = properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.isBlank()) {
            throw settings.invalid("clientProperties must name bootstrap.servers");
        }
        Map<String, Object> config = new HashMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (FORBIDDEN.contains(property.getKey())) {
                // AWS accepts its two serializers here; Thingstead always sends bytes
                if (!property.getKey().endsWith(".serializer")) {
                    throw settings.invalid("clientProperties." + property.getKey() + " cannot be set");
                }
                continue;
            }
            config.put(property.getKey(), property.getValue());
        }
        config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        // a broker that is down must fail the send within the engine's retry budget, not block a thread for a minute
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "thingstead-rule-" + settings.ruleName());
        Optional<SubstitutionTemplate> partition =
                settings.optionalString("partition").map(settings::template);
        Optional<SubstitutionTemplate> key = settings.optionalString("key").map(settings::template);
        List<SubstitutionTemplate[]> headers = new ArrayList<>();
        for (JsonObject header : settings.objects("headers")) {
            ActionSettings h = new ActionSettings(
                    settings.ruleName(),
                    settings.member() + ".headers",
                    header,
                    settings.engine(),
                    settings.version(),
                    settings.creating());
            headers.add(new SubstitutionTemplate[] {
                h.template(h.requiredString("key")), h.template(h.requiredString("value"))
            });
        }
        return new Kafka(
                settings.template(settings.requiredString("topic")), key, partition, List.copyOf(headers), config);
    }

    private static final class Kafka implements RuleAction {
        private final SubstitutionTemplate topic;
        private final Optional<SubstitutionTemplate> key;
        private final Optional<SubstitutionTemplate> partition;
        private final List<SubstitutionTemplate[]> headers;
        private final Map<String, Object> config;
        private volatile KafkaProducer<byte[], byte[]> producer;
        private volatile boolean closed;

        Kafka(
                SubstitutionTemplate topic,
                Optional<SubstitutionTemplate> key,
                Optional<SubstitutionTemplate> partition,
                List<SubstitutionTemplate[]> headers,
                Map<String, Object> config) {
            this.topic = topic;
            this.key = key;
            this.partition = partition;
            this.headers = headers;
            this.config = config;
        }

        @Override
        public String resource() {
            return topic.text();
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            Integer partitionNumber = partition
                    .map(p -> p.render(input.message()))
                    .filter(p -> !p.isBlank())
                    .map(p -> Integer.valueOf(p.trim()))
                    .orElse(null);
            byte[] keyBytes = key.map(k -> k.render(input.message()).getBytes(StandardCharsets.UTF_8))
                    .orElse(null);
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(topic.render(input.message()), partitionNumber, keyBytes, input.payload());
            for (SubstitutionTemplate[] header : headers) {
                record.headers()
                        .add(new RecordHeader(
                                header[0].render(input.message()),
                                header[1].render(input.message()).getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture<Void> sent = new CompletableFuture<>();
            producer().send(record, (metadata, error) -> {
                if (error == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(error);
                }
            });
            return sent;
        }

        private KafkaProducer<byte[], byte[]> producer() {
            KafkaProducer<byte[], byte[]> current = producer;
            if (current == null) {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("the rule was replaced");
                    }
                    if (producer == null) {
                        // Kafka loads its classes through the context class loader: use this deployment's
                        Thread thread = Thread.currentThread();
                        ClassLoader previous = thread.getContextClassLoader();
                        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
                        try {
                            producer =
                                    new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                        } finally {
                            thread.setContextClassLoader(previous);
                        }
                    }
                    current = producer;
                }
            }
            return current;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (producer != null) {
                producer.close(java.time.Duration.ofSeconds(5));
                producer = null;
            }
        }
    }
}
