package io.thingstead.rules.internal.action;

import java.util.concurrent.CompletionStage;

/**
 * One configured action of one rule. Thread-safe: the engine calls {@link #run} from several threads at once. Runs on
 * the engine's action threads, so it may block briefly (a JDBC batch, a JMS send); it should return a stage that
 * completes when the target has the message (a Kafka acknowledgement, an HTTP 2xx) and completes exceptionally,
 * with a message that says what the target answered, when it does not. The engine retries a failed run with
 * exponential backoff and sends the message to the rule's error action once the retries are used up.
 */
public interface RuleAction {
    /** What the action writes to, for the error action's {@code failedResource}: a topic, a URL, a table. */
    String resource();

    CompletionStage<Void> run(ActionInput input);

    /** Releases connections (Kafka producer, HTTP client) when the rule is replaced, deleted or the server stops. */
    default void close() {}
}
