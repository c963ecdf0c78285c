package io.thingstead.pki.internal;

import io.thingstead.pki.api.GatewayTrust;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link GatewayTrust} from Thingstead's CAs, the registered CAs and {@link ServerCertificates}. */
@ApplicationScoped
public class GatewayTrustService implements GatewayTrust {
    @Inject
    OwnAuthorities own;

    @Inject
    CaRegistry cas;

    @Inject
    ServerCertificates servers;

    @Inject
    Clock clock;

    private volatile ServerCredentials cached;

    @Override
    public List<X509Certificate> clientCertificateAuthorities() {
        List<X509Certificate> authorities = new ArrayList<>();
        authorities.add(own.rootCertificate());
        authorities.add(own.issuingCertificate());
        authorities.addAll(cas.activeRegistered());
        return List.copyOf(authorities);
    }

    @Override
    public X509Certificate rootCertificate() {
        return own.rootCertificate();
    }

    @Override
    public ServerCredentials serverCredentials() {
        ServerCredentials current = cached;
        if (current == null
                || current.chain()
                        .get(0)
                        .getNotAfter()
                        .toInstant()
                        .isBefore(clock.instant().plus(Duration.ofDays(ServerCertificates.RENEW_DAYS)))) {
            current = servers.current();
            cached = current;
        }
        return current;
    }
}
