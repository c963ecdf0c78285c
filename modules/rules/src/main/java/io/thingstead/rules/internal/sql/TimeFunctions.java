package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * parse_time (milliseconds to text) and time_to_epoch (text to milliseconds). Patterns are java.time patterns: AWS
 * documents Joda-Time patterns for parse_time, whose letters mean the same for the usual fields ({@code yyyy MM dd HH
 * mm ss SSS z Z G E a}). An invalid pattern or time zone fails the message; a timestamp that does not parse is
 * Undefined.
 */
final class TimeFunctions {
    private static final int CACHE_LIMIT = 256;
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    private TimeFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                new FunctionDef("parse_time", 2, 3, true, (c, a) -> parseTime(a)),
                new FunctionDef("time_to_epoch", 2, 2, true, (c, a) -> timeToEpoch(a[0], a[1])));
    }

    /** The formatter for a pattern; throws IllegalArgumentException when the pattern is invalid. */
    static DateTimeFormatter formatter(String pattern) {
        DateTimeFormatter cached = FORMATTERS.get(pattern);
        if (cached != null) {
            return cached;
        }
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, Locale.US);
        if (FORMATTERS.size() >= CACHE_LIMIT) {
            FORMATTERS.clear();
        }
        FORMATTERS.put(pattern, formatter);
        return formatter;
    }

    /** Throws DateTimeException when the zone is unknown. */
    static ZoneId zone(String zone) {
        return ZoneId.of(zone, ZoneId.SHORT_IDS);
    }

    private static Object parseTime(Object[] a) {
        if (!(a[0] instanceof String pattern)) {
            return UNDEFINED;
        }
        Long millis = Values.isNumber(a[1]) || a[1] instanceof String ? Values.flooredLongOrNull(a[1]) : null;
        if (millis == null) {
            return UNDEFINED;
        }
        String zoneId = "UTC";
        if (a.length > 2) {
            if (!(a[2] instanceof String z)) {
                return UNDEFINED;
            }
            zoneId = z;
        }
        DateTimeFormatter formatter;
        ZoneId zone;
        try {
            formatter = formatter(pattern);
        } catch (IllegalArgumentException invalid) {
            throw new SqlEvaluationException("parse_time: invalid pattern '" + pattern + "': " + invalid.getMessage());
        }
        try {
            zone = zone(zoneId);
        } catch (DateTimeException invalid) {
            throw new SqlEvaluationException("parse_time: unknown time zone '" + zoneId + "'");
        }
        try {
            return formatter.format(Instant.ofEpochMilli(millis).atZone(zone));
        } catch (DateTimeException unsupportedField) {
            throw new SqlEvaluationException("parse_time: " + unsupportedField.getMessage());
        }
    }

    /** Without a zone in the text the time is UTC; a date without a time is its start. */
    private static Object timeToEpoch(Object text, Object patternValue) {
        if (!(text instanceof String s) || !(patternValue instanceof String pattern)) {
            return UNDEFINED;
        }
        DateTimeFormatter formatter;
        try {
            formatter = formatter(pattern);
        } catch (IllegalArgumentException invalid) {
            throw new SqlEvaluationException(
                    "time_to_epoch: invalid pattern '" + pattern + "': " + invalid.getMessage());
        }
        try {
            TemporalAccessor parsed = formatter.parseBest(s, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            Instant instant;
            if (parsed instanceof ZonedDateTime zoned) {
                instant = zoned.toInstant();
            } else if (parsed instanceof LocalDateTime local) {
                instant = local.toInstant(ZoneOffset.UTC);
            } else {
                instant = ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return instant.toEpochMilli();
        } catch (DateTimeException | ArithmeticException unparseable) {
            return UNDEFINED;
        }
    }
}
