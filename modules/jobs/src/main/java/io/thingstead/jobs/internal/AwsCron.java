package io.thingstead.jobs.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * AWS's cron expressions for maintenance windows ({@code cron(0 22 ? * MON-FRI *)}): six fields, minutes, hours,
 * day of month, month, day of week (1 = Sunday, or SUN-SAT), year, evaluated in UTC. Each field takes {@code *},
 * numbers, ranges ({@code 1-5}), lists ({@code 1,15}) and increments ({@code 0/15}, {@code 5-20/5}); {@code ?} stands
 * for "any" in one of the two day fields, one of which must be {@code ?}, as AWS requires. The {@code L}, {@code W}
 * and {@code #} forms are not supported (refused).
 */
final class AwsCron {
    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private AwsCron(
            BitSet minutes,
            BitSet hours,
            BitSet daysOfMonth,
            BitSet months,
            BitSet daysOfWeek,
            BitSet years,
            boolean anyDayOfMonth,
            boolean anyDayOfWeek) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.years = years;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static AwsCron parse(String expression) {
        String text = expression.strip();
        if (text.startsWith("cron(") && text.endsWith(")")) {
            text = text.substring(5, text.length() - 1).strip();
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("six fields expected (minutes hours day-of-month month day-of-week"
                    + " year), found " + fields.length);
        }
        boolean domAny = fields[2].equals("?");
        boolean dowAny = fields[4].equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be '?'");
        }
        return new AwsCron(
                field(fields[0], 0, 59, null, 0, "minutes"),
                field(fields[1], 0, 23, null, 0, "hours"),
                domAny ? all(1, 31) : field(fields[2], 1, 31, null, 0, "day-of-month"),
                field(fields[3], 1, 12, MONTHS, 1, "month"),
                dowAny ? all(1, 7) : field(fields[4], 1, 7, DAYS, 1, "day-of-week"),
                field(fields[5], 1970, 2199, null, 0, "year"),
                domAny,
                dowAny);
    }

    /** Whether a window starts at this minute (UTC). */
    boolean matches(ZonedDateTime time) {
        ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
        return minutes.get(utc.getMinute()) && hours.get(utc.getHour()) && dayMatches(utc.toLocalDate());
    }

    /** The first start at or after {@code from} (minute precision), within ten years. */
    Optional<Instant> next(Instant from) {
        ZonedDateTime time = from.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        if (time.toInstant().isBefore(from)) {
            time = time.plusMinutes(1);
        }
        ZonedDateTime limit = time.plusYears(10);
        while (time.isBefore(limit)) {
            if (!dayMatches(time.toLocalDate())) {
                time = time.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC);
                continue;
            }
            if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (minutes.get(time.getMinute())) {
                return Optional.of(time.toInstant());
            }
            time = time.plusMinutes(1);
        }
        return Optional.empty();
    }

    /** The latest start at or before {@code at} within {@code lookBackMinutes}, if any. */
    Optional<Instant> latestStartWithin(Instant at, int lookBackMinutes) {
        ZonedDateTime time = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i <= lookBackMinutes; i++) {
            if (matches(time)) {
                return Optional.of(time.toInstant());
            }
            time = time.minusMinutes(1);
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate date) {
        if (!years.get(date.getYear()) || !months.get(date.getMonthValue())) {
            return false;
        }
        int dow = date.getDayOfWeek() == DayOfWeek.SUNDAY
                ? 1
                : date.getDayOfWeek().getValue() + 1;
        if (anyDayOfMonth) {
            return daysOfWeek.get(dow);
        }
        if (anyDayOfWeek) {
            return daysOfMonth.get(date.getDayOfMonth());
        }
        return daysOfMonth.get(date.getDayOfMonth()) && daysOfWeek.get(dow);
    }

    private static BitSet all(int min, int max) {
        BitSet set = new BitSet();
        set.set(min, max + 1);
        return set;
    }

    private static BitSet field(String text, int min, int max, String[] names, int nameBase, String what) {
        BitSet set = new BitSet();
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty list item in " + what);
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max - min + 1, null, 0, what);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(range.substring(0, dash), min, max, names, nameBase, what);
                    to = number(range.substring(dash + 1), min, max, names, nameBase, what);
                    if (to < from) {
                        throw new IllegalArgumentException("the range " + range + " in " + what + " runs backwards");
                    }
                } else {
                    from = number(range, min, max, names, nameBase, what);
                    to = slash >= 0 ? max : from;
                }
            }
            for (int value = from; value <= to; value += step) {
                set.set(value);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String[] names, int nameBase, String what) {
        if (names != null) {
            String upper = text.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return i + nameBase;
                }
            }
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a value of " + what
                    + (text.matches(".*[LW#].*") ? " (L, W and # are not supported)" : ""));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
