package io.thingstead.rules.internal.sql;

import java.util.List;
import java.util.Optional;

/** The syntax tree of IoT SQL, as the {@link Parser} builds it; {@code pos} is the offset of the node in the source. */
final class Ast {
    private Ast() {}

    sealed interface Expr {
        int pos();
    }

    /** A number, string, boolean or {@code NULL}, already in the {@link Values} model. */
    record Literal(Object value, int pos) implements Expr {}

    /** A bare name: a key of the payload (or of the element in a nested query). */
    record Ref(String name, int pos) implements Expr {}

    /** {@code *}: the whole payload (or element). */
    record Star(int pos) implements Expr {}

    record Field(Expr target, String name, int pos) implements Expr {}

    record Index(Expr target, Expr index, int pos) implements Expr {}

    /** {@code -x}, {@code NOT x}. */
    record Unary(String op, Expr operand, int pos) implements Expr {}

    /** Arithmetic, comparison, {@code AND}, {@code OR}; {@code op} upper case. */
    record Binary(String op, Expr left, Expr right, int pos) implements Expr {}

    /** {@code value [NOT] IN array} or {@code value [NOT] IN (a, b, ...)}. */
    record In(Expr value, List<Expr> candidates, boolean listForm, boolean negated, int pos) implements Expr {}

    /** {@code value IS [NOT] NULL} or {@code value IS [NOT] UNDEFINED}. */
    record Is(Expr value, boolean undefined, boolean negated, int pos) implements Expr {}

    /** A function call; {@code name} as written. */
    record Call(String name, List<Expr> args, int pos) implements Expr {}

    /** {@code cast(value AS type)}; {@code type} as written. */
    record Cast(Expr value, String type, int typePos, int pos) implements Expr {}

    record When(Expr test, Expr result) {}

    /** {@code CASE [subject] WHEN ... THEN ... [ELSE ...] END}; without a subject each test is a condition. */
    record Case(Optional<Expr> subject, List<When> whens, Optional<Expr> otherwise, int pos) implements Expr {}

    record Member(String key, Expr value) {}

    record ObjectLiteral(List<Member> members, int pos) implements Expr {}

    record ArrayLiteral(List<Expr> items, int pos) implements Expr {}

    /** A nested {@code (SELECT ... FROM expression [WHERE ...])}. */
    record SubQuery(Select select, int pos) implements Expr {}

    /** One item of a SELECT list; {@code alias} is the dotted name after AS, if any. */
    record Item(Expr expr, Optional<List<String>> alias, int pos) {}

    /**
     * A SELECT statement. At the top level {@code topic} is the FROM topic filter (absent for a Basic Ingest only
     * rule); nested, {@code source} is the expression after FROM.
     */
    record Select(
            boolean value,
            List<Item> items,
            Optional<String> topic,
            int topicPos,
            Optional<Expr> source,
            Optional<Expr> where,
            int pos) {}
}
