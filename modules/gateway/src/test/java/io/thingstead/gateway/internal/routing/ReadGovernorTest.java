package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadGovernorTest {
    @Test
    void pausesAboveTheHighMarkAndResumesOnlyUnderTheLowOne() {
        ReadGovernor.Hysteresis hysteresis = new ReadGovernor.Hysteresis(20_000, 2_000);
        assertThat(hysteresis.pause(0)).isFalse();
        assertThat(hysteresis.pause(20_000)).as("at the mark").isFalse();
        assertThat(hysteresis.pause(20_001)).isTrue();
        assertThat(hysteresis.pause(10_000))
                .as("between the marks: stays paused")
                .isTrue();
        assertThat(hysteresis.pause(2_000)).as("at the low mark").isTrue();
        assertThat(hysteresis.pause(1_999)).isFalse();
        assertThat(hysteresis.pause(10_000))
                .as("between the marks: keeps reading")
                .isFalse();
    }

    @Test
    void theMarksMustBeOrdered() {
        assertThatThrownBy(() -> new ReadGovernor.Hysteresis(100, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadGovernor.Hysteresis(100, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void turnsReadingOffAndOnOncePerTransition() {
        AtomicLong queued = new AtomicLong();
        List<Boolean> switches = new ArrayList<>();
        ReadGovernor governor = new ReadGovernor(queued::get, switches::add, new ReadGovernor.Hysteresis(100, 10));
        governor.tick(0);
        queued.set(101);
        governor.tick(1);
        governor.tick(2);
        assertThat(governor.paused()).isTrue();
        queued.set(50);
        governor.tick(3);
        queued.set(9);
        governor.tick(4);
        governor.tick(5);
        assertThat(governor.paused()).isFalse();
        assertThat(switches).containsExactly(false, true);
        queued.set(1000);
        governor.tick(6);
        governor.release();
        assertThat(switches).containsExactly(false, true, false, true);
        assertThat(governor.paused()).isFalse();
    }
}
