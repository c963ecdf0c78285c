package io.thingstead.pki.internal;

import io.thingstead.pki.api.KeyAlgorithm;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The PKI's settings (MicroProfile Config: system properties or environment variables such as {@code
 * THINGSTEAD_PKI_ENDPOINT_HOSTS}); docs/pki.md lists them. Invalid values fail the deployment with a message naming
 * the setting.
 */
@ApplicationScoped
public class PkiSettings {
    @Inject
    @ConfigProperty(name = "thingstead.pki.organization", defaultValue = "Thingstead")
    String organization;

    @Inject
    @ConfigProperty(name = "thingstead.pki.endpoint-hosts", defaultValue = "localhost,127.0.0.1")
    String endpointHosts;

    @Inject
    @ConfigProperty(name = "thingstead.pki.crl-base-url", defaultValue = "http://localhost:8080/pki/crl/")
    String crlBaseUrl;

    @Inject
    @ConfigProperty(name = "thingstead.pki.crl-validity", defaultValue = "P1D")
    String crlValidity;

    @Inject
    @ConfigProperty(name = "thingstead.pki.crl-check-interval", defaultValue = "PT5M")
    String crlCheckInterval;

    @Inject
    @ConfigProperty(name = "thingstead.pki.external-crl-refresh", defaultValue = "PT1H")
    String externalCrlRefresh;

    @Inject
    @ConfigProperty(name = "thingstead.pki.device-key-algorithm", defaultValue = "EC_P256")
    String deviceKeyAlgorithm;

    @Inject
    @ConfigProperty(name = "thingstead.pki.ca-key-algorithm", defaultValue = "EC_P384")
    String caKeyAlgorithm;

    @Inject
    @ConfigProperty(name = "thingstead.pki.server-certificate-validity", defaultValue = "P397D")
    String serverCertificateValidity;

    @Inject
    @ConfigProperty(name = "thingstead.pki.authentication-cache-ttl", defaultValue = "PT30S")
    String authenticationCacheTtl;

    private EndpointHosts hosts;
    private URI crlBase;
    private Duration crlValidityDuration;
    private Duration crlCheck;
    private Duration externalRefresh;
    private KeyAlgorithm deviceKeys;
    private KeyAlgorithm caKeys;
    private Duration serverValidity;
    private Duration cacheTtl;

    @PostConstruct
    void init() {
        if (organization == null || organization.isBlank() || organization.length() > 64) {
            throw new IllegalArgumentException("thingstead.pki.organization must have 1 to 64 characters");
        }
        hosts = EndpointHosts.parse(endpointHosts);
        crlBase = crlBaseUrl(crlBaseUrl);
        crlValidityDuration = duration("thingstead.pki.crl-validity", crlValidity, Duration.ofMinutes(1));
        crlCheck = duration("thingstead.pki.crl-check-interval", crlCheckInterval, Duration.ofSeconds(10));
        externalRefresh = duration("thingstead.pki.external-crl-refresh", externalCrlRefresh, Duration.ofMinutes(1));
        deviceKeys = algorithm("thingstead.pki.device-key-algorithm", deviceKeyAlgorithm);
        caKeys = algorithm("thingstead.pki.ca-key-algorithm", caKeyAlgorithm);
        serverValidity =
                duration("thingstead.pki.server-certificate-validity", serverCertificateValidity, Duration.ofDays(31));
        cacheTtl = duration("thingstead.pki.authentication-cache-ttl", authenticationCacheTtl, Duration.ofSeconds(1));
    }

    public String organization() {
        return organization.strip();
    }

    public EndpointHosts endpointHosts() {
        return hosts;
    }

    /** Where relying parties fetch the CRL of the CA with this id: the base URL + id + {@code .crl}. */
    public URI crlDistributionPoint(String caCertificateId) {
        return crlBase.resolve(caCertificateId + ".crl");
    }

    public Duration crlValidity() {
        return crlValidityDuration;
    }

    public Duration crlCheckInterval() {
        return crlCheck;
    }

    public Duration externalCrlRefresh() {
        return externalRefresh;
    }

    public KeyAlgorithm deviceKeyAlgorithm() {
        return deviceKeys;
    }

    public KeyAlgorithm caKeyAlgorithm() {
        return caKeys;
    }

    public Duration serverCertificateValidity() {
        return serverValidity;
    }

    public Duration authenticationCacheTtl() {
        return cacheTtl;
    }

    static URI crlBaseUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value : value + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("thingstead.pki.crl-base-url is not a URL: " + value);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("thingstead.pki.crl-base-url must be an http or https URL: " + value);
        }
        return uri;
    }

    static Duration duration(String setting, String value, Duration minimum) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 duration such as PT1H, not " + value);
        }
        if (duration.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(setting + " must be at least " + minimum + ", not " + value);
        }
        return duration;
    }

    static KeyAlgorithm algorithm(String setting, String value) {
        try {
            return KeyAlgorithm.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be EC_P256, EC_P384 or RSA_2048, not " + value);
        }
    }
}
