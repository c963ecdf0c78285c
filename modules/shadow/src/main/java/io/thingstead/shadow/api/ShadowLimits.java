package io.thingstead.shadow.api;

import java.time.Duration;

/**
 * The Device Shadow service quotas AWS IoT documents, as the shadow module enforces them (or, for the service-level
 * ones, exposes them for the layers that enforce them).
 *
 * <p>Sources: the AWS IoT developer guide (Device Shadow service documents, Device Shadow error messages, Interacting
 * with shadows) and the AWS General Reference "AWS IoT Core endpoints and quotas", Device Shadow section.
 */
public final class ShadowLimits {
    private ShadowLimits() {}

    /**
     * Largest shadow state, in UTF-8 bytes of the {@code desired} plus {@code reported} sections after the update is
     * merged (8 KB). Metadata does not count. Exceeding it answers 413 "The payload exceeds the maximum size allowed".
     */
    public static final int MAX_STATE_DOCUMENT_BYTES = 8 * 1024;

    /**
     * Deepest nesting inside {@code desired} or {@code reported}, counting the section object itself as level 1: the
     * error message AWS sends says "maximum is 6". This is the same limit the quota page states as five levels below
     * the section (its {@code "desired": {"one": {"two": {"three": {"four": {"five": {}}}}}}} example) and as eight
     * levels counted from the document root ({@code {"state": {"desired": ...}}}). Objects and arrays both count.
     */
    public static final int MAX_STATE_DEPTH = 6;

    /** Longest client token, in UTF-8 bytes; a longer one is answered 400 "Invalid clientToken". */
    public static final int MAX_CLIENT_TOKEN_BYTES = 64;

    /** Longest thing name (pattern {@code [a-zA-Z0-9:_-]+}). */
    public static final int MAX_THING_NAME_LENGTH = 128;

    /** Longest shadow name (pattern {@code [$a-zA-Z0-9:_-]+}). */
    public static final int MAX_SHADOW_NAME_LENGTH = 64;

    /**
     * Largest request payload the shadow service reads at all: the AWS IoT message size quota for MQTT and HTTP
     * publishes (128 KB). The state it carries must still fit {@link #MAX_STATE_DOCUMENT_BYTES} once merged.
     */
    public static final int MAX_REQUEST_PAYLOAD_BYTES = 128 * 1024;

    /** In-flight, unacknowledged shadow requests per thing before AWS answers 429 (a service concern). */
    public static final int MAX_IN_FLIGHT_REQUESTS_PER_THING = 10;

    /**
     * Shadow requests per second AWS accepts for one shadow (older editions of the quota page said "per thing"; a
     * service concern).
     */
    public static final int MAX_REQUESTS_PER_SECOND_PER_SHADOW = 20;

    /**
     * Named shadows per thing: AWS documents no limit, so the service should not impose one. Exposed so that the layer
     * listing or creating named shadows does not invent a smaller cap.
     */
    public static final int MAX_NAMED_SHADOWS_PER_THING = Integer.MAX_VALUE;

    /**
     * How long a deleted shadow's version number is remembered: a shadow re-created within 48 hours of its deletion
     * continues the deleted one's version numbering; after that, numbering starts again.
     */
    public static final Duration DELETED_SHADOW_VERSION_RETENTION = Duration.ofHours(48);
}
