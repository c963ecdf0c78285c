package io.thingstead.rules.internal.engine;

import io.thingstead.rules.internal.action.ActionInput;
import io.thingstead.rules.internal.engine.ActiveRule.BoundAction;
import io.thingstead.rules.internal.engine.ErrorEnvelope.Failure;
import io.thingstead.rules.internal.sql.SqlInput;
import io.thingstead.rules.internal.sql.SqlOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs a matched rule's actions: each on the action threads, retried with exponential backoff and jitter ({@code
 * action.attempts} tries, {@code action.backoff} doubling up to {@code action.backoff-max}, each try bounded by {@code
 * action.timeout}); once every action is done, the actions that never succeeded go to the rule's error action in one
 * AWS error envelope, itself retried the same way. The returned stage completes when all of that is over, which is when
 * the message may leave the inbox.
 */
final class ActionRunner {
    private static final Logger LOG = Logger.getLogger(ActionRunner.class);

    private final ExecutorService actionThreads;
    private final ScheduledExecutorService timer;
    private final RulesMetrics metrics;
    private final int attempts;
    private final Duration backoff;
    private final Duration backoffMax;
    private final Duration timeout;

    ActionRunner(
            ExecutorService actionThreads,
            ScheduledExecutorService timer,
            RulesMetrics metrics,
            int attempts,
            Duration backoff,
            Duration backoffMax,
            Duration timeout) {
        this.actionThreads = actionThreads;
        this.timer = timer;
        this.metrics = metrics;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.timeout = timeout;
    }

    /** Runs every action of a matched rule, then the error action for those that failed. */
    CompletableFuture<Void> run(ActiveRule rule, InboxMessage message, SqlInput input, SqlOutput output) {
        ActionInput actionInput = new ActionInput(rule.name(), input, output);
        List<CompletableFuture<Failure>> runs = new ArrayList<>(rule.actions().size());
        for (BoundAction action : rule.actions()) {
            runs.add(withRetries(rule.name(), action, actionInput));
        }
        return CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0]))
                .thenCompose(ignored -> {
                    List<Failure> failures = new ArrayList<>();
                    for (CompletableFuture<Failure> run : runs) {
                        Failure failure = run.join();
                        if (failure != null) {
                            failures.add(failure);
                        }
                    }
                    if (failures.isEmpty()) {
                        metrics.latency(rule.name(), System.currentTimeMillis() - input.timestamp());
                        return CompletableFuture.completedFuture(null);
                    }
                    return errorAction(rule, message, input, failures);
                });
    }

    /** The error action for a message the rule could not evaluate, or whose actions failed. */
    CompletableFuture<Void> errorAction(ActiveRule rule, InboxMessage message, SqlInput input, List<Failure> failures) {
        if (rule.errorAction().isEmpty()) {
            metrics.errorAction(rule.name(), "none");
            LOG.warnf(
                    "rule %s: %s failed for a message on %s and the rule has no error action: %s",
                    rule.name(),
                    failures.get(0).failedAction(),
                    input.topic(),
                    failures.get(0).errorMessage());
            return CompletableFuture.completedFuture(null);
        }
        byte[] envelope = ErrorEnvelope.of(
                rule.name(),
                input.topic(),
                message.traceId(),
                message.message().clientId(),
                message.message().payload(),
                failures);
        BoundAction error = rule.errorAction().get();
        ActionInput errorInput = new ActionInput(rule.name(), input, SqlOutput.ofJson(envelope));
        return withRetries(rule.name(), error, errorInput).thenAccept(failure -> {
            if (failure == null) {
                metrics.errorAction(rule.name(), "succeeded");
            } else {
                metrics.errorAction(rule.name(), "failed");
                LOG.errorf(
                        "rule %s: the error action %s failed too, the message on %s is dropped: %s",
                        rule.name(), error.actionName(), input.topic(), failure.errorMessage());
            }
        });
    }

    /** Completes with null on success, with the last failure once the tries are used up; never exceptionally. */
    private CompletableFuture<Failure> withRetries(String rule, BoundAction action, ActionInput input) {
        CompletableFuture<Failure> result = new CompletableFuture<>();
        attempt(rule, action, input, 1, result);
        return result;
    }

    private void attempt(
            String rule, BoundAction action, ActionInput input, int attempt, CompletableFuture<Failure> result) {
        CompletableFuture<Void> run;
        try {
            run = CompletableFuture.supplyAsync(() -> action.action().run(input), actionThreads)
                    .thenCompose(stage -> stage)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the executor refused: the server is stopping
            result.complete(new Failure(action.actionName(), action.action().resource(), describe(e)));
            return;
        }
        run.whenComplete((ok, error) -> {
            if (error == null) {
                metrics.action(rule, action.type(), "succeeded");
                result.complete(null);
                return;
            }
            String reason = describe(error);
            if (attempt >= attempts) {
                metrics.action(rule, action.type(), "failed");
                LOG.debugf("rule %s: %s failed %d times: %s", rule, action.actionName(), attempt, reason);
                result.complete(new Failure(action.actionName(), action.action().resource(), reason));
                return;
            }
            metrics.action(rule, action.type(), "retried");
            long delay = delayMillis(attempt);
            try {
                timer.schedule(() -> attempt(rule, action, input, attempt + 1, result), delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                result.complete(new Failure(action.actionName(), action.action().resource(), reason));
            }
        });
    }

    /** {@code backoff * 2^(attempt-1)}, at most {@code backoffMax}, with up to 20 % jitter. */
    long delayMillis(int attempt) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, backoffMax.toMillis());
        return capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1);
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "the action did not complete in time";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
