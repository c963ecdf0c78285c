package io.thingstead.rules.internal.action;

import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The time-series database action: AWS's {@code timestream} action, writing to a PostgreSQL table of the operator's
 * choice. {@code databaseName} is the schema (one of {@code thingstead.rules.database.schemas}, {@code rule_data} by
 * default), {@code tableName} the table; each message becomes one row: the column {@code time} (from {@code
 * timestamp.value}/{@code unit}, else the message's time), one column per {@code dimensions} entry (name = column,
 * value = substitution template) and one column per remaining key of the rule's output (the measures, as Timestream
 * takes them from the SELECT). Values are cast to the columns' types; a measure without a column fails the message
 * to the error action. Rows are written in batches ({@link DatabaseWriter}).
 */
@ApplicationScoped
public class TimeSeriesActionFactory implements ActionFactory {
    @Inject
    DatabaseWriter writer;

    @Override
    public String id() {
        return "timestream";
    }

    @Override
    public String actionName() {
        return "TimestreamAction";
    }

    @Override
    public String helpText() {
        return "Writes dimensions and measures as one row per message into a PostgreSQL table.";
    }

    @Override
    public RuleAction create(ActionSettings settings) {
        settings.requireRoleArn();
        String schema = settings.requiredString("databaseName");
        String table = settings.requiredString("tableName");
        String qualified = writer.qualified(settings, schema, table);
        Map<String, SubstitutionTemplate> dimensions = new LinkedHashMap<>();
        for (JsonObject dimension : settings.objects("dimensions")) {
            ActionSettings d = new ActionSettings(
                    settings.ruleName(),
                    settings.member() + ".dimensions",
                    dimension,
                    settings.engine(),
                    settings.version(),
                    settings.creating());
            String name = d.requiredString("name");
            if (!DatabaseWriter.IDENTIFIER.matcher(name).matches() || name.equalsIgnoreCase("time")) {
                throw d.invalid("a dimension name is a column name (letters, digits, underscores) other than time");
            }
            dimensions.put(name.toLowerCase(Locale.ROOT), d.template(d.requiredString("value")));
        }
        if (dimensions.isEmpty() || dimensions.size() > 128) {
            throw settings.invalid("dimensions must have 1 to 128 entries");
        }
        Optional<SubstitutionTemplate> timestamp = Optional.empty();
        long unitNanos = 1_000_000;
        Optional<JsonObject> ts = settings.optionalObject("timestamp");
        if (ts.isPresent()) {
            ActionSettings t = settings.nested("timestamp");
            timestamp = Optional.of(t.template(t.requiredString("value")));
            unitNanos = switch (t.optionalString("unit").orElse("MILLISECONDS")) {
                case "SECONDS" -> 1_000_000_000L;
                case "MILLISECONDS" -> 1_000_000L;
                case "MICROSECONDS" -> 1_000L;
                case "NANOSECONDS" -> 1L;
                default -> throw t.invalid("unit must be SECONDS, MILLISECONDS, MICROSECONDS or NANOSECONDS");
            };
        }
        return new TimeSeries(writer, schema, table, qualified, dimensions, timestamp, unitNanos);
    }

    private record TimeSeries(
            DatabaseWriter writer,
            String schema,
            String table,
            String qualified,
            Map<String, SubstitutionTemplate> dimensions,
            Optional<SubstitutionTemplate> timestamp,
            long unitNanos)
            implements RuleAction {
        @Override
        public String resource() {
            return schema + "." + table;
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            JsonObject measures;
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(input.payload()))) {
                JsonValue value = reader.readValue();
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalStateException();
                }
                measures = value.asJsonObject();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("the rule's output is not a JSON object of measures"));
            }
            Map<String, String> types = writer.columns(schema, table);
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            names.add("time");
            values.add(time(input).toString());
            dimensions.forEach((name, template) -> {
                names.add(name);
                values.add(template.render(input.message()));
            });
            for (Map.Entry<String, JsonValue> measure : measures.entrySet()) {
                String name = measure.getKey().toLowerCase(Locale.ROOT);
                if (dimensions.containsKey(name) || name.equals("time")) {
                    continue;
                }
                names.add(name);
                values.add(text(measure.getValue()));
            }
            StringBuilder sql =
                    new StringBuilder("INSERT INTO ").append(qualified).append(" (");
            StringBuilder params = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                String type = types.get(names.get(i));
                if (type == null) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("the table " + resource() + " has no column " + names.get(i)));
                }
                sql.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
                params.append(i == 0 ? "" : ", ")
                        .append("CAST(? AS ")
                        .append(type)
                        .append(')');
            }
            sql.append(") VALUES (").append(params).append(')');
            return writer.write(sql.toString(), values);
        }

        private Instant time(ActionInput input) {
            if (timestamp.isEmpty()) {
                return Instant.ofEpochMilli(input.message().timestamp());
            }
            long value = Long.parseLong(timestamp.get().render(input.message()).trim());
            long nanos = Math.multiplyExact(value, unitNanos);
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }

        private static String text(JsonValue value) {
            return switch (value.getValueType()) {
                case NULL -> null;
                case STRING -> ((JsonString) value).getString();
                case NUMBER -> ((JsonNumber) value).bigDecimalValue().toString();
                case TRUE -> "true";
                case FALSE -> "false";
                default -> value.toString();
            };
        }
    }
}
