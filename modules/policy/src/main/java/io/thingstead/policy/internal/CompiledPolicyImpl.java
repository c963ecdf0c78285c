package io.thingstead.policy.internal;

import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.PolicyDocument;
import java.util.List;

/** A policy compiled by {@link PolicyCompiler}. */
final class CompiledPolicyImpl implements CompiledPolicy {
    private final String name;
    private final PolicyDocument document;
    private final List<CompiledStatement> statements;

    CompiledPolicyImpl(String name, PolicyDocument document, List<CompiledStatement> statements) {
        this.name = name;
        this.document = document;
        this.statements = List.copyOf(statements);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PolicyDocument document() {
        return document;
    }

    List<CompiledStatement> statements() {
        return statements;
    }

    @Override
    public String toString() {
        return "CompiledPolicy[" + name + ", " + statements.size() + " statements]";
    }
}
