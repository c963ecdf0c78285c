package io.thingstead.jobs.internal;

import java.io.Serializable;

/** The primary key of {@link ExecutionEntity}. */
public record ExecutionKey(String jobId, String thingName, long executionNumber) implements Serializable {
    /** For JPA. */
    public ExecutionKey() {
        this(null, null, 0);
    }
}
