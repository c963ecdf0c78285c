package io.thingstead.rules.internal.sql;

/**
 * One built-in function: its name (lower case; calls match case-insensitively), how many arguments it takes, whether
 * it needs SQL version 2016-03-23, and what it computes from evaluated arguments.
 */
record FunctionDef(String name, int minArgs, int maxArgs, boolean since2016, Impl impl) {
    static final int ANY = Integer.MAX_VALUE;

    @FunctionalInterface
    interface Impl {
        Object apply(Ctx ctx, Object[] args);
    }

    String arity() {
        if (minArgs == maxArgs) {
            return minArgs + (minArgs == 1 ? " argument" : " arguments");
        } else if (maxArgs == ANY) {
            return "at least " + minArgs + (minArgs == 1 ? " argument" : " arguments");
        }
        return minArgs + " to " + maxArgs + " arguments";
    }
}
