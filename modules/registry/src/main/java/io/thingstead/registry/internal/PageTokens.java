package io.thingstead.registry.internal;

import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque next-page tokens for keyset paging: the sort key of the last row returned, base64url encoded with a
 * listing-specific prefix so a token from one listing is refused by another.
 */
final class PageTokens {
    private PageTokens() {}

    static String encode(String listing, String lastKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> decode(String listing, Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest("The nextToken is not valid.");
        }
        String prefix = listing + "\n";
        if (!text.startsWith(prefix)) {
            throw IotException.invalidRequest("The nextToken is not valid for this request.");
        }
        return Optional.of(text.substring(prefix.length()));
    }
}
