package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.SigV4Errors.invalid;

import io.thingstead.common.api.error.IotException;
import io.thingstead.http.sigv4.Canonical.QueryParameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 exactly as AWS does for its non-S3 services, so that the unmodified AWS SDKs and
 * CLI authenticate against Thingstead. Pure: no I/O but the secret lookup it is given, thread-safe, immutable
 * configuration.
 *
 * <p>Both ways of carrying a signature are accepted: the {@code Authorization: AWS4-HMAC-SHA256 Credential=...,
 * SignedHeaders=..., Signature=...} header, and the query string ({@code X-Amz-Algorithm}, {@code X-Amz-Credential},
 * {@code X-Amz-Date}, {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature}, optionally {@code X-Amz-Expires}) of a
 * presigned URL. The checks run in the order AWS runs them, and every failure is an {@link IotException} worded as
 * AWS words it:
 *
 * <ol>
 *   <li>no signature at all: {@code MissingAuthenticationTokenException};
 *   <li>a malformed Authorization header or query, a date not in ISO-8601 basic format, a timestamp outside the
 *       allowed clock skew (or past a presigned URL's {@code X-Amz-Expires}), {@code host} not signed, an algorithm
 *       other than {@code AWS4-HMAC-SHA256}, a credential scope that is not {@code key/date/region/service/aws4_request}
 *       for the configured region, an accepted service and the request's date: {@code InvalidSignatureException};
 *   <li>an access key the secret lookup does not know: {@code UnrecognizedClientException};
 *   <li>a signature that does not match: {@code InvalidSignatureException};
 *   <li>a session token ({@code X-Amz-Security-Token}): temporary credentials are not issued here, so the token is
 *       invalid: {@code UnrecognizedClientException}.
 * </ol>
 *
 * <p>Secrets never reach a message, a log or a {@code toString()}; signatures are compared in constant time; derived
 * signing keys are cached per access key, date, region and service.
 */
public final class SigV4Verifier {
    /** The one algorithm SigV4 defines. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The payload hash a client sends when it does not sign the body. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** How far AWS lets a request's timestamp be from its own clock. */
    public static final Duration AWS_CLOCK_SKEW = Duration.ofMinutes(5);
    /** The longest a presigned URL may be valid: seven days, in seconds. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;

    static final String TERMINATOR = "aws4_request";
    static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";
    static final String SECURITY_TOKEN_HEADER = "x-amz-security-token";

    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    private static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final String X_AMZ_SIGNATURE = Canonical.SIGNATURE_PARAMETER;
    private static final List<String> QUERY_AUTH_PARAMETERS = List.of(
            X_AMZ_ALGORITHM,
            X_AMZ_CREDENTIAL,
            X_AMZ_SIGNED_HEADERS,
            X_AMZ_SIGNATURE,
            X_AMZ_DATE,
            X_AMZ_EXPIRES,
            X_AMZ_SECURITY_TOKEN);
    private static final List<String> REQUIRED_QUERY_PARAMETERS =
            List.of(X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_DATE, X_AMZ_SIGNED_HEADERS);
    private static final Set<String> AUTHORIZATION_PARAMETERS = Set.of("Credential", "SignedHeaders", "Signature");

    private static final Pattern ISO_BASIC_SHAPE = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern AUTHORIZATION_SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern EXPIRES_SHAPE = Pattern.compile("-?\\d+");
    /** AWS access key ids are word characters; anything else is not looked up at all. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w{1,128}");

    private static final DateTimeFormatter ISO_BASIC_PARSER =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SCOPE_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final List<String> services;
    private final Clock clock;
    private final Duration allowedClockSkew;
    private final Function<String, Optional<char[]>> secrets;
    private final boolean unsignedPayloadAllowed;
    private final SigningKeyCache signingKeys;

    private SigV4Verifier(Builder builder) {
        this.region = requireText(builder.region, "region");
        if (builder.services.isEmpty()) {
            throw new IllegalArgumentException("at least one service must be accepted");
        }
        builder.services.forEach(service -> requireText(service, "service"));
        this.services = List.copyOf(builder.services);
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.allowedClockSkew = Objects.requireNonNull(builder.allowedClockSkew, "allowedClockSkew");
        if (allowedClockSkew.isNegative()) {
            throw new IllegalArgumentException("allowedClockSkew must not be negative");
        }
        this.secrets = Objects.requireNonNull(builder.secrets, "secrets");
        this.unsignedPayloadAllowed = builder.unsignedPayloadAllowed;
        this.signingKeys = new SigningKeyCache(builder.signingKeyCacheSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a request signed for any of the accepted services. A credential scoped to another service is refused
     * with AWS's message naming the first accepted service.
     *
     * @throws IotException when the request is not signed, or not signed right
     */
    public VerifiedRequest verify(SigV4Request request) {
        return verify(request, services);
    }

    /**
     * Verifies a request that must be signed for {@code service} (one of the accepted services), as an endpoint that
     * serves a single AWS service does.
     *
     * @throws IotException when the request is not signed, or not signed right
     */
    public VerifiedRequest verify(SigV4Request request, String service) {
        if (!services.contains(service)) {
            throw new IllegalArgumentException("not an accepted service: " + service);
        }
        return verify(request, List.of(service));
    }

    public String region() {
        return region;
    }

    public List<String> services() {
        return services;
    }

    public Duration allowedClockSkew() {
        return allowedClockSkew;
    }

    @Override
    public String toString() {
        return "SigV4Verifier[region=" + region + ", services=" + services + ", allowedClockSkew=" + allowedClockSkew
                + ", unsignedPayloadAllowed=" + unsignedPayloadAllowed + "]";
    }

    SigningKeyCache signingKeys() {
        return signingKeys;
    }

    private VerifiedRequest verify(SigV4Request request, List<String> expectedServices) {
        Objects.requireNonNull(request, "request");
        List<QueryParameter> query = QueryParameter.parse(request.rawQuery());
        List<String> authorization = request.headerValues("Authorization").stream()
                .filter(value -> !value.isBlank())
                .toList();
        boolean presigned = query.stream()
                .anyMatch(p -> p.name().equals(X_AMZ_ALGORITHM)
                        || p.name().equals(X_AMZ_CREDENTIAL)
                        || p.name().equals(X_AMZ_SIGNATURE));
        if (authorization.isEmpty() && !presigned) {
            throw SigV4Errors.missingAuthenticationToken();
        }
        if (!authorization.isEmpty() && presigned) {
            throw invalid(SigV4Errors.ONE_MECHANISM_ONLY);
        }
        Authentication auth = presigned ? fromQuery(query) : fromHeader(authorization, request);

        checkTime(auth);
        if (auth.signedHeaders().stream()
                .noneMatch(name -> name.equalsIgnoreCase("host") || name.equalsIgnoreCase(":authority"))) {
            throw invalid(SigV4Errors.HOST_NOT_SIGNED);
        }
        if (!ALGORITHM.equals(auth.algorithm())) {
            throw SigV4Errors.unsupportedAlgorithm(auth.algorithm());
        }
        Scope scope = scope(auth, expectedServices);
        byte[] signingKey = signingKey(scope);

        List<String> payloadHashes = payloadHashes(request, auth);
        String canonicalPrefix = canonicalRequestPrefix(request, query, auth);
        String stringToSignPrefix =
                ALGORITHM + '\n' + SigV4Errors.ISO_BASIC.format(auth.signingInstant()) + '\n' + scope.scope() + '\n';
        byte[] provided = auth.signature().getBytes(StandardCharsets.UTF_8);
        boolean matches = false;
        for (String payloadHash : payloadHashes) {
            String canonicalRequest = canonicalPrefix + payloadHash;
            String stringToSign = stringToSignPrefix
                    + HEX.formatHex(SigV4Request.Payload.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = HEX.formatHex(
                            SigningKeyCache.hmac(signingKey, stringToSign.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            matches |= MessageDigest.isEqual(expected, provided);
        }
        if (!matches) {
            throw SigV4Errors.signatureMismatch();
        }
        if (auth.securityTokenPresent()) {
            throw SigV4Errors.unrecognizedClient();
        }
        return new VerifiedRequest(
                scope.accessKeyId(), scope.region(), scope.service(), auth.signingInstant(), auth.presigned());
    }

    // -- reading the signature out of the request --

    private static Authentication fromHeader(List<String> authorization, SigV4Request request) {
        if (authorization.size() > 1) {
            throw invalid(SigV4Errors.ONE_AUTHORIZATION_HEADER_ONLY);
        }
        String header = authorization.get(0);
        String[] algorithmAndRest = WHITESPACE.split(header.strip(), 2);
        String algorithm = algorithmAndRest[0];
        if (algorithm.indexOf('=') >= 0) {
            throw invalid(SigV4Errors.ALGORITHM_WITH_EQUAL_SIGN);
        }
        Map<String, String> parameters = new HashMap<>();
        if (algorithmAndRest.length > 1) {
            for (String token : AUTHORIZATION_SEPARATORS.split(algorithmAndRest[1])) {
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                if (eq < 0) {
                    throw SigV4Errors.missingEqualSign(header);
                }
                String name = token.substring(0, eq);
                if (AUTHORIZATION_PARAMETERS.contains(name) && parameters.containsKey(name)) {
                    throw SigV4Errors.duplicateAuthorizationParameter(name);
                }
                parameters.put(name, token.substring(eq + 1));
            }
        }
        Optional<String> amzDate = firstNonBlank(request.headerValues(X_AMZ_DATE));
        Optional<String> httpDate = firstNonBlank(request.headerValues("Date"));

        List<String> missing = new ArrayList<>();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            String value = parameters.get(required);
            if (value == null || (value.isEmpty() && !required.equals("SignedHeaders"))) {
                missing.add(SigV4Errors.requiresParameter(required));
            }
        }
        if (amzDate.isEmpty() && httpDate.isEmpty()) {
            missing.add(SigV4Errors.REQUIRES_DATE);
        }
        if (!missing.isEmpty()) {
            throw SigV4Errors.incompleteAuthorization(missing, header);
        }
        Instant signingInstant = amzDate.isPresent() ? parseIsoBasic(amzDate.get()) : parseHttpDate(httpDate.get());
        String signedHeaders = parameters.get("SignedHeaders");
        return new Authentication(
                algorithm,
                parameters.get("Credential"),
                signedHeaders,
                List.of(signedHeaders.split(";", -1)),
                parameters.get("Signature"),
                signingInstant,
                null,
                false,
                !request.headerValues(SECURITY_TOKEN_HEADER).isEmpty());
    }

    private static Authentication fromQuery(List<QueryParameter> query) {
        Map<String, String> values = new HashMap<>();
        for (QueryParameter parameter : query) {
            if (QUERY_AUTH_PARAMETERS.contains(parameter.name())
                    && values.put(parameter.name(), parameter.value()) != null) {
                throw SigV4Errors.duplicateQueryParameter(parameter.name());
            }
        }
        for (String required : REQUIRED_QUERY_PARAMETERS) {
            String value = values.get(required);
            if (value == null || value.isEmpty()) {
                throw SigV4Errors.missingQueryParameter(required);
            }
        }
        Instant signingInstant = parseIsoBasic(values.get(X_AMZ_DATE));
        Long expires = values.containsKey(X_AMZ_EXPIRES) ? parseExpires(values.get(X_AMZ_EXPIRES)) : null;
        String signedHeaders = values.get(X_AMZ_SIGNED_HEADERS);
        return new Authentication(
                values.get(X_AMZ_ALGORITHM),
                values.get(X_AMZ_CREDENTIAL),
                signedHeaders,
                List.of(signedHeaders.split(";", -1)),
                values.get(X_AMZ_SIGNATURE),
                signingInstant,
                expires,
                true,
                values.containsKey(X_AMZ_SECURITY_TOKEN));
    }

    private static Optional<String> firstNonBlank(List<String> values) {
        return values.stream()
                .filter(value -> !value.isBlank())
                .map(String::strip)
                .findFirst();
    }

    private static Instant parseIsoBasic(String value) {
        if (!ISO_BASIC_SHAPE.matcher(value).matches()) {
            throw SigV4Errors.badDate(value);
        }
        try {
            return LocalDateTime.parse(value, ISO_BASIC_PARSER).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw SigV4Errors.badDate(value);
        }
    }

    /** A {@code Date} header may carry the ISO-8601 basic format or the usual RFC 1123 HTTP date. */
    private static Instant parseHttpDate(String value) {
        if (ISO_BASIC_SHAPE.matcher(value).matches()) {
            return parseIsoBasic(value);
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value, Instant::from);
        } catch (DateTimeException e) {
            throw SigV4Errors.badDate(value);
        }
    }

    private static long parseExpires(String value) {
        if (!EXPIRES_SHAPE.matcher(value).matches()) {
            throw invalid(SigV4Errors.EXPIRES_NOT_A_NUMBER);
        }
        String digits = value.startsWith("-") ? value.substring(1) : value;
        boolean zero = digits.chars().allMatch(c -> c == '0');
        if (value.startsWith("-") && !zero) {
            throw invalid(SigV4Errors.EXPIRES_NEGATIVE);
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 7 || Long.parseLong(significant) > MAX_EXPIRES_SECONDS) {
            throw invalid(SigV4Errors.EXPIRES_TOO_LARGE);
        }
        return Long.parseLong(significant);
    }

    // -- the checks, in AWS's order --

    private void checkTime(Authentication auth) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant signed = auth.signingInstant();
        Long expires = auth.expiresSeconds();
        if (expires == null && signed.isBefore(now.minus(allowedClockSkew))) {
            throw SigV4Errors.signatureExpired(signed, now, allowedClockSkew);
        }
        if (signed.isAfter(now.plus(allowedClockSkew))) {
            throw SigV4Errors.signatureNotYetCurrent(signed, now, allowedClockSkew);
        }
        if (expires != null && (expires == 0 || now.isAfter(signed.plusSeconds(expires)))) {
            throw invalid(SigV4Errors.REQUEST_EXPIRED);
        }
    }

    private Scope scope(Authentication auth, List<String> expectedServices) {
        String credential = auth.credential();
        String[] parts = credential.split("/");
        if (parts.length != 5) {
            throw SigV4Errors.badCredentialShape(credential);
        }
        List<String> problems = new ArrayList<>();
        if (!region.equals(parts[2])) {
            problems.add(SigV4Errors.INVALID_REGION);
        }
        if (!expectedServices.contains(parts[3])) {
            problems.add(SigV4Errors.incorrectService(expectedServices.get(0)));
        }
        if (!TERMINATOR.equals(parts[4])) {
            problems.add(SigV4Errors.invalidTerminator(parts[4]));
        }
        String requestDate = SCOPE_DATE.format(auth.signingInstant());
        if (!requestDate.equals(parts[1])) {
            problems.add(SigV4Errors.scopeDateMismatch(parts[1], requestDate, auth.signingInstant()));
        }
        if (!problems.isEmpty()) {
            throw invalid(String.join(" ", problems));
        }
        return new Scope(parts[0], parts[1], parts[2], parts[3]);
    }

    private byte[] signingKey(Scope scope) {
        if (!ACCESS_KEY_ID.matcher(scope.accessKeyId()).matches()) {
            throw SigV4Errors.unrecognizedClient();
        }
        Optional<char[]> secret;
        try {
            secret = secrets.apply(scope.accessKeyId());
        } catch (IotException e) {
            throw e;
        } catch (RuntimeException e) {
            throw IotException.internalFailure("The access key could not be looked up.", e);
        }
        if (secret == null || secret.isEmpty()) {
            throw SigV4Errors.unrecognizedClient();
        }
        return signingKeys.signingKey(scope.accessKeyId(), secret.get(), scope.date(), scope.region(), scope.service());
    }

    /**
     * The payload hashes the client may have signed. Header signatures sign the body's hash; the
     * {@code x-amz-content-sha256} header, when present, must say that hash, or {@code UNSIGNED-PAYLOAD} where unsigned
     * payloads are allowed (and then the header must be signed). Presigned URLs sign {@code UNSIGNED-PAYLOAD} (the AWS
     * SDK presigners) or the body's hash (AWS IoT's WebSocket URL recipe, an empty body): either is accepted.
     */
    private List<String> payloadHashes(SigV4Request request, Authentication auth) {
        String bodyHash = request.payload().sha256Hex();
        if (auth.presigned()) {
            return List.of(UNSIGNED_PAYLOAD, bodyHash);
        }
        Optional<String> declared = request.firstHeader(CONTENT_SHA256_HEADER).map(String::strip);
        if (declared.isEmpty() || declared.get().equals(bodyHash)) {
            return List.of(bodyHash);
        }
        boolean contentHashSigned =
                auth.signedHeaders().stream().anyMatch(name -> name.equalsIgnoreCase(CONTENT_SHA256_HEADER));
        if (declared.get().equals(UNSIGNED_PAYLOAD) && unsignedPayloadAllowed && contentHashSigned) {
            return List.of(UNSIGNED_PAYLOAD);
        }
        throw SigV4Errors.signatureMismatch();
    }

    /** The canonical request up to, not including, the payload hash. */
    private static String canonicalRequestPrefix(
            SigV4Request request, List<QueryParameter> query, Authentication auth) {
        StringBuilder out = new StringBuilder(512)
                .append(request.method())
                .append('\n')
                .append(Canonical.uri(request.rawPath()))
                .append('\n')
                .append(Canonical.queryString(query))
                .append('\n');
        for (String name : auth.signedHeaders()) {
            List<String> values = request.headerValues(name);
            if (values.isEmpty()) {
                // the client signed a header that did not arrive
                throw SigV4Errors.signatureMismatch();
            }
            out.append(name).append(':').append(Canonical.headerValue(values)).append('\n');
        }
        return out.append('\n').append(auth.signedHeadersLine()).append('\n').toString();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /** The signature as the request carries it, header or query alike. */
    private record Authentication(
            String algorithm,
            String credential,
            String signedHeadersLine,
            List<String> signedHeaders,
            String signature,
            Instant signingInstant,
            Long expiresSeconds,
            boolean presigned,
            boolean securityTokenPresent) {}

    private record Scope(String accessKeyId, String date, String region, String service) {
        String scope() {
            return date + '/' + region + '/' + service + '/' + TERMINATOR;
        }
    }

    /** Configures a {@link SigV4Verifier}; region, services and the secret lookup are required. */
    public static final class Builder {
        private String region;
        private final Set<String> services = new LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();
        private Duration allowedClockSkew = AWS_CLOCK_SKEW;
        private Function<String, Optional<char[]>> secrets;
        private boolean unsignedPayloadAllowed;
        private int signingKeyCacheSize = 1024;

        private Builder() {}

        /** The one region credentials must be scoped to, e.g. {@code us-east-1}. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * The signing names accepted, e.g. {@code iot} (control plane), {@code iotdata} (data plane),
         * {@code iotdevicegateway} (MQTT over WebSocket). The first is the one AWS's wrong-service message names.
         */
        public Builder services(String... services) {
            return services(List.of(services));
        }

        public Builder services(Collection<String> services) {
            this.services.addAll(services);
            return this;
        }

        /** The clock "now" is read from; the system UTC clock unless told otherwise. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How far a request's timestamp may be from now; AWS's five minutes unless told otherwise. */
        public Builder allowedClockSkew(Duration allowedClockSkew) {
            this.allowedClockSkew = allowedClockSkew;
            return this;
        }

        /**
         * Looks up the secret access key of an access key id; empty when the key is unknown or inactive. The verifier
         * neither keeps nor modifies the returned array (it keeps only a SHA-256 of it, to notice rotation).
         */
        public Builder secrets(Function<String, Optional<char[]>> secrets) {
            this.secrets = secrets;
            return this;
        }

        /**
         * Whether a header-signed request may declare {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}. AWS allows it
         * only for S3 and operations modelled as unsigned-payload; the AWS IoT APIs are not, hence off by default.
         */
        public Builder unsignedPayloadAllowed(boolean unsignedPayloadAllowed) {
            this.unsignedPayloadAllowed = unsignedPayloadAllowed;
            return this;
        }

        /** How many derived signing keys to keep; 1024 unless told otherwise. */
        public Builder signingKeyCacheSize(int signingKeyCacheSize) {
            this.signingKeyCacheSize = signingKeyCacheSize;
            return this;
        }

        public SigV4Verifier build() {
            return new SigV4Verifier(this);
        }
    }
}
