package io.thingstead.jobs.api;

/** The states of a job, as AWS IoT Jobs names them. */
public enum JobStatus {
    /** Waiting for its start time or its next maintenance window. */
    SCHEDULED,
    IN_PROGRESS,
    CANCELED,
    /** Every execution of a snapshot job reached a terminal state. */
    COMPLETED,
    DELETION_IN_PROGRESS;

    public boolean active() {
        return this == SCHEDULED || this == IN_PROGRESS;
    }

    public static java.util.Optional<JobStatus> parse(String name) {
        for (JobStatus status : values()) {
            if (status.name().equals(name)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }
}
