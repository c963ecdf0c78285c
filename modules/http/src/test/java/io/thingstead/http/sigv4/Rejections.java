package io.thingstead.http.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Assertions on the errors the verifier answers with. */
final class Rejections {
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private Rejections() {}

    static IotException rejection(SigV4Verifier verifier, SigV4Request request) {
        IotException rejected = catchThrowableOfType(IotException.class, () -> verifier.verify(request));
        assertThat(rejected).as("the verifier refuses %s", request).isNotNull();
        return rejected;
    }

    static void assertRejected(SigV4Verifier verifier, SigV4Request request, ErrorCode code, String message) {
        IotException rejected = rejection(verifier, request);
        assertThat(rejected.code()).as(message).isEqualTo(code);
        assertThat(rejected.getMessage()).isEqualTo(message);
    }

    static void assertMismatch(SigV4Verifier verifier, SigV4Request request) {
        assertRejected(verifier, request, ErrorCode.INVALID_SIGNATURE, MISMATCH);
    }

    static void assertInvalid(SigV4Verifier verifier, SigV4Request request, String message) {
        assertRejected(verifier, request, ErrorCode.INVALID_SIGNATURE, message);
    }

    /** Base64 of the SHA-256 of the header, which is how AWS quotes a malformed Authorization header. */
    static String hashed(String authorization) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256")
                            .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
