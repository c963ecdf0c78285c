package io.thingstead.device;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

final class Payloads {
    private Payloads() {}

    static JsonObject parse(byte[] payload) {
        try (var reader =
                jakarta.json.Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }
}
