package io.thingstead.pki.api;

import java.util.List;

/**
 * The names of AWS IoT's X.509 certificate policy variables, without the {@code iot:Certificate.} prefix: the policy
 * module resolves {@code ${iot:Certificate.<key>}} from {@link PresentedCertificate#fields()}.
 *
 * <p>The set is AWS's, as its developer guide lists it ("X.509 Certificate AWS IoT Core policy variables"):
 *
 * <ul>
 *   <li>{@code Subject.<Attribute>} and {@code Issuer.<Attribute>} for each of {@link #DN_ATTRIBUTES}: CommonName,
 *       Organization, OrganizationalUnit, Country, State, SerialNumber (the DN's serialNumber attribute),
 *       DistinguishedNameQualifier, Title, Surname, GivenName, Initials, Pseudonym, GenerationQualifier. AWS has no
 *       variable for Locality, so neither does Thingstead.
 *   <li>{@code Subject.AlternativeName.<Type>} and {@code Issuer.AlternativeName.<Type>} for each of {@link
 *       #ALTERNATIVE_NAME_TYPES}: RFC822Name, DNSName, DirectoryName, UniformResourceIdentifier, IPAddress.
 *   <li>{@link #SERIAL_NUMBER}: the certificate's serial number as a decimal integer, which is how AWS renders it.
 * </ul>
 *
 * <p>Values follow AWS: multi-valued attributes keep certificate order and at most {@value #MAX_VALUES} values
 * ("additional items are ignored"); a DirectoryName is rendered as RFC 4514 with lower-case attribute names
 * ({@code cn=LightBulbCert,ou=SmartHome,o=IoT,c=US}); an IPAddress as dotted quad or the JDK's IPv6 form. The rules
 * AWS applies while substituting (values with wildcard characters or longer than 1024 characters are not
 * substituted; the {@code .List} suffix and one-based indexes) belong to the policy module and are not applied here.
 */
public final class CertificateFieldKeys {
    private CertificateFieldKeys() {}

    /** AWS: "Certificate attributes that contain arrays are limited to five items. Additional items are ignored." */
    public static final int MAX_VALUES = 5;

    public static final String SUBJECT = "Subject";
    public static final String ISSUER = "Issuer";
    public static final String ALTERNATIVE_NAME = "AlternativeName";
    public static final String SERIAL_NUMBER = "SerialNumber";

    public static final String COMMON_NAME = "CommonName";
    public static final String ORGANIZATION = "Organization";
    public static final String ORGANIZATIONAL_UNIT = "OrganizationalUnit";
    public static final String COUNTRY = "Country";
    public static final String STATE = "State";
    public static final String DN_SERIAL_NUMBER = "SerialNumber";
    public static final String DISTINGUISHED_NAME_QUALIFIER = "DistinguishedNameQualifier";
    public static final String TITLE = "Title";
    public static final String SURNAME = "Surname";
    public static final String GIVEN_NAME = "GivenName";
    public static final String INITIALS = "Initials";
    public static final String PSEUDONYM = "Pseudonym";
    public static final String GENERATION_QUALIFIER = "GenerationQualifier";

    public static final String RFC822_NAME = "RFC822Name";
    public static final String DNS_NAME = "DNSName";
    public static final String DIRECTORY_NAME = "DirectoryName";
    public static final String URI = "UniformResourceIdentifier";
    public static final String IP_ADDRESS = "IPAddress";

    public static final List<String> DN_ATTRIBUTES = List.of(
            COMMON_NAME,
            ORGANIZATION,
            ORGANIZATIONAL_UNIT,
            COUNTRY,
            STATE,
            DN_SERIAL_NUMBER,
            DISTINGUISHED_NAME_QUALIFIER,
            TITLE,
            SURNAME,
            GIVEN_NAME,
            INITIALS,
            PSEUDONYM,
            GENERATION_QUALIFIER);

    public static final List<String> ALTERNATIVE_NAME_TYPES =
            List.of(RFC822_NAME, DNS_NAME, DIRECTORY_NAME, URI, IP_ADDRESS);

    /** {@code Subject.CommonName}, {@code Issuer.Organization}, ... */
    public static String subject(String attribute) {
        return SUBJECT + "." + attribute;
    }

    public static String issuer(String attribute) {
        return ISSUER + "." + attribute;
    }

    /** {@code Subject.AlternativeName.DNSName}, ... */
    public static String subjectAlternativeName(String type) {
        return SUBJECT + "." + ALTERNATIVE_NAME + "." + type;
    }

    /** {@code Issuer.AlternativeName.DNSName}, ... */
    public static String issuerAlternativeName(String type) {
        return ISSUER + "." + ALTERNATIVE_NAME + "." + type;
    }
}
