package io.thingstead.bench.common;

/** Nearest-rank percentiles of sorted samples, as every load tool reports them. */
public final class Percentiles {
    private Percentiles() {}

    /**
     * @param sorted samples in ascending order
     * @param p 0 to 1 ({@code 0.99} for p99)
     * @return the smallest sample with at least {@code p} of the samples at or below it; 0 without samples
     */
    public static long of(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    /** {@link #of} of nanosecond samples, in milliseconds. */
    public static double millis(long[] sortedNanos, double p) {
        return of(sortedNanos, p) / 1e6;
    }
}
