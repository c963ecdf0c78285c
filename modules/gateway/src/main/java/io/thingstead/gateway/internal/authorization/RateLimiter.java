package io.thingstead.gateway.internal.authorization;

/**
 * The publish budget of one connection: so many PUBLISH packets and so many payload bytes per second, with a burst of
 * one second's worth (the generic cell rate algorithm, for messages and bytes at once). A publish over the budget is
 * either admitted after a wait, which {@link #reserve} returns, or refused when the wait would exceed the longest one
 * allowed. Time comes from the caller, in nanoseconds, so the arithmetic is tested without clocks. Thread-safe.
 */
public final class RateLimiter {
    private static final long SECOND = 1_000_000_000L;

    /** What {@link #reserve} returns when the publish must be refused. */
    public static final long REFUSED = -1;

    private final long nanosPerMessage;
    private final double nanosPerByte;
    private final long tolerance;
    private long messagesTat;
    private long bytesTat;
    private boolean started;

    /**
     * @param messagesPerSecond PUBLISH packets per second
     * @param bytesPerSecond payload bytes per second
     */
    public RateLimiter(int messagesPerSecond, int bytesPerSecond) {
        if (messagesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be positive");
        }
        this.nanosPerMessage = Math.max(1, SECOND / messagesPerSecond);
        this.nanosPerByte = (double) SECOND / bytesPerSecond;
        this.tolerance = SECOND;
    }

    /**
     * Takes the budget of one publish of {@code bytes} payload bytes at {@code now}.
     *
     * @param maxWaitNanos the longest wait acceptable; 0 to refuse rather than wait
     * @return 0 when the publish may go at once, the nanoseconds to hold it back, or {@link #REFUSED} (nothing is
     *     taken from the budget then)
     */
    public synchronized long reserve(int bytes, long now, long maxWaitNanos) {
        if (!started) {
            messagesTat = now - tolerance;
            bytesTat = now - tolerance;
            started = true;
        }
        long messages = Math.max(messagesTat, now - tolerance);
        long byteTat = Math.max(bytesTat, now - tolerance);
        long messagesAfter = messages + nanosPerMessage;
        long bytesAfter = byteTat + (long) Math.ceil(bytes * nanosPerByte);
        long wait = Math.max(0, Math.max(messagesAfter, bytesAfter) - now);
        if (wait > maxWaitNanos) {
            return REFUSED;
        }
        messagesTat = messagesAfter;
        bytesTat = bytesAfter;
        return wait;
    }
}
