package io.thingstead.http.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigV4RequestTest {
    @Test
    void headersAreCaseInsensitiveMultiValuedAndMerged() {
        SigV4Request request = SigV4Request.builder()
                .method("GET")
                .header("X-Multi", "a")
                .header("x-multi", "b")
                .headers(Map.of("X-MULTI", List.of("c")))
                .header("Host", "h")
                .build();

        assertThat(request.headerValues("x-MULTI")).containsExactly("a", "b", "c");
        assertThat(request.firstHeader("HOST")).contains("h");
        assertThat(request.firstHeader("absent")).isEmpty();
        assertThat(request.headerValues("absent")).isEmpty();
    }

    @Test
    void theRecordIsImmutable() {
        List<String> values = new ArrayList<>(List.of("one"));
        Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("X-A", values));
        SigV4Request request = new SigV4Request("GET", "/", "", headers, SigV4Request.Payload.empty());

        values.add("two");
        headers.put("X-B", List.of("b"));

        assertThat(request.headerValues("x-a")).containsExactly("one");
        assertThat(request.headers()).doesNotContainKey("X-B");
        assertThatThrownBy(() -> request.headers().put("X-C", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.headerValues("x-a").add("three"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingPathOrQueryIsEmpty() {
        SigV4Request request = new SigV4Request("GET", null, null, Map.of(), SigV4Request.Payload.empty());

        assertThat(request.rawPath()).isEmpty();
        assertThat(request.rawQuery()).isEmpty();
        assertThatThrownBy(() -> SigV4Request.builder().build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SigV4Request.builder().method(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadIsItsSha256() {
        byte[] body = "{\"state\":{}}".getBytes(StandardCharsets.UTF_8);
        String hex = java.util.HexFormat.of().formatHex(SigV4Request.Payload.sha256(body));

        assertThat(SigV4Request.Payload.of(body)).isEqualTo(SigV4Request.Payload.ofSha256Hex(hex.toUpperCase()));
        assertThat(SigV4Request.Payload.of("{\"state\":{}}").sha256Hex()).isEqualTo(hex);
        assertThat(SigV4Request.Payload.empty()).isEqualTo(SigV4Request.Payload.of(new byte[0]));
        assertThat(SigV4Request.builder().method("PUT").payload(body).build().payload())
                .isEqualTo(SigV4Request.Payload.of(body));
        for (String bad : new String[] {"", "abc", "g".repeat(64), "0".repeat(63), "0".repeat(65)}) {
            assertThatThrownBy(() -> SigV4Request.Payload.ofSha256Hex(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void toStringShowsNoHeaderValueNorQuery() {
        SigV4Request request = SigV4Request.builder()
                .method("GET")
                .rawPath("/mqtt")
                .rawQuery("X-Amz-Security-Token=session-secret&X-Amz-Signature=abc")
                .header("Authorization", "AWS4-HMAC-SHA256 Signature=deadbeef")
                .header("X-Amz-Security-Token", "session-secret")
                .build();

        assertThat(request.toString())
                .contains("/mqtt", "Authorization")
                .doesNotContain("session-secret", "deadbeef", "abc");
    }

    @Test
    void theVerifierBuilderRefusesAnIncompleteConfiguration() {
        assertThatThrownBy(() -> SigV4Verifier.builder()
                        .services("iot")
                        .secrets(id -> Optional.empty())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region");
        assertThatThrownBy(() -> SigV4Verifier.builder()
                        .region("us-east-1")
                        .secrets(id -> Optional.empty())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service");
        assertThatThrownBy(() -> SigV4Verifier.builder()
                        .region("us-east-1")
                        .services("iot", " ")
                        .secrets(id -> Optional.empty())
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigV4Verifier.builder()
                        .region("us-east-1")
                        .services("iot")
                        .build())
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SigV4Verifier.builder()
                        .region("us-east-1")
                        .services("iot")
                        .secrets(id -> Optional.empty())
                        .allowedClockSkew(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVerifierSaysWhatItAcceptsAndNothingElse() {
        SigV4Verifier verifier = SigV4Verifier.builder()
                .region("eu-central-1")
                .services("iotdata", "iot", "iotdata")
                .clock(Clock.systemUTC())
                .secrets(id -> Optional.of("top-secret".toCharArray()))
                .build();

        assertThat(verifier.region()).isEqualTo("eu-central-1");
        assertThat(verifier.services()).containsExactly("iotdata", "iot");
        assertThat(verifier.allowedClockSkew()).isEqualTo(SigV4Verifier.AWS_CLOCK_SKEW);
        assertThat(verifier.toString()).contains("eu-central-1", "iotdata").doesNotContain("top-secret");
    }
}
