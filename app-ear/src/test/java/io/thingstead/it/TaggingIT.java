package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.Tag;
import software.amazon.awssdk.services.iot.model.TopicRulePayload;

/**
 * Issue 20's tags through the AWS SDK: {@code TagResource}, {@code UntagResource}, {@code ListTagsForResource} on the
 * taggable resource types, the {@code tags} of the {@code Create*} requests (and {@code CreateTopicRule}'s {@code
 * x-amz-tagging} header, which the SDK sends), AWS's limits and errors, and tags that leave with their resource.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TaggingIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ROLE = "arn:aws:iam::000000000000:role/tags";

    private static IotClient iot;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<String> tagsOf(String arn) {
        List<String> tags = new ArrayList<>();
        for (Tag tag : iot.listTagsForResource(r -> r.resourceArn(arn)).tags()) {
            tags.add(tag.key() + "=" + tag.value());
        }
        return tags;
    }

    @Test
    void tagsAreAddedChangedListedAndRemovedOnAThingGroup() {
        String group = "tags-group-" + RUN;
        String arn = iot.createThingGroup(r -> r.thingGroupName(group).tags(tag("env", "prod"), tag("team", "iot")))
                .thingGroupArn();
        assertThat(tagsOf(arn)).as("the tags of CreateThingGroup").containsExactly("env=prod", "team=iot");

        iot.tagResource(r -> r.resourceArn(arn).tags(tag("env", "staging"), tag("cost center", "42"), tag("flag", "")));
        assertThat(tagsOf(arn))
                .as("TagResource adds and changes, keeping the others; ordered by key")
                .containsExactly("cost center=42", "env=staging", "flag=", "team=iot");

        iot.untagResource(r -> r.resourceArn(arn).tagKeys("team", "flag", "never-there"));
        assertThat(tagsOf(arn)).containsExactly("cost center=42", "env=staging");
    }

    @Test
    void everyCreateThatTakesTagsKeepsThem() {
        String type = "tags-type-" + RUN;
        String typeArn = iot.createThingType(r -> r.thingTypeName(type).tags(tag("kind", "sensor")))
                .thingTypeArn();
        assertThat(tagsOf(typeArn)).containsExactly("kind=sensor");

        String policy = "tags-policy-" + RUN;
        String policyArn = iot.createPolicy(r -> r.policyName(policy)
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}")
                        .tags(tag("owner", "security")))
                .policyArn();
        assertThat(tagsOf(policyArn)).containsExactly("owner=security");

        String rule = "tags_rule_" + RUN.replace('-', '_');
        iot.createTopicRule(r -> r.ruleName(rule)
                .topicRulePayload(TopicRulePayload.builder()
                        .sql("SELECT * FROM 'tags-it/" + RUN + "'")
                        .actions(a ->
                                a.republish(p -> p.topic("tags-it-out/" + RUN).roleArn(ROLE)))
                        .build())
                .tags("pipeline=telemetry&note=a%20b"));
        String ruleArn = iot.getTopicRule(r -> r.ruleName(rule)).ruleArn();
        assertThat(tagsOf(ruleArn))
                .as("CreateTopicRule's x-amz-tagging header, URL-decoded")
                .containsExactly("note=a b", "pipeline=telemetry");

        String thing = "tags-thing-" + RUN;
        String thingArn = iot.createThing(r -> r.thingName(thing)).thingArn();
        String job = "tags-job-" + RUN;
        String jobArn = iot.createJob(r -> r.jobId(job)
                        .targets(thingArn)
                        .document("{\"operation\":\"noop\"}")
                        .tags(tag("rollout", "wave-1")))
                .jobArn();
        assertThat(tagsOf(jobArn)).containsExactly("rollout=wave-1");

        iot.tagResource(r -> r.resourceArn(policyArn).tags(tag("reviewed", "2026-12")));
        assertThat(tagsOf(policyArn)).containsExactly("owner=security", "reviewed=2026-12");
    }

    @Test
    void defenderResourcesKeepTheirTagsToo() {
        String profile = "tags-profile-" + RUN;
        String profileArn = iot.createSecurityProfile(r -> r.securityProfileName(profile)
                        .behaviors(b -> b.name("flood")
                                .metric("aws:num-messages-sent")
                                .criteria(c -> c.comparisonOperator("less-than")
                                        .value(v -> v.count(100L))
                                        .durationSeconds(300)))
                        .tags(tag("fleet", "sensors")))
                .securityProfileArn();
        assertThat(tagsOf(profileArn)).containsExactly("fleet=sensors");

        String action = "tags-action-" + RUN;
        String actionArn = iot.createMitigationAction(r -> r.actionName(action)
                        .roleArn(ROLE)
                        .actionParams(p -> p.updateDeviceCertificateParams(u -> u.action("DEACTIVATE")))
                        .tags(tag("severity", "high")))
                .actionArn();
        assertThat(tagsOf(actionArn)).containsExactly("severity=high");

        String audit = "tags-audit-" + RUN;
        String auditArn = iot.createScheduledAudit(r -> r.scheduledAuditName(audit)
                        .frequency("DAILY")
                        .targetCheckNames("DEVICE_CERTIFICATE_SHARED_CHECK")
                        .tags(tag("owner", "secops")))
                .scheduledAuditArn();
        assertThat(tagsOf(auditArn)).containsExactly("owner=secops");

        iot.deleteScheduledAudit(r -> r.scheduledAuditName(audit));
        iot.deleteMitigationAction(r -> r.actionName(action));
        iot.deleteSecurityProfile(r -> r.securityProfileName(profile));
        assertThatThrownBy(() -> iot.listTagsForResource(r -> r.resourceArn(profileArn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void awsErrorsForWhatCannotBeTagged() {
        String group = "tags-errors-" + RUN;
        String arn = iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        String region = arn.split(":")[3];

        assertThatThrownBy(() ->
                        iot.tagResource(r -> r.resourceArn(arn + "-missing").tags(tag("k", "v"))))
                .as("a group that does not exist")
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listTagsForResource(
                        r -> r.resourceArn("arn:aws:iot:" + region + ":999999999999:thinggroup/" + group)))
                .as("another account's group")
                .isInstanceOf(ResourceNotFoundException.class);
        String thingArn =
                iot.createThing(r -> r.thingName("tags-thing2-" + RUN)).thingArn();
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(thingArn).tags(tag("k", "v"))))
                .as("things take attributes, not tags, as in AWS")
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("attributes");
        assertThatThrownBy(() -> iot.listTagsForResource(r -> r.resourceArn("not-an-arn")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("aws:owner", "me"))))
                .as("aws: is reserved")
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("semi;colon", "v"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("k", "v".repeat(257)))))
                .isInstanceOf(InvalidRequestException.class);

        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        iot.tagResource(r -> r.resourceArn(arn).tags(fifty));
        assertThatThrownBy(() -> iot.tagResource(r -> r.resourceArn(arn).tags(tag("one-more", "v"))))
                .as("at most 50 tags per resource")
                .isInstanceOf(LimitExceededException.class);
        iot.tagResource(r -> r.resourceArn(arn).tags(tag("k0", "changed")));
        assertThat(tagsOf(arn)).hasSize(50).contains("k0=changed");
    }

    @Test
    void aCreateWithBadTagsCreatesNothing() {
        String group = "tags-bad-" + RUN;
        assertThatThrownBy(
                        () -> iot.createThingGroup(r -> r.thingGroupName(group).tags(tag("aws:x", "v"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.describeThingGroup(r -> r.thingGroupName(group)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void tagsLeaveWithTheirResourceAndTheChangesAreAudited() throws Exception {
        String group = "tags-gone-" + RUN;
        String arn = iot.createThingGroup(r -> r.thingGroupName(group).tags(tag("old", "1")))
                .thingGroupArn();
        iot.tagResource(r -> r.resourceArn(arn).tags(tag("older", "2")));
        iot.untagResource(r -> r.resourceArn(arn).tagKeys("older"));
        iot.deleteThingGroup(r -> r.thingGroupName(group));
        assertThatThrownBy(() -> iot.listTagsForResource(r -> r.resourceArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class);

        iot.createThingGroup(r -> r.thingGroupName(group));
        assertThat(tagsOf(arn))
                .as("a new group of the same name starts without the old one's tags")
                .isEmpty();

        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT action, outcome FROM audit_event WHERE resource_arn = ? ORDER BY id")) {
            query.setString(1, arn);
            List<String> audited = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    audited.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
            assertThat(audited)
                    .containsSubsequence(
                            "iot:CreateThingGroup SUCCESS",
                            "iot:TagResource SUCCESS",
                            "iot:UntagResource SUCCESS",
                            "iot:DeleteThingGroup SUCCESS",
                            "iot:CreateThingGroup SUCCESS");
        }
    }
}
