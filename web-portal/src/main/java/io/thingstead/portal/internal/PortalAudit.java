package io.thingstead.portal.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.common.api.PlatformIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Changes operators make in the portal go to the audit trail like the control plane's, with the action AWS's API
 * would name ({@code iot:UpdateCertificate}, ...) and the actor {@code portal:<username>}.
 */
@ApplicationScoped
public class PortalAudit {
    @Inject
    AuditTrail trail;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    public void record(String action, Optional<String> resourceArn, String outcome, Map<String, String> details) {
        recordAs(CurrentUser.get().actor(), action, resourceArn, outcome, details);
    }

    /** For work that runs outside the user's request (bulk work): the actor as it was captured. */
    public void recordAs(
            String actor, String action, Optional<String> resourceArn, String outcome, Map<String, String> details) {
        trail.record(new AuditEvent(clock.instant(), actor, action, resourceArn, outcome, Optional.empty(), details));
    }

    public String thingArn(String thingName) {
        return platform.iotArn("thing", thingName).toString();
    }

    public String certificateArn(String certificateId) {
        return platform.iotArn("cert", certificateId).toString();
    }
}
