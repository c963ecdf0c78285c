package io.thingstead.defender.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsReportTest {
    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /** The AWS Device Defender agents' report, long names. */
    static final String AGENT_REPORT = """
            {"header": {"report_id": 1530304554, "version": "1.0"},
             "metrics": {
               "listening_tcp_ports": {"ports": [{"interface": "eth0", "port": 24800}, {"interface": "eth0", "port": 22}],
                                       "total": 2},
               "listening_udp_ports": {"ports": [{"interface": "eth0", "port": 5353}], "total": 1},
               "network_stats": {"bytes_in": 29358693495, "bytes_out": 26485035, "packets_in": 10013573555,
                                 "packets_out": 11382615},
               "tcp_connections": {"established_connections": {
                 "connections": [{"local_interface": "eth0", "local_port": 80, "remote_addr": "192.168.0.1:8000"}],
                 "total": 1}}},
             "custom_metrics": {"cpu_usage": [{"number": 26}]}}""";

    @Test
    void theAgentsReportBecomesDatapoints() throws Exception {
        MetricsReport report = MetricsReport.parse(json(AGENT_REPORT), Map.of("cpu_usage", "number"));

        assertThat(report.reportId()).isEqualTo(1530304554L);
        assertThat(report.sets().get("aws:listening-tcp-ports")).containsExactlyInAnyOrder("24800", "22");
        assertThat(report.numbers()).containsEntry("aws:num-listening-tcp-ports", 2.0);
        assertThat(report.numbers()).containsEntry("aws:all-bytes-out", 26485035.0);
        assertThat(report.sets().get("aws:destination-ip-addresses")).containsExactly("192.168.0.1");
        assertThat(report.numbers()).containsEntry("cpu_usage", 26.0);
    }

    @Test
    void shortNamesAsTheEmbeddedSdkSendsThem() throws Exception {
        MetricsReport report = MetricsReport.parse(
                json("{\"hed\": {\"rid\": 7, \"v\": \"1.0\"}, \"met\": {\"tp\": {\"pts\": [{\"pt\": 443}]}}}"),
                Map.of());
        assertThat(report.sets().get("aws:listening-tcp-ports")).containsExactly("443");
    }

    @Test
    void malformedReportsAreRefusedSayingWhere() {
        assertThatThrownBy(() -> MetricsReport.parse(json("{\"metrics\": {}}"), Map.of()))
                .isInstanceOf(MetricsReport.Malformed.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> MetricsReport.parse(
                        json("{\"header\": {\"report_id\": -1, \"version\": \"1.0\"}, \"metrics\": {}}"), Map.of()))
                .isInstanceOf(MetricsReport.Malformed.class)
                .hasMessageContaining("report_id");
        assertThatThrownBy(() -> MetricsReport.parse(
                        json("{\"header\": {\"report_id\": 1, \"version\": \"one\"}, \"metrics\": {}}"), Map.of()))
                .isInstanceOf(MetricsReport.Malformed.class)
                .hasMessageContaining("version");
    }

    @Test
    void answersInCborDecodeToTheSameDocument() throws Exception {
        JsonObject answer = Json.createObjectBuilder()
                .add("thingName", "sensor-1")
                .add("status", "REJECTED")
                .add(
                        "statusDetails",
                        Json.createObjectBuilder()
                                .add("ErrorCode", "InvalidPayload")
                                .add("ErrorMessage", "x"))
                .add("timestamp", 1764680000000L)
                .build();

        assertThat(Cbor.decode(DeviceMetricsService.cbor(answer))).isEqualTo(answer);
    }
}
