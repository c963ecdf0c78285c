package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.rules.internal.engine.ErrorEnvelope.Failure;
import io.thingstead.rules.internal.sql.SqlInput;
import io.thingstead.rules.internal.sql.SqlResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Evaluates stored messages against the rules and starts their actions, on its own threads ({@code
 * evaluator-threads}), never on the broker's. Its queue is bounded; {@link #offer} never blocks (the inbox keeps what
 * does not fit and reads it back later). At most {@code in-flight} messages have actions running at once: beyond that
 * the evaluators wait, the queue fills and new messages stay in the inbox until the targets catch up.
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final String BASIC_INGEST = "$aws/rules/";

    private final BlockingQueue<InboxMessage> queue;
    private final Supplier<RuleSet> rules;
    private final ActionRunner runner;
    private final RulesMetrics metrics;
    private final LongConsumer completed;
    private final Semaphore inFlight;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Dispatcher(
            int capacity,
            int inFlight,
            Supplier<RuleSet> rules,
            ActionRunner runner,
            RulesMetrics metrics,
            LongConsumer completed) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.rules = rules;
        this.runner = runner;
        this.metrics = metrics;
        this.completed = completed;
        this.inFlight = new Semaphore(inFlight);
        metrics.dispatchGauge(queue::size);
    }

    void start(ThreadFactory threadFactory, int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            Thread thread = threadFactory.newThread(this::run);
            thread.setName("thingstead-rules-evaluator-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    boolean offer(InboxMessage message) {
        return queue.offer(message);
    }

    int room() {
        return queue.remainingCapacity();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    private void run() {
        while (running) {
            try {
                InboxMessage message = queue.poll(200, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                inFlight.acquire();
                CompletableFuture<Void> done;
                try {
                    done = process(message);
                } catch (RuntimeException e) {
                    LOG.errorf(
                            e,
                            "evaluating a message on %s failed",
                            message.message().topic());
                    done = CompletableFuture.completedFuture(null);
                }
                done.whenComplete((ok, error) -> {
                    inFlight.release();
                    completed.accept(message.id());
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Evaluates every rule the message selects and starts their actions. */
    CompletableFuture<Void> process(InboxMessage message) {
        RuleSet set = rules.get();
        DeviceMessage device = message.message();
        String topic = device.topic();
        List<ActiveRule> selected;
        if (message.ruleName().isPresent()) {
            selected = set.named(message.ruleName().get()).map(List::of).orElse(List.of());
            topic = withoutBasicIngestPrefix(topic);
        } else {
            selected = set.matching(topic);
        }
        if (selected.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        SqlInput input = new SqlInput(
                topic,
                device.payload(),
                device.clientId(),
                Optional.of(device.principal()),
                device.receivedAt().toEpochMilli(),
                Optional.of(message.traceId()),
                device.userProperties().stream()
                        .map(p -> new SqlInput.UserProperty(p.name(), p.value()))
                        .toList());
        List<CompletableFuture<Void>> runs = new ArrayList<>(selected.size());
        for (ActiveRule rule : selected) {
            SqlResult result = rule.sql().evaluate(input);
            switch (result) {
                case SqlResult.Matched matched -> {
                    metrics.matched(rule.name());
                    metrics.started(rule.name());
                    runs.add(runner.run(rule, message, input, matched.output())
                            .whenComplete((ok, error) -> metrics.finished(rule.name())));
                }
                case SqlResult.NotMatched notMatched -> {}
                case SqlResult.Failed failed -> {
                    metrics.sqlFailed(rule.name());
                    runs.add(runner.errorAction(
                            rule,
                            message,
                            input,
                            List.of(new Failure("SqlEvaluation", rule.name(), failed.message()))));
                }
            }
        }
        return runs.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0]));
    }

    /** {@code $aws/rules/<rule>/a/b} is {@code a/b} for the rule's SQL functions, as AWS's {@code topic()}. */
    static String withoutBasicIngestPrefix(String topic) {
        if (!topic.startsWith(BASIC_INGEST)) {
            return topic;
        }
        int slash = topic.indexOf('/', BASIC_INGEST.length());
        return slash < 0 ? "" : topic.substring(slash + 1);
    }

    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
