package io.thingstead.http.sigv4;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * The errors AWS answers a badly signed request with, worded as AWS words them. AWS sends some of these as
 * {@code IncompleteSignatureException}; Thingstead sends them all as {@link ErrorCode#INVALID_SIGNATURE} with AWS's
 * message. Nothing here ever quotes a secret; where AWS would quote the Authorization header it quotes its SHA-256.
 */
final class SigV4Errors {
    static final String MISSING_AUTHENTICATION_TOKEN = "Missing Authentication Token";
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";
    static final String INVALID_SECURITY_TOKEN = "The security token included in the request is invalid.";
    static final String HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    static final String INVALID_REGION = "Credential should be scoped to a valid region.";
    static final String ONE_MECHANISM_ONLY = "Only one auth mechanism allowed; only the X-Amz-Algorithm query"
            + " parameter, Signature query string parameter or the Authorization header should be specified";
    static final String ALGORITHM_WITH_EQUAL_SIGN =
            "Authorization header must begin with the algorithm name, which cannot include an equal-sign";
    static final String ONE_AUTHORIZATION_HEADER_ONLY = "Only one Authorization header may be specified.";
    static final String EXPIRES_NOT_A_NUMBER = "X-Amz-Expires should be a number";
    static final String EXPIRES_NEGATIVE = "X-Amz-Expires must be non-negative";
    static final String EXPIRES_TOO_LARGE = "X-Amz-Expires must be less than a week (in seconds); that is, the given"
            + " X-Amz-Expires must be less than 604800 seconds";
    static final String REQUEST_EXPIRED = "Request has expired";

    static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SigV4Errors() {}

    static IotException invalid(String message) {
        return new IotException(ErrorCode.INVALID_SIGNATURE, message);
    }

    static IotException missingAuthenticationToken() {
        return new IotException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, MISSING_AUTHENTICATION_TOKEN);
    }

    static IotException unrecognizedClient() {
        return new IotException(ErrorCode.UNRECOGNIZED_CLIENT, INVALID_SECURITY_TOKEN);
    }

    static IotException signatureMismatch() {
        return invalid(SIGNATURE_MISMATCH);
    }

    static IotException missingEqualSign(String authorization) {
        return invalid("Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and"
                + " encoded with Base64): '" + hashed(authorization) + "'.");
    }

    /** {@code missing} holds AWS's sentences, e.g. "Authorization header requires 'Signature' parameter.". */
    static IotException incompleteAuthorization(List<String> missing, String authorization) {
        return invalid(String.join(" ", missing) + " (Hashed with SHA-256 and encoded with Base64) Authorization="
                + hashed(authorization));
    }

    static String requiresParameter(String parameter) {
        return "Authorization header requires '" + parameter + "' parameter.";
    }

    static final String REQUIRES_DATE =
            "Authorization header requires existence of either a 'X-Amz-Date' or a" + " 'Date' header.";

    static IotException duplicateAuthorizationParameter(String parameter) {
        return invalid("Authorization header has more than one '" + parameter + "' parameter.");
    }

    static IotException missingQueryParameter(String parameter) {
        return invalid("AWS query-string parameters must include '" + parameter
                + "'. Re-examine the query-string parameters.");
    }

    static IotException duplicateQueryParameter(String parameter) {
        return invalid("AWS query-string parameter '" + parameter
                + "' must appear only once. Re-examine the query-string parameters.");
    }

    static IotException badDate(String value) {
        return invalid("Date must be in ISO-8601 'basic format'. Got '" + value
                + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    static IotException unsupportedAlgorithm(String algorithm) {
        return invalid("Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now).");
    }

    static IotException badCredentialShape(String credential) {
        return invalid("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                + " got '" + credential + "'");
    }

    static String incorrectService(String expected) {
        return "Credential should be scoped to correct service: '" + expected + "'.";
    }

    static String invalidTerminator(String terminator) {
        return "Credential should be scoped with a valid terminator: 'aws4_request', not '" + terminator + "'.";
    }

    static String scopeDateMismatch(String scopeDate, String requestDate, Instant signingInstant) {
        return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + scopeDate
                + "' != '" + requestDate + "', from '" + ISO_BASIC.format(signingInstant) + "'.";
    }

    static IotException signatureExpired(Instant signed, Instant now, Duration skew) {
        return invalid("Signature expired: " + ISO_BASIC.format(signed) + " is now earlier than "
                + ISO_BASIC.format(now.minus(skew)) + " (" + ISO_BASIC.format(now) + " - " + describe(skew) + ".)");
    }

    static IotException signatureNotYetCurrent(Instant signed, Instant now, Duration skew) {
        return invalid("Signature not yet current: " + ISO_BASIC.format(signed) + " is still later than "
                + ISO_BASIC.format(now.plus(skew)) + " (" + ISO_BASIC.format(now) + " + " + describe(skew) + ".)");
    }

    private static String describe(Duration skew) {
        long seconds = skew.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " sec";
    }

    /** AWS no longer echoes a malformed Authorization header: it quotes the Base64 of its SHA-256. */
    private static String hashed(String authorization) {
        return Base64.getEncoder()
                .encodeToString(SigV4Request.Payload.sha256(authorization.getBytes(StandardCharsets.UTF_8)));
    }
}
