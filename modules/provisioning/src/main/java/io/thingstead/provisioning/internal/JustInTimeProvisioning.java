package io.thingstead.provisioning.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.JustInTimeProvisioner;
import io.thingstead.pki.api.RegistrationConfig;
import io.thingstead.provisioning.api.ProvisioningTemplateInfo;
import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.template.ParameterBinding;
import io.thingstead.provisioning.internal.template.ResolvedTemplate;
import io.thingstead.provisioning.internal.template.SystemParameters;
import io.thingstead.provisioning.internal.template.Template;
import io.thingstead.provisioning.internal.template.TemplateEvaluator;
import io.thingstead.provisioning.internal.template.TemplateException;
import io.thingstead.provisioning.internal.template.TemplateParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Just-in-time provisioning (AWS's JITP): a device presents an unknown certificate issued by an ACTIVE registered CA
 * with auto-registration enabled, and the CA's registration config names a template ({@code templateBody}, or {@code
 * templateName} of a JITP template). The certificate is registered and the template applied (thing, policies,
 * certificate status) in one transaction; the device's next connection is accepted. Called by the PKI's authenticator
 * through {@link JustInTimeProvisioner}.
 */
@ApplicationScoped
public class JustInTimeProvisioning implements JustInTimeProvisioner {
    private static final Logger LOG = Logger.getLogger(JustInTimeProvisioning.class);

    @Inject
    TemplateStore templates;

    @Inject
    TemplateApplier applier;

    @Inject
    ProvisioningAudit audit;

    @Inject
    PlatformIdentity platform;

    /**
     * Checks a registration config when a CA is registered or updated: the body parses as a JITP template, or the
     * named template exists and is a JITP template; not both.
     *
     * @throws IotException InvalidRequestException saying what is wrong (and where, for a body)
     */
    @Override
    public void validate(RegistrationConfig config) {
        boolean body = config.templateBody().filter(value -> !value.isBlank()).isPresent();
        boolean name = config.templateName().filter(value -> !value.isBlank()).isPresent();
        if (body && name) {
            throw IotException.invalidRequest(
                    "registrationConfig: give either templateBody or templateName, not both.");
        }
        if (body) {
            try {
                TemplateParser.parse(config.templateBody().get(), TemplateType.JITP);
            } catch (TemplateException e) {
                throw IotException.invalidRequest("registrationConfig.templateBody is not valid: " + e.getMessage());
            }
        }
        if (name) {
            String templateName = config.templateName().get();
            ProvisioningTemplateInfo info = templates
                    .find(templateName)
                    .orElseThrow(() -> IotException.invalidRequest("registrationConfig.templateName: the provisioning"
                            + " template " + TemplateException.printable(templateName) + " does not exist."));
            if (info.type() != TemplateType.JITP) {
                throw IotException.invalidRequest("registrationConfig.templateName: the provisioning template "
                        + templateName + " is of type " + info.type() + "; a CA needs a JITP template.");
            }
        }
    }

    /**
     * Registers the certificate and applies the CA's template.
     *
     * @param certificateFields the certificate's {@code iot:Certificate.*} values, for the AWS::IoT::Certificate::*
     *     parameters
     * @return empty when the device is provisioned, else why not (nothing was created)
     */
    @Override
    public Optional<String> provision(
            IssuedCertificate certificate,
            String caCertificateId,
            RegistrationConfig config,
            Map<String, List<String>> certificateFields) {
        String certificateId = certificate.certificateId();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("certificateId", certificateId);
        details.put("caCertificateId", caCertificateId);
        config.templateName().ifPresent(name -> details.put("templateName", name));
        String outcome;
        Optional<String> problem;
        Optional<String> resourceArn =
                Optional.of(platform.iotArn("cert", certificateId).toString());
        try {
            Template template = template(config);
            ResolvedTemplate plan = TemplateEvaluator.evaluate(
                    template,
                    ParameterBinding.bind(
                            template, Map.of(), SystemParameters.justInTime(certificateId, certificateFields)));
            Optional<String> thing = applier.provisionJustInTime(certificate, caCertificateId, plan);
            thing.ifPresent(name -> details.put("thingName", name));
            outcome = "SUCCESS";
            problem = Optional.empty();
            LOG.infof(
                    "Certificate %s of CA %s provisioned just in time%s",
                    certificateId,
                    caCertificateId,
                    thing.map(name -> " (thing " + name + ")").orElse(""));
        } catch (TemplateException e) {
            outcome = ProvisioningFailure.INVALID_PARAMETERS;
            problem = Optional.of(e.getMessage());
        } catch (ProvisioningFailure e) {
            outcome = e.errorCode();
            problem = Optional.of(e.getMessage());
        } catch (IotException e) {
            outcome = FleetProvisioningService.translate(e).errorCode();
            problem = Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(
                    e, "just-in-time provisioning of certificate %s of CA %s failed", certificateId, caCertificateId);
            outcome = ProvisioningFailure.INTERNAL;
            problem = Optional.of("internal failure");
        }
        problem.ifPresent(reason -> {
            details.put("reason", reason);
            LOG.warnf(
                    "Just-in-time provisioning of certificate %s of CA %s failed: %s",
                    certificateId, caCertificateId, reason);
        });
        audit.record(
                "certificate/" + certificateId,
                "iot:JustInTimeProvisioning",
                resourceArn,
                outcome,
                Optional.empty(),
                details);
        return problem;
    }

    private Template template(RegistrationConfig config) {
        if (config.templateBody().filter(body -> !body.isBlank()).isPresent()) {
            return TemplateParser.parse(config.templateBody().get(), TemplateType.JITP);
        }
        String name = config.templateName().orElseThrow();
        ProvisioningTemplateInfo info = templates
                .find(name)
                .orElseThrow(() -> ProvisioningFailure.badRequest(
                        ProvisioningFailure.INVALID_TEMPLATE,
                        "The provisioning template " + name + " does not exist."));
        if (info.type() != TemplateType.JITP) {
            throw ProvisioningFailure.badRequest(
                    ProvisioningFailure.INVALID_TEMPLATE,
                    "The provisioning template " + name + " is not a JITP template.");
        }
        if (!info.enabled()) {
            throw ProvisioningFailure.badRequest(
                    ProvisioningFailure.INVALID_TEMPLATE, "The provisioning template " + name + " is disabled.");
        }
        return FleetProvisioningService.parseStored(info);
    }
}
