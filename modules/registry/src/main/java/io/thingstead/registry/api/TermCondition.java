package io.thingstead.registry.api;

import java.util.Objects;

/**
 * What one query term asks of one field, after the compiler has checked it against the field's {@link FieldType}:
 * {@code thingName:abc} is {@link Equals}, {@code thingName:ab*} is {@link Matches}, {@code attributes.color:*} is
 * {@link Exists}, {@code attributes.size:[1 TO 5]} and {@code attributes.size>1} are {@link Range}s.
 */
public sealed interface TermCondition
        permits TermCondition.Equals, TermCondition.Matches, TermCondition.Exists, TermCondition.Range {

    /** The field's value equals {@code value} (text comparisons ignore case, as AWS search does). */
    record Equals(Literal value) implements TermCondition {
        public Equals {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The field's value matches a wildcard pattern (case-insensitive); only for text fields. */
    record Matches(WildcardPattern pattern) implements TermCondition {
        public Matches {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The field has a value. */
    record Exists() implements TermCondition {}

    /** The field's value lies between two bounds; a {@code null} bound is open. At least one bound is set. */
    record Range(Bound lower, Bound upper) implements TermCondition {
        public Range {
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("a range needs at least one bound; use Exists for [* TO *]");
            }
        }
    }

    /** One end of a {@link Range}. */
    record Bound(Literal value, boolean inclusive) {
        public Bound {
            Objects.requireNonNull(value, "value");
        }
    }
}
