package io.thingstead.registry.api;

/**
 * CDI event fired when what a principal is attached to changes: a principal attached to or detached from a thing, or
 * a thing added to or removed from a thing group. Caches of effective policies per principal observe it.
 *
 * @param thingName the thing whose attachments or memberships changed
 */
public record AttachmentsChanged(String thingName) {}
