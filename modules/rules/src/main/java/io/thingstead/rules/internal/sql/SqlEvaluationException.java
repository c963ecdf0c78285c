package io.thingstead.rules.internal.sql;

/**
 * Evaluating a statement or a substitution template failed for one message (a shadow that could not be read, a
 * regular expression that ran out of its step budget, a payload that cannot take the statement's shape). The message
 * goes to the rule's error action; the rule itself stays as it is. The text is meant for the error action's {@code
 * errorMessage}: it never contains payload data.
 */
public final class SqlEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SqlEvaluationException(String message) {
        super(message);
    }

    public SqlEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
