package io.thingstead.provisioning.internal.template;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parameter a template declares.
 *
 * @param allowedValues when not empty, the only values the parameter may take (each item for a list)
 */
public record Parameter(String name, ParameterType type, Optional<String> defaultValue, List<String> allowedValues) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        allowedValues = List.copyOf(allowedValues);
    }
}
