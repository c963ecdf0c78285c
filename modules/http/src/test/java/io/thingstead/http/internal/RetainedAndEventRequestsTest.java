package io.thingstead.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.UserProperty;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedAndEventRequestsTest {
    @Test
    void maxResultsIsOneToTwoHundredAndDefaultsToFifty() {
        assertThat(RetainedMessageResource.pageSize(null)).isEqualTo(50);
        assertThat(RetainedMessageResource.pageSize("")).isEqualTo(50);
        assertThat(RetainedMessageResource.pageSize("1")).isEqualTo(1);
        assertThat(RetainedMessageResource.pageSize("200")).isEqualTo(200);
        for (String bad : List.of("0", "201", "-3", "many")) {
            assertThatThrownBy(() -> RetainedMessageResource.pageSize(bad))
                    .as(bad)
                    .isInstanceOf(IotException.class)
                    .hasMessageContaining("maxResults");
        }
    }

    @Test
    void userPropertiesAreBase64OfAwsArrayOfOneEntryObjectsKeepingRepeats() {
        String encoded = RetainedMessageResource.userProperties(
                List.of(new UserProperty("unit", "C"), new UserProperty("tag", "a"), new UserProperty("tag", "b")));
        String json = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        assertThat(Json.createReader(new StringReader(json)).readArray())
                .isEqualTo(Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("unit", "C"))
                        .add(Json.createObjectBuilder().add("tag", "a"))
                        .add(Json.createObjectBuilder().add("tag", "b"))
                        .build());
    }

    @Test
    void eventConfigurationsAreReadAsAwsSendsThem() {
        var request = Json.createReader(new StringReader(
                        "{\"eventConfigurations\":{\"THING\":{\"Enabled\":true},\"THING_GROUP\":{\"Enabled\":false}}}"))
                .readObject();
        assertThat(EventConfigurationResource.changes(request))
                .containsExactly(java.util.Map.entry("THING", true), java.util.Map.entry("THING_GROUP", false));
        assertThat(EventConfigurationResource.changes(Json.createObjectBuilder().build()))
                .isEmpty();

        for (String bad : List.of(
                "{\"eventConfigurations\":{\"THING\":true}}",
                "{\"eventConfigurations\":{\"THING\":{}}}",
                "{\"eventConfigurations\":{\"THING\":{\"Enabled\":\"yes\"}}}",
                "{\"eventConfigurations\":[]}")) {
            var json = Json.createReader(new StringReader(bad)).readObject();
            assertThatThrownBy(() -> EventConfigurationResource.changes(json))
                    .as(bad)
                    .isInstanceOf(IotException.class);
        }
    }
}
