package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.SdkSigner.ACCESS_KEY_ID;
import static io.thingstead.http.sigv4.SdkSigner.NOW;
import static io.thingstead.http.sigv4.SdkSigner.REGION;
import static io.thingstead.http.sigv4.SdkSigner.request;
import static io.thingstead.http.sigv4.SdkSigner.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests signed by the AWS SDK for Java v2's own signer verify, in both the header and the presigned form. */
class SigV4VerifierAcceptanceTest {
    private static final String JSON =
            "{\"thingName\":\"sensor-1\",\"attributePayload\":{\"attributes\":{\"a\":\"b\"}}}";

    static Stream<Arguments> iotRequests() {
        return Stream.of(
                Arguments.of("GET", "/things/sensor-1", null, "iot"),
                Arguments.of("POST", "/things/sensor-1", JSON, "iot"),
                Arguments.of("PATCH", "/things/sensor-1", JSON, "iot"),
                Arguments.of("DELETE", "/things/sensor-1?expectedVersion=3", null, "iot"),
                Arguments.of("PUT", "/things/a:b_c-d/principals", null, "iot"),
                Arguments.of("GET", "/things/a:b_c-d/principals?maxResults=25&nextToken=abc%2Fdef%3D%3D", null, "iot"),
                Arguments.of("PUT", "/thing-groups/addThingToThingGroup", "{\"thingName\":\"x\"}", "iot"),
                Arguments.of("POST", "/indices/search", "{\"queryString\":\"thingName:sensor-*\"}", "iot"),
                Arguments.of("POST", "/topics/$aws%2Fthings%2Fx%2Fshadow%2Fupdate?qos=1", "{\"state\":{}}", "iotdata"),
                Arguments.of("POST", "/topics/%24aws%2Fthings%2Fx%2Fshadow%2Fget", "", "iotdata"),
                Arguments.of("GET", "/things/x/shadow?name=named-1", null, "iotdata"),
                Arguments.of(
                        "POST", "/things/x/shadow?name=named-1", "{\"state\":{\"desired\":{\"on\":true}}}", "iotdata"),
                Arguments.of("DELETE", "/things/x/shadow?name=named-1", null, "iotdata"),
                Arguments.of("GET", "/api/things/shadow/ListNamedShadowsForThing/x?pageSize=10", null, "iotdata"),
                Arguments.of("GET", "/mqtt", null, "iotdevicegateway"),
                Arguments.of("GET", "/", null, "iot"),
                Arguments.of("GET", "", null, "iot"));
    }

    @ParameterizedTest(name = "{0} {1} ({3})")
    @MethodSource("iotRequests")
    void verifiesHeaderSignatures(String method, String pathAndQuery, String body, String service) {
        SdkSigner signer = request(method, pathAndQuery).service(service).at(NOW.minusSeconds(42));
        if (body != null) {
            signer.header("Content-Type", "application/json").body(body);
        }

        VerifiedRequest verified = verifier().verify(signer.sign());

        assertThat(verified)
                .isEqualTo(new VerifiedRequest(ACCESS_KEY_ID, REGION, service, NOW.minusSeconds(42), false));
    }

    @ParameterizedTest(name = "{0} {1} ({3})")
    @MethodSource("iotRequests")
    void verifiesPresignedUrls(String method, String pathAndQuery, String body, String service) {
        SdkSigner signer = request(method, pathAndQuery)
                .service(service)
                .at(NOW.minusSeconds(600))
                .presigned(Duration.ofMinutes(15))
                .unsignedPayload();
        if (body != null) {
            signer.body(body);
        }

        VerifiedRequest verified = verifier().verify(signer.sign());

        assertThat(verified)
                .isEqualTo(new VerifiedRequest(ACCESS_KEY_ID, REGION, service, NOW.minusSeconds(600), true));
    }

    @Test
    void presignedUrlsThatSignTheBodyHashVerifyToo() {
        // AWS IoT's MQTT-over-WebSocket recipe signs the SHA-256 of the empty body rather than UNSIGNED-PAYLOAD
        SigV4Request signed = request("GET", "/mqtt")
                .service("iotdevicegateway")
                .presigned(Duration.ofDays(1))
                .sign();

        assertThat(verifier().verify(signed).presigned()).isTrue();
    }

    @Test
    void queryStringSignaturesWithoutExpiryVerifyWithinTheClockSkew() {
        SigV4Request signed = request("GET", "/mqtt")
                .service("iotdevicegateway")
                .at(NOW.minusSeconds(299))
                .inQueryString()
                .sign();

        assertThat(signed.rawQuery()).doesNotContain("X-Amz-Expires");
        assertThat(verifier().verify(signed).presigned()).isTrue();
    }

    @Test
    void verifiesEveryLengthOfPresignedValidity() {
        for (Duration validity : new Duration[] {Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofDays(7)}) {
            Instant signedAt = NOW.minus(validity);
            SigV4Request signed = request("GET", "/mqtt")
                    .service("iotdevicegateway")
                    .at(signedAt)
                    .presigned(validity)
                    .sign();

            assertThat(verifier().verify(signed).signingInstant())
                    .as(validity.toString())
                    .isEqualTo(signedAt);
        }
    }

    private static SdkSigner queryWithEverything() {
        return request("GET", "/things")
                .rawQueryParameter("attributeName", "colour")
                .rawQueryParameter("b", "2", "1", "", "10")
                .rawQueryParameter("empty", "")
                .rawQueryParameter("flag", (String) null)
                .rawQueryParameter("special", "a b+c/d?e=f&g;h:i@j!k'l(m)n*o~p%q$r,s")
                .rawQueryParameter("unicode", "Grüße, 東京 🚀")
                .rawQueryParameter("ключ", "значение")
                .rawQueryParameter("A", "upper-case sorts first");
    }

    @Test
    void repeatedKeysEmptyValuesSpecialCharactersAndUnicodeInTheQuery() {
        SigV4Request inHeader = queryWithEverything().sign();
        SigV4Request presigned =
                queryWithEverything().presigned(Duration.ofMinutes(5)).sign();

        for (SigV4Request signed : new SigV4Request[] {inHeader, presigned}) {
            assertThat(signed.rawQuery()).contains("%F0%9F%9A%80").contains("&flag&");
            assertThat(verifier().verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
        }
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndMultiValuesJoined() {
        SigV4Request signed = request("POST", "/things/sensor-1")
                .header("Content-Type", "application/json")
                .header("X-Custom", "  several    inner \t spaces  ")
                .header("X-Multi", "first", " second ", "", "third  value")
                .header("x-amz-meta-unicode", "wert mit ümlaut")
                .body(JSON)
                .sign();

        assertThat(signed.headerValues("x-multi")).hasSize(4);
        assertThat(verifier().verify(signed).service()).isEqualTo("iot");
    }

    @Test
    void headersTheSdkDoesNotSignAndHeadersAddedOnTheWayDoNotMatter() {
        SigV4Request signed = request("POST", "/indices/search")
                .header("User-Agent", "aws-sdk-java/2.41.5")
                .header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
                .header("Content-Type", "application/json")
                .body("{\"queryString\":\"*\"}")
                .sign();
        assertThat(signed.firstHeader("Authorization").orElseThrow()).doesNotContain("user-agent");

        SigV4Request proxied = SdkSigner.withHeaders(signed, headers -> {
            headers.put("User-Agent", java.util.List.of("a proxy rewrote me"));
            headers.put("X-Forwarded-For", java.util.List.of("203.0.113.7"));
            headers.put("Via", java.util.List.of("1.1 proxy"));
            return headers;
        });

        assertThat(verifier().verify(proxied).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void headerNamesArriveInAnyCase() {
        SigV4Request signed = request("GET", "/things/sensor-1").sign();
        SigV4Request shouted = SdkSigner.withHeaders(signed, headers -> {
            java.util.Map<String, java.util.List<String>> upper = new java.util.LinkedHashMap<>();
            headers.forEach((name, values) -> upper.put(name.toUpperCase(java.util.Locale.ROOT), values));
            return upper;
        });

        assertThat(verifier().verify(shouted).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void dotSegmentsAndDoubleSlashesAreNormalisedAsTheSdkDoes() {
        for (String path : new String[] {
            "/things/./sensor-1",
            "/things/x/../sensor-1",
            "//things//sensor-1",
            "/things/sensor-1/",
            "/things/sensor-1/."
        }) {
            SigV4Request signed = request("GET", path).sign();

            assertThat(verifier().verify(signed).accessKeyId()).as(path).isEqualTo(ACCESS_KEY_ID);
        }
    }

    @Test
    void aStreamedBodyIsVerifiedByItsHash() {
        SigV4Request signed = request("POST", "/things/sensor-1").body(JSON).sign();
        SigV4Request streamed = SdkSigner.withPayload(
                signed,
                SigV4Request.Payload.ofSha256Hex(signed.payload().sha256Hex().toUpperCase(java.util.Locale.ROOT)));

        assertThat(verifier().verify(streamed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void unsignedPayloadIsAcceptedWhereAllowed() {
        SigV4Request signed =
                request("PUT", "/things/sensor-1").body(JSON).unsignedPayload().sign();
        assertThat(signed.firstHeader("x-amz-content-sha256")).contains(SigV4Verifier.UNSIGNED_PAYLOAD);

        SigV4Verifier lenient = verifier(NOW).unsignedPayloadAllowed(true).build();

        assertThat(lenient.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aSingleServiceEndpointVerifiesItsOwnService() {
        SigV4Request signed =
                request("GET", "/things/x/shadow").service("iotdata").sign();

        assertThat(verifier().verify(signed, "iotdata").service()).isEqualTo("iotdata");
    }

    @Test
    void signaturesAtTheEdgesOfTheClockSkewVerify() {
        for (Instant signedAt : new Instant[] {NOW.minus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(5))}) {
            SigV4Request signed = request("GET", "/things").at(signedAt).sign();

            assertThat(verifier().verify(signed).signingInstant()).isEqualTo(signedAt);
        }
    }

    @Test
    void nowIsTruncatedToTheSecondAsTheSignatureIs() {
        SigV4Request signed =
                request("GET", "/things").at(NOW.minus(Duration.ofMinutes(5))).sign();
        SigV4Verifier later = verifier(NOW.plusMillis(999)).build();

        assertThat(later.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aConfiguredSkewReplacesAwsFiveMinutes() {
        SigV4Request signed =
                request("GET", "/things").at(NOW.minus(Duration.ofMinutes(14))).sign();
        SigV4Verifier generous =
                verifier(NOW).allowedClockSkew(Duration.ofMinutes(15)).build();

        assertThat(generous.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    /**
     * The AWS SigV4 test suite's vectors ("get-vanilla", "get-vanilla-query-order-key-case"): signatures computed by
     * AWS for AKIDEXAMPLE, us-east-1, service "service", 2015-08-30T12:36:00Z.
     */
    @Test
    void verifiesAwsPublishedTestVectors() {
        SigV4Verifier aws = SigV4Verifier.builder()
                .region("us-east-1")
                .services("service")
                .clock(Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC))
                .secrets(id -> "AKIDEXAMPLE".equals(id)
                        ? Optional.of("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".toCharArray())
                        : Optional.empty())
                .build();
        String credential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=";

        SigV4Request getVanilla = SigV4Request.builder()
                .method("GET")
                .rawPath("/")
                .header("Host", "example.amazonaws.com")
                .header("X-Amz-Date", "20150830T123600Z")
                .header(
                        "Authorization",
                        credential + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
                .build();
        SigV4Request queryOrder = SigV4Request.builder()
                .method("GET")
                .rawPath("/")
                .rawQuery("Param2=value2&Param1=value1")
                .header("Host", "example.amazonaws.com")
                .header("X-Amz-Date", "20150830T123600Z")
                .header(
                        "Authorization",
                        credential + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
                .build();

        assertThat(aws.verify(getVanilla))
                .isEqualTo(new VerifiedRequest(
                        "AKIDEXAMPLE", "us-east-1", "service", Instant.parse("2015-08-30T12:36:00Z"), false));
        assertThat(aws.verify(queryOrder).accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }
}
