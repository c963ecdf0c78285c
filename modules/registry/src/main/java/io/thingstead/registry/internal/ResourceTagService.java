package io.thingstead.registry.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.ResourceTags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link ResourceTags} in {@code registry_resource_tag}. A tag request takes a transaction-scoped advisory lock on
 * the ARN so two concurrent requests cannot together pass the limit of {@value #MAX_TAGS}.
 */
@ApplicationScoped
public class ResourceTagService implements ResourceTags {
    /** AWS's {@code Tag.Key} pattern: letters, white space, digits and {@code _.:/=+-@}. */
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private static final int MAX_VALUE = 256;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<Tag> list(String resourceArn) {
        return jdbc.query(
                "SELECT tag_key, tag_value FROM registry_resource_tag WHERE resource_arn = ? ORDER BY tag_key",
                row -> new Tag(row.getString(1), row.getString(2)),
                resourceArn);
    }

    @Override
    @Transactional
    public void tag(String resourceArn, Collection<Tag> tags) {
        Map<String, String> requested = checked(tags);
        jdbc.queryOne("SELECT pg_advisory_xact_lock(hashtext(?))", row -> true, resourceArn);
        Set<String> keys = new HashSet<>(jdbc.query(
                "SELECT tag_key FROM registry_resource_tag WHERE resource_arn = ?",
                row -> row.getString(1),
                resourceArn));
        keys.addAll(requested.keySet());
        if (keys.size() > MAX_TAGS) {
            throw tooMany(keys.size());
        }
        for (var tag : requested.entrySet()) {
            jdbc.update(
                    "INSERT INTO registry_resource_tag (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)"
                            + " ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = EXCLUDED.tag_value",
                    resourceArn,
                    tag.getKey(),
                    tag.getValue());
        }
    }

    @Override
    @Transactional
    public void untag(String resourceArn, Collection<String> keys) {
        for (String key : keys) {
            checkKey(key);
        }
        for (String key : keys) {
            jdbc.update("DELETE FROM registry_resource_tag WHERE resource_arn = ? AND tag_key = ?", resourceArn, key);
        }
    }

    @Override
    @Transactional
    public void removeAll(String resourceArn) {
        jdbc.update("DELETE FROM registry_resource_tag WHERE resource_arn = ?", resourceArn);
    }

    @Override
    public void validate(Collection<Tag> tags) {
        Map<String, String> checked = checked(tags);
        if (checked.size() > MAX_TAGS) {
            throw tooMany(checked.size());
        }
    }

    /** The tags as a key-to-value map, every key and value checked; a key given twice keeps its last value. */
    static Map<String, String> checked(Collection<Tag> tags) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Tag tag : tags) {
            checkKey(tag.key());
            if (tag.value().length() > MAX_VALUE) {
                throw IotException.invalidRequest("1 validation error detected: Value at 'tags." + tag.key()
                        + ".value' failed to satisfy constraint: Member must have length less than or equal to "
                        + MAX_VALUE);
            }
            byKey.put(tag.key(), tag.value());
        }
        return byKey;
    }

    static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw IotException.invalidRequest("1 validation error detected: Value '" + key
                    + "' at 'tagKey' failed to satisfy constraint: Member must have length between 1 and 128 and"
                    + " satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
        }
        if (key.regionMatches(true, 0, "aws:", 0, 4)) {
            throw IotException.invalidRequest(
                    "Tag keys starting with 'aws:' are reserved for AWS use and cannot be added or removed: " + key);
        }
    }

    private static IotException tooMany(int count) {
        return new IotException(
                ErrorCode.LIMIT_EXCEEDED,
                "A resource can have at most " + MAX_TAGS + " tags; this request would give it " + count + ".");
    }
}
