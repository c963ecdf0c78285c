package io.thingstead.rules.internal.control;

import io.thingstead.rules.api.TopicRuleDestination;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/** An HTTP topic rule destination (table {@code rules_destination}); only the confirmation token's hash is kept. */
@Entity
@Table(name = "rules_destination")
public class DestinationEntity {
    @Id
    @Column(name = "destination_arn", length = 2048)
    String arn;

    @Column(name = "destination_type", nullable = false, length = 16)
    String type;

    @Column(name = "confirmation_url", nullable = false, length = 2000)
    String confirmationUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    TopicRuleDestination.Status status;

    @Column(name = "status_reason", columnDefinition = "text")
    String statusReason;

    @Column(name = "token_hash", nullable = false)
    byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    protected DestinationEntity() {}

    DestinationEntity(String arn, String confirmationUrl, byte[] tokenHash, Instant now) {
        this.arn = arn;
        this.type = "HTTP";
        this.confirmationUrl = confirmationUrl;
        this.status = TopicRuleDestination.Status.IN_PROGRESS;
        this.tokenHash = tokenHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    TopicRuleDestination toApi() {
        return new TopicRuleDestination(
                arn, confirmationUrl, status, Optional.ofNullable(statusReason), createdAt, updatedAt);
    }
}
