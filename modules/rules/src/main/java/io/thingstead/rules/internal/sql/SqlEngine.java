package io.thingstead.rules.internal.sql;

import io.thingstead.rules.internal.sql.Ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point of the AWS IoT SQL engine: compiles a rule's statement ({@link #compile}) and its actions'
 * substitution templates ({@link #template}) once, at create time, checking them as AWS does ({@link
 * SqlParseException} with the position). What it compiles is evaluated per message without parsing again. Thread-safe.
 *
 * <pre>{@code
 * SqlEngine engine = new SqlEngine(new SqlEnvironment(accountId, shadows));
 * CompiledSql rule = engine.compile("SELECT temp, topic(2) AS id FROM 'sensors/+/data' WHERE temp > 30",
 *         SqlVersion.V2016_03_23);
 * if (rule.matchesTopic(message.topic())) {
 *     switch (rule.evaluate(input)) {
 *         case SqlResult.Matched m -> actions(m.output());
 *         case SqlResult.NotMatched n -> {}
 *         case SqlResult.Failed f -> errorAction(f.message());
 *     }
 * }
 * }</pre>
 */
public final class SqlEngine {
    /** The longest statement accepted, in characters (AWS limits the size of a whole rule to 256 KB). */
    public static final int MAX_SQL_LENGTH = 256 * 1024;

    private final SqlEnvironment environment;

    public SqlEngine(SqlEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Parses, checks and compiles a statement.
     *
     * @throws SqlParseException when AWS would refuse the statement (the message has the line and column)
     */
    public CompiledSql compile(String sql, SqlVersion version) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(version, "version");
        if (sql.length() > MAX_SQL_LENGTH) {
            throw new SqlParseException(
                    sql, MAX_SQL_LENGTH, "the statement is longer than " + MAX_SQL_LENGTH + " characters");
        }
        if (sql.isBlank()) {
            throw new SqlParseException(sql, 0, "the statement is empty");
        }
        Ast.Select select = Parser.statement(sql, version);
        Optional<RuleTopicFilter> filter =
                select.topic().map(topic -> RuleTopicFilter.of(topic, sql, select.topicPos()));
        Compiler compiler = new Compiler(sql, version, Selects.needsDocument(select));
        Eval where = select.where().map(compiler::compile).orElse(null);
        List<Compiler.OutputItem> items = compiler.items(select);
        return new CompiledSql(sql, version, filter, environment, compiler.plan(), where, select.value(), items);
    }

    /**
     * Parses and compiles an action parameter that may contain {@code ${expression}} substitutions.
     *
     * @throws SqlParseException when an expression is not valid IoT SQL or a {@code ${} is not closed
     */
    public SubstitutionTemplate template(String text, SqlVersion version) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(version, "version");
        if (text.length() > MAX_SQL_LENGTH) {
            throw new SqlParseException(
                    text, MAX_SQL_LENGTH, "the template is longer than " + MAX_SQL_LENGTH + " characters");
        }
        List<Expr> expressions = new ArrayList<>();
        List<Object> pieces = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf("${", pos);
            if (open < 0) {
                pieces.add(text.substring(pos));
                break;
            }
            if (open > pos) {
                pieces.add(text.substring(pos, open));
            }
            Parser parser = new Parser(text, open + 2, text.length(), version);
            if (parser.peek().is("}")) {
                throw new SqlParseException(text, open, "empty substitution ${}");
            }
            Expr expr = parser.expression();
            Lexer.Token close = parser.peek();
            if (!close.is("}")) {
                throw new SqlParseException(
                        text,
                        close.offset(),
                        "expected '}' to close the substitution that starts at offset " + open + " but found "
                                + close.describe());
            }
            expressions.add(expr);
            pieces.add(expr);
            pos = close.end();
        }
        boolean document = expressions.stream().anyMatch(Selects::usesStar);
        Compiler compiler = new Compiler(text, version, document);
        List<SubstitutionTemplate.Part> parts = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof String literal) {
                parts.add(new SubstitutionTemplate.Part(literal, null));
            } else {
                parts.add(new SubstitutionTemplate.Part(null, compiler.compile((Expr) piece)));
            }
        }
        return new SubstitutionTemplate(text, parts, environment, version, compiler.plan());
    }
}
