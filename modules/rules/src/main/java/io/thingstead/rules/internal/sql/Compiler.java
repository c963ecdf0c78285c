package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import io.thingstead.rules.internal.sql.Ast.ArrayLiteral;
import io.thingstead.rules.internal.sql.Ast.Binary;
import io.thingstead.rules.internal.sql.Ast.Call;
import io.thingstead.rules.internal.sql.Ast.Case;
import io.thingstead.rules.internal.sql.Ast.Cast;
import io.thingstead.rules.internal.sql.Ast.Expr;
import io.thingstead.rules.internal.sql.Ast.Field;
import io.thingstead.rules.internal.sql.Ast.In;
import io.thingstead.rules.internal.sql.Ast.Index;
import io.thingstead.rules.internal.sql.Ast.Is;
import io.thingstead.rules.internal.sql.Ast.Literal;
import io.thingstead.rules.internal.sql.Ast.ObjectLiteral;
import io.thingstead.rules.internal.sql.Ast.Ref;
import io.thingstead.rules.internal.sql.Ast.Select;
import io.thingstead.rules.internal.sql.Ast.Star;
import io.thingstead.rules.internal.sql.Ast.SubQuery;
import io.thingstead.rules.internal.sql.Ast.Unary;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a syntax tree into closures ({@link Eval}), once per rule, checking what AWS checks at create time on the way:
 * function names, argument counts, the SQL version of each feature, cast types, literal encoding schemes and date
 * patterns. Top-level names become slots of a {@link PayloadPlan}, so evaluation reads only the payload keys the
 * statement uses; a statement that uses {@code *} in an expression reads the whole document instead.
 */
final class Compiler {
    private final String source;
    private final SqlVersion version;
    private final PayloadPlan plan;
    private final boolean fullDocument;
    /** 0 at the top level, more inside nested SELECTs (where names refer to the element). */
    private int nesting;

    Compiler(String source, SqlVersion version, boolean fullDocument) {
        this.source = source;
        this.version = version;
        this.plan = new PayloadPlan();
        this.fullDocument = fullDocument;
    }

    PayloadPlan plan() {
        return plan;
    }

    private SqlParseException error(int pos, String problem) {
        return new SqlParseException(source, pos, problem);
    }

    // ---- expressions --------------------------------------------------------------------------------------------

    Eval compile(Expr expr) {
        return switch (expr) {
            case Literal l -> constant(l.value());
            case Ref r -> ref(r.name());
            case Star s -> star();
            case Field f -> field(compile(f.target()), f.name());
            case Index i -> index(compile(i.target()), compile(i.index()));
            case Unary u -> unary(u);
            case Binary b -> binary(b);
            case In in -> in(in);
            case Is is -> is(is);
            case Call call -> call(call);
            case Cast cast -> cast(cast);
            case Case c -> caseExpression(c);
            case ObjectLiteral o -> objectLiteral(o);
            case ArrayLiteral a -> arrayLiteral(a);
            case SubQuery q -> subQuery(q.select());
        };
    }

    private static Eval constant(Object value) {
        return c -> value;
    }

    private Eval ref(String name) {
        if (nesting > 0) {
            return c -> c.element instanceof Map<?, ?> map ? Ctx.valueOf(map.get(name)) : UNDEFINED;
        }
        if (fullDocument) {
            return c -> c.field(name);
        }
        int slot = plan.slotFor(name);
        return c -> c.slot(slot);
    }

    private Eval star() {
        return nesting > 0 ? c -> c.element : Ctx::document;
    }

    private static Eval field(Eval target, String name) {
        return c -> target.eval(c) instanceof Map<?, ?> map ? Ctx.valueOf(map.get(name)) : UNDEFINED;
    }

    private static Eval index(Eval target, Eval index) {
        return c -> {
            Object collection = target.eval(c);
            Object key = index.eval(c);
            if (collection instanceof List || collection instanceof Map) {
                return ValueFunctions.get(collection, key);
            }
            return UNDEFINED;
        };
    }

    private Eval unary(Unary u) {
        if (u.op().equals("-")) {
            if (u.operand() instanceof Literal literal && Values.isNumber(literal.value())) {
                return constant(Arithmetic.negate(literal.value()));
            }
            Eval operand = compile(u.operand());
            return c -> Arithmetic.negate(operand.eval(c));
        }
        Eval operand = compile(u.operand());
        return c -> {
            Boolean b = Values.toBooleanOrNull(operand.eval(c));
            return b == null ? UNDEFINED : (Object) !b;
        };
    }

    private Eval binary(Binary b) {
        Eval left = compile(b.left());
        Eval right = compile(b.right());
        return switch (b.op()) {
            case "AND" -> c -> logical(left.eval(c), right.eval(c), true);
            case "OR" -> c -> logical(left.eval(c), right.eval(c), false);
            case "=" -> c -> Values.sqlEquals(left.eval(c), right.eval(c));
            case "<>" -> c -> Values.sqlNotEquals(left.eval(c), right.eval(c));
            case "<", "<=", ">", ">=" -> ordering(b.op(), left, b.right(), right);
            case "+" -> c -> Arithmetic.apply(Arithmetic.Op.ADD, left.eval(c), right.eval(c));
            case "-" -> c -> Arithmetic.apply(Arithmetic.Op.SUBTRACT, left.eval(c), right.eval(c));
            case "*" -> c -> Arithmetic.apply(Arithmetic.Op.MULTIPLY, left.eval(c), right.eval(c));
            case "/" -> c -> Arithmetic.apply(Arithmetic.Op.DIVIDE, left.eval(c), right.eval(c));
            case "%" -> c -> Arithmetic.apply(Arithmetic.Op.REMAINDER, left.eval(c), right.eval(c));
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    /** AND and OR take Booleans or the strings "true"/"false"; any other operand makes the result Undefined. */
    private static Object logical(Object a, Object b, boolean and) {
        Boolean x = Values.toBooleanOrNull(a);
        Boolean y = Values.toBooleanOrNull(b);
        if (x == null || y == null) {
            return UNDEFINED;
        }
        return and ? x && y : x || y;
    }

    /**
     * The ordering operators. Comparing with a number written in the statement ({@code temp > 30}, the usual case)
     * keeps the constant as a Long and as a BigDecimal, so a payload value of either kind compares without converting
     * the constant per message.
     */
    private static Eval ordering(String op, Eval left, Expr rightExpr, Eval right) {
        if (rightExpr instanceof Literal literal && Values.isNumber(literal.value())) {
            Object k = literal.value();
            BigDecimal kd = Values.decimalOrNull(k);
            return c -> {
                Object v = left.eval(c);
                Integer cmp;
                if (v instanceof Long x && k instanceof Long y) {
                    cmp = Long.compare(x, y);
                } else if (v instanceof BigDecimal x && kd != null) {
                    cmp = x.compareTo(kd);
                } else {
                    cmp = Values.compareForOrdering(v, k);
                }
                return ordered(op, cmp);
            };
        }
        return c -> ordered(op, Values.compareForOrdering(left.eval(c), right.eval(c)));
    }

    private static Object ordered(String op, Integer cmp) {
        if (cmp == null) {
            return UNDEFINED;
        }
        return switch (op) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private Eval in(In in) {
        Eval value = compile(in.value());
        List<Eval> candidates = in.candidates().stream().map(this::compile).toList();
        boolean negated = in.negated();
        if (in.listForm()) {
            return c -> {
                Object v = value.eval(c);
                if (v == UNDEFINED) {
                    return UNDEFINED;
                }
                for (Eval candidate : candidates) {
                    if (Values.same(v, candidate.eval(c))) {
                        return !negated;
                    }
                }
                return negated;
            };
        }
        Eval array = candidates.get(0);
        return c -> {
            Object v = value.eval(c);
            Object list = array.eval(c);
            if (v == UNDEFINED || !(list instanceof List<?> items)) {
                return UNDEFINED;
            }
            for (Object item : items) {
                if (Values.same(v, item)) {
                    return !negated;
                }
            }
            return negated;
        };
    }

    private Eval is(Is is) {
        Eval value = compile(is.value());
        Object marker = is.undefined() ? UNDEFINED : Values.NULL;
        boolean negated = is.negated();
        return c -> (value.eval(c) == marker) != negated;
    }

    private Eval caseExpression(Case node) {
        List<Eval> tests = new ArrayList<>();
        List<Eval> results = new ArrayList<>();
        for (Ast.When when : node.whens()) {
            tests.add(compile(when.test()));
            results.add(compile(when.result()));
        }
        Eval otherwise = node.otherwise().map(this::compile).orElse(c -> UNDEFINED);
        int n = tests.size();
        if (node.subject().isEmpty()) {
            return c -> {
                for (int i = 0; i < n; i++) {
                    if (Values.toBooleanOrNull(tests.get(i).eval(c)) == Boolean.TRUE) {
                        return results.get(i).eval(c);
                    }
                }
                return otherwise.eval(c);
            };
        }
        Eval subject = compile(node.subject().get());
        return c -> {
            Object v = subject.eval(c);
            if (v == UNDEFINED) {
                return UNDEFINED;
            }
            for (int i = 0; i < n; i++) {
                if (Values.same(v, tests.get(i).eval(c))) {
                    return results.get(i).eval(c);
                }
            }
            return otherwise.eval(c);
        };
    }

    private Eval objectLiteral(ObjectLiteral o) {
        List<String> keys = new ArrayList<>();
        List<Eval> values = new ArrayList<>();
        for (Ast.Member member : o.members()) {
            keys.add(member.key());
            values.add(compile(member.value()));
        }
        return c -> {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Object v = values.get(i).eval(c);
                if (v != UNDEFINED) {
                    map.put(keys.get(i), v);
                }
            }
            return map;
        };
    }

    private Eval arrayLiteral(ArrayLiteral a) {
        List<Eval> items = a.items().stream().map(this::compile).toList();
        return c -> {
            List<Object> list = new ArrayList<>(items.size());
            for (Eval item : items) {
                list.add(item.eval(c));
            }
            return list;
        };
    }

    // ---- functions ----------------------------------------------------------------------------------------------

    private Eval call(Call call) {
        String name = call.name().toLowerCase(Locale.ROOT);
        Optional<FunctionDef> found = Functions.find(name);
        if (found.isEmpty()) {
            String why = Functions.UNSUPPORTED.get(name);
            if (why != null) {
                throw error(call.pos(), "function " + call.name() + " is not supported by Thingstead: " + why);
            }
            throw error(call.pos(), "unknown function " + call.name());
        }
        FunctionDef def = found.get();
        int n = call.args().size();
        if (n < def.minArgs() || n > def.maxArgs()) {
            throw error(call.pos(), "function " + def.name() + " takes " + def.arity() + ", not " + n);
        }
        if (def.since2016() && !version.since2016()) {
            throw error(
                    call.pos(),
                    "function " + def.name() + " needs SQL version 2016-03-23 (this rule uses " + version.id() + ")");
        }
        checkLiteralArguments(def.name(), call.args());
        Eval special = specialForm(def.name(), call.args());
        if (special != null) {
            return special;
        }
        Eval[] args = call.args().stream().map(this::compile).toArray(Eval[]::new);
        FunctionDef.Impl impl = def.impl();
        return switch (args.length) {
            case 0 -> c -> impl.apply(c, new Object[0]);
            case 1 -> c -> impl.apply(c, new Object[] {args[0].eval(c)});
            case 2 -> c -> impl.apply(c, new Object[] {args[0].eval(c), args[1].eval(c)});
            default ->
                c -> {
                    Object[] values = new Object[args.length];
                    for (int i = 0; i < args.length; i++) {
                        values[i] = args[i].eval(c);
                    }
                    return impl.apply(c, values);
                };
        };
    }

    /** What AWS can tell at create time from literal arguments: encoding schemes, date patterns, time zones. */
    private void checkLiteralArguments(String name, List<Expr> args) {
        switch (name) {
            case "encode", "decode" -> {
                if (args.get(1) instanceof Literal l
                        && l.value() instanceof String scheme
                        && !ValueFunctions.isBase64(scheme)) {
                    throw error(l.pos(), name + " supports only the 'base64' scheme, not '" + scheme + "'");
                }
            }
            case "parse_time" -> {
                datePattern(args.get(0));
                if (args.size() > 2 && args.get(2) instanceof Literal l && l.value() instanceof String zone) {
                    try {
                        TimeFunctions.zone(zone);
                    } catch (DateTimeException unknown) {
                        throw error(l.pos(), "unknown time zone '" + zone + "'");
                    }
                }
            }
            case "time_to_epoch" -> datePattern(args.get(1));
            default -> {}
        }
    }

    private void datePattern(Expr arg) {
        if (arg instanceof Literal l && l.value() instanceof String pattern) {
            try {
                TimeFunctions.formatter(pattern);
            } catch (IllegalArgumentException invalid) {
                throw error(l.pos(), "invalid date/time pattern '" + pattern + "': " + invalid.getMessage());
            }
        }
    }

    /** Faster or different forms of some calls: topic(literal), encode(*), regular expressions written as literals. */
    private Eval specialForm(String name, List<Expr> args) {
        switch (name) {
            case "topic":
                if (args.size() == 1 && args.get(0) instanceof Literal l && l.value() instanceof Long level) {
                    int n = level < 1 || level > Integer.MAX_VALUE ? 0 : (int) (long) level;
                    return c -> {
                        String value = c.topicLevel(n);
                        return value == null ? UNDEFINED : value;
                    };
                }
                return null;
            case "encode":
                if (nesting == 0 && args.get(0) instanceof Star) {
                    Eval scheme = compile(args.get(1));
                    return c -> ValueFunctions.encode(new Values.Binary(c.input.payload()), scheme.eval(c));
                }
                return null;
            case "regexp_matches", "regexp_replace", "regexp_substr":
                if (args.get(1) instanceof Literal l && l.value() instanceof String regex) {
                    Pattern pattern = Regex.compile(regex);
                    Eval value = compile(args.get(0));
                    if (name.equals("regexp_matches")) {
                        return c -> StringFunctions.regexpMatches(c, value.eval(c), pattern);
                    } else if (name.equals("regexp_substr")) {
                        return c -> StringFunctions.regexpSubstr(c, value.eval(c), pattern);
                    }
                    Eval replacement = compile(args.get(2));
                    return c -> StringFunctions.regexpReplace(c, value.eval(c), pattern, replacement.eval(c));
                }
                return null;
            default:
                return null;
        }
    }

    private Eval cast(Cast cast) {
        Casts.Target target = Casts.target(cast.type(), version)
                .orElseThrow(() -> error(
                        cast.typePos(),
                        "cannot cast to " + cast.type()
                                + (Casts.target(cast.type(), SqlVersion.V2016_03_23)
                                                .isPresent()
                                        ? ": it needs SQL version 2016-03-23 (this rule uses " + version.id() + ")"
                                        : "")));
        Eval value = compile(cast.value());
        SqlVersion v = version;
        return c -> Casts.cast(value.eval(c), target, v);
    }

    // ---- SELECT -------------------------------------------------------------------------------------------------

    /** One compiled SELECT item: where its value goes ({@code path}, empty for a merged {@code *}) and how to get it. */
    record OutputItem(List<String> path, Eval eval, boolean star) {}

    List<OutputItem> items(Select select) {
        List<OutputItem> items = new ArrayList<>();
        int position = 0;
        for (Ast.Item item : select.items()) {
            position++;
            if (item.expr() instanceof Star && !select.value() && item.alias().isEmpty()) {
                items.add(new OutputItem(List.of(), star(), true));
                continue;
            }
            List<String> path = item.alias().orElse(null);
            if (path == null) {
                String key = defaultKey(item.expr());
                path = List.of(key != null ? key : "_" + position);
            }
            items.add(new OutputItem(path, compile(item.expr()), false));
        }
        return items;
    }

    /** The key of an item without AS: a name's last part, a function's name; null for other expressions. */
    private static String defaultKey(Expr expr) {
        return switch (expr) {
            case Star s -> "_star";
            case Ref r -> r.name();
            case Field f -> f.name();
            case Call call -> call.name();
            default -> null;
        };
    }

    private Eval subQuery(Select select) {
        Eval from = compile(select.source().orElseThrow());
        nesting++;
        try {
            Optional<Eval> where = select.where().map(this::compile);
            boolean value = select.value();
            List<OutputItem> items = items(select);
            return c -> {
                Object source = from.eval(c);
                Object saved = c.element;
                try {
                    if (source instanceof List<?> list) {
                        List<Object> results = new ArrayList<>(list.size());
                        for (Object element : list) {
                            c.element = element;
                            if (where.isPresent() && !Selects.isTrue(where.get().eval(c))) {
                                continue;
                            }
                            Object out = Selects.nestedOutput(c, value, items);
                            if (out != UNDEFINED) {
                                results.add(out);
                            }
                        }
                        return results;
                    } else if (source instanceof Map) {
                        c.element = source;
                        if (where.isPresent() && !Selects.isTrue(where.get().eval(c))) {
                            return UNDEFINED;
                        }
                        return Selects.nestedOutput(c, value, items);
                    }
                    return UNDEFINED;
                } finally {
                    c.element = saved;
                }
            };
        } finally {
            nesting--;
        }
    }
}
