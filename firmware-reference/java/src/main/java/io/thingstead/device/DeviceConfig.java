package io.thingstead.device;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The device's configuration: a properties file (first argument, or {@code device.properties}), every key
 * overridable by an environment variable ({@code endpoint} by {@code DEVICE_ENDPOINT}, {@code root-ca} by
 * {@code DEVICE_ROOT_CA}, ...).
 *
 * <pre>
 * endpoint=iot.example.com           host of the MQTT/TLS endpoint
 * port=8883
 * root-ca=certs/root-ca.pem          the platform's root CA (GET /pki/root-ca.pem)
 * claim-certificate=certs/claim.pem  the shared claim certificate and key from the factory
 * claim-key=certs/claim.key
 * template=factory-template          the fleet provisioning template
 * serial=SN-0001                     this device's serial number (a template parameter)
 * state-dir=state                    where the device keeps its own certificate, key and buffered telemetry
 * telemetry-interval=PT5S
 * buffer-capacity=10000              messages kept while offline; the oldest are dropped beyond it
 * </pre>
 */
public record DeviceConfig(
        String endpoint,
        int port,
        Path rootCa,
        Path claimCertificate,
        Path claimKey,
        String template,
        String serial,
        Path stateDir,
        Duration telemetryInterval,
        int bufferCapacity) {

    public static DeviceConfig load(Path file, Map<String, String> environment) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        Path base = file.toAbsolutePath().getParent();
        return new DeviceConfig(
                required(properties, environment, "endpoint"),
                Integer.parseInt(value(properties, environment, "port").orElse("8883")),
                base.resolve(required(properties, environment, "root-ca")),
                base.resolve(required(properties, environment, "claim-certificate")),
                base.resolve(required(properties, environment, "claim-key")),
                required(properties, environment, "template"),
                required(properties, environment, "serial"),
                base.resolve(value(properties, environment, "state-dir").orElse("state")),
                Duration.parse(
                        value(properties, environment, "telemetry-interval").orElse("PT5S")),
                Integer.parseInt(
                        value(properties, environment, "buffer-capacity").orElse("10000")));
    }

    public String serverUri() {
        return "ssl://" + endpoint + ":" + port;
    }

    static Optional<String> value(Properties properties, Map<String, String> environment, String key) {
        String variable = "DEVICE_" + key.toUpperCase().replace('-', '_');
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.trim());
        }
        return Optional.ofNullable(properties.getProperty(key))
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    private static String required(Properties properties, Map<String, String> environment, String key) {
        return value(properties, environment, key)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the device configuration needs '" + key + "' (in the properties file or DEVICE_"
                                + key.toUpperCase().replace('-', '_') + ")"));
    }
}
