package io.thingstead.provisioning.internal.template;

import io.thingstead.pki.api.CertificateFieldKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters AWS IoT provides itself: {@code AWS::IoT::Certificate::Id} (fleet provisioning and JITP) and, for
 * just-in-time provisioning, the attributes of the device certificate's subject. Devices may not send parameters
 * whose names start with {@value #PREFIX}.
 */
public final class SystemParameters {
    public static final String PREFIX = "AWS::";
    public static final String CERTIFICATE_ID = "AWS::IoT::Certificate::Id";
    public static final String COUNTRY = "AWS::IoT::Certificate::Country";
    public static final String ORGANIZATION = "AWS::IoT::Certificate::Organization";
    public static final String ORGANIZATIONAL_UNIT = "AWS::IoT::Certificate::OrganizationalUnit";
    public static final String DISTINGUISHED_NAME_QUALIFIER = "AWS::IoT::Certificate::DistinguishedNameQualifier";
    public static final String STATE_NAME = "AWS::IoT::Certificate::StateName";
    public static final String COMMON_NAME = "AWS::IoT::Certificate::CommonName";
    public static final String SERIAL_NUMBER = "AWS::IoT::Certificate::SerialNumber";
    /** Thingstead's own: names Thingstead provides start with this, and devices cannot send them either. */
    public static final String THINGSTEAD_PREFIX = "Thingstead::";
    /**
     * A new one-time pairing code bound to the provisioned thing (docs/portal.md), for fleet provisioning's {@code
     * DeviceConfiguration} only: the device gets it in the RegisterThing answer, shows or prints it, and its owner
     * redeems it in the portal. Thingstead stores only its hash.
     */
    public static final String PAIRING_CODE = "Thingstead::Pairing::Code";

    /** JITP parameter → the subject attribute it is read from (as {@link CertificateFieldKeys} names them). */
    private static final Map<String, String> SUBJECT_ATTRIBUTES = subjectAttributes();

    private SystemParameters() {}

    private static Map<String, String> subjectAttributes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(COUNTRY, CertificateFieldKeys.subject(CertificateFieldKeys.COUNTRY));
        map.put(ORGANIZATION, CertificateFieldKeys.subject(CertificateFieldKeys.ORGANIZATION));
        map.put(ORGANIZATIONAL_UNIT, CertificateFieldKeys.subject(CertificateFieldKeys.ORGANIZATIONAL_UNIT));
        map.put(
                DISTINGUISHED_NAME_QUALIFIER,
                CertificateFieldKeys.subject(CertificateFieldKeys.DISTINGUISHED_NAME_QUALIFIER));
        map.put(STATE_NAME, CertificateFieldKeys.subject(CertificateFieldKeys.STATE));
        map.put(COMMON_NAME, CertificateFieldKeys.subject(CertificateFieldKeys.COMMON_NAME));
        map.put(SERIAL_NUMBER, CertificateFieldKeys.subject(CertificateFieldKeys.DN_SERIAL_NUMBER));
        return Map.copyOf(map);
    }

    /** Every parameter AWS IoT may provide (what a template may {@code Ref} without declaring it). */
    public static Set<String> all() {
        Set<String> names = new java.util.TreeSet<>(SUBJECT_ATTRIBUTES.keySet());
        names.add(CERTIFICATE_ID);
        return names;
    }

    public static boolean isReserved(String name) {
        return name.startsWith(PREFIX) || name.startsWith(THINGSTEAD_PREFIX);
    }

    /** Whether a template asks for a pairing code (its device configuration names {@value #PAIRING_CODE}). */
    public static boolean usesPairingCode(Template template) {
        return template.deviceConfiguration()
                .map(configuration -> configuration.toString().contains(PAIRING_CODE))
                .orElse(false);
    }

    /** The parameters of fleet provisioning: the certificate being provisioned. */
    public static Map<String, String> fleet(String certificateId) {
        return Map.of(CERTIFICATE_ID, certificateId);
    }

    /**
     * The parameters of just-in-time provisioning: the certificate id and what the certificate's subject has (the
     * first value of each attribute).
     *
     * @param certificateFields the certificate's policy variable values ({@code CertificateFields.fields})
     */
    public static Map<String, String> justInTime(String certificateId, Map<String, List<String>> certificateFields) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CERTIFICATE_ID, certificateId);
        SUBJECT_ATTRIBUTES.forEach((parameter, field) -> Optional.ofNullable(certificateFields.get(field))
                .filter(list -> !list.isEmpty())
                .ifPresent(list -> values.put(parameter, list.get(0))));
        return values;
    }
}
