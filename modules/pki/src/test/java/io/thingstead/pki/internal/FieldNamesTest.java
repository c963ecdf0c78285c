package io.thingstead.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.pki.api.CertificateFieldKeys;
import io.thingstead.pki.api.RegistrationConfig;
import io.thingstead.policy.api.CertificateFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The certificate fields the PKI produces and the policy module's certificate variables use one set of names, so the
 * fields of an authenticated certificate can be given to the policy evaluator as they are.
 */
class FieldNamesTest {
    @Test
    void everyKeyThePkiProducesIsAPolicyVariableAndBackAgain() {
        List<String> pki = new ArrayList<>();
        pki.add(CertificateFieldKeys.SERIAL_NUMBER);
        for (String side : List.of(CertificateFieldKeys.SUBJECT, CertificateFieldKeys.ISSUER)) {
            for (String attribute : CertificateFieldKeys.DN_ATTRIBUTES) {
                pki.add(side + "." + attribute);
            }
            for (String type : CertificateFieldKeys.ALTERNATIVE_NAME_TYPES) {
                pki.add(
                        side.equals(CertificateFieldKeys.SUBJECT)
                                ? CertificateFieldKeys.subjectAlternativeName(type)
                                : CertificateFieldKeys.issuerAlternativeName(type));
            }
        }

        assertThat(pki).containsExactlyInAnyOrderElementsOf(CertificateFields.ALL);
        for (String key : pki) {
            assertThat(CertificateFields.canonical(key)).as(key).contains(key);
        }
        assertThat(pki)
                .contains(
                        "Subject.AlternativeName.DNSName",
                        "Subject.DistinguishedNameQualifier",
                        "Issuer.AlternativeName.IPAddress");
    }

    @Test
    void registrationConfigsRoundTripThroughTheirStoredJson() {
        RegistrationConfig config = new RegistrationConfig(
                Optional.of("{\"Resources\":{}}"), Optional.empty(), Optional.of("jitp-template_1"));

        assertThat(CaRegistry.fromJson(CaRegistry.toJson(config))).isEqualTo(config);
        CaRegistry.validate(config);
    }
}
