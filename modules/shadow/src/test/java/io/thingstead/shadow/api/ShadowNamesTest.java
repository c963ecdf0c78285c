package io.thingstead.shadow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thing and shadow names as the AWS IoT data plane validates them. */
class ShadowNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "myThing", "Thing_1", "thing-2", "arn:part", "0123456789", "A_b-C:d"})
    void validThingNames(String name) {
        assertThat(ShadowNames.isValidThingName(name)).isTrue();
        assertThat(ShadowNames.thingNameProblem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my thing", "thing/1", "thing#", "$aws", "thing.1", "tïng", "a+b", "a\nb"})
    void thingNamesOutsideThePatternAreInvalid(String name) {
        assertThat(ShadowNames.thingNameProblem(name))
                .contains("1 validation error detected: Value '" + name
                        + "' at 'thingName' failed to satisfy constraint: Member must satisfy regular expression"
                        + " pattern: [a-zA-Z0-9:_-]+");
    }

    @Test
    void thingNamesMayBe128CharactersLong() {
        assertThat(ShadowNames.isValidThingName("t".repeat(128))).isTrue();
        assertThat(ShadowNames.thingNameProblem("t".repeat(129)))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("1 validation error detected: ")
                        .endsWith("Member must have length less than or equal to 128"));
    }

    @Test
    void emptyAndNullNamesAreInvalid() {
        assertThat(ShadowNames.thingNameProblem(""))
                .contains("1 validation error detected: Value '' at 'thingName' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to 1");
        assertThat(ShadowNames.shadowNameProblem(null))
                .contains("1 validation error detected: Value null at 'shadowName' failed to satisfy constraint:"
                        + " Member must not be null");
    }

    @Test
    void aNameCanBreakSeveralConstraints() {
        assertThat(ShadowNames.shadowNameProblem(" ".repeat(65)))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("2 validation errors detected: ")
                        .contains("Member must have length less than or equal to 64; ")
                        .contains("Member must satisfy regular expression pattern: [$a-zA-Z0-9:_-]+"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"config", "$package", "a:b", "x_y-z", "s"})
    void validShadowNames(String name) {
        assertThat(ShadowNames.isValidShadowName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my shadow", "a/b", "a#", "a+", "a.b"})
    void invalidShadowNames(String name) {
        assertThat(ShadowNames.isValidShadowName(name)).isFalse();
    }

    @Test
    void shadowNamesMayBe64CharactersLong() {
        assertThat(ShadowNames.isValidShadowName("s".repeat(64))).isTrue();
        assertThat(ShadowNames.isValidShadowName("s".repeat(65))).isFalse();
    }

    @Test
    void requireValidNameThrowsInvalidRequest() {
        assertThatThrownBy(() -> ShadowNames.requireValidThingName("bad name"))
                .isInstanceOf(IotException.class)
                .satisfies(e -> assertThat(((IotException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThat(ShadowNames.requireValidShadowName("ok")).isEqualTo("ok");
    }

    @Test
    void classicAndNamedShadowIds() {
        ShadowId classic = ShadowId.classic("lamp");
        ShadowId named = ShadowId.named("lamp", "config");

        assertThat(classic.isClassic()).isTrue();
        assertThat(classic.displayName()).isEqualTo("lamp");
        assertThat(classic.topicPrefix()).isEqualTo("$aws/things/lamp/shadow");
        assertThat(named.isClassic()).isFalse();
        assertThat(named.displayName()).isEqualTo("config");
        assertThat(named.topicPrefix()).isEqualTo("$aws/things/lamp/shadow/name/config");
        assertThat(named).isNotEqualTo(classic).isEqualTo(ShadowId.named("lamp", "config"));
    }

    @Test
    void shadowIdsValidateBothNames() {
        assertThatThrownBy(() -> ShadowId.classic("bad/thing")).isInstanceOf(IotException.class);
        assertThatThrownBy(() -> ShadowId.named("lamp", "bad name")).isInstanceOf(IotException.class);
        assertThatThrownBy(() -> ShadowId.named("lamp", "")).isInstanceOf(IotException.class);
    }
}
