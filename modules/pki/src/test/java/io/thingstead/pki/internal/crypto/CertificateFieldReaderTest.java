package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.Ids;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.PresentedCertificate;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example of AWS's "Using X.509 certificate policy variables" page, rebuilt as a real certificate: every expected
 * value below is the one AWS documents for it.
 */
class CertificateFieldReaderTest {
    private static final X500Name ISSUER = dn(
            "US",
            "IoT Devices",
            "SmartHome",
            "WA",
            "IoT Devices Primary CA",
            "Primary CA1",
            "XY",
            "Example corp",
            "SmartHome",
            "CA1",
            "Primary_CA",
            "2",
            "987");
    private static final X500Name SUBJECT = dn(
            "US",
            "IoT Devices",
            "LightBulb",
            "NY",
            "LightBulb Device Cert",
            "Bulb",
            "ZZ",
            "Bulb001",
            "Multi Color",
            "RGB",
            "RGB Device",
            "4",
            "123");

    private static X509Certificate awsExample;

    @BeforeAll
    static void buildAwsExample() {
        awsExample = TestPki.certificate()
                .subject(SUBJECT)
                .key(TestPki.Keys.RSA_2048)
                .issuedBy(ISSUER, TestPki.Keys.RSA_2048.getPrivate())
                .serial(new BigInteger("921285cbb7a5e086", 16))
                .ca(false)
                .subjectAlternativeName(new GeneralName(GeneralName.dNSName, "example.com"))
                .subjectAlternativeName(new GeneralName(GeneralName.iPAddress, "1.2.3.4"))
                .subjectAlternativeName(new GeneralName(GeneralName.uniformResourceIdentifier, "ResourceIdentifier001"))
                .subjectAlternativeName(new GeneralName(GeneralName.rfc822Name, "device1@example.com"))
                .subjectAlternativeName(new GeneralName(new X500Name("C=US, O=IoT, OU=SmartHome, CN=LightBulbCert")))
                .issuerAlternativeName(new GeneralName(GeneralName.dNSName, "issuer.com"))
                .issuerAlternativeName(new GeneralName(GeneralName.iPAddress, "5.6.7.8"))
                .issuerAlternativeName(new GeneralName(GeneralName.uniformResourceIdentifier, "PrimarySignerCA"))
                .issuerAlternativeName(new GeneralName(GeneralName.rfc822Name, "primary@issuer.com"))
                .issuerAlternativeName(
                        new GeneralName(new X500Name("C=US, O=Issuer, OU=IoT Devices, CN=Primary Issuer CA")))
                .build();
    }

    /** The attributes of AWS's example, in its order: C, O, OU, ST, CN, GN, initials, dnQualifier, SN, title, ... */
    private static X500Name dn(String... values) {
        ASN1ObjectIdentifier[] types = {
            BCStyle.C,
            BCStyle.O,
            BCStyle.OU,
            BCStyle.ST,
            BCStyle.CN,
            BCStyle.GIVENNAME,
            BCStyle.INITIALS,
            BCStyle.DN_QUALIFIER,
            BCStyle.SURNAME,
            BCStyle.T,
            BCStyle.PSEUDONYM,
            BCStyle.GENERATION,
            BCStyle.SERIALNUMBER
        };
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (int i = 0; i < types.length; i++) {
            builder.addRDN(types[i], values[i]);
        }
        return builder.build();
    }

    @Test
    void issuerAttributesAreThoseAwsDocuments() {
        Map<String, List<String>> fields = CertificateFieldReader.fields(awsExample);

        assertThat(fields)
                .containsEntry("Issuer.Country", List.of("US"))
                .containsEntry("Issuer.Organization", List.of("IoT Devices"))
                .containsEntry("Issuer.OrganizationalUnit", List.of("SmartHome"))
                .containsEntry("Issuer.State", List.of("WA"))
                .containsEntry("Issuer.CommonName", List.of("IoT Devices Primary CA"))
                .containsEntry("Issuer.GivenName", List.of("Primary CA1"))
                .containsEntry("Issuer.Initials", List.of("XY"))
                .containsEntry("Issuer.DistinguishedNameQualifier", List.of("Example corp"))
                .containsEntry("Issuer.Surname", List.of("SmartHome"))
                .containsEntry("Issuer.Title", List.of("CA1"))
                .containsEntry("Issuer.Pseudonym", List.of("Primary_CA"))
                .containsEntry("Issuer.GenerationQualifier", List.of("2"))
                .containsEntry("Issuer.SerialNumber", List.of("987"));
    }

    @Test
    void subjectAttributesAreThoseAwsDocuments() {
        Map<String, List<String>> fields = CertificateFieldReader.fields(awsExample);

        assertThat(fields)
                .containsEntry("Subject.Country", List.of("US"))
                .containsEntry("Subject.Organization", List.of("IoT Devices"))
                .containsEntry("Subject.OrganizationalUnit", List.of("LightBulb"))
                .containsEntry("Subject.State", List.of("NY"))
                .containsEntry("Subject.CommonName", List.of("LightBulb Device Cert"))
                .containsEntry("Subject.GivenName", List.of("Bulb"))
                .containsEntry("Subject.Initials", List.of("ZZ"))
                .containsEntry("Subject.DistinguishedNameQualifier", List.of("Bulb001"))
                .containsEntry("Subject.Surname", List.of("Multi Color"))
                .containsEntry("Subject.Title", List.of("RGB"))
                .containsEntry("Subject.Pseudonym", List.of("RGB Device"))
                .containsEntry("Subject.GenerationQualifier", List.of("4"))
                .containsEntry("Subject.SerialNumber", List.of("123"));
    }

    @Test
    void alternativeNamesAreThoseAwsDocuments() {
        Map<String, List<String>> fields = CertificateFieldReader.fields(awsExample);

        assertThat(fields)
                .containsEntry("Subject.AlternativeName.DNSName", List.of("example.com"))
                .containsEntry("Subject.AlternativeName.IPAddress", List.of("1.2.3.4"))
                .containsEntry("Subject.AlternativeName.UniformResourceIdentifier", List.of("ResourceIdentifier001"))
                .containsEntry("Subject.AlternativeName.RFC822Name", List.of("device1@example.com"))
                .containsEntry(
                        "Subject.AlternativeName.DirectoryName", List.of("cn=LightBulbCert,ou=SmartHome,o=IoT,c=US"))
                .containsEntry("Issuer.AlternativeName.DNSName", List.of("issuer.com"))
                .containsEntry("Issuer.AlternativeName.IPAddress", List.of("5.6.7.8"))
                .containsEntry("Issuer.AlternativeName.UniformResourceIdentifier", List.of("PrimarySignerCA"))
                .containsEntry("Issuer.AlternativeName.RFC822Name", List.of("primary@issuer.com"))
                .containsEntry(
                        "Issuer.AlternativeName.DirectoryName",
                        List.of("cn=Primary Issuer CA,ou=IoT Devices,o=Issuer,c=US"));
    }

    @Test
    void serialNumberIsDecimalAsAwsDocuments() {
        assertThat(CertificateFieldReader.fields(awsExample))
                .containsEntry("SerialNumber", List.of("10525622389124227206"));
    }

    @Test
    void onlyAwsKeysArePresent() {
        X509Certificate withLocality = TestPki.certificate()
                .subject("CN=device, L=Seattle, EMAILADDRESS=a@b.c")
                .build();

        assertThat(CertificateFieldReader.fields(withLocality))
                .containsOnlyKeys("Subject.CommonName", "Issuer.CommonName", "SerialNumber");
        assertThat(CertificateFieldReader.fields(awsExample)).hasSize(13 + 13 + 5 + 5 + 1);
    }

    @Test
    void multipleValuesKeepCertificateOrderAndStopAtFive() {
        X509Certificate certificate = TestPki.certificate()
                .subject("OU=u7, OU=u6, OU=u5, OU=u4, OU=u3, OU=u2, OU=u1, CN=multi")
                .subjectAlternativeName(new GeneralName(GeneralName.dNSName, "a.test"))
                .subjectAlternativeName(new GeneralName(GeneralName.dNSName, "b.test"))
                .subjectAlternativeName(new GeneralName(GeneralName.iPAddress, "2001:db8::1"))
                .build();

        Map<String, List<String>> fields = CertificateFieldReader.fields(certificate);

        assertThat(fields.get("Subject.OrganizationalUnit")).containsExactly("u1", "u2", "u3", "u4", "u5");
        assertThat(fields.get("Subject.AlternativeName.DNSName")).containsExactly("a.test", "b.test");
        assertThat(fields.get("Subject.AlternativeName.IPAddress")).containsExactly("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void directoryNamesEscapeSpecialCharactersAndUseOidsForUnknownTypes() throws Exception {
        X500Name name = X500Name.getInstance(new X500Name("CN=a\\,b+OU=x, 1.2.3.4=#0403616263, O=Org").getEncoded());

        // a multi-valued RDN keeps its DER (sorted) order
        assertThat(CertificateFieldReader.directoryName(name)).isEqualTo("o=Org,1.2.3.4=#0403616263,ou=x+cn=a\\,b");
    }

    @Test
    void inspectsAPresentedChain() throws Exception {
        CaMaterial root = TestPki.root("CN=Chain Root", KeyAlgorithm.EC_P256);
        X509Certificate device = new CertificateAuthority(root, null, TestPki.FIXED)
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificate();

        PresentedCertificate presented =
                CertificateFieldReader.inspect(new X509Certificate[] {device, root.certificate()});

        assertThat(presented.certificateId()).isEqualTo(Ids.sha256Hex(device.getEncoded()));
        assertThat(presented.certificate()).isEqualTo(device);
        assertThat(presented.chainCertificateIds())
                .containsExactly(
                        presented.certificateId(),
                        Ids.sha256Hex(root.certificate().getEncoded()));
        assertThat(presented.fields())
                .containsEntry("Subject.CommonName", List.of("AWS IoT Certificate"))
                .containsEntry("Issuer.CommonName", List.of("Chain Root"))
                .containsEntry("SerialNumber", List.of(device.getSerialNumber().toString()))
                .doesNotContainKey("Subject.AlternativeName.DNSName");
    }

    @Test
    void refusesAnEmptyChain() {
        assertThatThrownBy(() -> CertificateFieldReader.inspect(new X509Certificate[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateFieldReader.inspect(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
