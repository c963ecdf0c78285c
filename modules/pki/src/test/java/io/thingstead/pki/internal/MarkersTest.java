package io.thingstead.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkersTest {
    private static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void aMarkerRoundTripsAtMicrosecondPrecision() {
        Instant createdAt = Instant.parse("2026-11-25T10:00:00.123456Z");
        String marker = Markers.encode("certificates", createdAt, ID);

        assertThat(Markers.decode("certificates", Optional.of(marker))).contains(new Markers.Position(createdAt, ID));
        assertThat(marker).doesNotContain("=", "+", "/");
    }

    @Test
    void noMarkerIsTheFirstPage() {
        assertThat(Markers.decode("certificates", Optional.empty())).isEmpty();
        assertThat(Markers.decode("certificates", Optional.of(""))).isEmpty();
    }

    @Test
    void aMarkerOfAnotherListingOrGarbageIsRefused() {
        String marker = Markers.encode("certificates", Instant.EPOCH, ID);
        String forged =
                Base64.getUrlEncoder().encodeToString("certificates\n1 ' OR 1=1 --".getBytes(StandardCharsets.UTF_8));

        for (String bad : new String[] {"%%%", forged, Markers.encode("cacertificates", Instant.EPOCH, ID)}) {
            assertThatThrownBy(() -> Markers.decode("certificates", Optional.of(bad)))
                    .as(bad)
                    .isInstanceOf(IotException.class)
                    .hasMessageContaining("marker");
        }
        assertThat(Markers.decode("certificates", Optional.of(marker))).isPresent();
    }

    @Test
    void pageSizeIsAwssRange() {
        assertThat(Markers.pageSize(0)).isEqualTo(250);
        assertThat(Markers.pageSize(1)).isEqualTo(1);
        assertThat(Markers.pageSize(250)).isEqualTo(250);
        assertThatThrownBy(() -> Markers.pageSize(251)).isInstanceOf(IotException.class);
        assertThatThrownBy(() -> Markers.pageSize(-1)).isInstanceOf(IotException.class);
    }
}
