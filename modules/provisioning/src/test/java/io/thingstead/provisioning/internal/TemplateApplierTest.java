package io.thingstead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateApplierTest {
    @Test
    void aPolicyFromADocumentIsNamedAfterItsSha256() {
        // echo -n '{}' | sha256sum
        assertThat(TemplateApplier.documentPolicyName("{}"))
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }
}
