package io.thingstead.policy.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Date values as IAM's date condition operators read them: an ISO 8601 date or date-time (UTC unless it carries an
 * offset), or a number of seconds since the epoch.
 */
final class DateValues {
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private DateValues() {}

    /** The instant {@code text} denotes, or {@code null} when it is not a date. */
    static Instant parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        if (isEpoch(text)) {
            BigDecimal seconds = new BigDecimal(text);
            try {
                long whole = seconds.longValueExact();
                return Instant.ofEpochSecond(whole);
            } catch (ArithmeticException notWhole) {
                BigDecimal floor = seconds.setScale(0, java.math.RoundingMode.FLOOR);
                long nanos = seconds.subtract(floor).multiply(NANOS_PER_SECOND).longValue();
                try {
                    return Instant.ofEpochSecond(floor.longValueExact(), nanos);
                } catch (ArithmeticException | DateTimeException tooLarge) {
                    return null;
                }
            } catch (DateTimeException tooLarge) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException notOffset) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
            // try the next form
        }
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notDate) {
            return null;
        }
    }

    private static boolean isEpoch(String text) {
        int i = text.charAt(0) == '-' ? 1 : 0;
        if (i == text.length()) {
            return false;
        }
        boolean dot = false;
        boolean digit = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                return false;
            }
        }
        return digit && text.length() <= 20;
    }
}
