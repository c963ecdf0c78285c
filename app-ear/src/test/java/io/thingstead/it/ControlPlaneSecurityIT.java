package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;

/** Every control-plane request is SigV4-signed by a key we issued; everything else is refused as AWS refuses it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ControlPlaneSecurityIT {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(TestEnvironment.http("/things"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(TestEnvironment.json(response.body()).getString("message")).isNotBlank();

        HttpResponse<String> post =
                TestEnvironment.send(HttpRequest.newBuilder(TestEnvironment.http("/things/intruder"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=garbage")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
        assertThat(post.statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() throws Exception {
        String keyId = Operator.credentials().get("AWS_ACCESS_KEY_ID");
        try (IotClient forged = Operator.iot(keyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")) {
            IotException refused = catchThrowableOfType(IotException.class, () -> forged.listThings(r -> {}));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(refused.getMessage()).contains("signature we calculated does not match");
        }
    }

    @Test
    void anUnknownKeyIsAnUnrecognizedClient() throws Exception {
        try (IotClient stranger = Operator.iot("TSAKAAAAAAAAAAAAAAAA", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")) {
            IotException refused =
                    catchThrowableOfType(IotException.class, () -> stranger.createThing(r -> r.thingName("x")));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        }
        try (IotClient operator = Operator.iot()) {
            assertThat(operator.listThings(r -> r.attributeName("refused").attributeValue("x"))
                            .things())
                    .isEmpty();
        }
    }

    @Test
    void theSignedClientWorksAndItsSecretIsNeverLogged() throws Exception {
        Map<String, String> credentials = Operator.credentials();
        try (IotClient operator = Operator.iot()) {
            operator.createThing(r -> r.thingName("signed-ok"));
            assertThat(operator.describeThing(r -> r.thingName("signed-ok")).thingName())
                    .isEqualTo("signed-ok");
        }
        String log = java.nio.file.Files.readString(
                java.nio.file.Path.of(System.getProperty("thingstead.server.dir"), "standalone/log/server.log"));
        assertThat(log).contains(credentials.get("AWS_ACCESS_KEY_ID"));
        assertThat(log).doesNotContain(credentials.get("AWS_SECRET_ACCESS_KEY"));
    }
}
