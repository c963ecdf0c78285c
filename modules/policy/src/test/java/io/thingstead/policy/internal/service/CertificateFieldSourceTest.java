package io.thingstead.policy.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.CertificateFieldSource;
import io.thingstead.policy.api.CertificateFields;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.IotAction;
import io.thingstead.policy.api.PolicyEvaluator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TestAuthorization takes certificate policy variables from the PKI module through {@link CertificateFieldSource}. */
class CertificateFieldSourceTest {
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final String CERT = ARN + "cert/" + "c".repeat(64);
    private static final PolicyEvaluator EVALUATOR = PolicyEvaluator.create();

    private static final CertificateFieldSource PKI = principal -> CERT.equals(principal)
            ? Optional.of(Map.of(
                    "Subject.CommonName", List.of("lamp-1"),
                    "Subject.AlternativeName.DNSName", List.of("lamp-1.example.com", "lamp.example.com"),
                    "Subject.DistinguishedNameQualifier", List.of("q1"),
                    "SerialNumber", List.of("4242"),
                    "Subject.Locality", List.of("not an AWS variable")))
            : Optional.empty();

    private static boolean allowed(AuthorizationContext context, String template, String topic) {
        CompiledPolicy policy = EVALUATOR.compile(
                "P",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                        + "\"Resource\":\"" + ARN + "topic/" + template + "\"}]}");
        return EVALUATOR
                .bind(List.of(policy), context)
                .authorize(IotAction.PUBLISH, ARN + "topic/" + topic)
                .allowed();
    }

    @Test
    void aCertificatePrincipalGetsItsCertificateVariables() {
        AuthorizationContext.Builder builder = AuthorizationContext.builder();
        TestAuthorizationService.addCertificateFields(builder, List.of(principal -> Optional.empty(), PKI), CERT);
        AuthorizationContext context = builder.build();

        assertThat(context.certificate())
                .containsEntry(CertificateFields.SUBJECT_COMMON_NAME, List.of("lamp-1"))
                .containsEntry(CertificateFields.SUBJECT_DNS_NAME, List.of("lamp-1.example.com", "lamp.example.com"))
                .containsEntry("Subject.DistinguishedNameQualifier", List.of("q1"))
                .containsEntry(CertificateFields.SERIAL_NUMBER, List.of("4242"))
                .doesNotContainKey("Subject.Locality");
        assertThat(allowed(context, "d/${iot:Certificate.Subject.CommonName}", "d/lamp-1"))
                .isTrue();
        assertThat(allowed(context, "d/${iot:Certificate.Subject.CommonName}", "d/lamp-2"))
                .isFalse();
        assertThat(allowed(context, "d/${iot:Certificate.Subject.AlternativeName.DNSName.1}", "d/lamp.example.com"))
                .isTrue();
    }

    @Test
    void otherPrincipalsGetNone() {
        AuthorizationContext.Builder builder = AuthorizationContext.builder();
        TestAuthorizationService.addCertificateFields(builder, List.of(PKI), "us-east-1:" + "0".repeat(36));

        AuthorizationContext context = builder.build();
        assertThat(context.certificate()).isEmpty();
        assertThat(allowed(context, "d/${iot:Certificate.Subject.CommonName}", "d/lamp-1"))
                .isFalse();
    }
}
