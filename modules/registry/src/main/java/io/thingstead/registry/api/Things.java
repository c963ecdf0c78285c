package io.thingstead.registry.api;

import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingCommands.CreateThing;
import io.thingstead.registry.api.ThingCommands.ListThings;
import io.thingstead.registry.api.ThingCommands.UpdateThing;
import java.util.Optional;

/** The thing registry. Errors are {@code IotException}s with AWS's types and messages. */
public interface Things {
    /** Idempotent as AWS: the same name and configuration again returns the existing thing. */
    ThingDescription create(CreateThing request);

    /** @throws io.thingstead.common.api.error.IotException ResourceNotFoundException */
    ThingDescription describe(String thingName);

    Optional<ThingDescription> find(String thingName);

    void update(UpdateThing request);

    /** Deleting a thing that does not exist succeeds, as AWS does. */
    void delete(String thingName, Optional<Long> expectedVersion);

    Page<ThingDescription> list(ListThings request);
}
