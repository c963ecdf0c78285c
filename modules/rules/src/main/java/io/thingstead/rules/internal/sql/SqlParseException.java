package io.thingstead.rules.internal.sql;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.util.Map;

/**
 * A rule's SQL statement (or a substitution template) that cannot be accepted: a syntax error, an unknown function,
 * a function with the wrong number of arguments, a construct the statement's SQL version does not have, or a statement
 * over the length limit. It is AWS's {@code SqlParseException} (HTTP 400), so the control plane can throw it as it
 * is. The message names the position as {@code line:column} (both from 1), the way AWS's messages do.
 */
public final class SqlParseException extends IotException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int line;
    private final int column;

    SqlParseException(String source, int offset, String problem) {
        this(offset, lineOf(source, offset), columnOf(source, offset), problem);
    }

    private SqlParseException(int offset, int line, int column, String problem) {
        super(ErrorCode.SQL_PARSE, "Line " + line + ":" + column + ": " + problem, Map.of(), null);
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** Where the problem is, as a 0-based character offset into the statement. */
    public int offset() {
        return offset;
    }

    /** The line of the problem, from 1. */
    public int line() {
        return line;
    }

    /** The column of the problem on its line, from 1. */
    public int column() {
        return column;
    }

    private static int lineOf(String source, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int columnOf(String source, int offset) {
        int start = source.lastIndexOf('\n', Math.min(offset, source.length()) - 1) + 1;
        return offset - start + 1;
    }
}
