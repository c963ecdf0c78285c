package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowSettingsTest {
    @Test
    void defaultsAreAwsQuotas() {
        ShadowSettings settings = ShadowSettings.from(name -> Optional.empty());
        assertThat(settings).isEqualTo(ShadowSettings.DEFAULTS);
        assertThat(settings.updatesPerSecondPerThing()).isEqualTo(20);
        assertThat(settings.maxInFlightPerConnection()).isEqualTo(10);
    }

    @Test
    void valuesAreReadAndChecked() {
        Map<String, String> values = Map.of(
                "thingstead.shadow.updates-per-second-per-thing", "0",
                "thingstead.shadow.worker-threads", " 16 ");
        ShadowSettings settings = ShadowSettings.from(name -> Optional.ofNullable(values.get(name)));
        assertThat(settings.updatesPerSecondPerThing()).isZero();
        assertThat(settings.workerThreads()).isEqualTo(16);
        assertThatThrownBy(() -> ShadowSettings.from(
                        name -> name.endsWith("response-qos") ? Optional.of("2") : Optional.empty()))
                .hasMessageContaining("thingstead.shadow.response-qos");
        assertThatThrownBy(() -> ShadowSettings.from(
                        name -> name.endsWith("worker-threads") ? Optional.of("many") : Optional.empty()))
                .hasMessageContaining("whole number");
    }
}
