package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.api.CertificateFieldKeys.COMMON_NAME;
import static io.thingstead.pki.api.CertificateFieldKeys.COUNTRY;
import static io.thingstead.pki.api.CertificateFieldKeys.DIRECTORY_NAME;
import static io.thingstead.pki.api.CertificateFieldKeys.DISTINGUISHED_NAME_QUALIFIER;
import static io.thingstead.pki.api.CertificateFieldKeys.DNS_NAME;
import static io.thingstead.pki.api.CertificateFieldKeys.DN_SERIAL_NUMBER;
import static io.thingstead.pki.api.CertificateFieldKeys.GENERATION_QUALIFIER;
import static io.thingstead.pki.api.CertificateFieldKeys.GIVEN_NAME;
import static io.thingstead.pki.api.CertificateFieldKeys.INITIALS;
import static io.thingstead.pki.api.CertificateFieldKeys.IP_ADDRESS;
import static io.thingstead.pki.api.CertificateFieldKeys.ORGANIZATION;
import static io.thingstead.pki.api.CertificateFieldKeys.ORGANIZATIONAL_UNIT;
import static io.thingstead.pki.api.CertificateFieldKeys.PSEUDONYM;
import static io.thingstead.pki.api.CertificateFieldKeys.RFC822_NAME;
import static io.thingstead.pki.api.CertificateFieldKeys.STATE;
import static io.thingstead.pki.api.CertificateFieldKeys.SURNAME;
import static io.thingstead.pki.api.CertificateFieldKeys.TITLE;
import static io.thingstead.pki.api.CertificateFieldKeys.URI;

import io.thingstead.pki.api.CertificateFieldKeys;
import io.thingstead.pki.api.PresentedCertificate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Turns the client certificate chain the gateway received into a {@link PresentedCertificate}: the leaf's certificate
 * id and the values of AWS IoT's certificate policy variables (key names and value formats in {@link
 * CertificateFieldKeys}).
 */
public final class CertificateFieldReader {
    private static final Map<ASN1ObjectIdentifier, String> DN_ATTRIBUTES = dnAttributes();

    private CertificateFieldReader() {}

    /**
     * @param chain the chain as the TLS stack presents it, leaf first
     * @throws IllegalArgumentException when the chain is empty
     */
    public static PresentedCertificate inspect(X509Certificate[] chain) {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            throw new IllegalArgumentException("no client certificate was presented");
        }
        List<String> ids = new ArrayList<>(chain.length);
        for (X509Certificate certificate : chain) {
            ids.add(Certificates.certificateId(certificate));
        }
        return new PresentedCertificate(ids.get(0), chain[0], ids, fields(chain[0]));
    }

    /** The policy variable values of one certificate, keys in the order AWS lists them. */
    public static Map<String, List<String>> fields(X509Certificate certificate) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        addName(
                fields,
                CertificateFieldKeys.SUBJECT,
                certificate.getSubjectX500Principal().getEncoded());
        addName(
                fields,
                CertificateFieldKeys.ISSUER,
                certificate.getIssuerX500Principal().getEncoded());
        Extensions extensions = Certificates.holder(certificate).getExtensions();
        addAlternativeNames(fields, CertificateFieldKeys.SUBJECT, extensions, Extension.subjectAlternativeName);
        addAlternativeNames(fields, CertificateFieldKeys.ISSUER, extensions, Extension.issuerAlternativeName);
        fields.put(
                CertificateFieldKeys.SERIAL_NUMBER,
                List.of(certificate.getSerialNumber().toString()));
        Map<String, List<String>> result = new LinkedHashMap<>();
        fields.forEach((key, values) -> result.put(
                key, List.copyOf(values.subList(0, Math.min(values.size(), CertificateFieldKeys.MAX_VALUES)))));
        return Collections.unmodifiableMap(result);
    }

    private static void addName(Map<String, List<String>> fields, String prefix, byte[] encodedName) {
        X500Name name = X500Name.getInstance(encodedName);
        Map<String, List<String>> byAttribute = new LinkedHashMap<>();
        for (String attribute : CertificateFieldKeys.DN_ATTRIBUTES) {
            byAttribute.put(attribute, new ArrayList<>());
        }
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                String attribute = DN_ATTRIBUTES.get(value.getType());
                if (attribute != null && value.getValue() instanceof ASN1String string) {
                    byAttribute.get(attribute).add(string.getString());
                }
            }
        }
        byAttribute.forEach((attribute, values) -> {
            if (!values.isEmpty()) {
                fields.put(prefix + "." + attribute, values);
            }
        });
    }

    private static void addAlternativeNames(
            Map<String, List<String>> fields, String prefix, Extensions extensions, ASN1ObjectIdentifier oid) {
        if (extensions == null) {
            return;
        }
        GeneralNames names = GeneralNames.fromExtensions(extensions, oid);
        if (names == null) {
            return;
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (String type : CertificateFieldKeys.ALTERNATIVE_NAME_TYPES) {
            byType.put(type, new ArrayList<>());
        }
        for (GeneralName name : names.getNames()) {
            switch (name.getTagNo()) {
                case GeneralName.rfc822Name -> byType.get(RFC822_NAME).add(string(name));
                case GeneralName.dNSName -> byType.get(DNS_NAME).add(string(name));
                case GeneralName.uniformResourceIdentifier -> byType.get(URI).add(string(name));
                case GeneralName.directoryName ->
                    byType.get(DIRECTORY_NAME).add(directoryName(X500Name.getInstance(name.getName())));
                case GeneralName.iPAddress -> {
                    String address = ipAddress(
                            ASN1OctetString.getInstance(name.getName()).getOctets());
                    if (address != null) {
                        byType.get(IP_ADDRESS).add(address);
                    }
                }
                default -> {
                    // otherName, x400Address, ediPartyName, registeredID: AWS has no policy variable for them
                }
            }
        }
        byType.forEach((type, values) -> {
            if (!values.isEmpty()) {
                fields.put(prefix + "." + CertificateFieldKeys.ALTERNATIVE_NAME + "." + type, values);
            }
        });
    }

    private static String string(GeneralName name) {
        return ((ASN1String) name.getName()).getString();
    }

    /** RFC 4514 order (last RDN first) with lower-case attribute names, as AWS shows DirectoryName values. */
    static String directoryName(X500Name name) {
        RDN[] rdns = name.getRDNs();
        List<String> parts = new ArrayList<>(rdns.length);
        for (int i = rdns.length - 1; i >= 0; i--) {
            List<String> values = new ArrayList<>();
            for (AttributeTypeAndValue value : rdns[i].getTypesAndValues()) {
                String type = BCStyle.INSTANCE.oidToDisplayName(value.getType());
                type = type != null
                        ? type.toLowerCase(Locale.ROOT)
                        : value.getType().getId();
                values.add(type + "=" + IETFUtils.valueToString(value.getValue()));
            }
            parts.add(String.join("+", values));
        }
        return String.join(",", parts);
    }

    private static String ipAddress(byte[] octets) {
        if (octets.length != 4 && octets.length != 16) {
            return null;
        }
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Map<ASN1ObjectIdentifier, String> dnAttributes() {
        Map<ASN1ObjectIdentifier, String> attributes = new LinkedHashMap<>();
        attributes.put(BCStyle.CN, COMMON_NAME);
        attributes.put(BCStyle.O, ORGANIZATION);
        attributes.put(BCStyle.OU, ORGANIZATIONAL_UNIT);
        attributes.put(BCStyle.C, COUNTRY);
        attributes.put(BCStyle.ST, STATE);
        attributes.put(BCStyle.SERIALNUMBER, DN_SERIAL_NUMBER);
        attributes.put(BCStyle.DN_QUALIFIER, DISTINGUISHED_NAME_QUALIFIER);
        attributes.put(BCStyle.T, TITLE);
        attributes.put(BCStyle.SURNAME, SURNAME);
        attributes.put(BCStyle.GIVENNAME, GIVEN_NAME);
        attributes.put(BCStyle.INITIALS, INITIALS);
        attributes.put(BCStyle.PSEUDONYM, PSEUDONYM);
        attributes.put(BCStyle.GENERATION, GENERATION_QUALIFIER);
        return Collections.unmodifiableMap(attributes);
    }
}
