package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The functions about the message and the platform rather than the payload: topic(), clientid(), ... */
final class MessageFunctions {
    private MessageFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                new FunctionDef("accountid", 0, 0, false, (c, a) -> c.environment.accountId()),
                new FunctionDef(
                        "clientid", 0, 0, false, (c, a) -> c.input.clientId().orElse("n/a")),
                new FunctionDef(
                        "principal",
                        0,
                        0,
                        false,
                        (c, a) -> c.input.principal().isPresent()
                                ? c.input.principal().get()
                                : UNDEFINED),
                new FunctionDef("timestamp", 0, 0, false, (c, a) -> c.input.timestamp()),
                new FunctionDef(
                        "traceid",
                        0,
                        0,
                        false,
                        (c, a) -> c.input.traceId().isPresent()
                                ? c.input.traceId().get()
                                : UNDEFINED),
                new FunctionDef("newuuid", 0, 0, false, (c, a) -> newUuid()),
                new FunctionDef("sql_version", 0, 0, false, (c, a) -> c.version.id()),
                new FunctionDef("topic", 0, 1, false, (c, a) -> a.length == 0 ? c.input.topic() : topic(c, a[0])),
                new FunctionDef("get_thing_shadow", 2, 3, true, MessageFunctions::thingShadow),
                new FunctionDef("get_user_properties", 1, 1, true, (c, a) -> userProperties(c, a[0])));
    }

    /** topic(n): level n from 1 (a Decimal is rounded down); Undefined past the last level. */
    static Object topic(Ctx ctx, Object n) {
        if (!Values.isNumber(n) && !(n instanceof String)) {
            return UNDEFINED;
        }
        Long level = Values.flooredLongOrNull(n);
        if (level == null || level < 1 || level > Integer.MAX_VALUE) {
            return UNDEFINED;
        }
        String value = ctx.topicLevel((int) (long) level);
        return value == null ? UNDEFINED : value;
    }

    /** A random (version 4) UUID; ThreadLocalRandom is enough for uniqueness and does not contend. */
    static String newUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /**
     * get_thing_shadow(thingName, roleArn) or get_thing_shadow(thingName, shadowName, roleArn). The role ARN is
     * accepted as AWS requires it and not used: the rules engine reads shadows itself. A shadow that does not exist is
     * Undefined; one that cannot be read fails the message.
     */
    private static Object thingShadow(Ctx ctx, Object[] a) {
        if (!(a[0] instanceof String thing)) {
            return UNDEFINED;
        }
        Optional<String> shadow = Optional.empty();
        if (a.length == 3) {
            if (!(a[1] instanceof String name)) {
                return UNDEFINED;
            }
            shadow = Optional.of(name);
        }
        Optional<byte[]> document;
        try {
            document = ctx.environment.shadows().read(thing, shadow);
        } catch (SqlEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SqlEvaluationException(
                    "get_thing_shadow could not read the shadow of " + thing + ": " + e.getMessage(), e);
        }
        if (document.isEmpty()) {
            return UNDEFINED;
        }
        Object value = Payloads.readAny(document.get(), ctx.version);
        return value == null ? UNDEFINED : value;
    }

    /** The values of an MQTT 5 user property, in order; Undefined when the message has none of that name. */
    private static Object userProperties(Ctx ctx, Object name) {
        if (!(name instanceof String key)) {
            return UNDEFINED;
        }
        List<Object> values = new ArrayList<>();
        for (SqlInput.UserProperty property : ctx.input.userProperties()) {
            if (property.name().equals(key)) {
                values.add(property.value());
            }
        }
        return values.isEmpty() ? UNDEFINED : values;
    }
}
