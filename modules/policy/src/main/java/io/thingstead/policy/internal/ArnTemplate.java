package io.thingstead.policy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A resource ARN as written in a policy ({@code Resource}, {@code NotResource} or an ARN condition): {@code *}, or
 * {@code arn:partition:service:region:account:resource} where only the resource part may hold policy variables.
 */
final class ArnTemplate {
    private static final ArnTemplate ANY = new ArnTemplate("*", null, null, null, ArnPattern.ANY);

    private final String source;
    private final GlobPattern[] head;
    private final String literalHead;
    private final Template resource;
    /** The pattern, when the resource part has no variables; {@code null} otherwise. */
    private final ArnPattern fixed;

    private ArnTemplate(String source, GlobPattern[] head, String literalHead, Template resource, ArnPattern fixed) {
        this.source = source;
        this.head = head;
        this.literalHead = literalHead;
        this.resource = resource;
        this.fixed = fixed;
    }

    /**
     * Parses an ARN pattern.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static ArnTemplate parse(String text, boolean variablesEnabled) {
        if (text.equals("*")) {
            return ANY;
        }
        List<String> parts = split(text, variablesEnabled);
        if (parts.size() != 6 || !parts.get(0).equals("arn")) {
            throw new IllegalArgumentException(
                    "is not \"*\" or an ARN of the form arn:partition:service:region:account:resource");
        }
        if (parts.get(1).isEmpty() || parts.get(2).isEmpty() || parts.get(5).isEmpty()) {
            throw new IllegalArgumentException("has an empty partition, service or resource");
        }
        if (parts.get(2).indexOf('*') >= 0 || parts.get(2).indexOf('?') >= 0) {
            throw new IllegalArgumentException("has a wildcard in the service part, which IAM does not allow");
        }
        GlobPattern[] head = new GlobPattern[5];
        boolean literal = true;
        StringBuilder literalHead = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            Template part = Template.parse(parts.get(i), variablesEnabled);
            if (part.hasVariables()) {
                throw new IllegalArgumentException(
                        "uses a policy variable before the resource part; variables are only allowed after the fifth colon");
            }
            head[i] = part.resolveToPattern(Template::noVariables, false);
            literal &= head[i].isLiteral();
            literalHead.append(part.resolveToString(Template::noVariables)).append(':');
        }
        Template resource = Template.parse(parts.get(5), variablesEnabled);
        String headText = literal ? literalHead.toString() : null;
        ArnPattern fixed = resource.hasVariables()
                ? null
                : ArnPattern.of(head, headText, resource.resolveToPattern(Template::noVariables, false));
        return new ArnTemplate(text, head, headText, resource, fixed);
    }

    /** Splits at the first five colons that are not inside a {@code ${...}} variable. */
    private static List<String> split(String text, boolean variablesEnabled) {
        List<String> parts = new ArrayList<>(6);
        int start = 0;
        int i = 0;
        while (i < text.length() && parts.size() < 5) {
            char c = text.charAt(i);
            if (variablesEnabled && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close > 0) {
                    i = close + 1;
                    continue;
                }
            }
            if (c == ':') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(text.substring(start));
        return parts;
    }

    String source() {
        return source;
    }

    boolean hasVariables() {
        return fixed == null;
    }

    List<String> variableNames() {
        return resource == null ? List.of() : resource.variableNames();
    }

    /** The pattern with variables substituted; {@code null} when one of them cannot be resolved. */
    ArnPattern bind(Template.Resolver resolver) {
        if (fixed != null) {
            return fixed;
        }
        GlobPattern pattern = resource.resolveToPattern(resolver, false);
        return pattern == null ? null : ArnPattern.of(head, literalHead, pattern);
    }
}
