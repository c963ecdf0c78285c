package io.thingstead.registry.internal;

import io.thingstead.registry.api.SearchFieldProvider;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.internal.search.FieldCatalog;
import io.thingstead.registry.internal.search.SearchQueryCompiler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The fleet query compiler with the standard fields (registry, groups, connectivity, shadow) plus whatever other
 * modules contribute as {@link SearchFieldProvider} beans (e.g. Device Defender metrics).
 */
@ApplicationScoped
public class CompiledFleetQueries implements FleetQueries {
    @Inject
    @Any
    Instance<SearchFieldProvider> extensions;

    private SearchQueryCompiler compiler;

    @PostConstruct
    void init() {
        List<SearchFieldProvider> providers = extensions.stream().toList();
        compiler = new SearchQueryCompiler(FieldCatalog.standardWith(providers));
    }

    @Override
    public SqlPredicate compile(String queryString) {
        return compiler.compile(queryString);
    }
}
