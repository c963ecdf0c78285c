package io.thingstead.gateway.archfixture;

import io.thingstead.policy.api.Decision;
import io.thingstead.provisioning.api.ProvisioningTemplates;

/** Test fixture for ModuleBoundariesTest: a gateway class that calls a business module, which the rule must refuse. */
public class GatewayViolator {
    public boolean allowed(Decision decision) {
        return decision.allowed();
    }

    public String notAllowed(ProvisioningTemplates templates) {
        return templates.toString();
    }
}
