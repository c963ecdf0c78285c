package io.thingstead.portal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP thingstead_gateway_connections connections
            # TYPE thingstead_gateway_connections gauge
            thingstead_gateway_connections 42.0
            # TYPE thingstead_gateway_auth_failures_total counter
            thingstead_gateway_auth_failures_total{reason="BAD_TOKEN"} 3.0
            thingstead_gateway_auth_failures_total{reason="CERTIFICATE_REVOKED",other="a}b"} 2.0 1733140800000
            thingstead_gateway_connections_receive_checked 7.0
            thingstead_gateway_publishes_in_total NaN
            """;

    @Test
    void sumsEverySampleOfAMetricAndNothingElse() {
        assertThat(PrometheusText.sum(TEXT, "thingstead_gateway_connections")).isEqualTo(42.0);
        assertThat(PrometheusText.sum(TEXT, "thingstead_gateway_auth_failures_total"))
                .isEqualTo(5.0);
        assertThat(PrometheusText.sum(TEXT, "thingstead_gateway_publishes_in_total"))
                .isZero();
        assertThat(PrometheusText.sum(TEXT, "thingstead_gateway_missing")).isZero();
    }
}
