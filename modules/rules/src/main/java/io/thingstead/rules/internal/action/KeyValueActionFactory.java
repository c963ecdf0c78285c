package io.thingstead.rules.internal.action;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The key/value database action: AWS's {@code dynamoDBv2} action ({@code putItem.tableName}, {@code roleArn}), writing
 * one row per message into a PostgreSQL table of the operator's choice: {@code received_at timestamptz}, {@code topic
 * text}, {@code item jsonb} (the rule's output, which must be JSON, as DynamoDBv2 requires). {@code tableName} is
 * {@code table} in the first of {@code thingstead.rules.database.schemas} or {@code schema.table}. Rows are written
 * in batches ({@link DatabaseWriter}).
 */
@ApplicationScoped
public class KeyValueActionFactory implements ActionFactory {
    @Inject
    DatabaseWriter writer;

    @Override
    public String id() {
        return "dynamoDBv2";
    }

    @Override
    public String actionName() {
        return "DynamoDBv2Action";
    }

    @Override
    public String helpText() {
        return "Writes the rule's output as one JSONB row per message into a PostgreSQL table.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        ActionSettings putItem = settings.nested("putItem");
        String name = putItem.requiredString("tableName");
        int dot = name.indexOf('.');
        String schema = dot < 0 ? writer.defaultSchema() : name.substring(0, dot);
        String table = dot < 0 ? name : name.substring(dot + 1);
        String qualified = writer.qualified(putItem, schema, table);
        String sql = "INSERT INTO " + qualified
                + " (received_at, topic, item) VALUES (CAST(? AS timestamptz), ?, CAST(? AS jsonb))";
        return new KeyValue(writer, schema + "." + table, sql);
    }

    private record KeyValue(DatabaseWriter writer, String resource, String sql) implements RuleAction {
        @Override
        public CompletionStage<Void> run(ActionInput input) {
            if (!input.output().isJson()) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the rule's output is not JSON; a JSONB row needs JSON"));
            }
            return writer.write(
                    sql,
                    Arrays.asList(
                            Instant.ofEpochMilli(input.message().timestamp()).toString(),
                            input.message().topic(),
                            new String(input.payload(), StandardCharsets.UTF_8)));
        }
    }
}
