package io.thingstead.gateway.internal.admission;

import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.registry.api.AttachmentsChanged;
import io.thingstead.registry.api.ThingChanged;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry thing a connection is associated with, as AWS IoT defines it for the {@code iot:Connection.Thing.*}
 * policy variables and for fleet indexing: the thing named by the client id, when it is attached to the
 * authenticating principal. Remembered per (principal, client id), so a reconnecting device costs no query; forgotten
 * whenever an attachment or a thing changes.
 */
@ApplicationScoped
public class ThingLookup {
    public static final int MAX_ENTRIES = 100_000;

    @Inject
    ThingPrincipals principals;

    @Inject
    Things things;

    private final Map<String, Optional<ConnectedThing>> cache = new ConcurrentHashMap<>();

    /** The thing named {@code clientId} if it is attached to {@code principalArn}. */
    public Optional<ConnectedThing> attachedThing(String principalArn, String clientId) {
        String key = principalArn + '\n' + clientId;
        Optional<ConnectedThing> known = cache.get(key);
        if (known != null) {
            return known;
        }
        Optional<ConnectedThing> found = load(principalArn, clientId);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, found);
        return found;
    }

    /** The thing named {@code thingName}, attached to anything or not (fleet indexing's connectivity). */
    public boolean exists(String thingName) {
        return things.find(thingName).isPresent();
    }

    private Optional<ConnectedThing> load(String principalArn, String clientId) {
        if (!principals.thingsOf(principalArn).contains(clientId)) {
            return Optional.empty();
        }
        return things.find(clientId)
                .map(thing -> new ConnectedThing(
                        thing.thingName(), thing.thingTypeName().orElse(null), thing.attributes()));
    }

    public void forget() {
        cache.clear();
    }

    public void onAttachmentsChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) AttachmentsChanged change) {
        forget();
    }

    public void onThingChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) ThingChanged change) {
        forget();
    }
}
