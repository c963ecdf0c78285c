package io.thingstead.shadow.api;

import java.time.Clock;

/**
 * The document semantics of the AWS IoT Device Shadow service, as pure functions: no storage, no messaging, no clock of
 * its own. The caller loads the stored {@link ShadowState} (or {@code null} if there is none), calls an operation with
 * the request and the time, stores the outcome's new state and publishes its documents.
 *
 * <p>A rejected request changes nothing: its outcome carries no state.
 *
 * <p>Timestamps are epoch seconds, as AWS puts them in shadow documents.
 */
public interface ShadowDocuments {
    /**
     * Reads an update request state document with AWS's validation.
     *
     * @throws ShadowRequestException with AWS's error document (400, 413 or 415) if the request is invalid
     */
    UpdateRequest parseUpdateRequest(byte[] payload);

    /**
     * Reads a get request: an empty payload or a JSON object whose {@code clientToken} is echoed.
     *
     * @throws ShadowRequestException if the payload is too large or its client token is invalid
     */
    GetRequest parseGetRequest(byte[] payload);

    /**
     * Reads a delete request: an empty payload or a JSON object whose {@code clientToken} is echoed.
     *
     * @throws ShadowRequestException if the payload is too large or its client token is invalid
     */
    DeleteRequest parseDeleteRequest(byte[] payload);

    /**
     * Applies an update to a shadow.
     *
     * @param current the stored shadow, its tombstone, or {@code null} if the shadow has never existed
     * @param request the update
     * @param timestamp the time of the update, in epoch seconds
     */
    UpdateOutcome update(ShadowState current, UpdateRequest request, long timestamp);

    /**
     * Answers a get request.
     *
     * @param id the shadow (named in the "No shadow exists" message)
     * @param current the stored shadow, its tombstone, or {@code null}
     */
    GetOutcome get(ShadowId id, ShadowState current, GetRequest request, long timestamp);

    /**
     * Deletes a shadow.
     *
     * @param id the shadow (named in the "No shadow exists" message)
     * @param current the stored shadow, its tombstone, or {@code null}
     */
    DeleteOutcome delete(ShadowId id, ShadowState current, DeleteRequest request, long timestamp);

    /** Parses and applies an update; an invalid payload gives a {@link Rejected} outcome. */
    default UpdateOutcome update(ShadowState current, byte[] payload, long timestamp) {
        UpdateRequest request;
        try {
            request = parseUpdateRequest(payload);
        } catch (ShadowRequestException e) {
            return new Rejected(e.error());
        }
        return update(current, request, timestamp);
    }

    /** Parses and answers a get request; an invalid payload gives a {@link Rejected} outcome. */
    default GetOutcome get(ShadowId id, ShadowState current, byte[] payload, long timestamp) {
        GetRequest request;
        try {
            request = parseGetRequest(payload);
        } catch (ShadowRequestException e) {
            return new Rejected(e.error());
        }
        return get(id, current, request, timestamp);
    }

    /** Parses and answers a delete request; an invalid payload gives a {@link Rejected} outcome. */
    default DeleteOutcome delete(ShadowId id, ShadowState current, byte[] payload, long timestamp) {
        DeleteRequest request;
        try {
            request = parseDeleteRequest(payload);
        } catch (ShadowRequestException e) {
            return new Rejected(e.error());
        }
        return delete(id, current, request, timestamp);
    }

    default UpdateOutcome update(ShadowState current, UpdateRequest request, Clock clock) {
        return update(current, request, clock.instant().getEpochSecond());
    }

    default GetOutcome get(ShadowId id, ShadowState current, GetRequest request, Clock clock) {
        return get(id, current, request, clock.instant().getEpochSecond());
    }

    default DeleteOutcome delete(ShadowId id, ShadowState current, DeleteRequest request, Clock clock) {
        return delete(id, current, request, clock.instant().getEpochSecond());
    }
}
