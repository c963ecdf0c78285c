package io.thingstead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.provisioning.internal.OwnershipTokens.StoredToken;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnershipTokensTest {
    private static final String CLAIM = "a".repeat(64);
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void tokensAreRandomWellFormedAndStoredOnlyAsTheirHash() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = OwnershipTokens.generate();
            assertThat(OwnershipTokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
            assertThat(OwnershipTokens.hash(token)).matches("[0-9a-f]{64}").doesNotContain(token);
        }
        assertThat(OwnershipTokens.hash("x")).isEqualTo(OwnershipTokens.hash("x"));
    }

    @Test
    void hostileValuesAreNotTokens() {
        assertThat(OwnershipTokens.wellFormed(null)).isFalse();
        assertThat(OwnershipTokens.wellFormed("")).isFalse();
        assertThat(OwnershipTokens.wellFormed("' OR '1'='1")).isFalse();
        assertThat(OwnershipTokens.wellFormed("A".repeat(63) + "'")).isFalse();
        assertThat(OwnershipTokens.wellFormed("A".repeat(65))).isFalse();
    }

    @Test
    void aTokenIsForItsClaimCertificateOnceAndUntilItExpires() {
        StoredToken fresh = new StoredToken("c".repeat(64), CLAIM, NOW.plusSeconds(60), Optional.empty());
        assertThat(OwnershipTokens.refusal(Optional.of(fresh), CLAIM, NOW)).isEmpty();
        assertThat(OwnershipTokens.refusal(Optional.empty(), CLAIM, NOW))
                .hasValueSatisfying(m -> assertThat(m).contains("not valid"));
        assertThat(OwnershipTokens.refusal(Optional.of(fresh), "b".repeat(64), NOW))
                .hasValueSatisfying(m -> assertThat(m).contains("not issued to this connection"));
        StoredToken used = new StoredToken("c".repeat(64), CLAIM, NOW.plusSeconds(60), Optional.of(NOW));
        assertThat(OwnershipTokens.refusal(Optional.of(used), CLAIM, NOW))
                .hasValueSatisfying(m -> assertThat(m).contains("already been used"));
        assertThat(OwnershipTokens.refusal(Optional.of(fresh), CLAIM, NOW.plusSeconds(60)))
                .hasValueSatisfying(m -> assertThat(m).contains("expired"));
    }
}
