package io.thingstead.provisioning.internal.template;

import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a template expression evaluates to. */
public sealed interface Value {
    /** A string. */
    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A list of strings: a {@code CommaDelimitedList} parameter, {@code Fn::Split}, a list in {@code Mappings}. */
    record Texts(List<String> values) implements Value {
        public Texts {
            values = List.copyOf(values);
        }
    }

    /** A JSON array whose items were evaluated. */
    record Items(List<Value> items) implements Value {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** A JSON object (not a function call) whose members were evaluated. */
    record Members(Map<String, Value> members) implements Value {
        public Members {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    /** A JSON number, true, false or null, kept as it is (policy documents may need the type). */
    record Literal(JsonValue json) implements Value {
        public Literal {
            Objects.requireNonNull(json, "json");
        }
    }

    /** A value that depends on parameters not known yet: what every parameter is while a template is checked. */
    enum Unknown implements Value {
        INSTANCE
    }
}
