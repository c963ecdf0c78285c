package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateValuesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-03-26T03:25:40Z, 2024-03-26T03:25:40Z",
        "2024-03-26T03:25:40.5Z, 2024-03-26T03:25:40.500Z",
        "2024-03-26T05:25:40+02:00, 2024-03-26T03:25:40Z",
        "2024-03-26T03:25, 2024-03-26T03:25:00Z",
        "2024-03-26T03:25:40, 2024-03-26T03:25:40Z",
        "2024-03-26, 2024-03-26T00:00:00Z",
        "0, 1970-01-01T00:00:00Z",
        "1711423540, 2024-03-26T03:25:40Z",
        "1711423540.25, 2024-03-26T03:25:40.250Z",
        "-1, 1969-12-31T23:59:59Z",
    })
    void readsIsoDatesAndEpochSeconds(String text, String expected) {
        assertThat(DateValues.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024-02-30T00:00:00Z", "12:00", "1e9", "-", ".", "1.2.3"})
    void refusesWhatIsNotADate(String text) {
        assertThat(DateValues.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "9999999999999999999.5"})
    void refusesEpochsOutOfRange(String text) {
        assertThat(DateValues.parse(text)).isNull();
    }
}
