package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.jobs.api.FirmwareFiles.FirmwareInfo;
import io.thingstead.jobs.api.JobChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job documents as devices get them: parsed once per job and kept for a short while (documents never change; the
 * pre-signed URL lifetime may, through UpdateJob, which drops the entry), with the placeholders replaced for each
 * execution ({@link JobDocument}). A document without placeholders is handed out as it is.
 */
@ApplicationScoped
public class JobDocuments {
    static final Duration KEEP = Duration.ofSeconds(30);

    @Inject
    JobStore jobs;

    @Inject
    FirmwareStore firmware;

    @Inject
    DownloadUrls urls;

    @Inject
    Clock clock;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(
            JsonObject document, boolean placeholders, long urlLifetime, Set<String> firmware, Instant loadedAt) {}

    /** The document for this execution; empty when the job is gone. */
    Optional<JsonValue> forExecution(ExecutionKey execution) {
        Optional<Cached> cached = cached(execution.jobId());
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        Cached document = cached.get();
        if (!document.placeholders()) {
            return Optional.of(document.document());
        }
        Map<String, FirmwareInfo> files = new HashMap<>();
        Instant expires = clock.instant().plusSeconds(document.urlLifetime());
        return Optional.of(JobDocument.substitute(document.document(), new JobDocument.Resolver() {
            @Override
            public String downloadUrl(String name) {
                return urls.sign(name, execution, expires);
            }

            @Override
            public FirmwareInfo firmware(String name) {
                return files.computeIfAbsent(
                        name,
                        n -> firmware.find(n)
                                .orElseThrow(() -> IotException.notFound("Firmware " + n + " named by job "
                                        + execution.jobId() + " no longer exists.")));
            }
        }));
    }

    private Optional<Cached> cached(String jobId) {
        Cached current = cache.get(jobId);
        if (current != null && current.loadedAt().plus(KEEP).isAfter(clock.instant())) {
            return Optional.of(current);
        }
        Optional<Cached> loaded = jobs.find(jobId).map(job -> {
            Set<String> files = JobDocument.firmwareNames(job.document);
            boolean placeholders = !files.isEmpty();
            return new Cached(
                    JobDocument.parse(job.document),
                    placeholders,
                    job.config().urlLifetimeSeconds(),
                    files,
                    clock.instant());
        });
        loaded.ifPresentOrElse(c -> cache.put(jobId, c), () -> cache.remove(jobId));
        return loaded;
    }

    void forget(String jobId) {
        cache.remove(jobId);
    }

    void onJobChanged(@Observes JobChanged change) {
        cache.remove(change.jobId());
    }
}
