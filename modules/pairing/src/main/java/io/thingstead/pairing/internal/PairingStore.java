package io.thingstead.pairing.internal;

import io.thingstead.identity.api.Secrets;
import io.thingstead.pairing.api.EndUser;
import io.thingstead.pairing.api.IssuedCode;
import io.thingstead.pairing.api.OwnedDevice;
import io.thingstead.pairing.api.Owner;
import io.thingstead.pairing.api.OwnershipChanged;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pairing.api.PairingPolicies;
import io.thingstead.pairing.api.PairingRefusedException;
import io.thingstead.pairing.api.PairingRefusedException.Reason;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowService;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pairing's persistence and the changes one pairing makes, each in a transaction: codes, ownership, the owner's
 * policies, the thing principal and the device's {@value PairingPolicies#SHADOW_NAME} shadow change together or not at
 * all.
 */
@ApplicationScoped
public class PairingStore {
    private static final Logger LOG = Logger.getLogger(PairingStore.class);
    static final String KEY_PURPOSE = "pairing-code-hmac-key";

    @PersistenceContext(unitName = "pairing")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    PairingSettings settings;

    @Inject
    Secrets secrets;

    @Inject
    Things things;

    @Inject
    ThingPrincipals principals;

    @Inject
    OwnerPolicies ownerPolicies;

    @Inject
    ShadowService shadows;

    @Inject
    Event<OwnershipChanged> ownershipChanges;

    private volatile byte[] key;

    /** The HMAC key codes are hashed with; made on first use and kept sealed under the master key. */
    byte[] key() {
        byte[] current = key;
        if (current == null) {
            current = loadOrCreateKey();
            key = current;
        }
        return current;
    }

    /** Makes sure the key exists (at start, so that the first pairing does not pay for it). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void warmUp() {
        key();
    }

    /** Inside the caller's transaction. */
    private byte[] loadOrCreateKey() {
        em.createNativeQuery("INSERT INTO pairing_key (id, sealed_key, created_at) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (id) DO NOTHING")
                .setParameter(1, KeyEntity.ID)
                .setParameter(2, secrets.seal(Codes.newKey(), KEY_PURPOSE))
                .setParameter(3, clock.instant())
                .executeUpdate();
        KeyEntity stored = em.find(KeyEntity.class, KeyEntity.ID);
        return secrets.open(stored.sealedKey, KEY_PURPOSE);
    }

    /** A device code for the thing, replacing its unused device codes. Joins the caller's transaction. */
    @Transactional
    public IssuedCode register(String thingName, String code, String issuedBy) {
        String normalised = Codes.normalise(code)
                .orElseThrow(() -> new IllegalArgumentException("not a pairing code: use PairingCodes.generate()"));
        if (things.find(thingName).isEmpty()) {
            throw new PairingRefusedException(Reason.NO_SUCH_THING, "Thing " + thingName + " does not exist.");
        }
        Instant now = clock.instant();
        supersede(thingName, IssuedCode.Purpose.DEVICE, now);
        CodeEntity entity = new CodeEntity(
                Codes.hash(key(), normalised),
                thingName,
                IssuedCode.Purpose.DEVICE,
                issuedBy,
                null,
                now,
                now.plus(settings.codeValidity()));
        em.persist(entity);
        return new IssuedCode(thingName, Codes.display(normalised), entity.expiresAt, IssuedCode.Purpose.DEVICE);
    }

    /** A transfer code made by the thing's owner. */
    @Transactional
    public IssuedCode transferCode(EndUser owner, String thingName) {
        OwnershipEntity ownership = em.find(OwnershipEntity.class, thingName, LockModeType.PESSIMISTIC_WRITE);
        if (ownership == null || !ownership.identityId.equals(owner.identityId())) {
            throw notOwner(thingName);
        }
        Instant now = clock.instant();
        supersede(thingName, IssuedCode.Purpose.TRANSFER, now);
        String normalised = Codes.normalise(Codes.generate()).orElseThrow();
        CodeEntity entity = new CodeEntity(
                Codes.hash(key(), normalised),
                thingName,
                IssuedCode.Purpose.TRANSFER,
                "owner:" + owner.identityId(),
                owner.identityId(),
                now,
                now.plus(settings.transferCodeValidity()));
        em.persist(entity);
        return new IssuedCode(thingName, Codes.display(normalised), entity.expiresAt, IssuedCode.Purpose.TRANSFER);
    }

    private void supersede(String thingName, IssuedCode.Purpose purpose, Instant now) {
        em.createQuery("UPDATE CodeEntity c SET c.supersededAt = :now WHERE c.thingName = :thing"
                        + " AND c.purpose = :purpose AND c.usedAt IS NULL AND c.supersededAt IS NULL")
                .setParameter("now", now)
                .setParameter("thing", thingName)
                .setParameter("purpose", purpose)
                .executeUpdate();
    }

    /**
     * Redeems a code for the user: checks it under a row lock (two people redeeming one code: one wins), uses it and
     * makes the thing theirs.
     *
     * @return the thing's name
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String redeem(EndUser user, String normalised) {
        byte[] hash = Codes.hash(key(), normalised);
        List<CodeEntity> found = em.createQuery("SELECT c FROM CodeEntity c WHERE c.codeHash = :hash", CodeEntity.class)
                .setParameter("hash", hash)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (found.isEmpty()) {
            throw new PairingRefusedException(
                    Reason.UNKNOWN_CODE,
                    "This pairing code is not valid. Check the code on the device or its label and try again.");
        }
        CodeEntity code = found.get(0);
        Instant now = clock.instant();
        if (code.usedAt != null) {
            throw new PairingRefusedException(
                    Reason.USED,
                    "This pairing code has already been used. If the device is yours it is in My devices; otherwise"
                            + " ask its owner to transfer it to you.");
        }
        if (code.supersededAt != null) {
            throw new PairingRefusedException(
                    Reason.SUPERSEDED,
                    "This pairing code was replaced by a newer one. Use the newest code the device shows, or ask for"
                            + " a new one.");
        }
        if (!now.isBefore(code.expiresAt)) {
            throw new PairingRefusedException(
                    Reason.EXPIRED,
                    "This pairing code expired on " + code.expiresAt + ". Ask for a new code: restart pairing on the"
                            + " device, or ask the device's owner or your operator.");
        }
        if (things.find(code.thingName).isEmpty()) {
            throw new PairingRefusedException(Reason.NO_SUCH_THING, "The device of this code no longer exists.");
        }
        OwnershipEntity ownership = em.find(OwnershipEntity.class, code.thingName, LockModeType.PESSIMISTIC_WRITE);
        if (code.purpose == IssuedCode.Purpose.TRANSFER
                && (ownership == null || !ownership.identityId.equals(code.transferFrom))) {
            throw new PairingRefusedException(
                    Reason.SUPERSEDED,
                    "This transfer code is no longer valid: the device changed hands since it was made.");
        }
        if (ownership != null && ownership.identityId.equals(user.identityId())) {
            throw new PairingRefusedException(
                    Reason.ALREADY_OWNED, code.thingName + " is already yours; it is in My devices.");
        }
        code.usedAt = now;
        code.usedBy = user.identityId();
        assign(code.thingName, ownership, Optional.of(user), now);
        return code.thingName;
    }

    /** The owner gives the thing up. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void unpair(EndUser user, String thingName) {
        OwnershipEntity ownership = em.find(OwnershipEntity.class, thingName, LockModeType.PESSIMISTIC_WRITE);
        if (ownership == null || !ownership.identityId.equals(user.identityId())) {
            throw notOwner(thingName);
        }
        assign(thingName, ownership, Optional.empty(), clock.instant());
    }

    /** An operator takes the thing from its owner. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> release(String thingName) {
        OwnershipEntity ownership = em.find(OwnershipEntity.class, thingName, LockModeType.PESSIMISTIC_WRITE);
        if (ownership == null) {
            return Optional.empty();
        }
        String previous = ownership.identityId;
        assign(thingName, ownership, Optional.empty(), clock.instant());
        return Optional.of(previous);
    }

    @Transactional
    public void enroll(EndUser user) {
        ownerPolicies.enroll(user.identityId());
    }

    /**
     * Moves the thing from its current owner (if any) to {@code next} (or to nobody): policies, principal, ownership
     * row, the device's pairing shadow, and the event.
     */
    private void assign(String thingName, OwnershipEntity current, Optional<EndUser> next, Instant now) {
        Optional<String> previous = Optional.ofNullable(current).map(o -> o.identityId);
        if (current != null) {
            ownerPolicies.revoke(thingName, current.identityId, next.isEmpty());
            principals.detach(thingName, current.identityId);
        }
        if (next.isPresent()) {
            EndUser user = next.get();
            OwnershipEntity row = current != null ? current : new OwnershipEntity(thingName);
            row.identityId = user.identityId();
            row.subject = user.subject();
            row.username = user.username();
            row.pairedAt = now;
            if (current == null) {
                em.persist(row);
            }
            ownerPolicies.enroll(user.identityId());
            ownerPolicies.grant(thingName, user.identityId());
            principals.attach(thingName, user.identityId());
            // transfer codes the previous owner made are void now
            supersede(thingName, IssuedCode.Purpose.TRANSFER, now);
        } else if (current != null) {
            em.remove(current);
            supersede(thingName, IssuedCode.Purpose.TRANSFER, now);
        }
        tellDevice(thingName, next.map(EndUser::identityId).orElse(""));
        ownershipChanges.fire(new OwnershipChanged(thingName, previous, next.map(EndUser::identityId)));
    }

    /** The device learns its owner from {@code desired.owner} of its {@value PairingPolicies#SHADOW_NAME} shadow. */
    private void tellDevice(String thingName, String owner) {
        byte[] payload = Json.createObjectBuilder()
                .add(
                        "state",
                        Json.createObjectBuilder()
                                .add("desired", Json.createObjectBuilder().add("owner", owner)))
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        UpdateOutcome outcome = shadows.update(ShadowId.named(thingName, PairingPolicies.SHADOW_NAME), payload);
        if (outcome instanceof Rejected rejected) {
            // ownership and policies are what count; the device asks for its shadow again when it reconnects
            LOG.warnf("could not tell %s its owner through its shadow: %s", thingName, rejected);
        }
    }

    public List<OwnedDevice> devices(String identityId) {
        return em
                .createQuery(
                        "SELECT o FROM OwnershipEntity o WHERE o.identityId = :id ORDER BY o.thingName",
                        OwnershipEntity.class)
                .setParameter("id", identityId)
                .setMaxResults(1000)
                .getResultList()
                .stream()
                .map(o -> new OwnedDevice(o.thingName, o.pairedAt))
                .toList();
    }

    public Optional<Owner> ownerOf(String thingName) {
        return Optional.ofNullable(em.find(OwnershipEntity.class, thingName))
                .map(o -> new Owner(o.thingName, o.identityId, o.username, o.pairedAt));
    }

    public Optional<PairingCodes.CodeStatus> latestCode(String thingName) {
        return em.createQuery(
                        "SELECT c FROM CodeEntity c WHERE c.thingName = :thing AND c.purpose = :purpose"
                                + " ORDER BY c.createdAt DESC",
                        CodeEntity.class)
                .setParameter("thing", thingName)
                .setParameter("purpose", IssuedCode.Purpose.DEVICE)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(c -> new PairingCodes.CodeStatus(
                        c.thingName, c.purpose, c.createdAt, c.expiresAt, Optional.ofNullable(c.usedAt), c.issuedBy));
    }

    /** Codes of things that no longer exist go with them. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int forgetThing(String thingName) {
        return em.createQuery("DELETE FROM CodeEntity c WHERE c.thingName = :thing")
                .setParameter("thing", thingName)
                .executeUpdate();
    }

    /** Deletes codes that expired (or were used) long ago and attempts older than the window. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int cleanUp(Instant codesBefore, Instant attemptsBefore) {
        int codes = em.createQuery("DELETE FROM CodeEntity c WHERE c.expiresAt < :before")
                .setParameter("before", codesBefore)
                .executeUpdate();
        int attempts = em.createQuery("DELETE FROM AttemptEntity a WHERE a.attemptedAt < :before")
                .setParameter("before", attemptsBefore)
                .executeUpdate();
        return codes + attempts;
    }

    private static PairingRefusedException notOwner(String thingName) {
        return new PairingRefusedException(Reason.NOT_OWNER, "You do not own " + thingName + ".");
    }
}
