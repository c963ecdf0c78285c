package io.thingstead.common.api.paging;

import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque next-page tokens ({@code nextToken}, {@code marker}) for keyset paging: the sort key of the last row returned,
 * base64url encoded behind a listing-specific prefix, so that a token of one listing is refused by another. Shared by
 * every module's listings.
 */
public final class PageTokens {
    /** Longest key a token may carry. */
    public static final int MAX_KEY_LENGTH = 1024;

    private PageTokens() {}

    /** The token after {@code lastKey} in the listing {@code listing}. */
    public static String encode(String listing, String lastKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a token carries; empty for no token (absent or empty).
     *
     * @param parameter the token's name in the request, for the message ({@code nextToken}, {@code marker})
     * @throws IotException InvalidRequestException for a token this listing did not make
     */
    public static Optional<String> decode(String listing, Optional<String> token, String parameter) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest("The " + parameter + " is not valid.");
        }
        String prefix = listing + "\n";
        if (!text.startsWith(prefix) || text.length() > prefix.length() + MAX_KEY_LENGTH) {
            throw IotException.invalidRequest("The " + parameter + " is not valid for this request.");
        }
        return Optional.of(text.substring(prefix.length()));
    }
}
