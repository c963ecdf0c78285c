package io.thingstead.jobs.api;

/** The states of a job execution, as AWS IoT Jobs names them. */
public enum JobExecutionStatus {
    QUEUED(false),
    IN_PROGRESS(false),
    SUCCEEDED(true),
    FAILED(true),
    TIMED_OUT(true),
    REJECTED(true),
    REMOVED(true),
    CANCELED(true);

    private final boolean terminal;

    JobExecutionStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the execution is over: nothing changes it any more (but a retry may follow it). */
    public boolean terminal() {
        return terminal;
    }

    /** QUEUED or IN_PROGRESS: what a device is still to do. */
    public boolean pending() {
        return !terminal;
    }

    /** The name in lifecycle event topics: {@code $aws/events/jobExecution/<job>/timed_out}. */
    public String operation() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status named by a request; empty for anything else (AWS's names are upper case). */
    public static java.util.Optional<JobExecutionStatus> parse(String name) {
        for (JobExecutionStatus status : values()) {
            if (status.name().equals(name)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }
}
