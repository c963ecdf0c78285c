package io.thingstead.jobs.internal;

import io.thingstead.jobs.internal.JobConfiguration.ExponentialRate;
import io.thingstead.jobs.internal.JobConfiguration.Rollout;
import java.time.Duration;
import java.util.Optional;

/**
 * How fast a job's rollout creates executions (AWS's {@code jobExecutionsRolloutConfig}). Without a configuration,
 * as fast as the database takes them. With {@code maximumPerMinute}, at that rate. With {@code exponentialRate}, at
 * {@code baseRatePerMinute} until {@code numberOfNotifiedThings} things were notified or {@code
 * numberOfSucceededThings} succeeded, then {@code incrementFactor} times faster until twice that many, and so on (AWS's
 * example: 50, 100, 200, 400 per minute at 1,000, 2,000, 3,000 notified); never faster than {@code maximumPerMinute}
 * when both are set, nor than AWS's 1,000 per minute.
 *
 * <p>The rate is spent per tick: each tick earns {@code rate × elapsed / 60 s} executions, the fraction is carried to
 * the next tick, and at most two seconds' worth is kept, so a stalled tick does not turn into a burst.
 */
final class RolloutPlan {
    /** AWS's highest rollout rate. */
    static final int MAX_PER_MINUTE = 1000;

    private RolloutPlan() {}

    /** The rate and its exponential step; {@code perMinute} empty means no limit. */
    record Rate(Optional<Double> perMinute, int step) {}

    /** What one tick may create, and the credit left for the next. */
    record Allowance(int executions, double credit) {}

    static Rate rate(Optional<Rollout> rollout, long notified, long succeeded, int step) {
        if (rollout.isEmpty()) {
            return new Rate(Optional.empty(), 0);
        }
        Optional<Integer> maximum = rollout.get().maximumPerMinute();
        Optional<ExponentialRate> exponential = rollout.get().exponentialRate();
        if (exponential.isEmpty()) {
            return new Rate(Optional.of((double) maximum.orElse(MAX_PER_MINUTE)), 0);
        }
        ExponentialRate rate = exponential.get();
        int next = step;
        while (reached(rate.numberOfNotifiedThings(), notified, next)
                || reached(rate.numberOfSucceededThings(), succeeded, next)) {
            next++;
        }
        double perMinute = rate.baseRatePerMinute() * Math.pow(rate.incrementFactor(), next);
        double cap = Math.min(maximum.orElse(MAX_PER_MINUTE), MAX_PER_MINUTE);
        return new Rate(Optional.of(Math.min(perMinute, cap)), next);
    }

    /** The criterion for the step after {@code step} is {@code threshold × (step + 1)}. */
    private static boolean reached(Optional<Integer> threshold, long count, int step) {
        return threshold.isPresent() && count >= (long) threshold.get() * (step + 1) && step < 64;
    }

    static Allowance allowance(Rate rate, double credit, Duration elapsed, long pending) {
        if (rate.perMinute().isEmpty()) {
            return new Allowance((int) Math.min(pending, Integer.MAX_VALUE), 0);
        }
        double perSecond = rate.perMinute().get() / 60.0;
        double earned = credit + perSecond * Math.max(0, elapsed.toMillis()) / 1000.0;
        double kept = Math.min(earned, Math.max(1.0, perSecond * 2));
        int whole = (int) Math.min(Math.floor(kept), pending);
        return new Allowance(whole, kept - whole);
    }
}
