package io.thingstead.pki.archfixture;

import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;

/** Test fixture for ModuleBoundariesTest: a PKI class that creates things (provisioning's work), which must fail. */
public class PkiViolator {
    public String allowed(ThingPrincipals principals) {
        return principals.toString();
    }

    public String notAllowed(Things things) {
        return things.toString();
    }
}
