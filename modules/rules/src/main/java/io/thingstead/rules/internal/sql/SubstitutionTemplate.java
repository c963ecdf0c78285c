package io.thingstead.rules.internal.sql;

import java.util.List;

/**
 * An action parameter with substitution templates, such as {@code ${topic(2)}/alerts} or {@code ${parse_time('yyyy',
 * timestamp())}}: parsed and compiled once ({@link SqlEngine#template}), rendered per message. Each {@code ${expr}} is
 * evaluated against the incoming message, not the SELECT output (AWS: aliases made with AS cannot be referenced), and
 * written as text: Strings as they are, other values as JSON, Undefined as the empty string. Immutable and
 * thread-safe.
 */
public final class SubstitutionTemplate {
    /** A piece of the template: literal text, or an expression. */
    record Part(String text, Eval expression) {}

    private final String text;
    private final List<Part> parts;
    private final SqlEnvironment environment;
    private final SqlVersion version;
    private final PayloadPlan plan;

    SubstitutionTemplate(
            String text, List<Part> parts, SqlEnvironment environment, SqlVersion version, PayloadPlan plan) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.environment = environment;
        this.version = version;
        this.plan = plan;
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    /** Whether the template has no {@code ${...}} at all (then {@link #render} always gives {@link #text}). */
    public boolean isConstant() {
        return parts.stream().allMatch(p -> p.expression() == null);
    }

    /**
     * The template for one message.
     *
     * @throws SqlEvaluationException when an expression fails for this message (the action then fails into the
     *     error action)
     */
    public String render(SqlInput input) {
        Ctx ctx = new Ctx(input, environment, version, plan);
        StringBuilder out = new StringBuilder(text.length() + 16);
        try {
            for (Part part : parts) {
                if (part.expression() == null) {
                    out.append(part.text());
                } else {
                    out.append(Values.render(part.expression().eval(ctx)));
                }
            }
        } catch (SqlEvaluationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SqlEvaluationException("evaluating the substitution template failed: " + e, e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SubstitutionTemplate[" + text + "]";
    }
}
