package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import io.thingstead.rules.internal.sql.Compiler.OutputItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's SQL statement, parsed, checked and compiled once ({@link SqlEngine#compile}); immutable and thread-safe, so
 * one instance serves every message on every thread. {@link #evaluate} never throws for a message: what goes wrong
 * with one message is a {@link SqlResult.Failed} for the error action.
 */
public final class CompiledSql {
    private enum Shape {
        /** {@code SELECT *}: the payload as it came. */
        PASS_THROUGH,
        /** {@code SELECT VALUE x}. */
        VALUE,
        /** Distinct plain keys, written straight to JSON. */
        DIRECT,
        /** {@code *} merged with other items, or dotted aliases: built as a map first. */
        MERGED
    }

    private final String sql;
    private final SqlVersion version;
    private final Optional<RuleTopicFilter> topicFilter;
    private final SqlEnvironment environment;
    private final PayloadPlan plan;
    private final Eval where;
    private final Shape shape;
    private final OutputItem[] items;
    private final byte[][] keys;

    CompiledSql(
            String sql,
            SqlVersion version,
            Optional<RuleTopicFilter> topicFilter,
            SqlEnvironment environment,
            PayloadPlan plan,
            Eval where,
            boolean value,
            List<OutputItem> items) {
        this.sql = sql;
        this.version = version;
        this.topicFilter = topicFilter;
        this.environment = environment;
        this.plan = plan;
        this.where = where;
        this.items = items.toArray(OutputItem[]::new);
        if (value) {
            shape = Shape.VALUE;
        } else if (items.size() == 1 && items.get(0).star()) {
            shape = Shape.PASS_THROUGH;
        } else if (Selects.direct(items)) {
            shape = Shape.DIRECT;
        } else {
            shape = Shape.MERGED;
        }
        this.keys = new byte[this.items.length][];
        for (int i = 0; i < this.items.length; i++) {
            if (!this.items[i].star()) {
                this.keys[i] = JsonOut.toBytes(this.items[i].path().get(0));
            }
        }
    }

    /** The statement as written. */
    public String sql() {
        return sql;
    }

    public SqlVersion version() {
        return version;
    }

    /** The FROM topic filter; empty for a statement without FROM (a rule used only through Basic Ingest). */
    public Optional<String> topicFilter() {
        return topicFilter.map(RuleTopicFilter::filter);
    }

    /** Whether a message on {@code topic} triggers this rule; always false without FROM. */
    public boolean matchesTopic(String topic) {
        return topicFilter.isPresent() && topicFilter.get().matches(topic);
    }

    /**
     * Evaluates WHERE, then SELECT, for one message (its topic is not checked against FROM: see {@link
     * #matchesTopic}).
     */
    public SqlResult evaluate(SqlInput input) {
        Ctx ctx = new Ctx(input, environment, version, plan);
        try {
            if (where != null && !Selects.isTrue(where.eval(ctx))) {
                return SqlResult.NotMatched.INSTANCE;
            }
            return new SqlResult.Matched(output(ctx));
        } catch (SqlEvaluationException e) {
            return new SqlResult.Failed(e.getMessage());
        } catch (StackOverflowError e) {
            return new SqlResult.Failed("the statement nests too deeply for this message");
        } catch (RuntimeException e) {
            return new SqlResult.Failed("evaluating the statement failed: " + e);
        }
    }

    private SqlOutput output(Ctx ctx) {
        switch (shape) {
            case PASS_THROUGH:
                return SqlOutput.passThrough(ctx.input.payload());
            case VALUE: {
                Object value = items[0].eval().eval(ctx);
                if (value instanceof Values.Binary binary) {
                    return SqlOutput.passThrough(binary.bytes());
                }
                return JsonOut.writable(value) ? SqlOutput.json(JsonOut.toBytes(value)) : SqlOutput.empty();
            }
            case DIRECT: {
                JsonOut out = new JsonOut(64 + 32 * items.length);
                out.raw('{');
                boolean first = true;
                for (int i = 0; i < items.length; i++) {
                    Object value = items[i].eval().eval(ctx);
                    if (!JsonOut.writable(value)) {
                        continue;
                    }
                    if (!first) {
                        out.raw(',');
                    }
                    first = false;
                    out.rawBytes(keys[i]).raw(':').value(value);
                }
                out.raw('}');
                return SqlOutput.json(out.toByteArray());
            }
            case MERGED:
            default:
                return SqlOutput.json(JsonOut.toBytes(merged(ctx)));
        }
    }

    private Map<String, Object> merged(Ctx ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputItem item : items) {
            if (item.star()) {
                Object document = ctx.document();
                if (document instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> out.put((String) k, v));
                } else if (ctx.input.payload().length > 0) {
                    throw new SqlEvaluationException(
                            "the payload is not a JSON object, so SELECT * cannot be combined with other items"
                                    + " (use SELECT * alone, or encode(*, 'base64'))");
                }
                continue;
            }
            Object value = item.eval().eval(ctx);
            if (value != UNDEFINED) {
                Selects.put(out, item.path(), value);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "CompiledSql[" + sql + "]";
    }
}
