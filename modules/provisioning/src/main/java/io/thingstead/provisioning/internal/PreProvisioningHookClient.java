package io.thingstead.provisioning.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.provisioning.api.ProvisioningHook;
import io.thingstead.provisioning.internal.template.ParameterBinding;
import io.thingstead.provisioning.internal.template.TemplateException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Calls a fleet provisioning template's pre-provisioning hook: an HTTP POST of AWS's hook payload (payload version
 * 2020-04-01) to the hook's URL, answered by {@code {"allowProvisioning": true|false, "parameterOverrides": {...}}}.
 * Anything but a 2xx answer with {@code "allowProvisioning": true} in time, a body over 64 KB, invalid JSON or invalid
 * overrides is a denial, as AWS treats a failing Lambda function.
 */
@ApplicationScoped
public class PreProvisioningHookClient {
    private static final Logger LOG = Logger.getLogger(PreProvisioningHookClient.class);
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    @Inject
    ProvisioningSettings settings;

    private HttpClient http;

    /** The request's facts, as AWS names them in the hook payload. */
    public record HookRequest(
            String claimCertificateId,
            String certificateId,
            String certificatePem,
            String templateArn,
            String clientId,
            Map<String, String> parameters) {
        public HookRequest {
            Objects.requireNonNull(claimCertificateId, "claimCertificateId");
            Objects.requireNonNull(certificateId, "certificateId");
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(templateArn, "templateArn");
            Objects.requireNonNull(clientId, "clientId");
            parameters = Map.copyOf(parameters);
        }
    }

    /** What the hook decided. */
    public sealed interface Decision {
        record Allowed(Map<String, String> parameterOverrides) implements Decision {
            public Allowed {
                parameterOverrides = Map.copyOf(parameterOverrides);
            }
        }

        /** @param reason for the log and the audit trail; the device is told only that the hook denied it */
        record Denied(String reason) implements Decision {}
    }

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder()
                .connectTimeout(settings.hookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Decision call(ProvisioningHook hook, HookRequest request) {
        Duration timeout = settings.hookTimeout();
        HttpRequest post = HttpRequest.newBuilder(URI.create(hook.targetArn()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Thingstead-PreProvisioningHook/" + hook.payloadVersion())
                .POST(HttpRequest.BodyPublishers.ofString(payload(request).toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.sendAsync(post, HttpResponse.BodyHandlers.ofInputStream())
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            return denied(hook, "the hook did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return denied(hook, "interrupted while waiting for the hook");
        } catch (java.util.concurrent.ExecutionException | IOException | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return denied(
                    hook, "the hook could not be called: " + cause.getClass().getSimpleName());
        }
        if (response.statusCode() / 100 != 2) {
            return denied(hook, "the hook answered HTTP " + response.statusCode());
        }
        if (body.length > MAX_ANSWER_BYTES) {
            return denied(hook, "the hook's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        Decision decision = decide(body);
        if (decision instanceof Decision.Denied denied) {
            LOG.debugf("pre-provisioning hook %s denied: %s", hook.targetArn(), denied.reason());
        }
        return decision;
    }

    private static Decision denied(ProvisioningHook hook, String reason) {
        LOG.warnf("pre-provisioning hook %s failed, provisioning denied: %s", hook.targetArn(), reason);
        return new Decision.Denied(reason);
    }

    /** AWS's hook payload. */
    static JsonObject payload(HookRequest request) {
        JsonObjectBuilder parameters = Json.createObjectBuilder();
        request.parameters().forEach(parameters::add);
        return Json.createObjectBuilder()
                .add("claimCertificateId", request.claimCertificateId())
                .add("certificateId", request.certificateId())
                .add("certificatePem", request.certificatePem())
                .add("templateArn", request.templateArn())
                .add("clientId", request.clientId())
                .add("parameters", parameters)
                .build();
    }

    /** Reads the hook's answer; pure. */
    static Decision decide(byte[] body) {
        JsonObject answer;
        try {
            answer = JsonDocuments.readObject(body, new JsonLimits(MAX_ANSWER_BYTES, 8));
        } catch (IotException e) {
            return new Decision.Denied("the hook's answer is not a JSON object");
        }
        JsonValue allow = answer.get("allowProvisioning");
        if (allow == null || allow.getValueType() != JsonValue.ValueType.TRUE) {
            return new Decision.Denied("the hook did not allow provisioning");
        }
        try {
            return new Decision.Allowed(ParameterBinding.read(answer.get("parameterOverrides"), "parameterOverrides"));
        } catch (TemplateException e) {
            return new Decision.Denied("the hook's parameterOverrides are not valid: " + e.getMessage());
        }
    }
}
