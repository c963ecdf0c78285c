package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightTest {
    @Test
    void atMostTheMaximumPerKeyAndNothingKeptForIdleKeys() {
        InFlight inFlight = new InFlight(10);
        for (int i = 0; i < 10; i++) {
            assertThat(inFlight.tryEnter("a")).isTrue();
        }
        assertThat(inFlight.tryEnter("a")).isFalse();
        assertThat(inFlight.tryEnter("b")).isTrue();
        inFlight.leave("a");
        assertThat(inFlight.tryEnter("a")).isTrue();
        assertThat(inFlight.inFlight("a")).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            inFlight.leave("a");
        }
        inFlight.leave("b");
        assertThat(inFlight.keys()).isZero();
    }
}
