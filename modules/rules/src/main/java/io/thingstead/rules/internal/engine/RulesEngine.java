package io.thingstead.rules.internal.engine;

import io.thingstead.rules.internal.control.DestinationService;
import io.thingstead.rules.internal.control.RulesChanged;
import io.thingstead.rules.internal.control.TopicRuleService;
import io.thingstead.rules.internal.control.TopicRuleService.StoredRule;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The running engine: the enabled rules as one immutable {@link RuleSet} (reloaded after every committed change), the
 * {@link Inbox}, the {@link Dispatcher} and the action threads. Started by {@link RulesStartup} once the schema is
 * there.
 */
@ApplicationScoped
public class RulesEngine {
    private static final Logger LOG = Logger.getLogger(RulesEngine.class);

    @Inject
    TopicRuleService rules;

    @Inject
    DestinationService destinations;

    @Inject
    RuleCompiler compiler;

    @Inject
    Inbox inbox;

    @Inject
    RulesSettings settings;

    @Inject
    RulesMetrics metrics;

    @Inject
    EnabledDestinations enabledDestinations;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threadFactory;

    private volatile RuleSet current = RuleSet.EMPTY;
    private volatile boolean started;
    private Dispatcher dispatcher;
    private ExecutorService actionThreads;
    private ScheduledExecutorService timer;
    private volatile ExecutorService reloader;

    synchronized void start() {
        if (started) {
            return;
        }
        actionThreads = Executors.newFixedThreadPool(settings.actionThreads(), named("thingstead-rules-action"));
        timer = Executors.newSingleThreadScheduledExecutor(named("thingstead-rules-timer"));
        reloader = Executors.newSingleThreadExecutor(named("thingstead-rules-reload"));
        ActionRunner runner = new ActionRunner(
                actionThreads,
                timer,
                metrics,
                settings.attempts(),
                settings.backoff(),
                settings.backoffMax(),
                settings.actionTimeout());
        reload();
        dispatcher = new Dispatcher(
                Math.max(100, settings.inboxBatch() * 10),
                settings.inFlight(),
                () -> current,
                runner,
                metrics,
                inbox::completed);
        dispatcher.start(threadFactory, settings.evaluatorThreads());
        inbox.start(dispatcher);
        started = true;
    }

    boolean started() {
        return started;
    }

    RuleSet current() {
        return current;
    }

    /**
     * After the change committed, before the request answers (so a rule is in force once CreateTopicRule returned).
     * The reload runs on a thread of its own: this observer runs in the committed transaction's completion, where the
     * thread's transaction can no longer enlist a connection.
     */
    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) RulesChanged change) {
        ExecutorService reloader = this.reloader;
        if (started && reloader != null) {
            try {
                reloader.submit(this::reload).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "reloading the rules after a change to %s failed", change.what());
            } catch (TimeoutException e) {
                LOG.warnf("reloading the rules after a change to %s takes more than 30 s", change.what());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Loads the enabled rules; a rule whose version did not change keeps its actions (and their connections). */
    synchronized void reload() {
        enabledDestinations.refresh(destinations.enabledUrls());
        Map<String, ActiveRule> old = new HashMap<>();
        current.rules().forEach(rule -> old.put(rule.name(), rule));
        List<ActiveRule> loaded = new ArrayList<>();
        for (StoredRule stored : rules.enabledRules()) {
            ActiveRule previous = old.get(stored.name());
            if (previous != null && previous.version() == stored.version()) {
                loaded.add(previous);
                continue;
            }
            try {
                loaded.add(compiler.load(
                        stored.name(),
                        stored.version(),
                        stored.sql(),
                        stored.awsIotSqlVersion(),
                        stored.actions(),
                        stored.errorAction()));
            } catch (RuntimeException e) {
                LOG.errorf("the stored rule %s cannot be loaded and does not run: %s", stored.name(), e.getMessage());
            }
        }
        RuleSet next = new RuleSet(loaded);
        current = next;
        Set<ActiveRule> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(loaded);
        List<ActiveRule> retired =
                old.values().stream().filter(r -> !kept.contains(r)).toList();
        if (!retired.isEmpty() && timer != null) {
            // messages already evaluated may still be running the old actions: close them a little later
            timer.schedule(() -> retired.forEach(ActiveRule::close), 30, TimeUnit.SECONDS);
        }
        LOG.debugf("%d enabled rules", loaded.size());
    }

    Optional<Dispatcher> dispatcher() {
        return Optional.ofNullable(dispatcher);
    }

    private java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = threadFactory.newThread(runnable);
            thread.setName(prefix + "-" + n.incrementAndGet());
            return thread;
        };
    }

    @PreDestroy
    synchronized void stop() {
        started = false;
        inbox.stop();
        if (dispatcher != null) {
            dispatcher.stop();
        }
        if (actionThreads != null) {
            actionThreads.shutdownNow();
            timer.shutdownNow();
            reloader.shutdownNow();
        }
        current.rules().forEach(ActiveRule::close);
        current = RuleSet.EMPTY;
    }
}
