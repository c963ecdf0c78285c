package io.thingstead.defender.internal.detect;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.defender.api.DefenderAlert;
import io.thingstead.defender.internal.Alerts;
import io.thingstead.gateway.api.ActivityCounts;
import io.thingstead.gateway.api.ConnectionRefused;
import io.thingstead.gateway.api.DeviceActivity;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.Things;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Detect's evaluation, every tick, on the module's scheduler thread and never on the MQTT path: the gateway's counts
 * ({@link DeviceActivity#drain()}), connection events and the devices' metrics reports of the tick are added to each
 * targeted device's windows; at the end of a behavior's window ({@code durationSeconds}, tumbling, aligned to ticks)
 * its datapoint is judged, and {@code consecutiveDatapointsToAlarm} violating ones raise a violation,
 * {@code consecutiveDatapointsToClear} normal ones clear it. State is per device and behavior (a few numbers); a
 * device with nothing pending and no alarm has none.
 */
@ApplicationScoped
public class DetectEngine {
    private static final Logger LOG = Logger.getLogger(DetectEngine.class);
    /** One factory: {@code Json.create...} looks the provider up on every call, which costs more than a judgement. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    /** A security profile as evaluated. */
    public record Profile(String name, List<Behavior> behaviors, List<String> targets, Optional<String> alertTopic) {}

    @Inject
    DeviceActivity activity;

    @Inject
    SecurityProfileService profiles;

    @Inject
    DetectStore store;

    @Inject
    Things things;

    @Inject
    ThingGroups groups;

    @Inject
    PlatformIdentity platform;

    @Inject
    Alerts alerts;

    @Inject
    Clock clock;

    private int tickSeconds = 10;

    /** Whether any profile is attached: events and reports are only kept while one is. */
    private volatile boolean enabled;

    private final Map<String, Sample> incoming = new ConcurrentHashMap<>();
    private final Map<String, DeviceState> state = new HashMap<>();
    private final Map<String, Membership> memberships = new HashMap<>();
    private Map<String, List<Double>> previousDatapoints = Map.of();
    private long tick;
    private boolean resumed;
    private volatile long lastTickNanos;
    private volatile int lastTickDevices;

    @PostConstruct
    void init() {
        int configured = ConfigProvider.getConfig()
                .getOptionalValue("thingstead.defender.detect.tick-seconds", Integer.class)
                .orElse(10);
        if (configured < 1 || configured > 300 || 3600 % configured != 0) {
            throw new IllegalArgumentException(
                    "thingstead.defender.detect.tick-seconds must divide 3600 and be 1 to 300, not " + configured);
        }
        tickSeconds = configured;
    }

    public int tickSeconds() {
        return tickSeconds;
    }

    /** The duration of the last evaluation and the devices it looked at (for the benchmark and the logs). */
    public long lastTickNanos() {
        return lastTickNanos;
    }

    public int lastTickDevices() {
        return lastTickDevices;
    }

    // --- what comes in between ticks (any thread) --------------------------------------------------------------------

    /** What one device did during the current tick. */
    static final class Sample {
        final Map<Metric, Double> sums = new HashMap<>();
        int smallest = -1;
        int largest = -1;
        final Set<String> sourceIps = new TreeSet<>();
        MetricsReport report;

        synchronized void add(Metric metric, double value) {
            sums.merge(metric, value, Double::sum);
        }

        synchronized void size(int min, int max) {
            if (min >= 0) {
                smallest = smallest < 0 ? min : Math.min(smallest, min);
            }
            largest = Math.max(largest, max);
        }

        synchronized void ip(String ip) {
            sourceIps.add(ip);
        }

        synchronized void report(MetricsReport value) {
            report = value;
        }
    }

    private Sample sample(String device) {
        return incoming.computeIfAbsent(device, d -> new Sample());
    }

    void onLifecycle(@Observes LifecycleEvent event) {
        if (!enabled) {
            return;
        }
        switch (event.type()) {
            case CONNECTED -> {
                Sample sample = sample(event.clientId());
                sample.add(Metric.CONNECTION_ATTEMPTS, 1);
                event.ipAddress().ifPresent(sample::ip);
            }
            case DISCONNECTED -> sample(event.clientId()).add(Metric.DISCONNECTS, 1);
            default -> {}
        }
    }

    void onRefused(@Observes ConnectionRefused event) {
        if (enabled && !event.clientId().isEmpty()) {
            Sample sample = sample(event.clientId());
            sample.add(Metric.CONNECTION_ATTEMPTS, 1);
            event.ipAddress().ifPresent(sample::ip);
        }
    }

    /** A device's accepted metrics report (the device service calls this). */
    public void report(String thingName, MetricsReport report) {
        if (enabled) {
            sample(thingName).report(report);
        }
    }

    // --- the tick ----------------------------------------------------------------------------------------------------

    /** Per device and behavior: the open window and the alarm. */
    static final class BehaviorState {
        double sum;
        boolean any;
        int smallest = -1;
        int largest = -1;
        Collection<String> set;
        int violating;
        int normal;
        String violationId;

        boolean idle() {
            return violationId == null && violating == 0 && !any;
        }
    }

    static final class DeviceState {
        final Map<String, BehaviorState> behaviors = new HashMap<>();
    }

    record Membership(boolean registered, Set<String> groupArns, long until) {}

    /** One evaluation: called by the scheduler every {@link #tickSeconds()}. */
    public synchronized void tick() {
        long t0 = System.nanoTime();
        tick++;
        List<Profile> loaded = loadProfiles();
        boolean any = !loaded.isEmpty();
        enabled = any;
        activity.counting(any);
        Map<String, Sample> samples = new HashMap<>();
        for (Iterator<Map.Entry<String, Sample>> it = incoming.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Sample> entry = it.next();
            samples.put(entry.getKey(), entry.getValue());
            it.remove();
        }
        for (ActivityCounts counts : activity.drain()) {
            Sample sample = samples.computeIfAbsent(counts.deviceName(), d -> new Sample());
            sample.add(Metric.MESSAGES_SENT, counts.messagesSent());
            sample.add(Metric.AUTHORIZATION_FAILURES, counts.authorizationFailures());
            if (counts.messagesSent() > 0) {
                sample.size(counts.smallestMessage(), counts.largestMessage());
            }
            counts.ipAddress().ifPresent(sample::ip);
        }
        if (!any) {
            state.clear();
            memberships.clear();
            lastTickNanos = System.nanoTime() - t0;
            lastTickDevices = 0;
            return;
        }
        Instant now = clock.instant();
        if (!resumed) {
            resumed = true;
            for (DetectStore.Active active : store.active()) {
                BehaviorState bs = new BehaviorState();
                bs.violationId = active.violationId();
                state.computeIfAbsent(active.thingName(), d -> new DeviceState())
                        .behaviors
                        .put(key(active.profileName(), active.behaviorName()), bs);
            }
        }
        Set<String> devices = new HashSet<>(samples.keySet());
        devices.addAll(state.keySet());
        Map<String, List<Double>> datapoints = new HashMap<>();
        for (String device : devices) {
            Sample sample = samples.get(device);
            DeviceState ds = state.computeIfAbsent(device, d -> new DeviceState());
            Set<String> live = new HashSet<>();
            for (Profile profile : applicable(device, loaded)) {
                for (Behavior behavior : profile.behaviors()) {
                    String key = key(profile.name(), behavior.name());
                    live.add(key);
                    BehaviorState bs = ds.behaviors.computeIfAbsent(key, k -> new BehaviorState());
                    accumulate(behavior, bs, sample);
                    if (tick % Math.max(1, behavior.durationSeconds() / tickSeconds) == 0) {
                        judge(device, profile, behavior, bs, key, datapoints, now);
                    }
                }
            }
            ds.behaviors
                    .entrySet()
                    .removeIf(e -> !live.contains(e.getKey()) || e.getValue().idle());
            if (ds.behaviors.isEmpty()) {
                state.remove(device);
            }
        }
        previousDatapoints = datapoints;
        if (tick % Math.max(1, 60 / tickSeconds) == 0) {
            memberships.values().removeIf(m -> m.until() < tick);
        }
        lastTickNanos = System.nanoTime() - t0;
        lastTickDevices = devices.size();
        LOG.debugf("detect tick %d: %d devices in %d µs", tick, devices.size(), lastTickNanos / 1000);
    }

    List<Profile> loadProfiles() {
        return profiles.loadForEvaluation();
    }

    private static String key(String profile, String behavior) {
        return profile + '\u0000' + behavior;
    }

    private List<Profile> applicable(String device, List<Profile> loaded) {
        Membership membership = memberships.get(device);
        if (membership == null || membership.until() < tick) {
            membership = lookUp(device);
            memberships.put(device, membership);
        }
        String registeredArn = registeredArn();
        String unregisteredArn = unregisteredArn();
        List<Profile> result = new ArrayList<>();
        for (Profile profile : loaded) {
            for (String target : profile.targets()) {
                if ((membership.registered() && target.equals(registeredArn))
                        || (!membership.registered() && target.equals(unregisteredArn))
                        || membership.groupArns().contains(target)) {
                    result.add(profile);
                    break;
                }
            }
        }
        return result;
    }

    private String registeredArn;
    private String unregisteredArn;

    private String registeredArn() {
        if (registeredArn == null) {
            registeredArn = platform.iotArn("all", "registered-things").toString();
            unregisteredArn = platform.iotArn("all", "unregistered-things").toString();
        }
        return registeredArn;
    }

    private String unregisteredArn() {
        registeredArn();
        return unregisteredArn;
    }

    /** Whether a device is a registered thing and the ARNs of its groups and their ancestors (cached for 30 s). */
    Membership lookUp(String device) {
        boolean registered = things.find(device).isPresent();
        Set<String> arns = new HashSet<>();
        if (registered) {
            try {
                for (ThingGroups.GroupRef ref :
                        groups.listGroupsForThing(device, Optional.empty(), 250).items()) {
                    arns.add(ref.groupArn());
                    groups.describe(ref.groupName())
                            .rootToParentThingGroups()
                            .forEach(parent -> arns.add(parent.groupArn()));
                }
            } catch (RuntimeException e) {
                LOG.debugf("groups of %s: %s", device, e.getMessage());
            }
        }
        return new Membership(registered, arns, tick + Math.max(1, 30 / tickSeconds));
    }

    /** Invalidates the group cache (a thing was added to or removed from a group by a mitigation action). */
    public synchronized void forget(String device) {
        memberships.remove(device);
    }

    private static void accumulate(Behavior behavior, BehaviorState bs, Sample sample) {
        if (sample == null) {
            return;
        }
        synchronized (sample) {
            if (behavior.metric().isPresent()) {
                Metric metric = behavior.metric().get();
                if (metric.cloudSide()) {
                    switch (metric.kind()) {
                        case SUM -> {
                            Double value = sample.sums.get(metric);
                            if (value != null) {
                                bs.sum += value;
                                bs.any = true;
                            }
                        }
                        case SIZE -> {
                            if (sample.largest >= 0) {
                                bs.smallest =
                                        bs.smallest < 0 ? sample.smallest : Math.min(bs.smallest, sample.smallest);
                                bs.largest = Math.max(bs.largest, sample.largest);
                                bs.any = true;
                            }
                        }
                        default -> {
                            if (!sample.sourceIps.isEmpty()) {
                                Set<String> set = bs.set == null ? new TreeSet<>() : new TreeSet<>(bs.set);
                                set.addAll(sample.sourceIps);
                                bs.set = set;
                                bs.any = true;
                            }
                        }
                    }
                    return;
                }
            }
            MetricsReport report = sample.report;
            if (report == null) {
                return;
            }
            String name = behavior.metricName();
            switch (behavior.kind()) {
                case SUM -> {
                    Double value = report.numbers().get(name);
                    if (value != null) {
                        bs.sum += value;
                        bs.any = true;
                    }
                }
                case GAUGE, CUSTOM_NUMBER -> {
                    Double value = report.numbers().get(name);
                    if (value != null) {
                        bs.sum = value;
                        bs.any = true;
                    }
                }
                default -> {
                    Set<String> value = report.sets().get(name);
                    if (value != null) {
                        bs.set = value;
                        bs.any = true;
                    }
                }
            }
        }
    }

    private void judge(
            String device,
            Profile profile,
            Behavior behavior,
            BehaviorState bs,
            String key,
            Map<String, List<Double>> datapoints,
            Instant now) {
        boolean cloudSum = behavior.kind() == Metric.Kind.SUM
                && behavior.metric().map(Metric::cloudSide).orElse(false);
        if (!bs.any && !cloudSum) {
            return; // no datapoint in this window (a device that reported nothing)
        }
        Boolean normal;
        Supplier<JsonObject> value;
        boolean statistical = behavior.statistic().isPresent();
        switch (behavior.kind()) {
            case SUM, GAUGE, CUSTOM_NUMBER -> {
                double datapoint = bs.sum;
                if (statistical) {
                    datapoints.computeIfAbsent(key, k -> new ArrayList<>()).add(datapoint);
                }
                Optional<Double> threshold = threshold(behavior, key);
                normal = threshold.isEmpty() ? null : behavior.normal(datapoint, threshold.get());
                value = behavior.kind() == Metric.Kind.CUSTOM_NUMBER
                        ? () -> JSON.createObjectBuilder()
                                .add("number", datapoint)
                                .build()
                        : () -> JSON.createObjectBuilder()
                                .add("count", (long) datapoint)
                                .build();
            }
            case SIZE -> {
                if (statistical) {
                    datapoints.computeIfAbsent(key, k -> new ArrayList<>()).add((double) bs.largest);
                }
                Optional<Double> threshold = threshold(behavior, key);
                normal = threshold.isEmpty()
                        ? null
                        : behavior.normal(bs.largest, threshold.get()) && behavior.normal(bs.smallest, threshold.get());
                int shown = threshold.isPresent() && !behavior.normal(bs.largest, threshold.get())
                        ? bs.largest
                        : bs.smallest;
                value = () -> JSON.createObjectBuilder().add("count", shown).build();
            }
            default -> {
                Collection<String> set = bs.set == null ? List.of() : bs.set;
                normal = behavior.normal(set);
                value = () -> {
                    JsonArrayBuilder items = JSON.createArrayBuilder();
                    String member;
                    if (behavior.kind() == Metric.Kind.PORT_SET) {
                        member = "ports";
                        set.forEach(p -> items.add(Integer.parseInt(p)));
                    } else if (behavior.kind() == Metric.Kind.IP_SET
                            || behavior.operator().endsWith("cidr-set")) {
                        member = "cidrs";
                        set.forEach(items::add);
                    } else {
                        member = "strings";
                        set.forEach(items::add);
                    }
                    return JSON.createObjectBuilder().add(member, items).build();
                };
            }
        }
        bs.sum = 0;
        bs.any = false;
        bs.smallest = -1;
        bs.largest = -1;
        bs.set = null;
        if (normal == null) {
            return; // a statistical threshold without a previous window yet
        }
        if (!normal) {
            bs.normal = 0;
            bs.violating++;
            if (bs.violationId == null && bs.violating >= behavior.toAlarm()) {
                JsonObject shown = value.get();
                bs.violationId = store.raise(device, profile.name(), behavior, shown, now);
                alert(profile, behavior, device, bs.violationId, "in-alarm", shown, now);
            } else if (bs.violationId != null) {
                store.stillViolating(bs.violationId, value.get(), now);
            }
        } else {
            bs.violating = 0;
            bs.normal++;
            if (bs.violationId != null && bs.normal >= behavior.toClear()) {
                JsonObject shown = value.get();
                store.clear(bs.violationId, shown, now);
                alert(profile, behavior, device, bs.violationId, "alarm-cleared", shown, now);
                bs.violationId = null;
                bs.normal = 0;
            }
        }
    }

    /** The value, or the statistic's percentile over every targeted device's datapoints of the previous window. */
    private Optional<Double> threshold(Behavior behavior, String key) {
        if (behavior.number().isPresent()) {
            return behavior.number();
        }
        List<Double> previous = previousDatapoints.get(key);
        if (previous == null || previous.isEmpty()) {
            return Optional.empty();
        }
        double[] values = previous.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(values);
        double p = Double.parseDouble(behavior.statistic().orElseThrow().substring(1)) / 100.0;
        int index = (int) Math.ceil(p * values.length) - 1;
        return Optional.of(values[Math.max(0, Math.min(values.length - 1, index))]);
    }

    private void alert(
            Profile profile,
            Behavior behavior,
            String device,
            String violationId,
            String type,
            JsonObject value,
            Instant now) {
        if (behavior.suppressAlerts()) {
            return;
        }
        JsonObject document = JSON.createObjectBuilder()
                .add("violationEventTime", now.toEpochMilli())
                .add("thingName", device)
                .add("behavior", behavior.document())
                .add("violationEventType", type)
                .add("metricValue", value)
                .add("securityProfileName", profile.name())
                .add("violationId", violationId)
                .build();
        alerts.send(DefenderAlert.Kind.VIOLATION, profile.alertTopic(), document);
    }
}
