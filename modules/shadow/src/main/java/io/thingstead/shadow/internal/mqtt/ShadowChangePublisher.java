package io.thingstead.shadow.internal.mqtt;

import io.thingstead.shadow.api.ShadowChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces committed shadow changes on MQTT, whoever made them (a device on the shadow topics, an application on the
 * REST data plane, a rule): {@code /update/accepted}, {@code /update/delta} (only when desired and reported differ)
 * and {@code /update/documents} for an update, {@code /delete/accepted} for a delete. It observes {@link
 * ShadowChanged} after the transaction succeeded, so nothing is announced that was not committed; the gateway
 * publishes asynchronously, so the committing thread is not held up.
 */
@ApplicationScoped
public class ShadowChangePublisher {
    @Inject
    ShadowPublisher publisher;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ShadowChanged change) {
        String prefix = change.id().topicPrefix();
        List<ShadowPublisher.Document> documents = new ArrayList<>(3);
        switch (change.kind()) {
            case UPDATED -> {
                documents.add(new ShadowPublisher.Document(prefix + "/update/accepted", change.accepted()));
                change.delta()
                        .ifPresent(
                                delta -> documents.add(new ShadowPublisher.Document(prefix + "/update/delta", delta)));
                change.documents()
                        .ifPresent(current ->
                                documents.add(new ShadowPublisher.Document(prefix + "/update/documents", current)));
            }
            case DELETED -> documents.add(new ShadowPublisher.Document(prefix + "/delete/accepted", change.accepted()));
        }
        publisher.publishInOrder(documents);
    }
}
