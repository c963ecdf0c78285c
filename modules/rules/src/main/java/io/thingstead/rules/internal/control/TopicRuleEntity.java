package io.thingstead.rules.internal.control;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A topic rule (table {@code rules_topic_rule}); its actions are kept as the AWS JSON they were accepted as. */
@Entity
@Table(name = "rules_topic_rule")
public class TopicRuleEntity {
    @Id
    @Column(name = "rule_name", length = 128)
    String ruleName;

    @Column(name = "rule_arn", nullable = false, length = 2048)
    String ruleArn;

    @Column(name = "sql", nullable = false, columnDefinition = "text")
    String sql;

    @Column(name = "topic_pattern", length = 2048)
    String topicPattern;

    @Column(name = "description", columnDefinition = "text")
    String description;

    @Column(name = "aws_iot_sql_version", length = 16)
    String awsIotSqlVersion;

    @Column(name = "rule_disabled", nullable = false)
    boolean ruleDisabled;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "actions", nullable = false, columnDefinition = "jsonb")
    String actions;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "error_action", columnDefinition = "jsonb")
    String errorAction;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    protected TopicRuleEntity() {}

    TopicRuleEntity(String ruleName, String ruleArn, Instant createdAt) {
        this.ruleName = ruleName;
        this.ruleArn = ruleArn;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
