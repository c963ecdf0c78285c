package io.thingstead.device;

import jakarta.json.JsonObject;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fleet provisioning by claim, the CSR flavour (AWS IoT's MQTT API, unchanged): the device generates its own key pair,
 * connects with the factory's shared claim certificate, asks for a certificate for its CSR on
 * {@code $aws/certificates/create-from-csr/json}, then registers itself with the template on
 * {@code $aws/provisioning-templates/<template>/provision/json}, presenting the certificate ownership token. The
 * private key never leaves the device; the new certificate and key are stored with permissions 0600.
 */
public final class FleetProvisioner {
    /**
     * The identity the device ends up with.
     *
     * @param pairingCode the one-time pairing code the template's DeviceConfiguration gave it ({@value
     *     #PAIRING_CODE_KEY}), for its owner to enter or scan in the portal; empty when the template gives none
     */
    public record Identity(
            String thingName, String certificatePem, String privateKeyPem, java.util.Optional<String> pairingCode) {
        public Identity(String thingName, String certificatePem, String privateKeyPem) {
            this(thingName, certificatePem, privateKeyPem, java.util.Optional.empty());
        }
    }

    /** The DeviceConfiguration key Thingstead's templates put the pairing code under (docs/portal.md). */
    public static final String PAIRING_CODE_KEY = "pairingCode";

    private final DeviceConfig config;

    public FleetProvisioner(DeviceConfig config) {
        this.config = config;
    }

    public Identity provision(SSLSocketFactory claimTls) throws Exception {
        KeyPair keys = Credentials.newKeyPair();
        String clientId = "provision-" + config.serial();
        try (MqttSession session = MqttSession.connect(config.serverUri(), clientId, claimTls, false)) {
            JsonObject certificate = request(
                    session,
                    "$aws/certificates/create-from-csr/json",
                    jakarta.json.Json.createObjectBuilder()
                            .add("certificateSigningRequest", Credentials.csrPem(keys, config.serial()))
                            .build()
                            .toString());
            String templateTopic = "$aws/provisioning-templates/" + config.template() + "/provision/json";
            JsonObject registered = request(
                    session,
                    templateTopic,
                    jakarta.json.Json.createObjectBuilder()
                            .add("certificateOwnershipToken", certificate.getString("certificateOwnershipToken"))
                            .add(
                                    "parameters",
                                    jakarta.json.Json.createObjectBuilder().add("SerialNumber", config.serial()))
                            .build()
                            .toString());
            JsonObject configuration = registered.getJsonObject("deviceConfiguration");
            java.util.Optional<String> pairingCode = configuration == null
                    ? java.util.Optional.empty()
                    : java.util.Optional.ofNullable(configuration.getString(PAIRING_CODE_KEY, null));
            return new Identity(
                    registered.getString("thingName"),
                    certificate.getString("certificatePem"),
                    Credentials.privateKeyPem(keys.getPrivate()),
                    pairingCode);
        }
    }

    /** Subscribes to {@code topic/accepted} and {@code topic/rejected}, publishes, and waits for the answer. */
    private static JsonObject request(MqttSession session, String topic, String payload) throws Exception {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        session.subscribe(topic + "/accepted", (t, body) -> answer.complete(Payloads.parse(body)));
        session.subscribe(
                topic + "/rejected",
                (t, body) -> answer.completeExceptionally(
                        new IllegalStateException("provisioning refused on " + topic + ": " + new String(body))));
        session.publish(topic, payload);
        return answer.get(MqttSession.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
