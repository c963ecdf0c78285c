package io.thingstead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDetailsTest {
    @Test
    void detailsRoundTripThroughJsonAndLongValuesAreCut() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("thingName", "sensor-1");
        details.put("quote", "a \"quoted\" value\nwith a newline");
        details.put("long", "x".repeat(5000));

        Map<String, String> back = JdbcAuditTrail.fromJson(JdbcAuditTrail.toJson(details));

        assertThat(back.get("thingName")).isEqualTo("sensor-1");
        assertThat(back.get("quote")).isEqualTo("a \"quoted\" value\nwith a newline");
        assertThat(back.get("long")).hasSize(1027).endsWith("...");
        assertThat(JdbcAuditTrail.fromJson(null)).isEmpty();
    }
}
