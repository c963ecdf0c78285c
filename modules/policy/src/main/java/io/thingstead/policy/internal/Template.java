package io.thingstead.policy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy string split into text and policy variables, as the {@code 2012-10-17} policy language reads it: {@code
 * ${name}} is a variable, {@code ${*}}, {@code ${?}} and {@code ${$}} stand for the literal characters, and a {@code $}
 * that does not open a complete {@code ${...}} is an ordinary character. Under {@code 2008-10-17} nothing is a
 * variable.
 *
 * <p>Wildcards ({@code *}, {@code ?}) only ever come from the policy's own text: characters produced by an escape or by
 * a substituted value are literal, so a client id of {@code *} cannot widen a policy.
 */
final class Template {
    /** A piece of a template. */
    sealed interface Piece permits Text, Variable {}

    /** Text from the policy; when {@code wildcards} is true, its {@code *} and {@code ?} are wildcards. */
    record Text(String text, boolean wildcards) implements Piece {}

    /** A policy variable, by the name written between {@code ${} and {@code }}. */
    record Variable(String name) implements Piece {}

    /** Supplies variable values; {@code null} means the variable cannot be resolved. */
    @FunctionalInterface
    interface Resolver {
        String resolve(String variableName);
    }

    private final String source;
    private final List<Piece> pieces;
    private final boolean hasVariables;

    private Template(String source, List<Piece> pieces) {
        this.source = source;
        this.pieces = List.copyOf(pieces);
        this.hasVariables = pieces.stream().anyMatch(p -> p instanceof Variable);
    }

    static Template parse(String text, boolean variablesEnabled) {
        List<Piece> pieces = new ArrayList<>();
        if (!variablesEnabled) {
            pieces.add(new Text(text, true));
            return new Template(text, pieces);
        }
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int close = c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{' ? text.indexOf('}', i + 2) : -1;
            if (close < 0 || close == i + 2) {
                plain.append(c);
                i++;
                continue;
            }
            String inner = text.substring(i + 2, close);
            if (!plain.isEmpty()) {
                pieces.add(new Text(plain.toString(), true));
                plain.setLength(0);
            }
            if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
                pieces.add(new Text(inner, false));
            } else {
                pieces.add(new Variable(inner));
            }
            i = close + 1;
        }
        if (!plain.isEmpty()) {
            pieces.add(new Text(plain.toString(), true));
        }
        return new Template(text, pieces);
    }

    String source() {
        return source;
    }

    List<Piece> pieces() {
        return pieces;
    }

    boolean hasVariables() {
        return hasVariables;
    }

    List<String> variableNames() {
        List<String> names = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece instanceof Variable variable) {
                names.add(variable.name());
            }
        }
        return names;
    }

    /** The string with escapes and variables replaced, for literal comparisons; {@code null} when unresolved. */
    String resolveToString(Resolver resolver) {
        StringBuilder out = new StringBuilder(source.length());
        for (Piece piece : pieces) {
            switch (piece) {
                case Text text -> out.append(text.text());
                case Variable variable -> {
                    String value = resolver.resolve(variable.name());
                    if (value == null) {
                        return null;
                    }
                    out.append(value);
                }
            }
        }
        return out.toString();
    }

    /** The wildcard pattern this template denotes once resolved; {@code null} when a variable is unresolved. */
    GlobPattern resolveToPattern(Resolver resolver, boolean ignoreCase) {
        StringBuilder chars = new StringBuilder(source.length());
        StringBuilder wild = new StringBuilder(source.length());
        for (Piece piece : pieces) {
            String text;
            boolean wildcards;
            switch (piece) {
                case Text t -> {
                    text = t.text();
                    wildcards = t.wildcards();
                }
                case Variable variable -> {
                    text = resolver.resolve(variable.name());
                    if (text == null) {
                        return null;
                    }
                    wildcards = false;
                }
            }
            chars.append(text);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                wild.append(wildcards && (c == '*' || c == '?') ? '1' : '0');
            }
        }
        char[] array = chars.toString().toCharArray();
        boolean[] mask = new boolean[array.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = wild.charAt(i) == '1';
        }
        return GlobPattern.compile(array, mask, false, ignoreCase);
    }

    /** A resolver for templates known to have no variables. */
    static String noVariables(String name) {
        throw new IllegalStateException("unexpected policy variable " + name);
    }
}
