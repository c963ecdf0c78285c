package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.IotException;
import io.thingstead.it.probe.ErrorProbeApplication;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AWS error model of modules/common, rendered by WildFly's JAX-RS: status, {@code x-amzn-ErrorType} and the JSON
 * body, for our errors and for the HTTP layer's own failures.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorModelIT {
    @Deployment(testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "error-probe.war")
                .addPackages(true, IotException.class.getPackage().getName().replace(".error", ""))
                .addPackage(ErrorProbeApplication.class.getPackage());
    }

    private static URI uri(String path) {
        return TestEnvironment.http("/error-probe" + path);
    }

    private static void assertAwsError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    }

    @Test
    void notFoundIsAResourceNotFoundException() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(uri("/things/sensor-1"));

        assertAwsError(response, 404, "ResourceNotFoundException");
        assertThat(TestEnvironment.json(response.body()).getString("message"))
                .isEqualTo("Thing sensor-1 does not exist.");
    }

    @Test
    void alreadyExistsCarriesTheResource() throws Exception {
        HttpResponse<String> response = post("/things/sensor-1", "{\"thingTypeName\":\"lamp\"}");

        assertAwsError(response, 409, "ResourceAlreadyExistsException");
        JsonObject body = TestEnvironment.json(response.body());
        assertThat(body.getString("resourceId")).isEqualTo("sensor-1");
        assertThat(body.getString("resourceArn")).endsWith(":thing/sensor-1");
    }

    @Test
    void malformedJsonIsAnInvalidRequestSayingWhere() throws Exception {
        HttpResponse<String> response = post("/things/sensor-1", "{\"thingTypeName\": lamp}");

        assertAwsError(response, 400, "InvalidRequestException");
        assertThat(TestEnvironment.json(response.body()).getString("message"))
                .startsWith("The request body is not valid JSON at line 1, column");
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        HttpResponse<String> response = post("/things/sensor-1", "{\"a\":\"" + "x".repeat(4096) + "\"}");

        assertAwsError(response, 413, "RequestEntityTooLargeException");
    }

    @Test
    void unknownRoutesAndMethodsAnswerInTheSameShape() throws Exception {
        assertAwsError(TestEnvironment.get(uri("/no-such-thing-route/x/y/z")), 404, "ResourceNotFoundException");

        HttpResponse<String> delete = TestEnvironment.send(HttpRequest.newBuilder(uri("/things/sensor-1"))
                .timeout(Duration.ofSeconds(20))
                .DELETE()
                .build());
        assertAwsError(delete, 405, "MethodNotAllowedException");
    }

    @Test
    void unexpectedFailuresRevealNothingButAnIncidentId() throws Exception {
        HttpResponse<String> response = TestEnvironment.get(uri("/things/sensor-1/broken"));

        assertAwsError(response, 500, "InternalFailureException");
        String message = TestEnvironment.json(response.body()).getString("message");
        assertThat(message).matches("Internal failure, incident [0-9a-f-]{36}\\.");
        assertThat(response.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return TestEnvironment.send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
