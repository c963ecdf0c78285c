package io.thingstead.it.rules;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A real Apache ActiveMQ Artemis broker in the test's JVM: persistent (its journal under {@code dir}), a core acceptor
 * on 127.0.0.1:{@code port}, security off. What the queue action sends to; the test reads it back with Artemis's
 * Jakarta Messaging client, as an operator's consumer would.
 */
public final class ArtemisBroker implements AutoCloseable {
    private final EmbeddedActiveMQ server;
    private final int port;

    private ArtemisBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    public static ArtemisBroker start(Path dir, int port) throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
        server.start();
        return new ArtemisBroker(server, port);
    }

    public String url(String destination) {
        return "tcp://127.0.0.1:" + port + "/" + destination;
    }

    /** One message as a consumer receives it. */
    public record Received(String body, String ruleName, String topic, boolean persistent) {}

    /** Receives from {@code queue} until {@code count} messages arrived or 30 s passed without one. */
    public List<Received> receive(String queue, int count) throws Exception {
        List<Received> received = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                JMSContext context = factory.createContext();
                JMSConsumer consumer = context.createConsumer(context.createQueue(queue))) {
            while (received.size() < count) {
                Message message = consumer.receive(30_000);
                if (message == null) {
                    break;
                }
                String body = message instanceof BytesMessage bytes
                        ? new String(bytes.getBody(byte[].class), StandardCharsets.UTF_8)
                        : message.getBody(String.class);
                received.add(new Received(
                        body,
                        message.getStringProperty("thingsteadRuleName"),
                        message.getStringProperty("thingsteadTopic"),
                        message.getJMSDeliveryMode() == jakarta.jms.DeliveryMode.PERSISTENT));
            }
        }
        return received;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
