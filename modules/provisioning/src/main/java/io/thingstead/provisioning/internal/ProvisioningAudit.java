package io.thingstead.provisioning.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.provisioning.internal.template.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes every provisioning outcome to the audit trail (its own transaction, so refusals are kept too). Details are
 * short and never hold a private key, a token or a parameter value beyond the printable excerpt an error message has.
 */
@ApplicationScoped
public class ProvisioningAudit {
    private static final Logger LOG = Logger.getLogger(ProvisioningAudit.class);

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    public void record(
            String actor,
            String action,
            Optional<String> resourceArn,
            String outcome,
            Optional<String> sourceAddress,
            Map<String, String> details) {
        Map<String, String> kept = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value.length() > 256 ? TemplateException.printable(value) : value);
            }
        });
        try {
            audit.record(new AuditEvent(clock.instant(), actor, action, resourceArn, outcome, sourceAddress, kept));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record %s by %s (%s) in the audit trail", action, actor, outcome);
        }
    }
}
