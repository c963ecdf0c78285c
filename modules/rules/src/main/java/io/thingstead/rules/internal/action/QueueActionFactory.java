package io.thingstead.rules.internal.action;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The queue action: AWS's {@code sqs} action, on WildFly's own Artemis broker instead of Amazon SQS. {@code queueUrl}
 * is the JNDI name of a JMS queue or topic the operator defined in WildFly ({@code java:/jms/queue/telemetry}, see
 * docs/rules.md); {@code useBase64} sends the payload as base64 text, as AWS does; {@code roleArn} is required, as AWS,
 * and not used. Messages are persistent (Artemis journals them before the send returns) and carry the string
 * properties {@code thingsteadRuleName} and {@code thingsteadTopic}. Sent through WildFly's pooled {@code
 * java:/JmsXA}.
 */
@ApplicationScoped
public class QueueActionFactory implements ActionFactory {
    private static final Pattern JNDI = Pattern.compile("java:[A-Za-z0-9_./-]{1,255}");
    static final String CONNECTION_FACTORY = "java:/JmsXA";

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
        return "Sends the rule's output to a JMS queue or topic on WildFly's Artemis broker (durable).";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        String queue = settings.requiredString("queueUrl");
        if (!JNDI.matcher(queue).matches()) {
            throw settings.invalid("queueUrl must be the JNDI name of a JMS queue or topic defined in WildFly, such as"
                    + " java:/jms/queue/telemetry");
        }
        boolean base64 = settings.optionalBoolean("useBase64").orElse(false);
        return new Queue(queue, base64);
    }

    private static final class Queue implements RuleAction {
        private final String jndiName;
        private final boolean base64;
        private volatile ConnectionFactory factory;
        private volatile Destination destination;

        Queue(String jndiName, boolean base64) {
            this.jndiName = jndiName;
            this.base64 = base64;
        }

        @Override
        public String resource() {
            return jndiName;
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            try {
                lookUp();
            } catch (NamingException e) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("no JMS destination " + jndiName + " in WildFly: " + e.getMessage()));
            }
            try (JMSContext context = factory.createContext()) {
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
                context.createProducer()
                        .setDeliveryMode(DeliveryMode.PERSISTENT)
                        .send(destination, message);
                return CompletableFuture.completedFuture(null);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private void lookUp() throws NamingException {
            if (destination == null) {
                InitialContext context = new InitialContext();
                try {
                    factory = (ConnectionFactory) context.lookup(CONNECTION_FACTORY);
                    destination = (Destination) context.lookup(jndiName);
                } finally {
                    context.close();
                }
            }
        }
    }
}
