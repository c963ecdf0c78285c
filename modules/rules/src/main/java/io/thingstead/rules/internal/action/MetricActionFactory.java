package io.thingstead.rules.internal.action;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The metric action: AWS's {@code cloudwatchMetric} action, as Prometheus metrics on {@code /metrics}. {@code
 * metricNamespace}, {@code metricName}, {@code metricValue} and {@code metricUnit} (all with substitution templates;
 * the unit one of CloudWatch's) give, per namespace, name and unit, the summary {@code thingstead_rules_metric}
 * ({@code _count}, {@code _sum}, {@code _max}) of every value and the gauge {@code thingstead_rules_metric_last}.
 * {@code metricTimestamp} is accepted and not used (Prometheus stamps samples when it scrapes). At most 1,000 series in
 * all: a message that would add one more fails to the error action.
 */
@ApplicationScoped
public class MetricActionFactory implements ActionFactory {
    static final int MAX_SERIES = 1000;
    private static final Pattern NAME = Pattern.compile("[^/\\p{Cntrl}]{1,255}");
    private static final Set<String> UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    @Inject
    MeterRegistry registry;

    private final Map<Tags, Series> series = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    private record Series(DistributionSummary summary, AtomicReference<Double> last) {}

    @Override
    public String id() {
        return "cloudwatchMetric";
    }

    @Override
    public String actionName() {
        return "CloudwatchMetricAction";
    }

    @Override
    public String helpText() {
        return "Records a value from the message as a Prometheus metric on /metrics.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        SubstitutionTemplate namespace = constantChecked(settings, "metricNamespace", NAME, null);
        SubstitutionTemplate name = constantChecked(settings, "metricName", NAME, null);
        SubstitutionTemplate value = settings.template(settings.requiredString("metricValue"));
        SubstitutionTemplate unit = constantChecked(settings, "metricUnit", null, UNITS);
        settings.optionalString("metricTimestamp").map(settings::template);
        return new Metric(namespace, name, value, unit);
    }

    private static SubstitutionTemplate constantChecked(
            ActionSettings settings, String member, Pattern pattern, Set<String> allowed) {
        String text = settings.requiredString(member);
        SubstitutionTemplate template = settings.template(text);
        if (template.isConstant()
                && ((pattern != null && !pattern.matcher(text).matches())
                        || (allowed != null && !allowed.contains(text)))) {
            throw settings.invalid(member + " is not valid: " + text);
        }
        return template;
    }

    private final class Metric implements RuleAction {
        private final SubstitutionTemplate namespace;
        private final SubstitutionTemplate name;
        private final SubstitutionTemplate value;
        private final SubstitutionTemplate unit;

        Metric(
                SubstitutionTemplate namespace,
                SubstitutionTemplate name,
                SubstitutionTemplate value,
                SubstitutionTemplate unit) {
            this.namespace = namespace;
            this.name = name;
            this.value = value;
            this.unit = unit;
        }

        @Override
        public String resource() {
            return namespace.text() + "/" + name.text();
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            double number;
            String text = value.render(input.message());
            try {
                number = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("metricValue is not a number: '" + cut(text) + "'"));
            }
            String unitText = unit.render(input.message());
            if (!UNITS.contains(unitText)) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("metricUnit is not valid: " + cut(unitText)));
            }
            Tags tags = Tags.of(
                    "namespace", namespace.render(input.message()),
                    "metric", name.render(input.message()),
                    "unit", unitText);
            Series target = series.get(tags);
            if (target == null) {
                if (series.size() >= MAX_SERIES) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("the metric actions already keep " + MAX_SERIES + " series"));
                }
                target = series.computeIfAbsent(tags, MetricActionFactory.this::register);
            }
            target.summary().record(number);
            target.last().set(number);
            return CompletableFuture.completedFuture(null);
        }
    }

    private Series register(Tags tags) {
        DistributionSummary summary = registry.summary("thingstead.rules.metric", tags);
        meters.add(summary);
        AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
        registry.gauge("thingstead.rules.metric.last", tags, last, AtomicReference::get);
        Meter gauge = registry.find("thingstead.rules.metric.last").tags(tags).gauge();
        if (gauge != null) {
            meters.add(gauge);
        }
        return new Series(summary, last);
    }

    private static String cut(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    @PreDestroy
    void close() {
        meters.forEach(registry::remove);
    }
}
