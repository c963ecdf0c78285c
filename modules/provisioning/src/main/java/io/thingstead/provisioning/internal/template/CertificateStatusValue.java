package io.thingstead.provisioning.internal.template;

import java.util.Locale;

/**
 * The {@code Status} of a template's certificate: {@code ACTIVE} (the default) or {@code INACTIVE}. AWS's own examples
 * write {@code "Active"}, so case does not matter.
 */
public enum CertificateStatusValue {
    ACTIVE,
    INACTIVE;

    static CertificateStatusValue parse(String value, String path) {
        String upper = value.toUpperCase(Locale.ROOT);
        for (CertificateStatusValue status : values()) {
            if (status.name().equals(upper)) {
                return status;
            }
        }
        throw new TemplateException(
                path,
                "'" + TemplateException.printable(value) + "' is not a certificate status; use ACTIVE or INACTIVE.");
    }
}
