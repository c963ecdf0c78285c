package io.thingstead.registry.api;

import java.util.List;
import java.util.Optional;

/**
 * Contributes searchable fields to the fleet index query language. The registry provides the thing, attribute,
 * shadow and connectivity fields; other modules (Device Defender metrics, say) add their own families of field paths
 * with another provider, without touching the parser or compiler.
 *
 * <p>The registry consults its own provider first, so a provider cannot take over a field path the registry defines.
 */
public interface SearchFieldProvider {
    /**
     * The field for {@code path} (as written in the query, escapes removed), or empty when this provider does not
     * know the path.
     *
     * @throws InvalidFieldException when the path belongs to this provider's family but is malformed
     */
    Optional<SearchField> resolve(String path);

    /**
     * What a term without a field ({@code abc}, {@code ab*}) matches among this provider's fields, or empty when
     * free-text search does not look at them. {@code condition} is an {@link TermCondition.Equals} with a
     * {@link Literal.Text}, or a {@link TermCondition.Matches}.
     */
    default Optional<SqlPredicate> freeText(TermCondition condition) {
        return Optional.empty();
    }

    /** The field names (or patterns such as {@code attributes.<name>}) this provider knows, for messages and docs. */
    default List<String> fieldNames() {
        return List.of();
    }
}
