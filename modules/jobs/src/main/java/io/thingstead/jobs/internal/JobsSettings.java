package io.thingstead.jobs.internal;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Jobs service's settings, from MicroProfile Config ({@code thingstead.jobs.*} system properties or the
 * environment variables {@code THINGSTEAD_JOBS_*}); docs/jobs.md lists them. Every value is checked; an invalid one
 * fails with a message naming the setting.
 *
 * @param tickInterval how often rollouts, timeouts, aborts, completions and schedules are looked at
 * @param scheduleMinimumLead how far ahead a scheduled start or end must be (AWS: 30 minutes)
 * @param workerThreads threads serving the MQTT jobs topics (each thing's requests in order)
 * @param dispatchBatch executions created per transaction by a rollout
 * @param firmwareMaxBytes the largest firmware file the control plane stores
 * @param downloadPort the HTTPS port firmware is downloaded from (the gateway's server certificate); 0 for none
 * @param downloadBaseUrl the scheme, host and port devices are given in download URLs; empty for
 *     {@code https://localhost:<download port>}
 * @param lifecycleEvents whether {@code $aws/events/job/...} and {@code $aws/events/jobExecution/...} are published
 */
record JobsSettings(
        Duration tickInterval,
        Duration scheduleMinimumLead,
        int workerThreads,
        int dispatchBatch,
        long firmwareMaxBytes,
        int downloadPort,
        Optional<URI> downloadBaseUrl,
        boolean lifecycleEvents) {
    static final String PREFIX = "thingstead.jobs.";

    static JobsSettings from(Function<String, Optional<String>> config, int portOffset) {
        int port = (int) number(config, "download-port", 8885, 0, 65535);
        return new JobsSettings(
                duration(config, "tick-interval", Duration.ofSeconds(1), Duration.ofMillis(100)),
                duration(config, "schedule-minimum-lead", Duration.ofMinutes(30), Duration.ZERO),
                (int) number(config, "worker-threads", 4, 1, 256),
                (int) number(config, "dispatch-batch", 1000, 1, 100_000),
                number(config, "firmware-max-bytes", 64L * 1024 * 1024, 1, 2L * 1024 * 1024 * 1024),
                port == 0 ? 0 : port + portOffset,
                value(config, "download-base-url").map(JobsSettings::url),
                bool(config, "lifecycle-events", true));
    }

    /** The base of firmware download URLs. */
    URI downloadBase() {
        return downloadBaseUrl.orElseGet(() -> URI.create("https://localhost:" + downloadPort));
    }

    private static Optional<String> value(Function<String, Optional<String>> config, String key) {
        return config.apply(PREFIX + key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static long number(
            Function<String, Optional<String>> config, String key, long fallback, long min, long max) {
        Optional<String> value = value(config, key);
        if (value.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a whole number, not " + value.get(), e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(
                    PREFIX + key + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    private static Duration duration(
            Function<String, Optional<String>> config, String key, Duration fallback, Duration min) {
        Optional<String> value = value(config, key);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.get());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    PREFIX + key + " must be an ISO-8601 duration such as PT1S, not " + value.get(), e);
        }
        if (parsed.compareTo(min) < 0) {
            throw new IllegalArgumentException(PREFIX + key + " must be at least " + min + ", not " + parsed);
        }
        return parsed;
    }

    private static boolean bool(Function<String, Optional<String>> config, String key, boolean fallback) {
        Optional<String> value = value(config, key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(PREFIX + key + " must be true or false, not " + value.get());
        };
    }

    private static URI url(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "download-base-url is not a URL: " + value, e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(PREFIX + "download-base-url must be an https URL: " + value);
        }
        return uri;
    }
}
