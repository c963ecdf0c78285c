package io.thingstead.rules.internal.action;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The queue action: AWS's {@code sqs} action, on an Apache ActiveMQ Artemis broker instead of Amazon SQS, sent with
 * Artemis's own Jakarta Messaging client. {@code queueUrl} names the broker and the destination: {@code
 * tcp://host:61616/telemetry} (a JMS queue) or {@code tcp://host:61616/topic/alerts} (a JMS topic); query parameters
 * are Artemis connector settings ({@code ?sslEnabled=true&trustStorePath=...}). The broker's user and password are
 * server settings ({@code thingstead.rules.queue.user}, {@code .password}), not part of the rule, so GetTopicRule never
 * shows them. {@code useBase64} sends the payload as base64 text, as AWS does; {@code roleArn} is required, as AWS,
 * and not used. Messages are persistent and sent blocking: the broker has journaled them when the send returns. They
 * carry the string properties {@code thingsteadRuleName} and {@code thingsteadTopic}.
 *
 * <p>Why not WildFly's messaging-activemq subsystem: its Galleon feature pack needs {@code artemis-wildfly-integration},
 * which is published only to JBoss's repositories, not to Maven Central (docs/rules.md).
 */
@ApplicationScoped
public class QueueActionFactory implements ActionFactory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    @Inject
    @ConfigProperty(name = "thingstead.rules.queue.user")
    Optional<String> user = Optional.empty();

    @Inject
    @ConfigProperty(name = "thingstead.rules.queue.password")
    Optional<String> password = Optional.empty();

    @Override
    public String id() {
        return "sqs";
    }

    @Override
    public String actionName() {
        return "SqsAction";
    }

    @Override
    public String helpText() {
        return "Sends the rule's output to a queue or topic on an Apache ActiveMQ Artemis broker (durable).";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        String queueUrl = settings.requiredString("queueUrl");
        Target target = Target.parse(queueUrl)
                .orElseThrow(() -> settings.invalid("queueUrl must name an Artemis broker and a destination, such as"
                        + " tcp://broker:61616/telemetry or tcp://broker:61616/topic/alerts"));
        boolean base64 = settings.optionalBoolean("useBase64").orElse(false);
        return new Queue(queueUrl, target, base64, user.orElse(null), password.orElse(null));
    }

    /** The broker URL Artemis's client takes, and the destination. */
    record Target(String brokerUrl, String destination, boolean topic) {
        static Optional<Target> parse(String queueUrl) {
            URI uri;
            try {
                uri = new URI(queueUrl);
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || uri.getPath() == null) {
                return Optional.empty();
            }
            String path = uri.getPath().substring(uri.getPath().isEmpty() ? 0 : 1);
            boolean topic = path.startsWith("topic/");
            String name = topic ? path.substring("topic/".length()) : path;
            if (!NAME.matcher(name).matches()) {
                return Optional.empty();
            }
            StringBuilder broker = new StringBuilder("tcp://")
                    .append(uri.getRawAuthority().replaceFirst("^.*@", ""))
                    .append('?');
            String query = uri.getRawQuery();
            if (query != null && !query.isEmpty()) {
                broker.append(query).append('&');
            }
            // a broker that is down must fail the send within the engine's retry budget, not hold a thread for 30 s
            if (query == null || !query.contains("callTimeout=")) {
                broker.append("callTimeout=5000&");
            }
            if (query == null || !query.contains("connectionTTL=")) {
                broker.append("connectionTTL=60000&");
            }
            broker.setLength(broker.length() - 1);
            return Optional.of(new Target(broker.toString(), name, topic));
        }
    }

    private static final class Queue implements RuleAction {
        private final String queueUrl;
        private final Target target;
        private final boolean base64;
        private final String user;
        private final String password;
        /** Idle sessions: a JMSContext is for one thread at a time, so each send borrows one. */
        private final ConcurrentLinkedQueue<JMSContext> idle = new ConcurrentLinkedQueue<>();

        private volatile ActiveMQConnectionFactory factory;
        private volatile boolean closed;

        Queue(String queueUrl, Target target, boolean base64, String user, String password) {
            this.queueUrl = queueUrl;
            this.target = target;
            this.base64 = base64;
            this.user = user;
            this.password = password;
        }

        @Override
        public String resource() {
            return queueUrl;
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            JMSContext context = null;
            try {
                context = borrow();
                Message message;
                if (base64) {
                    message = context.createTextMessage(Base64.getEncoder().encodeToString(input.payload()));
                } else {
                    BytesMessage bytes = context.createBytesMessage();
                    bytes.writeBytes(input.payload());
                    message = bytes;
                }
                message.setStringProperty("thingsteadRuleName", input.ruleName());
                message.setStringProperty("thingsteadTopic", input.message().topic());
                Destination destination = target.topic()
                        ? context.createTopic(target.destination())
                        : context.createQueue(target.destination());
                context.createProducer()
                        .setDeliveryMode(DeliveryMode.PERSISTENT)
                        .send(destination, message);
                if (closed) {
                    context.close();
                } else {
                    idle.add(context);
                }
                return CompletableFuture.completedFuture(null);
            } catch (RuntimeException | jakarta.jms.JMSException e) {
                if (context != null) {
                    closeQuietly(context);
                }
                // a failed send usually means a lost connection: the idle sessions share its fate
                JMSContext stale;
                while ((stale = idle.poll()) != null) {
                    closeQuietly(stale);
                }
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the Artemis broker at " + target.brokerUrl() + " refused or did not take the message: "
                                + e.getMessage(),
                        e));
            }
        }

        private JMSContext borrow() {
            JMSContext context = idle.poll();
            if (context != null) {
                return context;
            }
            if (closed) {
                throw new IllegalStateException("the rule was replaced");
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // Artemis loads its connector through the context class loader: use this deployment's
            thread.setContextClassLoader(ActiveMQConnectionFactory.class.getClassLoader());
            try {
                if (factory == null) {
                    synchronized (this) {
                        if (factory == null) {
                            factory = new ActiveMQConnectionFactory(target.brokerUrl());
                        }
                    }
                }
                return user == null
                        ? factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)
                        : factory.createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        private static void closeQuietly(JMSContext context) {
            try {
                context.close();
            } catch (RuntimeException ignored) {
                // the connection is gone already
            }
        }

        @Override
        public void close() {
            closed = true;
            JMSContext context;
            while ((context = idle.poll()) != null) {
                closeQuietly(context);
            }
            ActiveMQConnectionFactory current = factory;
            if (current != null) {
                current.close();
            }
        }
    }
}
