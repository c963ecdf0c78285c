package io.thingstead.policy.api;

/** The {@code Effect} of a policy statement. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String json;

    Effect(String json) {
        this.json = json;
    }

    /** The value as written in a policy document ({@code Allow} or {@code Deny}; case-sensitive, as in IAM). */
    public String json() {
        return json;
    }
}
