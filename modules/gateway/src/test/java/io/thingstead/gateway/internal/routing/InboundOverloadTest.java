package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InboundOverloadTest {
    private static final long T0 = 1_764_000_000_000L;

    private final InboundOverload overload = new InboundOverload(1000);

    @Test
    void qos0PublishesWithinTheLimitAreChecked() {
        assertThat(overload.shed(0, T0, T0)).isFalse();
        assertThat(overload.shed(0, T0, T0 + 1000)).isFalse();
        assertThat(overload.shedCount()).isZero();
    }

    @Test
    void qos0PublishesThatWaitedLongerAreDroppedAndCounted() {
        assertThat(overload.shed(0, T0, T0 + 1001)).isTrue();
        assertThat(overload.shed(0, T0, T0 + 30_000)).isTrue();
        assertThat(overload.shedCount()).isEqualTo(2);
    }

    @Test
    void qos1PublishesAreNeverDropped() {
        assertThat(overload.shed(1, T0, T0 + 60_000)).isFalse();
        assertThat(overload.shed(2, T0, T0 + 60_000)).isFalse();
        assertThat(overload.shedCount()).isZero();
    }

    @Test
    void aClockThatWentBackDoesNotDrop() {
        assertThat(overload.shed(0, T0 + 5000, T0)).isFalse();
    }

    @Test
    void reportsOncePerIntervalAndOnlyWhenSomethingWasDropped() {
        assertThat(overload.report(T0)).isEmpty();
        overload.shed(0, T0, T0 + 2000);
        overload.shed(0, T0, T0 + 2000);
        assertThat(overload.report(T0 + 2000))
                .hasValueSatisfying(line -> assertThat(line)
                        .contains("dropping QoS 0 publishes that waited more than 1000 ms")
                        .contains("thingstead.gateway.overload.qos0-max-wait"));
        overload.shed(0, T0, T0 + 3000);
        assertThat(overload.report(T0 + 3000)).as("within the interval").isEmpty();
        assertThat(overload.report(T0 + 2000 + InboundOverload.REPORT_INTERVAL_MILLIS))
                .hasValueSatisfying(line -> assertThat(line).contains(" 1 QoS 0 publishes waited more than 1000 ms"));
        assertThat(overload.report(T0 + 2000 + 3 * InboundOverload.REPORT_INTERVAL_MILLIS))
                .as("nothing new dropped")
                .isEmpty();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new InboundOverload(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
