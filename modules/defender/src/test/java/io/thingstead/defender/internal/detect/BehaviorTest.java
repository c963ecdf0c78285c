package io.thingstead.defender.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BehaviorTest {
    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    @Test
    void aCountBehaviorAsAwsDocumentsIt() {
        Behavior behavior = Behavior.parse(
                json("{'name':'flood','metric':'aws:num-messages-sent','criteria':{'comparisonOperator':'less-than',"
                        + "'value':{'count':100},'durationSeconds':300,'consecutiveDatapointsToAlarm':2,"
                        + "'consecutiveDatapointsToClear':3}}"),
                Map.of(),
                10);

        assertThat(behavior.kind()).isEqualTo(Metric.Kind.SUM);
        assertThat(behavior.durationSeconds()).isEqualTo(300);
        assertThat(behavior.toAlarm()).isEqualTo(2);
        assertThat(behavior.toClear()).isEqualTo(3);
        assertThat(behavior.normal(99, behavior.number().orElseThrow())).isTrue();
        assertThat(behavior.normal(100, behavior.number().orElseThrow())).isFalse();
    }

    @Test
    void portAndCidrSets() {
        Behavior ports = Behavior.parse(
                json("{'name':'ports','metric':'aws:listening-tcp-ports','criteria':{'comparisonOperator':"
                        + "'in-port-set','value':{'ports':[443,8883]}}}"),
                Map.of(),
                10);
        assertThat(ports.normal(List.of("443"))).isTrue();
        assertThat(ports.normal(List.of("443", "23"))).isFalse();

        Behavior ips = Behavior.parse(
                json("{'name':'ips','metric':'aws:source-ip-address','criteria':{'comparisonOperator':"
                        + "'in-cidr-set','value':{'cidrs':['10.0.0.0/8','2001:db8::/32']}}}"),
                Map.of(),
                10);
        assertThat(ips.normal(List.of("10.1.2.3", "2001:db8::1"))).isTrue();
        assertThat(ips.normal(List.of("192.168.1.1"))).isFalse();
        assertThat(ips.normal(List.of("not-an-address"))).isFalse();
    }

    @Test
    void invalidBehaviorsSayWhy() {
        assertThatThrownBy(() -> Behavior.parse(
                        json("{'name':'x','metric':'aws:nope','criteria':{'comparisonOperator':'less-than',"
                                + "'value':{'count':1}}}"),
                        Map.of(),
                        10))
                .isInstanceOf(Behavior.Invalid.class)
                .hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> Behavior.parse(
                        json("{'name':'x','metric':'aws:num-messages-sent','criteria':{'comparisonOperator':"
                                + "'less-than','value':{'count':1},'durationSeconds':15}}"),
                        Map.of(),
                        10))
                .isInstanceOf(Behavior.Invalid.class)
                .hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> Behavior.parse(
                        json("{'name':'x','metric':'aws:listening-tcp-ports','criteria':{'comparisonOperator':"
                                + "'less-than','value':{'count':1}}}"),
                        Map.of(),
                        10))
                .isInstanceOf(Behavior.Invalid.class)
                .hasMessageContaining("does not apply");
        assertThatThrownBy(() -> Behavior.parse(
                        json("{'name':'x','metric':'aws:source-ip-address','criteria':{'comparisonOperator':"
                                + "'in-cidr-set','value':{'cidrs':['example.com/8']}}}"),
                        Map.of(),
                        10))
                .isInstanceOf(Behavior.Invalid.class)
                .hasMessageContaining("CIDR");
    }

    @Test
    void customMetricsNeedToBeDefined() {
        JsonObject doc = json("{'name':'temp','metric':'temperature','criteria':{'comparisonOperator':"
                + "'less-than','value':{'number':80.5}}}");
        assertThatThrownBy(() -> Behavior.parse(doc, Map.of(), 10)).isInstanceOf(Behavior.Invalid.class);
        Behavior behavior = Behavior.parse(doc, Map.of("temperature", "number"), 10);
        assertThat(behavior.kind()).isEqualTo(Metric.Kind.CUSTOM_NUMBER);
        assertThat(behavior.normal(80.4, 80.5)).isTrue();
    }
}
