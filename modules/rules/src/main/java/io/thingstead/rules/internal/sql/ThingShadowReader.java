package io.thingstead.rules.internal.sql;

import java.util.Optional;

/**
 * How {@code get_thing_shadow(thingName[, shadowName], roleArn)} reads a shadow: the document as {@code
 * GetThingShadow} answers it ({@code state}, {@code metadata}, {@code version}, {@code timestamp}), as JSON in UTF-8.
 * Called on the thread that evaluates the rule, once per call in the statement; implementations must be thread-safe
 * and should answer from memory or a fast store.
 */
@FunctionalInterface
public interface ThingShadowReader {
    /** A reader for an engine without shadows: every call fails the message. */
    ThingShadowReader NONE = (thing, shadow) -> {
        throw new SqlEvaluationException("get_thing_shadow is not available");
    };

    /**
     * @param shadowName empty for the classic (unnamed) shadow
     * @return the document, or empty when the thing has no such shadow (the function then gives Undefined)
     * @throws RuntimeException when the shadow cannot be read: the message goes to the error action
     */
    Optional<byte[]> read(String thingName, Optional<String> shadowName);
}
