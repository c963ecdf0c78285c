package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.Rejections.assertInvalid;
import static io.thingstead.http.sigv4.Rejections.assertMismatch;
import static io.thingstead.http.sigv4.Rejections.assertRejected;
import static io.thingstead.http.sigv4.SdkSigner.NOW;
import static io.thingstead.http.sigv4.SdkSigner.request;
import static io.thingstead.http.sigv4.SdkSigner.verifier;
import static io.thingstead.http.sigv4.SdkSigner.withHeader;
import static io.thingstead.http.sigv4.SdkSigner.withMethod;
import static io.thingstead.http.sigv4.SdkSigner.withPath;
import static io.thingstead.http.sigv4.SdkSigner.withPayload;
import static io.thingstead.http.sigv4.SdkSigner.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A request the SDK signed, changed in any signed part on its way, no longer verifies. */
class SigV4VerifierTamperingTest {
    private static final String BODY = "{\"attributePayload\":{\"attributes\":{\"colour\":\"green\"}}}";

    private final SigV4Verifier verifier = verifier();

    private static SigV4Request signed() {
        return request("PATCH", "/things/sensor-1?expectedVersion=3&b=2&b=1")
                .header("Content-Type", "application/json")
                .header("X-Custom", "kept as signed")
                .body(BODY)
                .sign();
    }

    private static String authorization(SigV4Request request) {
        return request.firstHeader("Authorization").orElseThrow();
    }

    private static SigV4Request withAuthorization(SigV4Request request, String from, String to) {
        String original = authorization(request);
        assertThat(original).contains(from);
        return withHeader(request, "Authorization", original.replace(from, to));
    }

    @Test
    void theUntouchedRequestVerifies() {
        assertThat(verifier.verify(signed()).accessKeyId()).isEqualTo(SdkSigner.ACCESS_KEY_ID);
    }

    @Test
    void anotherMethod() {
        assertMismatch(verifier, withMethod(signed(), "PUT"));
        assertMismatch(verifier, withMethod(signed(), "patch"));
    }

    @Test
    void anotherPath() {
        assertMismatch(verifier, withPath(signed(), "/things/sensor-2"));
        assertMismatch(verifier, withPath(signed(), "/things/sensor-1/principals"));
        assertMismatch(verifier, withPath(signed(), "/things/sensor%2D1"));
        assertMismatch(verifier, withPath(signed(), "/things/Sensor-1"));
    }

    @Test
    void anotherQuery() {
        assertMismatch(verifier, withQuery(signed(), "expectedVersion=4&b=2&b=1"));
        assertMismatch(verifier, withQuery(signed(), "expectedVersion=3&b=2"));
        assertMismatch(verifier, withQuery(signed(), "expectedVersion=3&b=2&b=1&c=3"));
        assertMismatch(verifier, withQuery(signed(), "expectedVersion=3&b=2&b=1&b=1"));
        assertMismatch(verifier, withQuery(signed(), ""));
    }

    @Test
    void theQueryMayArriveInAnotherOrder() {
        assertThat(verifier.verify(withQuery(signed(), "b=1&expectedVersion=3&b=2"))
                        .accessKeyId())
                .isEqualTo(SdkSigner.ACCESS_KEY_ID);
    }

    @Test
    void aSignedHeader() {
        assertMismatch(verifier, withHeader(signed(), "Content-Type", "text/plain"));
        assertMismatch(verifier, withHeader(signed(), "X-Custom", "changed"));
        assertMismatch(verifier, withHeader(signed(), "X-Custom", "kept as signed", "and another value"));
        assertMismatch(verifier, withHeader(signed(), "Host", "evil.example.com"));
    }

    @Test
    void aSignedHeaderThatDidNotArrive() {
        assertMismatch(verifier, withHeader(signed(), "X-Custom"));
        assertMismatch(verifier, withHeader(signed(), "Host"));
    }

    @Test
    void theBody() {
        SigV4Request tampered = withPayload(signed(), SigV4Request.Payload.of(BODY.replace("green", "red")));
        assertMismatch(verifier, tampered);
        assertMismatch(verifier, withPayload(signed(), SigV4Request.Payload.empty()));
    }

    @Test
    void theBodyAndItsDeclaredHash() {
        SigV4Request.Payload other = SigV4Request.Payload.of(BODY.replace("green", "red"));
        SigV4Request tampered = withHeader(withPayload(signed(), other), "x-amz-content-sha256", other.sha256Hex());

        assertMismatch(verifier, tampered);
    }

    @Test
    void aDeclaredHashThatIsNotTheBodys() {
        assertMismatch(
                verifier,
                withHeader(
                        signed(),
                        "x-amz-content-sha256",
                        SigV4Request.Payload.empty().sha256Hex()));
        assertMismatch(verifier, withHeader(signed(), "x-amz-content-sha256", SigV4Verifier.UNSIGNED_PAYLOAD));
    }

    @Test
    void theDateWithinTheDay() {
        SigV4Request signed = signed();
        String date = signed.firstHeader("X-Amz-Date").orElseThrow();
        assertThat(date).isEqualTo("20261124T102430Z");

        assertMismatch(verifier, withHeader(signed, "X-Amz-Date", "20261124T102431Z"));
    }

    @Test
    void theDateToAnotherDay() {
        SigV4Request signed = request("GET", "/things").at(NOW.minusSeconds(60)).sign();
        SigV4Verifier atMidnight =
                verifier(java.time.Instant.parse("2026-11-25T00:01:00Z")).build();
        SigV4Request moved = withHeader(signed, "X-Amz-Date", "20261125T000000Z");

        assertInvalid(
                atMidnight,
                moved,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20261124' != '20261125', from '20261125T000000Z'.");
    }

    @Test
    void theCredentialScope() {
        SigV4Request signed = signed();

        assertInvalid(
                verifier,
                withAuthorization(signed, "/us-east-1/", "/eu-west-1/"),
                "Credential should be scoped to a valid region.");
        assertInvalid(
                verifier,
                withAuthorization(signed, "/iot/aws4_request", "/execute-api/aws4_request"),
                "Credential should be scoped to correct service: 'iot'.");
        assertInvalid(
                verifier,
                withAuthorization(signed, "/aws4_request", "/aws4_requests"),
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'.");
        assertInvalid(
                verifier,
                withAuthorization(signed, "/20261124/", "/20261123/"),
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20261123' != '20261124', from '20261124T102430Z'.");
    }

    @Test
    void everyScopeProblemIsReportedAtOnceInAwsOrder() {
        SigV4Request tampered = withAuthorization(
                signed(), "/20261124/us-east-1/iot/aws4_request", "/20261123/eu-west-1/s3/aws4_requests");

        assertInvalid(
                verifier,
                tampered,
                "Credential should be scoped to a valid region."
                        + " Credential should be scoped to correct service: 'iot'."
                        + " Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'."
                        + " Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20261123' != '20261124', from '20261124T102430Z'.");
    }

    @Test
    void theAccessKey() {
        assertRejected(
                verifier,
                withAuthorization(signed(), "Credential=AKIATHINGSTEAD000001/", "Credential=AKIATHINGSTEAD000002/"),
                ErrorCode.UNRECOGNIZED_CLIENT,
                Rejections.INVALID_TOKEN);
    }

    @Test
    void theSignature() {
        SigV4Request signed = signed();
        String signature = authorization(signed).substring(authorization(signed).indexOf("Signature=") + 10);
        char last = signature.charAt(signature.length() - 1);
        String flipped = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');

        assertMismatch(verifier, withAuthorization(signed, signature, flipped));
        assertMismatch(verifier, withAuthorization(signed, signature, signature.toUpperCase(java.util.Locale.ROOT)));
        assertMismatch(verifier, withAuthorization(signed, signature, signature.substring(0, 63)));
        assertMismatch(verifier, withAuthorization(signed, signature, signature + "0"));
    }

    @Test
    void theSignedHeadersList() {
        SigV4Request signed = signed();
        String list = "content-type;host;x-amz-content-sha256;x-amz-date;x-custom";
        assertThat(authorization(signed)).contains("SignedHeaders=" + list + ",");

        assertMismatch(verifier, withAuthorization(signed, list, "content-type;host;x-amz-content-sha256;x-amz-date"));
        assertMismatch(verifier, withAuthorization(signed, list, list + ";user-agent"));
        assertInvalid(
                verifier,
                withAuthorization(signed, list, "content-type;x-amz-content-sha256;x-amz-date;x-custom"),
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void theSecretTheClientSignedWith() {
        SigV4Request signed = request("GET", "/things")
                .credentials(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(
                        SdkSigner.ACCESS_KEY_ID, SdkSigner.SECRET + "x"))
                .sign();

        assertMismatch(verifier, signed);
    }

    @Test
    void aPresignedUrl() {
        SigV4Request presigned = request("GET", "/mqtt")
                .service("iotdevicegateway")
                .presigned(Duration.ofHours(1))
                .sign();
        String query = presigned.rawQuery();
        assertThat(verifier.verify(presigned).presigned()).isTrue();

        assertMismatch(verifier, withQuery(presigned, query.replace("X-Amz-Expires=3600", "X-Amz-Expires=3599")));
        assertMismatch(
                verifier,
                withQuery(presigned, query.replace("X-Amz-Date=20261124T102430Z", "X-Amz-Date=20261124T102431Z")));
        assertMismatch(verifier, withQuery(presigned, query + "&extra=1"));
        assertMismatch(verifier, withQuery(presigned, query.replace("host", "host%3Bx-extra")));
        assertMismatch(verifier, withPath(presigned, "/mqtt/"));
        assertMismatch(verifier, withHeader(presigned, "Host", "other.example.com"));
        assertInvalid(
                verifier,
                withQuery(presigned, query.replaceAll("&X-Amz-Signature=[0-9a-f]+", "")),
                "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.");
    }

    @Test
    void aPresignedUrlsBodyIsNotSigned() {
        SigV4Request presigned = request("POST", "/topics/a%2Fb")
                .service("iotdata")
                .presigned(Duration.ofHours(1))
                .unsignedPayload()
                .body("{\"a\":1}")
                .sign();

        assertThat(verifier.verify(withPayload(presigned, SigV4Request.Payload.of("{\"a\":2}")))
                        .presigned())
                .isTrue();
        assertThat(verifier.verify(presigned, "iotdata").service()).isEqualTo("iotdata");
    }
}
