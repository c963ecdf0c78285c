package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A job's (or job template's) configurations as AWS names and validates them: presigned URLs, rollout, abort, timeout,
 * retry and scheduling, plus the members Thingstead keeps and returns without acting on them (tags, namespace,
 * template ARN, package versions). Parsed from a request, stored as the same JSON, returned as the same JSON.
 */
record JobConfiguration(
        Optional<PresignedUrl> presignedUrl,
        Optional<Rollout> rollout,
        List<AbortCriterion> abort,
        Optional<Long> inProgressTimeoutMinutes,
        List<RetryCriterion> retry,
        Optional<Scheduling> scheduling,
        List<MaintenanceWindow> templateMaintenanceWindows,
        Optional<String> namespaceId,
        Optional<String> jobTemplateArn,
        Optional<JsonArray> tags,
        List<String> destinationPackageVersions,
        Optional<JsonObject> documentParameters) {

    static final JobConfiguration NONE = new JobConfiguration(
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());

    /** AWS: pre-signed URLs are valid 60 to 3,600 seconds, 3,600 by default. */
    record PresignedUrl(Optional<String> roleArn, long expiresInSec) {}

    record Rollout(Optional<Integer> maximumPerMinute, Optional<ExponentialRate> exponentialRate) {}

    record ExponentialRate(
            int baseRatePerMinute,
            double incrementFactor,
            Optional<Integer> numberOfNotifiedThings,
            Optional<Integer> numberOfSucceededThings) {}

    enum FailureType {
        FAILED,
        REJECTED,
        TIMED_OUT,
        ALL
    }

    record AbortCriterion(FailureType failureType, double thresholdPercentage, int minNumberOfExecutedThings) {}

    record RetryCriterion(FailureType failureType, int numberOfRetries) {}

    enum EndBehavior {
        STOP_ROLLOUT,
        CANCEL,
        FORCE_CANCEL
    }

    record MaintenanceWindow(String startTime, AwsCron cron, int durationInMinutes) {}

    record Scheduling(
            Optional<Instant> startTime,
            Optional<Instant> endTime,
            Optional<EndBehavior> endBehavior,
            List<MaintenanceWindow> maintenanceWindows,
            String startText,
            String endText) {}

    /** AWS's date format for scheduling: {@code 2026-12-24T18:00}, UTC. Seconds are accepted too. */
    static final DateTimeFormatter SCHEDULE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss]");

    /** How far ahead a scheduled start or end must be (AWS: thirty minutes); configurable for tests. */
    record SchedulingRules(Duration minimumLead, Clock clock) {}

    /**
     * Reads the configuration members of a CreateJob, UpdateJob or CreateJobTemplate request.
     *
     * @param rules the scheduling rules, or null when reading stored JSON (no "not in the past" checks)
     */
    static JobConfiguration parse(JsonObject request, SchedulingRules rules) {
        Optional<PresignedUrl> presigned =
                Members.object(request, "presignedUrlConfig").map(JobConfiguration::presigned);
        Optional<Rollout> rollout =
                Members.object(request, "jobExecutionsRolloutConfig").map(JobConfiguration::rollout);
        List<AbortCriterion> abort = Members.object(request, "abortConfig")
                .map(JobConfiguration::abort)
                .orElse(List.of());
        Optional<Long> timeout =
                Members.object(request, "timeoutConfig").flatMap(t -> Members.integer(t, "inProgressTimeoutInMinutes"));
        timeout.ifPresent(minutes -> {
            if (minutes < 1 || minutes > 10080) {
                throw Members.outOfRange(
                        "timeoutConfig.inProgressTimeoutInMinutes", minutes, "between 1 and 10080 (7 days)");
            }
        });
        List<RetryCriterion> retry = Members.object(request, "jobExecutionsRetryConfig")
                .map(JobConfiguration::retry)
                .orElse(List.of());
        Optional<Scheduling> scheduling =
                Members.object(request, "schedulingConfig").map(s -> scheduling(s, rules));
        List<MaintenanceWindow> templateWindows = Members.array(request, "maintenanceWindows")
                .map(windows -> windows(windows, "maintenanceWindows"))
                .orElse(List.of());
        Optional<String> namespace = Members.string(request, "namespaceId");
        namespace.ifPresent(n -> Members.require("namespaceId", n, Members.JOB_ID, "[a-zA-Z0-9_-]+", 64));
        Optional<JsonArray> tags = Members.array(request, "tags");
        List<String> packages = Members.strings(request, "destinationPackageVersions");
        if (packages.size() > 25) {
            throw IotException.invalidRequest("destinationPackageVersions can name at most 25 package versions.");
        }
        return new JobConfiguration(
                presigned,
                rollout,
                abort,
                timeout,
                retry,
                scheduling,
                templateWindows,
                namespace,
                Members.string(request, "jobTemplateArn"),
                tags,
                packages,
                Members.object(request, "documentParameters"));
    }

    /** Reads a stored configuration. */
    static JobConfiguration stored(String json) {
        return parse(Members.parse(json), null);
    }

    /** With the members an UpdateJob request names replaced. */
    JobConfiguration updatedWith(JobConfiguration update, JsonObject request) {
        return new JobConfiguration(
                request.containsKey("presignedUrlConfig") ? update.presignedUrl : presignedUrl,
                request.containsKey("jobExecutionsRolloutConfig") ? update.rollout : rollout,
                request.containsKey("abortConfig") ? update.abort : abort,
                request.containsKey("timeoutConfig") ? update.inProgressTimeoutMinutes : inProgressTimeoutMinutes,
                request.containsKey("jobExecutionsRetryConfig") ? update.retry : retry,
                scheduling,
                templateMaintenanceWindows,
                namespaceId,
                jobTemplateArn,
                tags,
                destinationPackageVersions,
                documentParameters);
    }

    /** This configuration with the members of {@code overrides} that it does not set (a job from a template). */
    JobConfiguration withDefaultsFrom(JobConfiguration template) {
        return new JobConfiguration(
                presignedUrl.or(template::presignedUrl),
                rollout.or(template::rollout),
                abort.isEmpty() ? template.abort : abort,
                inProgressTimeoutMinutes.or(template::inProgressTimeoutMinutes),
                retry.isEmpty() ? template.retry : retry,
                scheduling.or(() -> template.templateMaintenanceWindows.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new Scheduling(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                template.templateMaintenanceWindows,
                                null,
                                null))),
                List.of(),
                namespaceId,
                jobTemplateArn,
                tags,
                destinationPackageVersions.isEmpty() ? template.destinationPackageVersions : destinationPackageVersions,
                documentParameters);
    }

    /** The configuration as stored, and as DescribeJob returns its members. */
    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        presignedUrl.ifPresent(p -> {
            JsonObjectBuilder config = Json.createObjectBuilder();
            p.roleArn().ifPresent(role -> config.add("roleArn", role));
            json.add("presignedUrlConfig", config.add("expiresInSec", p.expiresInSec()));
        });
        rollout.ifPresent(r -> {
            JsonObjectBuilder config = Json.createObjectBuilder();
            r.maximumPerMinute().ifPresent(max -> config.add("maximumPerMinute", max));
            r.exponentialRate().ifPresent(rate -> {
                JsonObjectBuilder criteria = Json.createObjectBuilder();
                rate.numberOfNotifiedThings().ifPresent(n -> criteria.add("numberOfNotifiedThings", n));
                rate.numberOfSucceededThings().ifPresent(n -> criteria.add("numberOfSucceededThings", n));
                config.add(
                        "exponentialRate",
                        Json.createObjectBuilder()
                                .add("baseRatePerMinute", rate.baseRatePerMinute())
                                .add("incrementFactor", BigDecimal.valueOf(rate.incrementFactor()))
                                .add("rateIncreaseCriteria", criteria));
            });
            json.add("jobExecutionsRolloutConfig", config);
        });
        if (!abort.isEmpty()) {
            JsonArrayBuilder criteria = Json.createArrayBuilder();
            abort.forEach(c -> criteria.add(Json.createObjectBuilder()
                    .add("failureType", c.failureType().name())
                    .add("action", "CANCEL")
                    .add("thresholdPercentage", BigDecimal.valueOf(c.thresholdPercentage()))
                    .add("minNumberOfExecutedThings", c.minNumberOfExecutedThings())));
            json.add("abortConfig", Json.createObjectBuilder().add("criteriaList", criteria));
        }
        inProgressTimeoutMinutes.ifPresent(minutes ->
                json.add("timeoutConfig", Json.createObjectBuilder().add("inProgressTimeoutInMinutes", minutes)));
        if (!retry.isEmpty()) {
            JsonArrayBuilder criteria = Json.createArrayBuilder();
            retry.forEach(c -> criteria.add(Json.createObjectBuilder()
                    .add("failureType", c.failureType().name())
                    .add("numberOfRetries", c.numberOfRetries())));
            json.add("jobExecutionsRetryConfig", Json.createObjectBuilder().add("criteriaList", criteria));
        }
        scheduling.ifPresent(s -> {
            JsonObjectBuilder config = Json.createObjectBuilder();
            if (s.startText() != null) {
                config.add("startTime", s.startText());
            }
            if (s.endText() != null) {
                config.add("endTime", s.endText());
            }
            s.endBehavior().ifPresent(b -> config.add("endBehavior", b.name()));
            if (!s.maintenanceWindows().isEmpty()) {
                config.add("maintenanceWindows", windowsJson(s.maintenanceWindows()));
            }
            json.add("schedulingConfig", config);
        });
        if (!templateMaintenanceWindows.isEmpty()) {
            json.add("maintenanceWindows", windowsJson(templateMaintenanceWindows));
        }
        namespaceId.ifPresent(n -> json.add("namespaceId", n));
        jobTemplateArn.ifPresent(arn -> json.add("jobTemplateArn", arn));
        tags.ifPresent(t -> json.add("tags", t));
        if (!destinationPackageVersions.isEmpty()) {
            json.add("destinationPackageVersions", Json.createArrayBuilder(destinationPackageVersions));
        }
        documentParameters.ifPresent(p -> json.add("documentParameters", p));
        return json.build();
    }

    /** The pre-signed URLs' lifetime: the configured one, or AWS's default of an hour. */
    long urlLifetimeSeconds() {
        return presignedUrl.map(PresignedUrl::expiresInSec).orElse(3600L);
    }

    private static JsonArrayBuilder windowsJson(List<MaintenanceWindow> windows) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        windows.forEach(w -> array.add(Json.createObjectBuilder()
                .add("startTime", w.startTime())
                .add("durationInMinutes", w.durationInMinutes())));
        return array;
    }

    private static PresignedUrl presigned(JsonObject config) {
        Optional<String> role = Members.string(config, "roleArn");
        role.ifPresent(arn -> {
            if (arn.length() < 20 || arn.length() > 2048) {
                throw IotException.invalidRequest("1 validation error detected: Value at 'presignedUrlConfig.roleArn'"
                        + " failed to satisfy constraint: Member must have length between 20 and 2048");
            }
        });
        long expires = Members.integer(config, "expiresInSec").orElse(3600L);
        if (expires < 60 || expires > 3600) {
            throw Members.outOfRange("presignedUrlConfig.expiresInSec", expires, "between 60 and 3600");
        }
        return new PresignedUrl(role, expires);
    }

    private static Rollout rollout(JsonObject config) {
        Optional<Integer> maximum =
                Members.integer(config, "maximumPerMinute").map(m -> range("maximumPerMinute", m, 1, 1000));
        Optional<ExponentialRate> rate = Members.object(config, "exponentialRate")
                .map(e -> {
                    int base = Members.integer(e, "baseRatePerMinute")
                            .map(b -> range("exponentialRate.baseRatePerMinute", b, 1, 1000))
                            .orElseThrow(() -> missing("exponentialRate.baseRatePerMinute"));
                    double factor = Members.decimal(e, "incrementFactor")
                            .orElseThrow(() -> missing("exponentialRate.incrementFactor"));
                    if (factor < 1.1 || factor > 5 || Math.round(factor * 10) != factor * 10) {
                        throw Members.outOfRange(
                                "exponentialRate.incrementFactor",
                                factor,
                                "between 1.1 and 5 with at most one digit after the decimal point");
                    }
                    JsonObject criteria = Members.object(e, "rateIncreaseCriteria")
                            .orElseThrow(() -> missing("exponentialRate.rateIncreaseCriteria"));
                    Optional<Integer> notified = Members.integer(criteria, "numberOfNotifiedThings")
                            .map(n -> range("rateIncreaseCriteria.numberOfNotifiedThings", n, 1, Integer.MAX_VALUE));
                    Optional<Integer> succeeded = Members.integer(criteria, "numberOfSucceededThings")
                            .map(n -> range("rateIncreaseCriteria.numberOfSucceededThings", n, 1, Integer.MAX_VALUE));
                    if (notified.isEmpty() && succeeded.isEmpty()) {
                        throw IotException.invalidRequest("rateIncreaseCriteria must set numberOfNotifiedThings or"
                                + " numberOfSucceededThings.");
                    }
                    return new ExponentialRate(base, factor, notified, succeeded);
                });
        if (maximum.isEmpty() && rate.isEmpty()) {
            throw IotException.invalidRequest(
                    "jobExecutionsRolloutConfig must set maximumPerMinute or exponentialRate.");
        }
        return new Rollout(maximum, rate);
    }

    private static List<AbortCriterion> abort(JsonObject config) {
        JsonArray list = Members.array(config, "criteriaList").orElseThrow(() -> missing("abortConfig.criteriaList"));
        if (list.isEmpty()) {
            throw IotException.invalidRequest("abortConfig.criteriaList needs at least one criterion.");
        }
        List<AbortCriterion> criteria = new ArrayList<>();
        Set<FailureType> seen = EnumSet.noneOf(FailureType.class);
        for (JsonValue item : list) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Members.wrongType("abortConfig.criteriaList", "a list of objects");
            }
            JsonObject c = item.asJsonObject();
            FailureType type = failureType(c, "abortConfig.criteriaList.failureType", EnumSet.allOf(FailureType.class));
            String action = Members.string(c, "action").orElseThrow(() -> missing("abortConfig.criteriaList.action"));
            if (!action.equals("CANCEL")) {
                throw IotException.invalidRequest("1 validation error detected: Value '" + Members.cut(action)
                        + "' at 'abortConfig.criteriaList.action' failed to satisfy constraint: Member must satisfy"
                        + " enum value set: [CANCEL]");
            }
            double threshold = Members.decimal(c, "thresholdPercentage")
                    .orElseThrow(() -> missing("abortConfig.criteriaList.thresholdPercentage"));
            if (threshold <= 0 || threshold > 100 || Math.abs(Math.round(threshold * 100) - threshold * 100) > 1e-6) {
                throw Members.outOfRange(
                        "abortConfig.criteriaList.thresholdPercentage",
                        threshold,
                        "greater than 0 and at most 100, with at most two digits after the decimal point");
            }
            int minimum = Members.integer(c, "minNumberOfExecutedThings")
                    .map(m -> range("abortConfig.criteriaList.minNumberOfExecutedThings", m, 1, Integer.MAX_VALUE))
                    .orElseThrow(() -> missing("abortConfig.criteriaList.minNumberOfExecutedThings"));
            if (!seen.add(type)) {
                throw IotException.invalidRequest("abortConfig names failureType " + type + " twice.");
            }
            criteria.add(new AbortCriterion(type, threshold, minimum));
        }
        return List.copyOf(criteria);
    }

    private static List<RetryCriterion> retry(JsonObject config) {
        JsonArray list = Members.array(config, "criteriaList")
                .orElseThrow(() -> missing("jobExecutionsRetryConfig.criteriaList"));
        if (list.isEmpty() || list.size() > 2) {
            throw IotException.invalidRequest("jobExecutionsRetryConfig.criteriaList has one or two criteria.");
        }
        List<RetryCriterion> criteria = new ArrayList<>();
        Set<FailureType> seen = EnumSet.noneOf(FailureType.class);
        int total = 0;
        for (JsonValue item : list) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Members.wrongType("jobExecutionsRetryConfig.criteriaList", "a list of objects");
            }
            JsonObject c = item.asJsonObject();
            FailureType type = failureType(
                    c,
                    "jobExecutionsRetryConfig.criteriaList.failureType",
                    EnumSet.of(FailureType.FAILED, FailureType.TIMED_OUT, FailureType.ALL));
            int retries = Members.integer(c, "numberOfRetries")
                    .map(n -> range("jobExecutionsRetryConfig.criteriaList.numberOfRetries", n, 0, 10))
                    .orElseThrow(() -> missing("jobExecutionsRetryConfig.criteriaList.numberOfRetries"));
            if (!seen.add(type) || (seen.contains(FailureType.ALL) && seen.size() > 1)) {
                throw IotException.invalidRequest(
                        "jobExecutionsRetryConfig names a failure type twice (ALL covers FAILED and TIMED_OUT).");
            }
            total += retries;
            criteria.add(new RetryCriterion(type, retries));
        }
        if (total > 10) {
            throw IotException.invalidRequest(
                    "A job execution can be retried at most 10 times over all failure types, not " + total + ".");
        }
        return List.copyOf(criteria);
    }

    private static Scheduling scheduling(JsonObject config, SchedulingRules rules) {
        Optional<String> startText = Members.string(config, "startTime");
        Optional<String> endText = Members.string(config, "endTime");
        Optional<Instant> start = startText.map(t -> time("schedulingConfig.startTime", t));
        Optional<Instant> end = endText.map(t -> time("schedulingConfig.endTime", t));
        Optional<EndBehavior> behavior = Members.string(config, "endBehavior").map(b -> {
            try {
                return EndBehavior.valueOf(b);
            } catch (IllegalArgumentException e) {
                throw IotException.invalidRequest("1 validation error detected: Value '" + Members.cut(b)
                        + "' at 'schedulingConfig.endBehavior' failed to satisfy constraint: Member must satisfy"
                        + " enum value set: [STOP_ROLLOUT, CANCEL, FORCE_CANCEL]");
            }
        });
        List<MaintenanceWindow> windows = Members.array(config, "maintenanceWindows")
                .map(w -> windows(w, "schedulingConfig.maintenanceWindows"))
                .orElse(List.of());
        if (rules != null) {
            Instant now = rules.clock().instant();
            Duration lead = rules.minimumLead();
            start.ifPresent(s -> {
                if (s.isBefore(now.plus(lead))) {
                    throw IotException.invalidRequest(
                            "schedulingConfig.startTime must be at least " + minutes(lead) + " from now.");
                }
                if (s.isAfter(now.plus(Duration.ofDays(366)))) {
                    throw IotException.invalidRequest("schedulingConfig.startTime can be at most a year ahead.");
                }
            });
            end.ifPresent(e -> {
                Instant from = start.orElse(now);
                if (e.isBefore(from.plus(lead))) {
                    throw IotException.invalidRequest(
                            "schedulingConfig.endTime must be at least " + minutes(lead) + " after the start time.");
                }
                if (e.isAfter(from.plus(Duration.ofDays(2 * 366)))) {
                    throw IotException.invalidRequest(
                            "schedulingConfig.endTime can be at most two years after the start time.");
                }
            });
        }
        if (behavior.isPresent() && end.isEmpty()) {
            throw IotException.invalidRequest("schedulingConfig.endBehavior needs an endTime.");
        }
        return new Scheduling(start, end, behavior, windows, startText.orElse(null), endText.orElse(null));
    }

    private static String minutes(Duration lead) {
        return lead.toMinutes() + " minutes";
    }

    private static List<MaintenanceWindow> windows(JsonArray list, String member) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (JsonValue item : list) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Members.wrongType(member, "a list of objects");
            }
            JsonObject w = item.asJsonObject();
            String start = Members.string(w, "startTime").orElseThrow(() -> missing(member + ".startTime"));
            AwsCron cron;
            try {
                cron = AwsCron.parse(start);
            } catch (IllegalArgumentException e) {
                throw IotException.invalidRequest(member + ".startTime is not a cron expression: " + e.getMessage());
            }
            int duration = Members.integer(w, "durationInMinutes")
                    .map(d -> range(member + ".durationInMinutes", d, 1, 1430))
                    .orElseThrow(() -> missing(member + ".durationInMinutes"));
            windows.add(new MaintenanceWindow(start, cron, duration));
        }
        return List.copyOf(windows);
    }

    private static Instant time(String member, String text) {
        try {
            return LocalDateTime.parse(text, SCHEDULE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw IotException.invalidRequest(
                    member + " must be a UTC date and time like 2026-12-24T18:00, not '" + Members.cut(text) + "'.");
        }
    }

    private static FailureType failureType(JsonObject c, String member, Set<FailureType> allowed) {
        String value = Members.string(c, "failureType").orElseThrow(() -> missing(member));
        for (FailureType type : allowed) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw IotException.invalidRequest("1 validation error detected: Value '" + Members.cut(value) + "' at '"
                + member + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
    }

    private static int range(String member, long value, int min, int max) {
        if (value < min || value > max) {
            throw Members.outOfRange(
                    member, value, max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max);
        }
        return (int) value;
    }

    private static IotException missing(String member) {
        return IotException.invalidRequest("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
