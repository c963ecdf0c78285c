package io.thingstead.common.api.error;

/**
 * The error types AWS IoT (control plane and data plane) answers with, and the HTTP status AWS sends for each.
 *
 * <p>The {@link #type()} string is what goes into the {@code x-amzn-ErrorType} header: the AWS SDKs map it back to
 * the exception class of the same name, so it must match AWS exactly.
 */
public enum ErrorCode {
    INVALID_REQUEST("InvalidRequestException", 400),
    INVALID_QUERY("InvalidQueryException", 400),
    INDEX_NOT_READY("IndexNotReadyException", 400),
    MALFORMED_POLICY("MalformedPolicyException", 400),
    CERTIFICATE_VALIDATION("CertificateValidationException", 400),
    REGISTRATION_CODE_VALIDATION("RegistrationCodeValidationException", 400),
    SQL_PARSE("SqlParseException", 400),
    /** CloudTrail's LookupEvents (the audit trail): more than one lookup attribute, or one it does not know. */
    INVALID_LOOKUP_ATTRIBUTES("InvalidLookupAttributesException", 400),
    INVALID_TIME_RANGE("InvalidTimeRangeException", 400),
    INVALID_NEXT_TOKEN("InvalidNextTokenException", 400),
    INVALID_MAX_RESULTS("InvalidMaxResultsException", 400),
    /** A JSON 1.1 request ({@code X-Amz-Target}) naming an operation Thingstead does not have. */
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    UNAUTHORIZED("UnauthorizedException", 401),
    /** SigV4: the signature does not match, or the request is outside the allowed clock skew. */
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    /** SigV4: no Authorization header or query signature at all. */
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    /** SigV4: the access key id is not one we issued (or it was deactivated). */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403),
    ACCESS_DENIED("AccessDeniedException", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    NOT_CONFIGURED("NotConfiguredException", 404),
    METHOD_NOT_ALLOWED("MethodNotAllowedException", 405),
    CERTIFICATE_STATE("CertificateStateException", 406),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
    VERSION_CONFLICT("VersionConflictException", 409),
    VERSIONS_LIMIT_EXCEEDED("VersionsLimitExceededException", 409),
    DELETE_CONFLICT("DeleteConflictException", 409),
    CONFLICTING_RESOURCE_UPDATE("ConflictingResourceUpdateException", 409),
    CONFLICT("ConflictException", 409),
    INVALID_STATE_TRANSITION("InvalidStateTransitionException", 409),
    TRANSFER_CONFLICT("TransferConflictException", 409),
    LIMIT_EXCEEDED("LimitExceededException", 410),
    /** The Jobs device API: the job execution is in a terminal state. */
    TERMINAL_STATE("TerminalStateException", 410),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLargeException", 413),
    UNSUPPORTED_DOCUMENT_ENCODING("UnsupportedDocumentEncodingException", 415),
    THROTTLING("ThrottlingException", 429),
    INTERNAL_FAILURE("InternalFailureException", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503);

    private final String type;
    private final int httpStatus;

    ErrorCode(String type, int httpStatus) {
        this.type = type;
        this.httpStatus = httpStatus;
    }

    /** The AWS error type name, e.g. {@code ResourceNotFoundException}. */
    public String type() {
        return type;
    }

    /** The HTTP status AWS answers this error with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The error code whose AWS type name is {@code type}, for parsing error bodies (tests, clients). */
    public static ErrorCode ofType(String type) {
        for (ErrorCode code : values()) {
            if (code.type.equals(type)) {
                return code;
            }
        }
        throw new IllegalArgumentException("not an AWS IoT error type: " + type);
    }
}
