package io.thingstead.registry.api;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;

/**
 * A fleet indexing query string that Thingstead refuses: AWS's {@code InvalidQueryException} (HTTP 400).
 *
 * <p>Every message names the problem and the character position it was found at. Positions count UTF-16 characters
 * of the query string from 0, and every message says so, e.g. {@code Invalid query at position 10 (0-based): expected
 * a value after ':'}.
 */
public final class InvalidQueryException extends IotException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String problem;

    public InvalidQueryException(int position, String problem) {
        super(ErrorCode.INVALID_QUERY, "Invalid query at position " + position + " (0-based): " + problem);
        this.position = position;
        this.problem = problem;
    }

    /** The 0-based character position in the query string where the problem was found. */
    public int position() {
        return position;
    }

    /** The problem without the position prefix. */
    public String problem() {
        return problem;
    }
}
