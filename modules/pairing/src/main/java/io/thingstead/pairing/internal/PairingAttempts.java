package io.thingstead.pairing.internal;

import io.thingstead.pairing.api.EndUser;
import io.thingstead.pairing.api.PairingRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-user limit on wrong pairing codes: at most {@code max-failed-attempts} in any {@code attempt-window}. An
 * attempt is written as PENDING (counted) under a per-user lock before its code is looked at, so parallel requests of
 * one user cannot get past the limit together; successes and refusals that are not guesses (already owned, rate
 * limited) do not count.
 */
@ApplicationScoped
public class PairingAttempts {
    /** Outcomes that count against the limit: what a guess would produce. */
    static final List<String> COUNTED = List.of(
            AttemptEntity.PENDING,
            PairingRefusedException.Reason.MALFORMED.name(),
            PairingRefusedException.Reason.UNKNOWN_CODE.name(),
            PairingRefusedException.Reason.EXPIRED.name(),
            PairingRefusedException.Reason.USED.name(),
            PairingRefusedException.Reason.SUPERSEDED.name());

    @PersistenceContext(unitName = "pairing")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    PairingSettings settings;

    /**
     * Admits one attempt, or refuses it with {@code TOO_MANY_ATTEMPTS} and when to come back.
     *
     * @return the attempt, to be given its outcome by {@link #finish}
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID admit(EndUser user) {
        // (wrapped: Hibernate cannot read the void the lock function returns)
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 7))) AS locked")
                .setParameter(1, "pairing-attempts/" + user.identityId())
                .getSingleResult();
        Instant now = clock.instant();
        Instant since = now.minus(settings.attemptWindow());
        List<Instant> counted = em.createQuery(
                        "SELECT a.attemptedAt FROM AttemptEntity a WHERE a.identityId = :id AND a.attemptedAt > :since"
                                + " AND a.outcome IN :counted ORDER BY a.attemptedAt DESC",
                        Instant.class)
                .setParameter("id", user.identityId())
                .setParameter("since", since)
                .setParameter("counted", COUNTED)
                .setMaxResults(settings.maxFailedAttempts())
                .getResultList();
        if (counted.size() >= settings.maxFailedAttempts()) {
            // the oldest of the last max attempts leaves the window first
            Instant retryAfter = counted.get(counted.size() - 1).plus(settings.attemptWindow());
            throw new PairingRefusedException(
                    PairingRefusedException.Reason.TOO_MANY_ATTEMPTS,
                    "Too many wrong pairing codes. Try again after "
                            + retryAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".",
                    Optional.of(retryAfter));
        }
        AttemptEntity attempt =
                new AttemptEntity(user.identityId(), now, user.sourceIp().orElse(null));
        em.persist(attempt);
        return attempt.id;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void finish(UUID attempt, String outcome) {
        AttemptEntity entity = em.find(AttemptEntity.class, attempt);
        if (entity != null) {
            entity.outcome = outcome;
        }
    }
}
