package io.thingstead.pki.internal.provisioning;

import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.provisioning.ProvisioningHook;
import io.thingstead.pki.api.provisioning.TemplateType;
import io.thingstead.pki.internal.provisioning.template.Template;
import io.thingstead.pki.internal.provisioning.template.TemplateException;
import io.thingstead.pki.internal.provisioning.template.TemplateParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    /** maxResults: 1 to 250; absent (0) means 250. */
    static int maxResults(int requested) {
        if (requested == 0) {
            return 250;
        }
        if (requested < 1 || requested > 250) {
            throw IotException.invalidRequest("maxResults must be between 1 and 250.");
        }
        return requested;
    }

    static String encodeToken(String listing, String last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((listing + "\n" + last).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IotException InvalidRequestException for a token this listing did not make */
    static Optional<String> decodeToken(String listing, Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest("The nextToken is not valid.");
        }
        String prefix = listing + "\n";
        if (!text.startsWith(prefix) || text.length() == prefix.length() || text.length() > prefix.length() + 64) {
            throw IotException.invalidRequest("The nextToken is not valid for this request.");
        }
        return Optional.of(text.substring(prefix.length()));
    }
}
