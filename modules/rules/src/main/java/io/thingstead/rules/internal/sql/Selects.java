package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import io.thingstead.rules.internal.sql.Ast.Expr;
import io.thingstead.rules.internal.sql.Compiler.OutputItem;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Building the output of a SELECT list, and what a statement needs from the payload. */
final class Selects {
    private Selects() {}

    /** A WHERE clause matches only when it is true (a Boolean, or the string "true"); Undefined and others do not. */
    static boolean isTrue(Object value) {
        return Values.toBooleanOrNull(value) == Boolean.TRUE;
    }

    /** The output of a nested SELECT for the current element. */
    static Object nestedOutput(Ctx ctx, boolean value, List<OutputItem> items) {
        if (value) {
            return items.get(0).eval().eval(ctx);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputItem item : items) {
            if (item.star()) {
                if (ctx.element instanceof Map<?, ?> element) {
                    element.forEach((k, v) -> out.put((String) k, v));
                }
                continue;
            }
            put(out, item.path(), item.eval().eval(ctx));
        }
        return out;
    }

    /** Puts a value at a dotted alias ({@code AS a.b} makes {@code {"a":{"b":...}}}); Undefined is left out. */
    static void put(Map<String, Object> out, List<String> path, Object value) {
        if (value == UNDEFINED) {
            return;
        }
        Map<String, Object> target = out;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = target.get(path.get(i));
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                target.put(path.get(i), next);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> nested = (Map<String, Object>) next;
            target = nested;
        }
        target.put(path.get(path.size() - 1), value);
    }

    /** Whether the items can be written straight to JSON: no {@code *}, no dotted alias, no key twice. */
    static boolean direct(List<OutputItem> items) {
        Set<String> keys = new HashSet<>();
        for (OutputItem item : items) {
            if (item.star() || item.path().size() != 1 || !keys.add(item.path().get(0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a top-level statement reads the whole payload document: it uses {@code *} in an expression, or merges
     * {@code *} with other items. {@code SELECT *} alone passes the bytes through and needs no parsing.
     */
    static boolean needsDocument(Ast.Select select) {
        boolean starItem = false;
        for (Ast.Item item : select.items()) {
            if (item.expr() instanceof Ast.Star
                    && !select.value()
                    && item.alias().isEmpty()) {
                starItem = true;
            } else if (usesStar(item.expr())) {
                return true;
            }
        }
        if (starItem && select.items().size() > 1) {
            return true;
        }
        return select.where().map(Selects::usesStar).orElse(false);
    }

    /** Whether {@code *} appears at the top level of an expression (not inside a nested SELECT, where it is the element). */
    static boolean usesStar(Expr expr) {
        return switch (expr) {
            case Ast.Star s -> true;
            case Ast.Literal l -> false;
            case Ast.Ref r -> false;
            case Ast.Field f -> usesStar(f.target());
            case Ast.Index i -> usesStar(i.target()) || usesStar(i.index());
            case Ast.Unary u -> usesStar(u.operand());
            case Ast.Binary b -> usesStar(b.left()) || usesStar(b.right());
            case Ast.In in -> usesStar(in.value()) || in.candidates().stream().anyMatch(Selects::usesStar);
            case Ast.Is is -> usesStar(is.value());
            // encode(*, ...) reads the raw payload bytes, not the document
            case Ast.Call call
            when call.name().equalsIgnoreCase("encode")
                    && !call.args().isEmpty()
                    && call.args().get(0) instanceof Ast.Star ->
                call.args().stream().skip(1).anyMatch(Selects::usesStar);
            case Ast.Call call -> call.args().stream().anyMatch(Selects::usesStar);
            case Ast.Cast cast -> usesStar(cast.value());
            case Ast.Case c ->
                c.subject().map(Selects::usesStar).orElse(false)
                        || c.whens().stream().anyMatch(w -> usesStar(w.test()) || usesStar(w.result()))
                        || c.otherwise().map(Selects::usesStar).orElse(false);
            case Ast.ObjectLiteral o -> o.members().stream().anyMatch(m -> usesStar(m.value()));
            case Ast.ArrayLiteral a -> a.items().stream().anyMatch(Selects::usesStar);
            case Ast.SubQuery q -> q.select().source().map(Selects::usesStar).orElse(false);
        };
    }
}
