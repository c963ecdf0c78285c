package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.FieldType;
import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.Literal;
import io.thingstead.registry.api.SearchField;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.TermCondition;
import io.thingstead.registry.internal.search.SearchQuery.And;
import io.thingstead.registry.internal.search.SearchQuery.ExistsMatch;
import io.thingstead.registry.internal.search.SearchQuery.MatchAll;
import io.thingstead.registry.internal.search.SearchQuery.Not;
import io.thingstead.registry.internal.search.SearchQuery.Or;
import io.thingstead.registry.internal.search.SearchQuery.RangeBound;
import io.thingstead.registry.internal.search.SearchQuery.RangeMatch;
import io.thingstead.registry.internal.search.SearchQuery.Term;
import io.thingstead.registry.internal.search.SearchQuery.TermMatch;
import io.thingstead.registry.internal.search.SearchQuery.ValueMatch;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compiles a fleet indexing query into a parameterised SQL predicate over {@code registry_thing t}, for
 * {@code SELECT ... FROM registry_thing t WHERE <sql>}. Pure: no database access, no state besides the catalog.
 *
 * <p>Every field path is resolved through the {@link FieldCatalog}; the value of each term is checked against the
 * field's {@link FieldType} the way AWS refuses nonsense: {@code connectivity.connected:maybe} (not a boolean),
 * {@code connectivity.timestamp:abc} (not a number), {@code thingName>5} (no ranges on identifier fields),
 * {@code connectivity.timestamp:15*} (no wildcards on numbers). Errors carry the position of the offending field or
 * value.
 *
 * <p>Values and field path parts (attribute names, shadow keys, shadow names) only ever reach the SQL as bind
 * parameters; LIKE patterns escape {@code %}, {@code _} and {@code \}. Boolean structure maps to SQL {@code AND},
 * {@code OR} and {@code NOT COALESCE(x, FALSE)}, so a negated term also finds things that lack the field, as in AWS.
 *
 * <p>Numbers: AWS indexes attributes as strings unless declared as numeric custom fields, which Thingstead does not
 * have. A range or comparison on an attribute or shadow value whose bounds are all unquoted numbers therefore compares
 * numerically with the values that are numbers or strings spelling a number (other values never match it); any other
 * range compares lower-cased text in code point order. Quote a bound ({@code ["10" TO "20"]}) to force a text range.
 * Exact matches compare text ({@code attributes.size:10} does not match {@code "10.0"}); shadow number values also
 * match numerically equal values ({@code shadow.reported.temp:20} matches {@code 20.0}).
 */
public final class SearchQueryCompiler {
    private final FieldCatalog catalog;

    public SearchQueryCompiler(FieldCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Parses and compiles a query string.
     *
     * @throws InvalidQueryException when the query is malformed, names an unknown field or compares a field with a
     *     value of the wrong type
     */
    public SqlPredicate compile(String queryString) {
        return compile(SearchQueryParser.parse(queryString));
    }

    /** Compiles a parsed query. */
    public SqlPredicate compile(SearchQuery query) {
        return switch (query) {
            case And and ->
                SqlPredicate.and(and.operands().stream().map(this::compile).toList());
            case Or or ->
                SqlPredicate.or(or.operands().stream().map(this::compile).toList());
            case Not not -> compile(not.operand()).not();
            case MatchAll all -> SqlPredicate.TRUE;
            case Term term -> term.field() == null ? freeText(term.match()) : fieldTerm(term);
        };
    }

    private SqlPredicate freeText(TermMatch match) {
        if (!(match instanceof ValueMatch value)) {
            throw new IllegalStateException("the parser only makes value terms without a field: " + match);
        }
        refuseGeoQuery(value);
        TermCondition condition = value.isPattern()
                ? new TermCondition.Matches(value.pattern())
                : new TermCondition.Equals(new Literal.Text(value.text(), value.quoted()));
        List<SqlPredicate> alternatives = catalog.freeText(condition);
        return SqlPredicate.or(alternatives);
    }

    private SqlPredicate fieldTerm(Term term) {
        SearchField field = catalog.resolve(term.field());
        TermCondition condition = bind(field, term.match());
        return field.toSql(condition);
    }

    /** Checks a term's value against the field's type and types it. */
    private static TermCondition bind(SearchField field, TermMatch match) {
        return switch (match) {
            case ExistsMatch exists -> new TermCondition.Exists();
            case ValueMatch value -> bindValue(field, value);
            case RangeMatch range -> bindRange(field, range);
        };
    }

    private static TermCondition bindValue(SearchField field, ValueMatch value) {
        refuseGeoQuery(value);
        FieldType type = field.type();
        if (value.isPattern()) {
            if (type == FieldType.NUMBER || type == FieldType.BOOLEAN) {
                throw new InvalidQueryException(
                        value.position(),
                        field.name() + " is a " + typeName(type) + " field; wildcards only work on text fields");
            }
            return new TermCondition.Matches(value.pattern());
        }
        return new TermCondition.Equals(literal(field, value.text(), value.quoted(), value.position()));
    }

    private static TermCondition bindRange(SearchField field, RangeMatch range) {
        FieldType type = field.type();
        if (type == FieldType.STRING) {
            throw new InvalidQueryException(
                    range.position(),
                    field.name() + " is a string field; ranges and comparisons only work on number fields,"
                            + " attributes and shadow values");
        }
        if (type == FieldType.BOOLEAN) {
            throw new InvalidQueryException(
                    range.position(),
                    field.name() + " is a boolean field and has no order; use " + field.name() + ":true or "
                            + field.name() + ":false");
        }
        return new TermCondition.Range(bound(field, range.lower()), bound(field, range.upper()));
    }

    private static TermCondition.Bound bound(SearchField field, RangeBound bound) {
        if (bound == null) {
            return null;
        }
        return new TermCondition.Bound(
                literal(field, bound.text(), bound.quoted(), bound.position()), bound.inclusive());
    }

    private static Literal literal(SearchField field, String text, boolean quoted, int position) {
        return switch (field.type()) {
            case STRING, DYNAMIC -> new Literal.Text(text, quoted);
            case NUMBER -> {
                BigDecimal number = Literal.Numeric.parse(text)
                        .orElseThrow(() -> new InvalidQueryException(
                                position, field.name() + " is a number field, and '" + text + "' is not a number"));
                yield new Literal.Numeric(number);
            }
            case BOOLEAN ->
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> new Literal.Bool(true);
                    case "false" -> new Literal.Bool(false);
                    default ->
                        throw new InvalidQueryException(
                                position,
                                field.name() + " is a boolean field: the value must be true or false, not '" + text
                                        + "'");
                };
        };
    }

    private static void refuseGeoQuery(ValueMatch value) {
        String text = value.text().toLowerCase(Locale.ROOT);
        if (!value.quoted() && (text.startsWith("geo_distance,") || text.startsWith("geo_bounding_box,"))) {
            throw new InvalidQueryException(value.position(), "geoqueries are not supported by Thingstead");
        }
    }

    private static String typeName(FieldType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
