package io.thingstead.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.console.api.ThingActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityRecorderTest {
    private final ActivityRecorder recorder = new ActivityRecorder();

    @Test
    void historyIsNewestFirstAndBounded() {
        for (int i = 0; i < ThingActivity.HISTORY_PER_THING + 10; i++) {
            recorder.record("lamp", new ThingActivity.Connection(Instant.ofEpochSecond(i), i % 2 == 0, "", ""));
        }
        List<ThingActivity.Connection> history = recorder.history("lamp");

        assertThat(history).hasSize(ThingActivity.HISTORY_PER_THING);
        assertThat(history.get(0).at()).isEqualTo(Instant.ofEpochSecond(ThingActivity.HISTORY_PER_THING + 9));
        assertThat(recorder.history("other")).isEmpty();
    }

    @Test
    void listenersHearTheirThingUntilClosed() throws Exception {
        List<ThingActivity.Event> heard = new ArrayList<>();
        AutoCloseable handle = recorder.listen("lamp", heard::add);

        recorder.dispatch(new ThingActivity.ShadowUpdated("lamp", "", 3));
        recorder.dispatch(new ThingActivity.ShadowUpdated("other", "", 1));
        handle.close();
        recorder.dispatch(new ThingActivity.ShadowUpdated("lamp", "", 4));

        assertThat(heard).containsExactly(new ThingActivity.ShadowUpdated("lamp", "", 3));
    }
}
