package io.thingstead.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.KeyAlgorithm;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Parsing of the PKI's settings, certificate ids and ARNs. */
class SettingsTest {
    @Test
    void endpointHostsSplitIntoDnsNamesAndAddressesWithoutLookingAnythingUp() throws Exception {
        EndpointHosts hosts = EndpointHosts.parse(" localhost, 127.0.0.1 ,IoT.Example.com,::1,, 10.0.0.7");

        assertThat(hosts.dnsNames()).containsExactly("localhost", "iot.example.com");
        assertThat(hosts.ipAddresses())
                .containsExactly(
                        InetAddress.getByName("127.0.0.1"),
                        InetAddress.getByName("::1"),
                        InetAddress.getByName("10.0.0.7"));
        assertThat(hosts.canonical()).isEqualTo("localhost,iot.example.com,127.0.0.1,0:0:0:0:0:0:0:1,10.0.0.7");
        assertThatThrownBy(() -> EndpointHosts.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EndpointHosts.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCrlBaseUrlGainsATrailingSlash() {
        assertThat(PkiSettings.crlBaseUrl("https://pki.example.com/crl")
                        .resolve("ab.crl")
                        .toString())
                .isEqualTo("https://pki.example.com/crl/ab.crl");
        assertThatThrownBy(() -> PkiSettings.crlBaseUrl("ftp://x/")).hasMessageContaining("http");
        assertThatThrownBy(() -> PkiSettings.crlBaseUrl("/relative/")).hasMessageContaining("http");
    }

    @Test
    void durationsAndAlgorithmsNameTheSettingWhenWrong() {
        assertThat(PkiSettings.duration("x", "PT1H", Duration.ofMinutes(1))).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> PkiSettings.duration("thingstead.pki.crl-validity", "1 day", Duration.ZERO))
                .hasMessageContaining("thingstead.pki.crl-validity");
        assertThatThrownBy(() -> PkiSettings.duration("thingstead.pki.crl-validity", "PT1S", Duration.ofMinutes(1)))
                .hasMessageContaining("at least");
        assertThat(PkiSettings.algorithm("a", "RSA_2048")).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThatThrownBy(() -> PkiSettings.algorithm("thingstead.pki.device-key-algorithm", "DSA"))
                .hasMessageContaining("EC_P256");
    }

    @Test
    void crlUrlsAreHttpOrHttpsWithAHostAndNoCredentials() {
        assertThat(CrlFetcher.checkUrl("https://pki.example.com/ca.crl")).isEqualTo("https://pki.example.com/ca.crl");
        assertThat(CrlFetcher.checkUrl("http://127.0.0.1:8081/x.crl")).isEqualTo("http://127.0.0.1:8081/x.crl");
        for (String bad : new String[] {
            "file:///etc/passwd",
            "ftp://pki.example.com/ca.crl",
            "https:///ca.crl",
            "https://user:secret@pki.example.com/ca.crl",
            "not a url",
            "https://pki.example.com/" + "x".repeat(2048)
        }) {
            assertThatThrownBy(() -> CrlFetcher.checkUrl(bad))
                    .as(bad)
                    .isInstanceOf(IotException.class)
                    .hasMessageContaining("crlUrl");
        }
    }

    @Test
    void certificateIdsAreCanonicalised() {
        String id = "0123456789ABCDEF".repeat(4);
        assertThat(CertificateIds.require("certificateId", id)).isEqualTo(id.toLowerCase());
        assertThat(CertificateIds.require("certificateId", "0x" + id)).isEqualTo(id.toLowerCase());
        for (String bad : new String[] {"", "abc", "g".repeat(64), id + "0", "../" + id}) {
            assertThatThrownBy(() -> CertificateIds.require("certificateId", bad))
                    .as(bad)
                    .isInstanceOf(IotException.class);
        }
    }

    @Test
    void certificateArnsNameACertificateOfThisAccountOnly() {
        String id = "ab".repeat(32);
        assertThat(CertificateIds.parseArn("arn:aws:iot:us-east-1:000000000000:cert/" + id)
                        .flatMap(arn -> arn.idIn("us-east-1", "000000000000")))
                .contains(id);
        assertThat(CertificateIds.parseArn("arn:aws:iot:eu-west-1:000000000000:cert/" + id)
                        .flatMap(arn -> arn.idIn("us-east-1", "000000000000")))
                .isEmpty();
        assertThat(CertificateIds.parseArn("arn:aws:iot:us-east-1:000000000000:cert/short"))
                .hasValueSatisfying(
                        arn -> assertThat(arn.idIn("us-east-1", "000000000000")).isEmpty());
        assertThat(CertificateIds.parseArn("arn:aws:iot:us-east-1:000000000000:thing/lamp"))
                .isEmpty();
        assertThat(CertificateIds.parseArn("us-east-1:" + "0".repeat(36))).isEmpty();
        assertThat(CertificateIds.parseArn("arn:broken")).isEmpty();
        assertThat(CertificateIds.parseArn(null)).isEmpty();
    }
}
