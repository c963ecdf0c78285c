package io.thingstead.gateway.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code thingstead.gateway.persistence} and {@code data-dir}, and what HiveMQ's config.xml says for them. */
class PersistenceSettingTest {
    private static GatewaySettings settings(Map<String, String> values) {
        return GatewaySettings.from(name -> Optional.ofNullable(values.get(name)));
    }

    private static String xml(GatewaySettings settings) {
        return new BrokerConfig(settings, Path.of("k.p12"), Path.of("t.p12"), "secret").xml();
    }

    @Test
    void fileIsTheDefault() {
        GatewaySettings defaults = settings(Map.of());

        assertThat(defaults.filePersistence()).isTrue();
        assertThat(defaults.dataFolder()).isEmpty();
        assertThat(xml(defaults)).contains("<persistence><mode>file</mode></persistence>");
    }

    @Test
    void inMemoryAndAnotherFolderCanBeChosen() {
        GatewaySettings chosen = settings(Map.of(
                "thingstead.gateway.persistence", "IN-MEMORY", "thingstead.gateway.data-dir", "/var/lib/gateway"));

        assertThat(chosen.filePersistence()).isFalse();
        assertThat(chosen.dataFolder()).contains("/var/lib/gateway");
        assertThat(xml(chosen)).contains("<persistence><mode>in-memory</mode></persistence>");
    }

    @Test
    void anythingElseIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> settings(Map.of("thingstead.gateway.persistence", "disk")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("thingstead.gateway.persistence must be file or in-memory, not disk");
    }
}
