package io.thingstead.rules.internal.control;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.rules.api.TopicRuleDestination;
import io.thingstead.rules.api.TopicRuleDestination.Status;
import io.thingstead.rules.api.TopicRuleDestinations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link TopicRuleDestinations}: HTTP destinations, confirmed as AWS confirms them. The token (256 random bits) is sent
 * only to the confirmation URL, after the commit ({@link ConfirmationSender}); the table keeps its SHA-256.
 */
@ApplicationScoped
@Transactional
public class DestinationService implements TopicRuleDestinations {
    private static final String LISTING = "topic-rule-destinations";
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "rules")
    EntityManager em;

    @Inject
    PlatformIdentity platform;

    @Inject
    Event<ConfirmationNeeded> confirmations;

    @Inject
    Event<RulesChanged> changed;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    /** A token to send to a destination once its transaction committed. */
    public record ConfirmationNeeded(String arn, String confirmationUrl, String token) {}

    @Override
    public TopicRuleDestination create(String confirmationUrl) {
        checkUrl(confirmationUrl, "confirmationUrl");
        if (byUrl(confirmationUrl).isPresent()) {
            throw IotException.alreadyExists(
                    "A topic rule destination for " + confirmationUrl + " already exists.",
                    null,
                    byUrl(confirmationUrl).get().arn);
        }
        String token = newToken();
        DestinationEntity entity = new DestinationEntity(
                platform.iotArn("ruledestination", "http/" + UUID.randomUUID()).toString(),
                confirmationUrl,
                hash(token),
                clock.instant());
        em.persist(entity);
        confirmations.fire(new ConfirmationNeeded(entity.arn, confirmationUrl, token));
        changed.fire(new RulesChanged("destination " + entity.arn));
        return entity.toApi();
    }

    /** For an HTTP action created with a URL no destination covers: creates one, as AWS does. */
    public void ensureFor(String confirmationUrl) {
        if (byUrl(confirmationUrl).isEmpty()) {
            create(confirmationUrl);
        }
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public TopicRuleDestination get(String arn) {
        return find(arn).toApi();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TopicRuleDestination> list(Optional<String> nextToken, int maxResults) {
        int size = PageSizes.check("maxResults", maxResults, 100, 1000);
        Optional<String> after = PageTokens.decode(LISTING, nextToken, "nextToken");
        TypedQuery<DestinationEntity> query = em.createQuery(
                after.isPresent()
                        ? "SELECT d FROM DestinationEntity d WHERE d.arn > :after ORDER BY d.arn"
                        : "SELECT d FROM DestinationEntity d ORDER BY d.arn",
                DestinationEntity.class);
        after.ifPresent(a -> query.setParameter("after", a));
        List<DestinationEntity> rows = query.setMaxResults(size + 1).getResultList();
        List<TopicRuleDestination> items =
                rows.stream().limit(size).map(DestinationEntity::toApi).toList();
        return new Page<>(
                items,
                rows.size() > size
                        ? Optional.of(PageTokens.encode(
                                LISTING, items.get(items.size() - 1).arn()))
                        : Optional.empty());
    }

    @Override
    public void update(String arn, Status status) {
        DestinationEntity entity = find(arn);
        switch (status) {
            case ENABLED -> {
                if (entity.status == Status.IN_PROGRESS || entity.status == Status.ERROR) {
                    throw IotException.invalidRequest(
                            "The destination " + arn + " is not confirmed: confirm it before enabling it.");
                }
                entity.status = Status.ENABLED;
            }
            case DISABLED -> entity.status = Status.DISABLED;
            case IN_PROGRESS -> {
                String token = newToken();
                entity.tokenHash = hash(token);
                entity.status = Status.IN_PROGRESS;
                entity.statusReason = null;
                confirmations.fire(new ConfirmationNeeded(arn, entity.confirmationUrl, token));
            }
            default -> throw IotException.invalidRequest("status must be ENABLED, DISABLED or IN_PROGRESS");
        }
        entity.updatedAt = clock.instant();
        changed.fire(new RulesChanged("destination " + arn));
    }

    @Override
    public void delete(String arn) {
        em.remove(find(arn));
        changed.fire(new RulesChanged("destination " + arn));
    }

    @Override
    public TopicRuleDestination confirm(String confirmationToken, Optional<String> confirmedBy) {
        List<DestinationEntity> found = em.createQuery(
                        "SELECT d FROM DestinationEntity d WHERE d.tokenHash = :hash", DestinationEntity.class)
                .setParameter("hash", hash(confirmationToken))
                .getResultList();
        if (found.isEmpty()) {
            throw IotException.invalidRequest("The confirmation token is not valid.");
        }
        DestinationEntity entity = found.get(0);
        if (entity.status == Status.IN_PROGRESS || entity.status == Status.ERROR) {
            entity.status = Status.ENABLED;
            entity.statusReason = null;
            entity.updatedAt = clock.instant();
            changed.fire(new RulesChanged("destination " + entity.arn));
        }
        confirmedBy.ifPresent(by -> audit.record(new AuditEvent(
                clock.instant(),
                by,
                "iot:ConfirmTopicRuleDestination",
                Optional.of(entity.arn),
                AuditEvent.SUCCESS,
                Optional.empty(),
                Map.of("confirmationUrl", entity.confirmationUrl))));
        return entity.toApi();
    }

    /** The confirmation request could not be delivered: ERROR with the reason, as AWS shows it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deliveryFailed(String arn, String reason) {
        DestinationEntity entity = em.find(DestinationEntity.class, arn);
        if (entity != null && entity.status == Status.IN_PROGRESS) {
            entity.status = Status.ERROR;
            entity.statusReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
            entity.updatedAt = clock.instant();
        }
    }

    /** The confirmation URLs of enabled destinations, for the HTTP action. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> enabledUrls() {
        return em.createQuery(
                        "SELECT d.confirmationUrl FROM DestinationEntity d WHERE d.status = :enabled", String.class)
                .setParameter("enabled", Status.ENABLED)
                .getResultList();
    }

    private Optional<DestinationEntity> byUrl(String url) {
        return em
                .createQuery(
                        "SELECT d FROM DestinationEntity d WHERE d.confirmationUrl = :url", DestinationEntity.class)
                .setParameter("url", url)
                .getResultList()
                .stream()
                .findFirst();
    }

    private DestinationEntity find(String arn) {
        DestinationEntity entity = arn == null ? null : em.find(DestinationEntity.class, arn);
        if (entity == null) {
            throw IotException.notFound("The topic rule destination " + arn + " does not exist.");
        }
        return entity;
    }

    /** An HTTPS URL of at most 2,000 characters with a host, as AWS requires. */
    public static void checkUrl(String url, String member) {
        if (url == null || url.isEmpty() || url.length() > 2000) {
            throw IotException.invalidRequest(member + " must be an HTTPS URL of at most 2000 characters");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest(member + " is not a valid URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw IotException.invalidRequest(member + " must be an HTTPS URL with a host name: " + url);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
