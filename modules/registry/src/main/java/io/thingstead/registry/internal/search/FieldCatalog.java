package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.InvalidFieldException;
import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.SearchField;
import io.thingstead.registry.api.SearchFieldProvider;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.TermCondition;
import io.thingstead.registry.internal.search.SearchQuery.FieldRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The searchable fields: the registry's own ({@link ThingFieldProvider}) first, then those of other modules'
 * {@link SearchFieldProvider}s, in the order given. Immutable; {@link #with} returns an extended copy.
 */
public final class FieldCatalog {
    private final List<SearchFieldProvider> providers;

    private FieldCatalog(List<SearchFieldProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The registry's fields only. */
    public static FieldCatalog standard() {
        return new FieldCatalog(List.of(new ThingFieldProvider()));
    }

    /** The registry's fields, then {@code extensions}'. */
    public static FieldCatalog standardWith(List<? extends SearchFieldProvider> extensions) {
        List<SearchFieldProvider> all = new ArrayList<>();
        all.add(new ThingFieldProvider());
        all.addAll(extensions);
        return new FieldCatalog(all);
    }

    /** This catalog with {@code provider} consulted after the existing ones. */
    public FieldCatalog with(SearchFieldProvider provider) {
        List<SearchFieldProvider> all = new ArrayList<>(providers);
        all.add(provider);
        return new FieldCatalog(all);
    }

    /** Every field name or pattern the providers declare, in order. */
    public List<String> fieldNames() {
        return providers.stream().flatMap(p -> p.fieldNames().stream()).toList();
    }

    /**
     * The field a query names.
     *
     * @throws InvalidQueryException at the field's position when no provider knows it or its provider finds it
     *     malformed
     */
    SearchField resolve(FieldRef field) {
        for (SearchFieldProvider provider : providers) {
            Optional<SearchField> resolved;
            try {
                resolved = provider.resolve(field.path());
            } catch (InvalidFieldException e) {
                throw new InvalidQueryException(field.position(), e.getMessage());
            }
            if (resolved.isPresent()) {
                return resolved.get();
            }
        }
        if (field.path().startsWith("deviceDefender.")) {
            throw new InvalidQueryException(
                    field.position(),
                    "'" + field.path() + "' is a Device Defender field, which this Thingstead installation does"
                            + " not index");
        }
        throw new InvalidQueryException(field.position(), "unknown field '" + field.path() + "'" + suggestion(field));
    }

    /** The free-text alternatives of every provider, for a term without a field. */
    List<SqlPredicate> freeText(TermCondition condition) {
        List<SqlPredicate> alternatives = new ArrayList<>();
        for (SearchFieldProvider provider : providers) {
            provider.freeText(condition).ifPresent(alternatives::add);
        }
        return alternatives;
    }

    /** Field names are case-sensitive in AWS; point out a name that differs from a known one only in case. */
    private String suggestion(FieldRef field) {
        String path = field.path();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        for (String known : fieldNames()) {
            int placeholder = known.indexOf('<');
            if (placeholder < 0) {
                if (known.equalsIgnoreCase(path)) {
                    return "; field names are case-sensitive: did you mean '" + known + "'?";
                }
                continue;
            }
            String prefix = known.substring(0, placeholder);
            if (lowerPath.startsWith(prefix.toLowerCase(Locale.ROOT))
                    && !path.startsWith(prefix)
                    && path.length() > prefix.length()) {
                return "; field names are case-sensitive: did you mean '" + prefix + path.substring(prefix.length())
                        + "'?";
            }
        }
        return "";
    }
}
