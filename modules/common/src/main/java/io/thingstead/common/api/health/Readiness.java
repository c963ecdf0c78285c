package io.thingstead.common.api.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * What one subsystem tells {@code /health/ready}: it is starting, it is up, or it failed with a reason a person can
 * act on. {@code ./thingstead run} waits while a check is {@link State#STARTING} and stops waiting at the first
 * {@link State#FAILED} one, printing its {@code reason}; so a failed state says what to do, not only what broke, and
 * never holds a double quote (the script reads the JSON with grep).
 *
 * @param data extra members shown in the check's {@code data} (ids, ports, counts), never secrets
 */
public record Readiness(State state, String reason, Map<String, String> data) {
    public enum State {
        STARTING,
        UP,
        FAILED
    }

    public Readiness {
        Objects.requireNonNull(state, "state");
        if (state != State.UP) {
            Objects.requireNonNull(reason, "a subsystem that is not up says why");
        }
        data = Map.copyOf(data);
    }

    public static Readiness up(Map<String, String> data) {
        return new Readiness(State.UP, null, data);
    }

    public static Readiness starting(String reason) {
        return new Readiness(State.STARTING, reason, Map.of());
    }

    public static Readiness failed(String reason) {
        return new Readiness(State.FAILED, reason, Map.of());
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** The MicroProfile Health response: UP only when the state is; {@code state}, {@code reason} and data as data. */
    public HealthCheckResponse response(String name) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(isUp());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("state", state.name());
        if (reason != null) {
            all.put("reason", reason.replace('"', '\''));
        }
        all.putAll(data);
        all.forEach(builder::withData);
        return builder.build();
    }
}
