package io.thingstead.gateway.internal.routing;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.MessageTap;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.gateway.api.TapInput;
import io.thingstead.gateway.api.TapOutput;
import io.thingstead.gateway.api.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Where an accepted message goes besides MQTT subscribers: to the one device service whose route filter matches its
 * topic ({@link #route}), and to the taps interested in it ({@link #tapsFor}, {@link #tap}). Built once per start of
 * the broker from the services and taps CDI found; immutable and thread-safe.
 *
 * <p>The lookup is by the topic's first level: a topic like {@code bench/dev-1/data} is decided by one character when
 * every service serves {@code $aws/...} topics, else by one hash lookup; with no interested tap no message object is
 * built at all.
 */
public final class ServiceRouter {
    private static final Logger LOG = Logger.getLogger(ServiceRouter.class);
    private static final Candidate[] NONE = new Candidate[0];

    /** Up to 31 taps, one bit each in {@link #tapsFor}'s mask. */
    public static final int MAX_TAPS = 31;

    private final List<ServiceLanes> services;
    private final Map<String, Candidate[]> byFirstLevel;
    private final Candidate[] wildFirst;
    /** Whether any route could match a topic not starting with {@code $}, and one starting with it. */
    private final boolean plainRoutes;

    private final boolean reservedRoutes;
    private final MessageTap[] taps;
    private final ServiceMeters[] tapMeters;

    /** A service's filter, and the lanes it leads to. */
    private record Candidate(TopicFilter filter, ServiceLanes lanes) {}

    /** The service that serves a topic, and what its filter's wildcards matched. */
    public record Match(ServiceLanes lanes, TopicFilter filter, List<String> levels) {
        public boolean consumes() {
            return lanes.route().consumes();
        }
    }

    /**
     * @throws IllegalArgumentException when two services' filters overlap or have the same name, or when there are
     *     more than {@link #MAX_TAPS} taps
     */
    public ServiceRouter(List<ServiceLanes> services, List<MessageTap> taps, List<ServiceMeters> tapMeters) {
        checkNoOverlap(services);
        if (taps.size() > MAX_TAPS || taps.size() != tapMeters.size()) {
            throw new IllegalArgumentException("at most " + MAX_TAPS + " taps, each with its meters");
        }
        this.services = List.copyOf(services);
        Map<String, List<Candidate>> index = new HashMap<>();
        List<Candidate> wild = new ArrayList<>();
        for (ServiceLanes lanes : services) {
            for (TopicFilter filter : lanes.route().filters()) {
                String first = firstLevel(filter.filter());
                Candidate candidate = new Candidate(filter, lanes);
                if (first.equals("+") || first.equals("#")) {
                    wild.add(candidate);
                } else {
                    index.computeIfAbsent(first, k -> new ArrayList<>()).add(candidate);
                }
            }
        }
        Map<String, Candidate[]> frozen = new HashMap<>();
        index.forEach((first, list) -> {
            List<Candidate> all = new ArrayList<>(list);
            all.addAll(wild);
            frozen.put(first, all.toArray(NONE));
        });
        this.byFirstLevel = Map.copyOf(frozen);
        this.wildFirst = wild.toArray(NONE);
        this.plainRoutes = !wild.isEmpty() || index.keySet().stream().anyMatch(first -> !first.startsWith("$"));
        this.reservedRoutes = index.keySet().stream().anyMatch(first -> first.startsWith("$"));
        this.taps = taps.toArray(new MessageTap[0]);
        this.tapMeters = tapMeters.toArray(new ServiceMeters[0]);
    }

    /** No services, no taps. */
    public static ServiceRouter empty() {
        return new ServiceRouter(List.of(), List.of(), List.of());
    }

    public List<ServiceLanes> services() {
        return services;
    }

    public int tapCount() {
        return taps.length;
    }

    /** The service serving {@code topic}, or null when none does. */
    public Match route(String topic) {
        // the common case, a device's own topic with only $aws services installed: decided without a lookup
        if (topic.isEmpty() || !(topic.charAt(0) == '$' ? reservedRoutes : plainRoutes)) {
            return null;
        }
        Candidate[] candidates = byFirstLevel.getOrDefault(firstLevel(topic), wildFirst);
        for (Candidate candidate : candidates) {
            if (candidate.filter().matches(topic)) {
                return new Match(
                        candidate.lanes(),
                        candidate.filter(),
                        candidate.filter().match(topic).orElseThrow());
            }
        }
        return null;
    }

    /** The taps interested in {@code topic} now, one bit per tap; 0 when none (the common, free case). */
    public int tapsFor(String topic) {
        int mask = 0;
        for (int i = 0; i < taps.length; i++) {
            if (taps[i].interest().matches(topic)) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /**
     * Shows a message to the taps in {@code mask}, on the caller's thread.
     *
     * @param acknowledged whether the publisher waits for an acknowledgement that taps may hold
     * @return what the acknowledgement must wait for, or null when no tap holds it
     */
    public CompletionStage<Void> tap(int mask, DeviceMessage message, boolean acknowledged) {
        Input input = new Input(message, acknowledged);
        List<CompletableFuture<?>> holds = null;
        for (int i = 0; i < taps.length; i++) {
            if ((mask & (1 << i)) == 0) {
                continue;
            }
            Output output = new Output(acknowledged);
            tapMeters[i].requested();
            try {
                taps[i].onPublish(input, output);
            } catch (RuntimeException e) {
                tapMeters[i].failed();
                LOG.errorf(e, "the tap %s failed on %s", taps[i].name(), message);
                continue;
            }
            if (output.hold != null) {
                tapMeters[i].replied();
                if (holds == null) {
                    holds = new ArrayList<>(1);
                }
                holds.add(output.hold.toCompletableFuture());
            }
        }
        if (holds == null) {
            return null;
        }
        return holds.size() == 1
                ? holds.get(0).thenApply(ignored -> null)
                : CompletableFuture.allOf(holds.toArray(new CompletableFuture<?>[0]));
    }

    /** Stops every service's lanes and removes their meters. */
    public void stop() {
        services.forEach(ServiceLanes::stop);
        for (ServiceMeters meters : tapMeters) {
            meters.close();
        }
    }

    private record Input(DeviceMessage message, boolean acknowledged) implements TapInput {}

    private static final class Output implements TapOutput {
        private final boolean acknowledged;
        private CompletionStage<?> hold;

        Output(boolean acknowledged) {
            this.acknowledged = acknowledged;
        }

        @Override
        public void acknowledgeAfter(CompletionStage<?> durable) {
            if (acknowledged && hold == null && durable != null) {
                hold = durable;
            }
        }
    }

    public static String firstLevel(String topic) {
        int slash = topic.indexOf('/');
        return slash < 0 ? topic : topic.substring(0, slash);
    }

    private static void checkNoOverlap(List<ServiceLanes> services) {
        for (int i = 0; i < services.size(); i++) {
            ServiceRoute a = services.get(i).route();
            for (int j = i + 1; j < services.size(); j++) {
                ServiceRoute b = services.get(j).route();
                if (a.name().equals(b.name())) {
                    throw new IllegalArgumentException("two device services are named " + a.name());
                }
                for (TopicFilter fa : a.filters()) {
                    for (TopicFilter fb : b.filters()) {
                        if (overlap(fa.filter(), fb.filter())) {
                            throw new IllegalArgumentException("the device services " + a.name() + " (" + fa + ") and "
                                    + b.name() + " (" + fb + ") would both serve some topics");
                        }
                    }
                }
            }
        }
    }

    /** Whether some topic matches both filters. */
    public static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        if (x[0].startsWith("$") != y[0].startsWith("$") && (isWild(x[0]) || isWild(y[0]))) {
            return false; // a wildcard first level matches no $ topic
        }
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i].equals("#") || y[i].equals("#")) {
                return true;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
        if (x.length == y.length) {
            return true;
        }
        String[] longer = x.length > y.length ? x : y;
        return longer.length == n + 1 && longer[n].equals("#"); // a/# also matches a
    }

    private static boolean isWild(String level) {
        return level.equals("+") || level.equals("#");
    }
}
