package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.Rejections.assertInvalid;
import static io.thingstead.http.sigv4.Rejections.assertMismatch;
import static io.thingstead.http.sigv4.Rejections.assertRejected;
import static io.thingstead.http.sigv4.Rejections.hashed;
import static io.thingstead.http.sigv4.Rejections.rejection;
import static io.thingstead.http.sigv4.SdkSigner.ACCESS_KEY_ID;
import static io.thingstead.http.sigv4.SdkSigner.HOST;
import static io.thingstead.http.sigv4.SdkSigner.NOW;
import static io.thingstead.http.sigv4.SdkSigner.SECRET;
import static io.thingstead.http.sigv4.SdkSigner.request;
import static io.thingstead.http.sigv4.SdkSigner.verifier;
import static io.thingstead.http.sigv4.SdkSigner.withHeader;
import static io.thingstead.http.sigv4.SdkSigner.withQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** How the verifier refuses what is not a correctly signed request, in AWS's words. */
class SigV4VerifierErrorsTest {
    private static final String AUTHORIZATION_PREFIX =
            "AWS4-HMAC-SHA256 Credential=AKIATHINGSTEAD000001/20261124/us-east-1/iot/aws4_request, ";

    private final SigV4Verifier verifier = verifier();

    /** A request carrying {@code authorization} and a current X-Amz-Date, signed by nobody. */
    private static SigV4Request withAuthorization(String authorization) {
        return SigV4Request.builder()
                .method("GET")
                .rawPath("/things")
                .header("Host", HOST)
                .header("X-Amz-Date", "20261124T102430Z")
                .header("Authorization", authorization)
                .build();
    }

    // -- no signature at all --

    @Test
    void anUnsignedRequestIsMissingItsAuthenticationToken() {
        SigV4Request unsigned = SigV4Request.builder()
                .method("GET")
                .rawPath("/things")
                .header("Host", HOST)
                .build();

        assertRejected(verifier, unsigned, ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        assertRejected(
                verifier,
                withHeader(unsigned, "Authorization", "   "),
                ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                "Missing Authentication Token");
        assertRejected(
                verifier,
                withQuery(unsigned, "X-Amz-Date=20261124T102430Z&X-Amz-Expires=60"),
                ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                "Missing Authentication Token");
    }

    @Test
    void aRequestSignedBothWaysIsRefused() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(5)).sign();
        SigV4Request signed = request("GET", "/mqtt").sign();
        SigV4Request both = withHeader(
                presigned, "Authorization", signed.firstHeader("Authorization").orElseThrow());

        assertInvalid(
                verifier,
                both,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string"
                        + " parameter or the Authorization header should be specified");
    }

    // -- malformed Authorization headers --

    @Test
    void twoAuthorizationHeaders() {
        SigV4Request signed = request("GET", "/things").sign();
        String authorization = signed.firstHeader("Authorization").orElseThrow();

        assertInvalid(
                verifier,
                withHeader(signed, "Authorization", authorization, authorization),
                "Only one Authorization header may be specified.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc",
                "Basic dXNlcjpwYXNz",
                "AWS4-HMAC-SHA256 Credential= AKIATHINGSTEAD000001/20261124/us-east-1/iot/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=00",
                "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=00, trailing",
                "AWS AKIATHINGSTEAD000001:c2lnbmF0dXJl",
            })
    void aParameterWithoutEqualSignIsQuotedHashed(String authorization) {
        assertInvalid(
                verifier,
                withAuthorization(authorization),
                "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded"
                        + " with Base64): '" + hashed(authorization) + "'.");
    }

    @Test
    void theAlgorithmMustComeFirst() {
        assertInvalid(
                verifier,
                withAuthorization("Credential=AKIATHINGSTEAD000001/20261124/us-east-1/iot/aws4_request,"
                        + " SignedHeaders=host, Signature=00"),
                "Authorization header must begin with the algorithm name, which cannot include an equal-sign");
    }

    @Test
    void missingParametersAreListedInAwsOrder() {
        String bare = "AWS4-HMAC-SHA256";
        assertInvalid(
                verifier,
                withAuthorization(bare),
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature'"
                        + " parameter. Authorization header requires 'SignedHeaders' parameter. (Hashed with SHA-256"
                        + " and encoded with Base64) Authorization=" + hashed(bare));

        String noSignature = AUTHORIZATION_PREFIX + "SignedHeaders=host;x-amz-date";
        assertInvalid(
                verifier,
                withAuthorization(noSignature),
                "Authorization header requires 'Signature' parameter. (Hashed with SHA-256 and encoded with Base64)"
                        + " Authorization=" + hashed(noSignature));

        String emptyValues = "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=";
        assertInvalid(
                verifier,
                withAuthorization(emptyValues),
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature'"
                        + " parameter. (Hashed with SHA-256 and encoded with Base64) Authorization="
                        + hashed(emptyValues));
    }

    @Test
    void aRequestWithoutAnyDate() {
        String authorization = AUTHORIZATION_PREFIX + "SignedHeaders=host, Signature=abc";
        SigV4Request undated = withHeader(withAuthorization(authorization), "X-Amz-Date");

        assertInvalid(
                verifier,
                undated,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with"
                        + " SHA-256 and encoded with Base64) Authorization=" + hashed(authorization));
    }

    @Test
    void aParameterGivenTwice() {
        assertInvalid(
                verifier,
                withAuthorization(AUTHORIZATION_PREFIX
                        + "Credential=AKIATHINGSTEAD000001/20261124/us-east-1/iot/aws4_request,"
                        + " SignedHeaders=host, Signature=00"),
                "Authorization header has more than one 'Credential' parameter.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:24:30Z", "20261124T102430", "20261324T102430Z", "20260231T000000Z", "now"})
    void aDateNotInIsoBasicFormat(String date) {
        SigV4Request request = withHeader(
                withAuthorization(AUTHORIZATION_PREFIX + "SignedHeaders=host;x-amz-date, Signature=00"),
                "X-Amz-Date",
                date);

        assertInvalid(
                verifier,
                request,
                "Date must be in ISO-8601 'basic format'. Got '" + date
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void anotherAlgorithm() {
        assertInvalid(
                verifier,
                withAuthorization(AUTHORIZATION_PREFIX.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")
                        + "SignedHeaders=host;x-amz-date, Signature=00"),
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AKIATHINGSTEAD000001/20261124/us-east-1/iot",
                "AKIATHINGSTEAD000001/20261124/us-east-1/iot/aws4_request/extra",
                "AKIATHINGSTEAD000001",
                "/",
            })
    void aCredentialThatIsNotFiveElements(String credential) {
        assertInvalid(
                verifier,
                withAuthorization(
                        "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=host;x-amz-date, Signature=00"),
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                        + credential + "'");
    }

    @Test
    void hostMustBeSigned() {
        for (String signedHeaders : new String[] {"x-amz-date", "", "hostname;x-amz-date"}) {
            assertInvalid(
                    verifier,
                    withAuthorization(AUTHORIZATION_PREFIX + "SignedHeaders=" + signedHeaders + ", Signature=00"),
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    @Test
    void componentsMaySitBetweenCommasOrSpacesOnly() {
        SigV4Request signed = request("GET", "/things").sign();
        String authorization = signed.firstHeader("Authorization").orElseThrow();

        for (String variant : new String[] {
            authorization.replace(", ", ","), authorization.replace(", ", " "), authorization.replace(", ", " ,\t ")
        }) {
            assertThat(verifier.verify(withHeader(signed, "Authorization", variant))
                            .accessKeyId())
                    .as(variant)
                    .isEqualTo(ACCESS_KEY_ID);
        }
    }

    // -- the clock --

    @Test
    void anExpiredSignatureInAwsWords() {
        SigV4Request signed = request("GET", "/things")
                .at(Instant.parse("2026-11-24T10:15:00Z"))
                .sign();

        assertInvalid(
                verifier,
                signed,
                "Signature expired: 20261124T101500Z is now earlier than 20261124T102000Z (20261124T102500Z - 5 min.)");
    }

    @Test
    void aSignatureFromTheFutureInAwsWords() {
        SigV4Request signed = request("GET", "/things")
                .at(Instant.parse("2026-11-24T10:30:01Z"))
                .sign();

        assertInvalid(
                verifier,
                signed,
                "Signature not yet current: 20261124T103001Z is still later than 20261124T103000Z (20261124T102500Z"
                        + " + 5 min.)");
    }

    @Test
    void oneSecondPastTheSkewIsTooMuch() {
        SigV4Request early = request("GET", "/things").at(NOW.minusSeconds(301)).sign();
        SigV4Request late = request("GET", "/things").at(NOW.plusSeconds(301)).sign();

        assertThat(rejection(verifier, early).getMessage()).startsWith("Signature expired: 20261124T101959Z");
        assertThat(rejection(verifier, late).getMessage()).startsWith("Signature not yet current: 20261124T103001Z");
    }

    @Test
    void aSkewThatIsNotWholeMinutesIsSaidInSeconds() {
        SigV4Verifier strict =
                verifier(NOW).allowedClockSkew(Duration.ofSeconds(90)).build();
        SigV4Request signed = request("GET", "/things").at(NOW.minusSeconds(91)).sign();

        assertInvalid(
                strict,
                signed,
                "Signature expired: 20261124T102329Z is now earlier than 20261124T102330Z (20261124T102500Z - 90 sec.)");
    }

    @Test
    void theClockIsCheckedBeforeTheCredential() {
        // as AWS does: an expired request with a nonsense credential is told it expired
        SigV4Request request = withHeader(
                withAuthorization("AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request SignedHeaders=x-amz-date;host"
                        + " Signature=123"),
                "X-Amz-Date",
                "20170101T010101Z");

        assertThat(rejection(verifier, request).getMessage())
                .startsWith("Signature expired: 20170101T010101Z is now earlier than 20261124T102000Z");
    }

    @Test
    void anExpiredPresignedUrl() {
        SigV4Request presigned = request("GET", "/mqtt")
                .service("iotdevicegateway")
                .at(NOW.minusSeconds(901))
                .presigned(Duration.ofMinutes(15))
                .sign();

        assertInvalid(verifier, presigned, "Request has expired");
        assertThat(verifier(NOW.minusSeconds(1)).build().verify(presigned).presigned())
                .isTrue();
    }

    @Test
    void aPresignedUrlFromTheFuture() {
        SigV4Request presigned = request("GET", "/mqtt")
                .at(NOW.plusSeconds(301))
                .presigned(Duration.ofMinutes(15))
                .sign();

        assertInvalid(
                verifier,
                presigned,
                "Signature not yet current: 20261124T103001Z is still later than 20261124T103000Z (20261124T102500Z"
                        + " + 5 min.)");
    }

    @Test
    void aQuerySignatureWithoutExpiryLivesAsLongAsTheSkew() {
        SigV4Request signed = request("GET", "/mqtt")
                .at(NOW.minusSeconds(301))
                .inQueryString()
                .sign();

        assertThat(rejection(verifier, signed).getMessage()).startsWith("Signature expired: 20261124T101959Z");
    }

    @Test
    void expiresOutsideItsRange() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(15)).sign();
        String query = presigned.rawQuery();
        assertThat(query).contains("X-Amz-Expires=900");

        for (String bad : new String[] {"abc", "", "1.5", "+5", "0x10", "%2010"}) {
            assertInvalid(
                    verifier,
                    withQuery(presigned, query.replace("X-Amz-Expires=900", "X-Amz-Expires=" + bad)),
                    "X-Amz-Expires should be a number");
        }
        for (String negative : new String[] {"-1", "-604801"}) {
            assertInvalid(
                    verifier,
                    withQuery(presigned, query.replace("X-Amz-Expires=900", "X-Amz-Expires=" + negative)),
                    "X-Amz-Expires must be non-negative");
        }
        for (String huge : new String[] {"604801", "99999999999999999999999", "86400000"}) {
            assertInvalid(
                    verifier,
                    withQuery(presigned, query.replace("X-Amz-Expires=900", "X-Amz-Expires=" + huge)),
                    "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be"
                            + " less than 604800 seconds");
        }
        for (String zero : new String[] {"0", "-0", "000"}) {
            assertInvalid(
                    verifier,
                    withQuery(presigned, query.replace("X-Amz-Expires=900", "X-Amz-Expires=" + zero)),
                    "Request has expired");
        }
        // in range but not what was signed
        assertMismatch(verifier, withQuery(presigned, query.replace("X-Amz-Expires=900", "X-Amz-Expires=0900")));
    }

    // -- presigned query parameters --

    @Test
    void everyRequiredQueryParameter() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(15)).sign();
        for (String parameter : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")) {
            String without = presigned.rawQuery().replaceAll("(^|&)" + parameter + "=[^&]*", "");
            String empty = presigned.rawQuery().replaceAll("(^|&)(" + parameter + ")=[^&]*", "$1$2=");

            for (String query : new String[] {without, empty}) {
                assertInvalid(
                        verifier,
                        withQuery(presigned, query),
                        "AWS query-string parameters must include '" + parameter
                                + "'. Re-examine the query-string parameters.");
            }
        }
    }

    @Test
    void aQueryParameterGivenTwice() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(15)).sign();

        assertInvalid(
                verifier,
                withQuery(presigned, presigned.rawQuery() + "&X-Amz-Expires=60"),
                "AWS query-string parameter 'X-Amz-Expires' must appear only once. Re-examine the query-string"
                        + " parameters.");
    }

    @Test
    void anotherQueryAlgorithm() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(15)).sign();

        assertInvalid(
                verifier,
                withQuery(presigned, presigned.rawQuery().replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")),
                "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now).");
    }

    @Test
    void aPresignedUrlMustSignHost() {
        SigV4Request presigned =
                request("GET", "/mqtt").presigned(Duration.ofMinutes(15)).sign();

        assertInvalid(
                verifier,
                withQuery(presigned, presigned.rawQuery().replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=x")),
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    // -- keys and tokens --

    @Test
    void anUnknownAccessKey() {
        SigV4Request signed = request("GET", "/things")
                .credentials(AwsCredentialsIdentity.create("AKIAUNKNOWN000000001", SECRET))
                .sign();
        SigV4Request presigned = request("GET", "/things")
                .credentials(AwsCredentialsIdentity.create("AKIAUNKNOWN000000001", SECRET))
                .presigned(Duration.ofMinutes(1))
                .sign();

        assertRejected(verifier, signed, ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
        assertRejected(verifier, presigned, ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
    }

    @Test
    void accessKeyIdsThatCannotBeKeysAreNotLookedUp() {
        AtomicInteger lookups = new AtomicInteger();
        SigV4Verifier counting = verifier(NOW)
                .secrets(id -> {
                    lookups.incrementAndGet();
                    return Optional.empty();
                })
                .build();

        for (String id : new String[] {"", "AKIA THING", "AKIA'; DROP TABLE keys;--", "x".repeat(129), "ÄKIA"}) {
            SigV4Request request = withAuthorization("AWS4-HMAC-SHA256 Credential=" + id.replace(" ", "%20")
                    + "/20261124/us-east-1/iot/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
            assertRejected(counting, request, ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    void temporaryCredentialsAreNotIssuedHere() {
        AwsSessionCredentialsIdentity session =
                AwsSessionCredentialsIdentity.create(ACCESS_KEY_ID, SECRET, "FQoGZXIvYXdzEJr//////////wEaDM");
        SigV4Request signed = request("GET", "/things").credentials(session).sign();
        SigV4Request presigned = request("GET", "/mqtt")
                .credentials(session)
                .presigned(Duration.ofMinutes(5))
                .sign();

        assertThat(signed.firstHeader("X-Amz-Security-Token")).isPresent();
        assertThat(presigned.rawQuery()).contains("X-Amz-Security-Token=");
        assertRejected(verifier, signed, ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
        assertRejected(verifier, presigned, ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
    }

    @Test
    void aBadSignatureIsReportedBeforeAToken() {
        AwsSessionCredentialsIdentity session =
                AwsSessionCredentialsIdentity.create(ACCESS_KEY_ID, SECRET + "wrong", "token");

        assertMismatch(verifier, request("GET", "/things").credentials(session).sign());
    }

    @Test
    void aFailingLookupIsAnInternalFailureWithoutDetail() {
        SigV4Request signed = request("GET", "/things").sign();
        SigV4Verifier broken = verifier(NOW)
                .secrets(id -> {
                    throw new IllegalStateException("connection refused: jdbc:postgresql://db/thingstead");
                })
                .build();
        SigV4Verifier throttled = verifier(NOW)
                .secrets(id -> {
                    throw IotException.throttled("Rate exceeded");
                })
                .build();

        IotException failure = rejection(broken, signed);
        assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL_FAILURE);
        assertThat(failure.getMessage()).isEqualTo("The access key could not be looked up.");
        assertRejected(throttled, signed, ErrorCode.THROTTLING, "Rate exceeded");
    }

    @Test
    void aLookupAnsweringNullIsAnUnknownKey() {
        SigV4Verifier sloppy = verifier(NOW).secrets(id -> null).build();

        assertRejected(
                sloppy, request("GET", "/things").sign(), ErrorCode.UNRECOGNIZED_CLIENT, Rejections.INVALID_TOKEN);
    }

    @Test
    void aRotatedSecretInvalidatesTheCachedSigningKey() {
        char[][] current = {SECRET.toCharArray()};
        SigV4Verifier rotating = verifier(NOW)
                .secrets(id -> ACCESS_KEY_ID.equals(id) ? Optional.of(current[0]) : Optional.empty())
                .build();
        SigV4Request oldSecret = request("GET", "/things").sign();
        assertThat(rotating.verify(oldSecret).accessKeyId()).isEqualTo(ACCESS_KEY_ID);

        current[0] = "a-brand-new-secret".toCharArray();

        assertMismatch(rotating, oldSecret);
        SigV4Request newSecret = request("GET", "/things")
                .credentials(AwsCredentialsIdentity.create(ACCESS_KEY_ID, "a-brand-new-secret"))
                .sign();
        assertThat(rotating.verify(newSecret).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    // -- services and payloads --

    @Test
    void theUnacceptedServiceMessageNamesTheExpectedService() {
        SigV4Request dataPlane =
                request("GET", "/things/x/shadow").service("iotdata").sign();
        SigV4Request apiGateway =
                request("GET", "/things").service("execute-api").sign();

        assertInvalid(verifier, apiGateway, "Credential should be scoped to correct service: 'iot'.");
        assertThatThrownBy(() -> verifier.verify(dataPlane, "iot"))
                .isInstanceOf(IotException.class)
                .hasMessage("Credential should be scoped to correct service: 'iot'.");
        assertThatThrownBy(() -> verifier.verify(dataPlane, "s3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsignedPayloadIsRefusedWhereAwsRefusesIt() {
        SigV4Request signed =
                request("PUT", "/things/sensor-1").body("{}").unsignedPayload().sign();

        assertMismatch(verifier, signed);
    }

    // -- the Date header instead of X-Amz-Date --

    /** Signs a GET carrying a {@code Date} header and no X-Amz-Date with the SDK's own canonical request builder. */
    private static SigV4Request signedWithDateHeader(String dateHeader, Instant signingInstant) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(HOST)
                .encodedPath("/things/sensor-1")
                .putHeader("Host", HOST)
                .putHeader("Date", dateHeader)
                .build();
        AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET);
        V4CanonicalRequest canonical = new V4CanonicalRequest(
                request,
                HexFormat.of().formatHex(SignerUtils.hash(new byte[0])),
                new V4CanonicalRequest.Options(true, true));
        CredentialScope scope = new CredentialScope(SdkSigner.REGION, "iot", signingInstant);
        String stringToSign = "AWS4-HMAC-SHA256\n" + scope.getDatetime() + "\n" + scope.scope() + "\n"
                + SignerUtils.hashCanonicalRequest(canonical.getCanonicalRequestString());
        String signature = HexFormat.of()
                .formatHex(
                        SignerUtils.computeSignature(stringToSign, SignerUtils.deriveSigningKey(credentials, scope)));
        return SdkSigner.onTheWire(
                request.toBuilder()
                        .putHeader(
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential=" + scope.scope(credentials) + ", SignedHeaders="
                                        + canonical.getSignedHeadersString() + ", Signature=" + signature)
                        .build(),
                new byte[0]);
    }

    @Test
    void aDateHeaderInIsoBasicOrHttpFormatStandsInForXAmzDate() {
        Instant signedAt = NOW.minusSeconds(90);
        String iso = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(signedAt);
        String http =
                DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(signedAt);
        assertThat(http).isEqualTo("Tue, 24 Nov 2026 10:23:30 GMT");

        for (String date : new String[] {iso, http}) {
            VerifiedRequest verified = verifier.verify(signedWithDateHeader(date, signedAt));

            assertThat(verified.signingInstant()).as(date).isEqualTo(signedAt);
        }
        assertInvalid(
                verifier,
                signedWithDateHeader("24/11/2026 10:23:30", signedAt),
                "Date must be in ISO-8601 'basic format'. Got '24/11/2026 10:23:30'. See"
                        + " http://en.wikipedia.org/wiki/ISO_8601");
    }

    // -- secrets stay secret --

    @Test
    void noMessageNorToStringEverShowsTheSecret() {
        List<String> said = new ArrayList<>();
        SigV4Request good = request("POST", "/things/x").body("{}").sign();
        List<SigV4Request> bad = List.of(
                withHeader(good, "Authorization", "Bearer " + SECRET),
                withHeader(good, "Authorization", "AWS4-HMAC-SHA256 " + SECRET),
                withHeader(
                        good, "Authorization", good.firstHeader("Authorization").orElseThrow() + "0"),
                request("GET", "/things").at(NOW.minusSeconds(1000)).sign(),
                request("GET", "/things")
                        .credentials(AwsCredentialsIdentity.create(ACCESS_KEY_ID, "wrong"))
                        .sign());
        for (SigV4Request request : bad) {
            said.add(rejection(verifier, request).getMessage());
            said.add(request.toString());
        }
        said.add(verifier.toString());
        said.add(good.toString());

        assertThat(said).noneMatch(text -> text.contains(SECRET) || text.contains("sEcReT"));
    }
}
