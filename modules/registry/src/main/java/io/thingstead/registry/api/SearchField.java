package io.thingstead.registry.api;

/**
 * One searchable field, resolved from a field path by a {@link SearchFieldProvider}: it knows its type and how to
 * turn a {@link TermCondition} into SQL over {@code registry_thing t}.
 */
public interface SearchField {
    /** The field path as the query named it, for messages (e.g. {@code attributes.color}). */
    String name();

    FieldType type();

    /**
     * The predicate for {@code condition}, which the compiler has already checked against {@link #type()}: an
     * {@link TermCondition.Equals} carries a {@link Literal.Text} for {@link FieldType#STRING} and
     * {@link FieldType#DYNAMIC} fields, a {@link Literal.Numeric} for {@link FieldType#NUMBER} and a
     * {@link Literal.Bool} for {@link FieldType#BOOLEAN}; {@link TermCondition.Matches} only reaches text fields,
     * {@link TermCondition.Range} only DYNAMIC and NUMBER fields.
     *
     * <p>Every value from the query, field path parts included, must be a bind parameter. The result may evaluate to
     * SQL {@code NULL} where it means "no match"; the compiler guards negations against that.
     */
    SqlPredicate toSql(TermCondition condition);
}
