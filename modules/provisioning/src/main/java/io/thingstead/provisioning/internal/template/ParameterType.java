package io.thingstead.provisioning.internal.template;

import java.util.Optional;

/** The {@code Type} of a template parameter. */
public enum ParameterType {
    STRING("String"),
    NUMBER("Number"),
    COMMA_DELIMITED_LIST("CommaDelimitedList");

    private final String templateName;

    ParameterType(String templateName) {
        this.templateName = templateName;
    }

    /** The name templates use, e.g. {@code String}. */
    public String templateName() {
        return templateName;
    }

    static Optional<ParameterType> of(String templateName) {
        for (ParameterType type : values()) {
            if (type.templateName.equals(templateName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
