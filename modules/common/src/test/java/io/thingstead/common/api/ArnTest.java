package io.thingstead.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import org.junit.jupiter.api.Test;

class ArnTest {
    @Test
    void formatsAnIotArnAsAwsDoes() {
        Arn arn = Arn.iot("eu-west-1", "123456789012", "thing", "sensor-1");

        assertThat(arn).hasToString("arn:aws:iot:eu-west-1:123456789012:thing/sensor-1");
        assertThat(arn.resourceType()).isEqualTo("thing");
        assertThat(arn.resourceId()).isEqualTo("sensor-1");
    }

    @Test
    void resourceMayContainColonsAndSlashes() {
        Arn arn = Arn.parse("arn:aws:iot:us-east-1:123456789012:topic/$aws/things/a:b/shadow/update");

        assertThat(arn.resourceType()).isEqualTo("topic");
        assertThat(arn.resourceId()).isEqualTo("$aws/things/a:b/shadow/update");
        assertThat(Arn.parse(arn.toString())).isEqualTo(arn);
    }

    @Test
    void refusesWhatIsNotAnArn() {
        for (String bad : new String[] {"", "thing/x", "arn:aws:iot", "arn:aws::r:a:", "urn:aws:iot:r:a:thing/x"}) {
            assertThatThrownBy(() -> Arn.parse(bad))
                    .as(bad)
                    .isInstanceOf(IotException.class)
                    .extracting(e -> ((IotException) e).code())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
        assertThatThrownBy(() -> Arn.parse(null)).isInstanceOf(IotException.class);
    }

    @Test
    void platformIdentityValidatesItsConfiguration() {
        assertThat(new PlatformIdentity("eu-central-1", "123456789012").iotArn("thing", "t"))
                .hasToString("arn:aws:iot:eu-central-1:123456789012:thing/t");
        assertThatThrownBy(() -> new PlatformIdentity("EU WEST", "123456789012"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlatformIdentity("eu-west-1", "12345"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsHaveTheAwsShapes() {
        assertThat(Ids.uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Ids.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Ids.randomAlphanumeric(40)).matches("[A-Za-z0-9]{40}");
        assertThat(Ids.randomAlphanumeric(40)).isNotEqualTo(Ids.randomAlphanumeric(40));
    }
}
