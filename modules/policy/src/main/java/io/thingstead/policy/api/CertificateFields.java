package io.thingstead.policy.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The X.509 certificate attributes AWS IoT exposes as {@code iot:Certificate.<name>} policy variables and condition
 * keys. {@link AuthorizationContext#certificate()} is keyed by these names (e.g. {@value #SUBJECT_COMMON_NAME}).
 *
 * <p>Values are given as they appear in the certificate. Each attribute may hold several values (the first is what
 * {@code ${iot:Certificate.Subject.Country}} resolves to, {@code .1} the second, {@code .List} all of them).
 */
public final class CertificateFields {
    public static final String SERIAL_NUMBER = "SerialNumber";
    public static final String SUBJECT_COMMON_NAME = "Subject.CommonName";
    public static final String SUBJECT_ORGANIZATION = "Subject.Organization";
    public static final String SUBJECT_ORGANIZATIONAL_UNIT = "Subject.OrganizationalUnit";
    public static final String SUBJECT_COUNTRY = "Subject.Country";
    public static final String ISSUER_COMMON_NAME = "Issuer.CommonName";
    public static final String ISSUER_ORGANIZATION = "Issuer.Organization";
    public static final String SUBJECT_DNS_NAME = "Subject.AlternativeName.DNSName";
    public static final String SUBJECT_IP_ADDRESS = "Subject.AlternativeName.IPAddress";

    /** The distinguished-name attributes documented for both {@code Subject} and {@code Issuer}. */
    public static final List<String> NAME_ATTRIBUTES = List.of(
            "DistinguishedNameQualifier",
            "Country",
            "Organization",
            "OrganizationalUnit",
            "State",
            "CommonName",
            "SerialNumber",
            "Title",
            "Surname",
            "GivenName",
            "Initials",
            "Pseudonym",
            "GenerationQualifier");

    /** The alternative-name attributes documented for both {@code Subject} and {@code Issuer}. */
    public static final List<String> ALTERNATIVE_NAME_ATTRIBUTES =
            List.of("RFC822Name", "DNSName", "DirectoryName", "UniformResourceIdentifier", "IPAddress");

    /** Every attribute name, in a stable order. */
    public static final List<String> ALL;

    private static final Map<String, String> CANONICAL;

    static {
        List<String> all = new ArrayList<>();
        all.add(SERIAL_NUMBER);
        for (String side : List.of("Subject", "Issuer")) {
            NAME_ATTRIBUTES.forEach(a -> all.add(side + "." + a));
            ALTERNATIVE_NAME_ATTRIBUTES.forEach(a -> all.add(side + ".AlternativeName." + a));
        }
        ALL = List.copyOf(all);
        Map<String, String> canonical = new LinkedHashMap<>();
        all.forEach(name -> canonical.put(name.toLowerCase(Locale.ROOT), name));
        CANONICAL = Collections.unmodifiableMap(canonical);
    }

    private CertificateFields() {}

    /** The documented spelling of an attribute name, matched ignoring case; empty when AWS IoT has no such attribute. */
    public static Optional<String> canonical(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(CANONICAL.get(name.toLowerCase(Locale.ROOT)));
    }
}
