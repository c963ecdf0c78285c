package io.thingstead.gateway.internal.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.PolicyEvaluator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionsTest {
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final PolicyEvaluator EVALUATOR = PolicyEvaluator.create();

    private static Permissions permissions(String statements) {
        var policy = EVALUATOR.compile(
                "p", ("{'Version':'2012-10-17','Statement':[" + statements + "]}").replace('\'', '"'));
        var context = AuthorizationContext.builder()
                .clientId("lamp-1")
                .thing(new ConnectedThing("lamp-1", "Lamp", Map.of()))
                .build();
        return Permissions.of(EVALUATOR.bind(List.of(policy), context), ARN);
    }

    private static final String GRANT = "{'Effect':'Allow','Action':'iot:Receive',"
            + "'Resource':'arn:aws:iot:*:*:topic/cmd/${iot:Connection.Thing.ThingName}/*'}";
    private static final String GRANT_PARENT =
            "{'Effect':'Allow','Action':'iot:Receive','Resource':'arn:aws:iot:*:*:topic/cmd/lamp-1'}";
    private static final String DENY_SECRET =
            "{'Effect':'Deny','Action':'iot:Receive','Resource':'arn:aws:iot:*:*:topic/cmd/lamp-1/secret'}";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "cmd/lamp-1/reboot,          true",
        "cmd/lamp-1/+,               true",
        "cmd/lamp-1/+/status,        true",
        "cmd/lamp-1/#,               false", // also matches cmd/lamp-1, which the grant does not cover
        "cmd/+/reboot,               false",
        "cmd/lamp-2/+,               false",
        "#,                          false",
        "$share/workers/cmd/lamp-1/+, true",
        "$share/workers,             false"
    })
    void aSubscriptionIsCoveredWhenEveryTopicItCanMatchIsReceivable(String filter, boolean covered) {
        assertThat(permissions(GRANT).receivesEverythingThrough(filter)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cmd/lamp-1/#, true", "cmd/lamp-1/+, true"})
    void aMultiLevelWildcardNeedsItsParentTopicToo(String filter, boolean covered) {
        assertThat(permissions(GRANT + "," + GRANT_PARENT).receivesEverythingThrough(filter))
                .isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cmd/lamp-1/+, false", "cmd/lamp-1/secret, false", "cmd/lamp-1/reboot, true"})
    void aDenyUnderTheFilterMeansEveryMessageIsChecked(String filter, boolean covered) {
        assertThat(permissions(GRANT + "," + DENY_SECRET).receivesEverythingThrough(filter))
                .isEqualTo(covered);
    }
}
