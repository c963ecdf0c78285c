package io.thingstead.pairing.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.pairing.api.DevicePairing;
import io.thingstead.pairing.api.EndUser;
import io.thingstead.pairing.api.IssuedCode;
import io.thingstead.pairing.api.OwnedDevice;
import io.thingstead.pairing.api.Owner;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pairing.api.PairingRefusedException;
import io.thingstead.pairing.api.PairingRefusedException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@link DevicePairing} and {@link PairingCodes}: the limit on wrong codes, the audit trail, and {@link PairingStore}'s
 * transactions. Every redemption attempt is audited as {@code thingstead:PairThing} with the user's identity id as
 * actor and the reason as outcome; unpairing, transfers, releases and codes made by operators are audited too.
 */
@ApplicationScoped
public class PairingService implements DevicePairing, PairingCodes {
    private static final Logger LOG = Logger.getLogger(PairingService.class);

    @Inject
    PairingStore store;

    @Inject
    PairingAttempts attempts;

    @Inject
    AuditTrail audit;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Override
    public String pair(EndUser user, String code) {
        UUID attempt;
        try {
            attempt = attempts.admit(user);
        } catch (PairingRefusedException refused) {
            record(
                    user,
                    "thingstead:PairThing",
                    Optional.empty(),
                    refused.reason().name(),
                    Map.of());
            throw refused;
        }
        String outcome = Reason.MALFORMED.name();
        Optional<String> thing = Optional.empty();
        try {
            String normalised = Codes.normalise(code)
                    .orElseThrow(() -> new PairingRefusedException(
                            Reason.MALFORMED,
                            "That is not a pairing code: codes have 12 letters and digits, like 7K3M-QR9T-ZX2A."));
            thing = Optional.of(store.redeem(user, normalised));
            outcome = AuditEvent.SUCCESS;
            LOG.infof("%s (%s) paired %s", user.username(), user.identityId(), thing.get());
            return thing.get();
        } catch (PairingRefusedException refused) {
            outcome = refused.reason().name();
            throw refused;
        } catch (RuntimeException e) {
            outcome = "InternalFailure";
            throw e;
        } finally {
            attempts.finish(attempt, outcome);
            record(user, "thingstead:PairThing", thing, outcome, Map.of());
        }
    }

    @Override
    public void unpair(EndUser user, String thingName) {
        String outcome = AuditEvent.SUCCESS;
        try {
            store.unpair(user, thingName);
        } catch (PairingRefusedException refused) {
            outcome = refused.reason().name();
            throw refused;
        } finally {
            record(user, "thingstead:UnpairThing", Optional.of(thingName), outcome, Map.of());
        }
    }

    @Override
    public IssuedCode transferCode(EndUser user, String thingName) {
        String outcome = AuditEvent.SUCCESS;
        try {
            IssuedCode code = store.transferCode(user, thingName);
            return code;
        } catch (PairingRefusedException refused) {
            outcome = refused.reason().name();
            throw refused;
        } finally {
            record(user, "thingstead:CreateTransferCode", Optional.of(thingName), outcome, Map.of());
        }
    }

    @Override
    public List<OwnedDevice> devices(String identityId) {
        return store.devices(identityId);
    }

    @Override
    public boolean owns(String identityId, String thingName) {
        return store.ownerOf(thingName)
                .filter(o -> o.identityId().equals(identityId))
                .isPresent();
    }

    @Override
    public void enroll(EndUser user) {
        store.enroll(user);
    }

    @Override
    public String generate() {
        return Codes.generate();
    }

    @Override
    public IssuedCode register(String thingName, String code, String issuedBy) {
        return store.register(thingName, code, issuedBy);
    }

    @Override
    public IssuedCode issue(String thingName, String issuedBy) {
        IssuedCode code = store.register(thingName, Codes.generate(), issuedBy);
        audit.record(new AuditEvent(
                clock.instant(),
                issuedBy,
                "thingstead:CreatePairingCode",
                Optional.of(platform.iotArn("thing", thingName).toString()),
                AuditEvent.SUCCESS,
                Optional.empty(),
                Map.of("expiresAt", code.expiresAt().toString())));
        return code;
    }

    @Override
    public Optional<Owner> ownerOf(String thingName) {
        return store.ownerOf(thingName);
    }

    @Override
    public void release(String thingName, String operator) {
        Optional<String> previous = store.release(thingName);
        previous.ifPresent(owner -> audit.record(new AuditEvent(
                clock.instant(),
                operator,
                "thingstead:ReleaseThing",
                Optional.of(platform.iotArn("thing", thingName).toString()),
                AuditEvent.SUCCESS,
                Optional.empty(),
                Map.of("previousOwner", owner))));
    }

    @Override
    public Optional<CodeStatus> latestCode(String thingName) {
        return store.latestCode(thingName);
    }

    private void record(
            EndUser user, String action, Optional<String> thingName, String outcome, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>(extra);
        details.put("username", user.username());
        try {
            audit.record(new AuditEvent(
                    clock.instant(),
                    user.identityId(),
                    action,
                    thingName.map(name -> platform.iotArn("thing", name).toString()),
                    outcome,
                    user.sourceIp(),
                    details));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not audit %s of %s (%s)", action, user.identityId(), outcome);
        }
    }
}
