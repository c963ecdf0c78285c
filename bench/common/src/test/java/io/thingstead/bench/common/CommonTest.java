package io.thingstead.bench.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommonTest {
    @Test
    void optionsArePairsWithDefaults() {
        Options options = Options.parse(new String[] {"--connections", "400", "--label", "after"});

        assertThat(options.integer("connections", 1)).isEqualTo(400);
        assertThat(options.integer("window", 5)).isEqualTo(5);
        assertThat(options.get("label", "x")).isEqualTo("after");
        assertThat(options.asMap()).containsKeys("connections", "label");
        assertThatThrownBy(() -> Options.parse(new String[] {"connections", "400"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Options.parse(new String[] {"--connections"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearestRankPercentiles() {
        long[] samples = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

        assertThat(Percentiles.of(samples, 0.5)).isEqualTo(50);
        assertThat(Percentiles.of(samples, 0.99)).isEqualTo(100);
        assertThat(Percentiles.of(samples, 0)).isEqualTo(10);
        assertThat(Percentiles.of(new long[0], 0.5)).isZero();
        assertThat(Percentiles.millis(new long[] {2_500_000}, 0.5)).isEqualTo(2.5);
    }

    @Test
    void credentialsFileWithExportsAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("operator-credentials.env");
        Files.writeString(file, "# operator\nexport AWS_ACCESS_KEY_ID=AKIA1\nAWS_SECRET_ACCESS_KEY = s3cret \n\n");

        assertThat(Credentials.read(file))
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIA1")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "s3cret")
                .hasSize(2);
    }
}
