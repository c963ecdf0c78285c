package io.thingstead.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityIdsTest {
    private static final String KEYCLOAK = "http://localhost:8180/realms/thingstead";

    @Test
    void aUuidSubjectIsTheIdentityItself() {
        assertThat(IdentityIds.of("eu-west-1", KEYCLOAK, "0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c"))
                .isEqualTo("eu-west-1:0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c");
    }

    @Test
    void otherSubjectsGetAStableNameBasedUuidPerIssuer() {
        String google = IdentityIds.of("us-east-1", "https://accounts.google.com", "110169484474386276334");

        assertThat(google).matches("us-east-1:[0-9a-f-]{36}");
        assertThat(IdentityIds.of("us-east-1", "https://accounts.google.com/", "110169484474386276334"))
                .as("a trailing slash on the issuer does not change it")
                .isEqualTo(google);
        assertThat(IdentityIds.of("us-east-1", "https://login.example.com", "110169484474386276334"))
                .as("the same subject of another issuer is another person")
                .isNotEqualTo(google);
        assertThat(IdentityIds.isIdentityId(google)).isTrue();
    }

    @Test
    void anUpperCaseUuidSubjectIsHashedSoThatIdsStayLowerCase() {
        String id = IdentityIds.of("us-east-1", KEYCLOAK, "0B7C6A8E-3F4D-4B5E-9A1C-2D3E4F5A6B7C");

        assertThat(IdentityIds.isIdentityId(id)).isTrue();
        assertThat(id).isNotEqualTo("us-east-1:0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c");
    }

    @Test
    void anEmptySubjectIsRefused() {
        assertThatThrownBy(() -> IdentityIds.of("us-east-1", KEYCLOAK, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IdentityIds.isIdentityId("arn:aws:iot:us-east-1:1:cert/ab")).isFalse();
    }
}
