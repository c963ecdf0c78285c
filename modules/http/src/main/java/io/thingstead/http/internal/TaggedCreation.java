package io.thingstead.http.internal;

import io.thingstead.registry.api.ResourceTags;
import io.thingstead.registry.api.ResourceTags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@code Create*} request that carries tags: the resource and its tags are written in one transaction (the owning
 * module's transaction joins this one), so a failure leaves neither. Requests without tags do not come here.
 */
@ApplicationScoped
public class TaggedCreation {
    @Inject
    ResourceTags tags;

    @Transactional
    public <T> T create(List<Tag> requested, Supplier<T> create, Function<T, String> arnOf) {
        T created = create.get();
        tags.tag(arnOf.apply(created), requested);
        return created;
    }
}
