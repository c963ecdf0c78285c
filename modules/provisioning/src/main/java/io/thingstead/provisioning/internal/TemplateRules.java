package io.thingstead.provisioning.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.provisioning.api.ProvisioningHook;
import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.template.Template;
import io.thingstead.provisioning.internal.template.TemplateException;
import io.thingstead.provisioning.internal.template.TemplateParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The control plane's validation of provisioning templates, with AWS's constraints and messages; pure. */
public final class TemplateRules {
    /** AWS: templateName, "Minimum length of 1. Maximum length of 36. Pattern: ^[0-9A-Za-z_-]+$". */
    static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    private static final Pattern NO_CONTROL = Pattern.compile("[^\\p{C}]*");

    private TemplateRules() {}

    /** @throws IotException InvalidRequestException unless a template name AWS accepts */
    public static String name(String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest("templateName is required.");
        }
        if (!TEMPLATE_NAME.matcher(value).matches()) {
            throw IotException.invalidRequest(
                    "1 validation error detected: Value '" + TemplateException.printable(value)
                            + "' at 'templateName' failed to satisfy constraint: Member must have length between 1 and 36 and"
                            + " satisfy regular expression pattern: ^[0-9A-Za-z_-]+$");
        }
        return value;
    }

    static Optional<String> description(Optional<String> value) {
        value.ifPresent(description -> {
            if (description.length() > 500 || !NO_CONTROL.matcher(description).matches()) {
                throw IotException.invalidRequest("1 validation error detected: Value at 'description' failed to"
                        + " satisfy constraint: Member must have length less than or equal to 500 and satisfy regular"
                        + " expression pattern: [^\\p{C}]*");
            }
        });
        return value;
    }

    static String roleArn(String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest("provisioningRoleArn is required.");
        }
        if (value.length() < 20 || value.length() > 2048) {
            throw IotException.invalidRequest("1 validation error detected: Value at 'provisioningRoleArn' failed to"
                    + " satisfy constraint: Member must have length between 20 and 2048");
        }
        return value;
    }

    /**
     * The pre-provisioning hook: fleet provisioning templates only (as AWS), payload version {@value
     * ProvisioningHook#PAYLOAD_VERSION}, and a target that is an absolute http or https URL without credentials
     * (Thingstead calls a URL where AWS calls a Lambda function).
     */
    static ProvisioningHook hook(ProvisioningHook hook, TemplateType type) {
        if (type != TemplateType.FLEET_PROVISIONING) {
            throw IotException.invalidRequest(
                    "preProvisioningHook is supported only for templates of type FLEET_PROVISIONING.");
        }
        String version = hook.payloadVersion().isEmpty() ? ProvisioningHook.PAYLOAD_VERSION : hook.payloadVersion();
        if (!ProvisioningHook.PAYLOAD_VERSION.equals(version)) {
            throw IotException.invalidRequest(
                    "preProvisioningHook.payloadVersion must be " + ProvisioningHook.PAYLOAD_VERSION + ".");
        }
        String target = hook.targetArn();
        if (target.isEmpty() || target.length() > 2048) {
            throw IotException.invalidRequest("preProvisioningHook.targetArn must have 1 to 2048 characters.");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw hookTarget();
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw hookTarget();
        }
        if (uri.getUserInfo() != null) {
            throw IotException.invalidRequest("preProvisioningHook.targetArn must not carry credentials.");
        }
        return new ProvisioningHook(uri.toString(), version);
    }

    private static IotException hookTarget() {
        return IotException.invalidRequest("preProvisioningHook.targetArn must be the http or https URL of the hook:"
                + " Thingstead calls a URL where AWS calls a Lambda function (see docs/provisioning.md).");
    }

    /** @throws IotException InvalidRequestException naming the template path that is wrong */
    public static Template body(String templateBody, TemplateType type) {
        try {
            return TemplateParser.parse(templateBody, type);
        } catch (TemplateException e) {
            throw IotException.invalidRequest("The template body is not valid: " + e.getMessage());
        }
    }
}
