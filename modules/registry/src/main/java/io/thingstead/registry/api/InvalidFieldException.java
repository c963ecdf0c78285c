package io.thingstead.registry.api;

import java.util.Objects;

/**
 * Thrown by a {@link SearchFieldProvider} that owns a field path but finds it malformed (an empty attribute name, an
 * empty shadow path segment, a field AWS defines but Thingstead does not index, ...). The query compiler turns it into
 * an {@link InvalidQueryException} at the position of the field name, so providers need not know positions.
 */
public final class InvalidFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidFieldException(String problem) {
        super(Objects.requireNonNull(problem, "problem"));
    }
}
