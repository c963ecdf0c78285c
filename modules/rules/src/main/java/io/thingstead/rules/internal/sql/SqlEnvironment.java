package io.thingstead.rules.internal.sql;

import java.util.Objects;

/**
 * What the functions of a statement need from the platform and cannot find in the message: the account id for {@code
 * accountid()} and the shadows for {@code get_thing_shadow()}.
 */
public record SqlEnvironment(String accountId, ThingShadowReader shadows) {
    public SqlEnvironment {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(shadows, "shadows");
    }
}
