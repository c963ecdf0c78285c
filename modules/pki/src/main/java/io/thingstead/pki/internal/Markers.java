package io.thingstead.pki.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque {@code nextMarker}s for keyset paging by (creation date, id): a {@link PageTokens} token whose key is the
 * creation date in epoch microseconds (PostgreSQL's precision) and the id.
 */
public final class Markers {
    private static final Pattern BODY = Pattern.compile("(-?\\d{1,19}) ([0-9a-f]{64})");

    private Markers() {}

    /** Where a page ended. */
    public record Position(Instant createdAt, String id) {}

    public static String encode(String listing, Instant createdAt, String id) {
        return PageTokens.encode(listing, ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + " " + id);
    }

    /** @throws IotException InvalidRequestException for a marker this listing did not make */
    public static Optional<Position> decode(String listing, Optional<String> marker) {
        Optional<String> key = PageTokens.decode(listing, marker, "marker");
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Matcher body = BODY.matcher(key.get());
        if (!body.matches()) {
            throw IotException.invalidRequest("The marker is not valid for this request.");
        }
        long micros;
        try {
            micros = Long.parseLong(body.group(1));
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest("The marker is not valid.");
        }
        return Optional.of(new Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), body.group(2)));
    }

    /** AWS's pageSize: 1 to 250; 0 (absent) means 250. */
    public static int pageSize(int requested) {
        return PageSizes.check("pageSize", requested, 250, 250);
    }

    /**
     * Keyset paging over {@code (created_at, id)}, shared by every PKI listing: appends the position after {@code
     * marker}, the order and {@code LIMIT pageSize + 1} to {@code sql}, runs it, and returns the page with the marker
     * of its last row when there are more.
     */
    public static <T> Page<T> keysetPage(
            String listing,
            Optional<String> marker,
            int pageSize,
            boolean ascending,
            StringBuilder sql,
            List<Object> parameters,
            Function<String, List<T>> query,
            Function<T, Position> position) {
        int limit = pageSize(pageSize);
        decode(listing, marker).ifPresent(after -> {
            sql.append(ascending ? " AND (created_at, id) > (?, ?)" : " AND (created_at, id) < (?, ?)");
            parameters.add(after.createdAt());
            parameters.add(after.id());
        });
        sql.append(ascending ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC");
        sql.append(" LIMIT ?");
        parameters.add(limit + 1);
        List<T> rows = query.apply(sql.toString());
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        Position last = position.apply(items.get(limit - 1));
        return new Page<>(items, Optional.of(encode(listing, last.createdAt(), last.id())));
    }
}
