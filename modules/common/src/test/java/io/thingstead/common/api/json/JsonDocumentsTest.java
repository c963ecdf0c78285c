package io.thingstead.common.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {
    private static final JsonLimits SMALL = new JsonLimits(1024, 4);

    @Test
    void readsAnObject() {
        var object = JsonDocuments.readObject("{\"thingName\":\"sensor-1\",\"attributes\":{\"a\":\"1\"}}", SMALL);

        assertThat(object.getString("thingName")).isEqualTo("sensor-1");
        assertThat(object.getJsonObject("attributes").getString("a")).isEqualTo("1");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> JsonDocuments.readObject("{\"a\":\n  tru}", SMALL))
                .isInstanceOf(IotException.class)
                .hasMessageContaining("not valid JSON at line 2")
                .extracting(e -> ((IotException) e).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void emptyAndNonObjectBodiesAreRefused() {
        assertThatThrownBy(() -> JsonDocuments.readObject(new byte[0], SMALL)).hasMessageContaining("empty");
        assertThatThrownBy(() -> JsonDocuments.readObject("[1,2]", SMALL)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> JsonDocuments.readObject("{} {}", SMALL)).isInstanceOf(IotException.class);
    }

    @Test
    void oversizedDocumentsAreRefusedBeforeParsing() {
        String big = "{\"a\":\"" + "x".repeat(2000) + "\"}";

        assertThatThrownBy(() -> JsonDocuments.readObject(big, SMALL))
                .isInstanceOf(IotException.class)
                .extracting(e -> ((IotException) e).code())
                .isEqualTo(ErrorCode.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void deepNestingIsRefusedWithItsPosition() {
        String deep = "{\"a\":".repeat(5) + "1" + "}".repeat(5);
        String deepest = "[".repeat(100_000);

        assertThat(JsonDocuments.readObject("{\"a\":".repeat(4) + "1" + "}".repeat(4), SMALL))
                .isNotNull();
        assertThatThrownBy(() -> JsonDocuments.readObject(deep, SMALL))
                .isInstanceOf(IotException.class)
                .hasMessageContaining("deeper than 4 levels")
                .hasMessageContaining("column");
        assertThatThrownBy(() -> JsonDocuments.read(
                        deepest.getBytes(java.nio.charset.StandardCharsets.UTF_8), new JsonLimits(200_000, 32)))
                .isInstanceOf(IotException.class)
                .hasMessageContaining("deeper than 32 levels");
    }
}
