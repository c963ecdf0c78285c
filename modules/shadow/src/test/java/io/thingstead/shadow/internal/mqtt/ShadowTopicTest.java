package io.thingstead.shadow.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.internal.mqtt.ShadowTopic.Operation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowTopicTest {
    @Test
    void classicShadowRequests() {
        ShadowTopic update =
                ShadowTopic.parse("$aws/things/lamp-1/shadow/update").orElseThrow();
        assertThat(update.thingName()).isEqualTo("lamp-1");
        assertThat(update.shadowName()).isEmpty();
        assertThat(update.operation()).isEqualTo(Operation.UPDATE);
        assertThat(update.accepted()).isEqualTo("$aws/things/lamp-1/shadow/update/accepted");
        assertThat(update.rejected()).isEqualTo("$aws/things/lamp-1/shadow/update/rejected");
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/get")
                        .orElseThrow()
                        .operation())
                .isEqualTo(Operation.GET);
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/delete")
                        .orElseThrow()
                        .operation())
                .isEqualTo(Operation.DELETE);
    }

    @Test
    void namedShadowRequests() {
        ShadowTopic get =
                ShadowTopic.parse("$aws/things/lamp-1/shadow/name/$package/get").orElseThrow();
        assertThat(get.thingName()).isEqualTo("lamp-1");
        assertThat(get.shadowName()).isEqualTo(Optional.of("$package"));
        assertThat(get.operation()).isEqualTo(Operation.GET);
        assertThat(get.rejected()).isEqualTo("$aws/things/lamp-1/shadow/name/$package/get/rejected");
    }

    @Test
    void responseTopicsAndOtherTopicsAreNotRequests() {
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/update/accepted"))
                .isEmpty();
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/update/delta")).isEmpty();
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/name/x/update/documents"))
                .isEmpty();
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/patch")).isEmpty();
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/jobs/get")).isEmpty();
        assertThat(ShadowTopic.parse("$aws/things//shadow/get")).isEmpty();
        assertThat(ShadowTopic.parse("$aws/things/t/shadow/name//get")).isEmpty();
        assertThat(ShadowTopic.parse("dt/lamp-1/shadow/get")).isEmpty();
    }

    @Test
    void namesAreCheckedWhenServed() {
        assertThat(ShadowTopic.parse("$aws/things/lamp-1/shadow/get")
                        .orElseThrow()
                        .nameProblem())
                .isEmpty();
        String tooLong = "x".repeat(129);
        assertThat(ShadowTopic.parse("$aws/things/" + tooLong + "/shadow/get")
                        .orElseThrow()
                        .nameProblem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("thingName"));
        assertThat(ShadowTopic.parse("$aws/things/t/shadow/name/" + "s".repeat(65) + "/get")
                        .orElseThrow()
                        .nameProblem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("shadowName"));
    }
}
