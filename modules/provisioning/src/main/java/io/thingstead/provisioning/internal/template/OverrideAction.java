package io.thingstead.provisioning.internal.template;

/**
 * What to do with a property of a resource that already exists ({@code OverrideSettings}). Without a setting the
 * existing value is kept ({@link #DO_NOTHING}).
 */
public enum OverrideAction {
    /** Leave the existing value as it is. */
    DO_NOTHING,
    /** Replace the existing value with the template's. */
    REPLACE,
    /** Refuse the provisioning request when the existing value differs from the template's. */
    FAIL,
    /** Attributes and thing groups only: add the template's to the existing ones. */
    MERGE
}
