package io.thingstead.registry.api;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The tags of taggable AWS IoT resources, keyed by ARN: AWS IoT's {@code TagResource}, {@code UntagResource} and
 * {@code ListTagsForResource}, and the {@code tags} the {@code Create*} requests carry. AWS's rules apply: keys of 1 to
 * 128 characters from letters, digits, white space and {@code _.:/=+-@}, values of up to 256 characters, at most
 * {@value #MAX_TAGS} tags per resource, and keys starting with {@code aws:} reserved. Whether the ARN names a resource
 * that exists is the caller's to check (the module that owns the resource knows).
 */
public interface ResourceTags {
    int MAX_TAGS = 50;

    /** The resource's tags, ordered by key; empty when it has none. */
    List<Tag> list(String resourceArn);

    /**
     * Adds the tags or changes their values, keeping the resource's other tags; joins the caller's transaction.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException for a key or value AWS refuses,
     *     LimitExceededException when the resource would have more than {@value #MAX_TAGS} tags
     */
    void tag(String resourceArn, Collection<Tag> tags);

    /** Removes the tags with these keys; keys the resource does not have are ignored, as AWS does. */
    void untag(String resourceArn, Collection<String> keys);

    /** Removes every tag of a resource that is being deleted. */
    void removeAll(String resourceArn);

    /**
     * Checks tags before anything is created with them, so a create with bad tags changes nothing.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException or LimitExceededException as {@link
     *     #tag}
     */
    void validate(Collection<Tag> tags);

    /** One tag; a missing value is the empty string, as AWS reports it. */
    record Tag(String key, String value) {
        public Tag {
            Objects.requireNonNull(key, "key");
            value = value == null ? "" : value;
        }
    }
}
