package io.thingstead.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.IotException;
import io.thingstead.registry.api.ResourceTags;
import io.thingstead.registry.api.ResourceTags.Tag;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How tags are read from requests: the {@code tags} list of a body, {@code x-amz-tagging}, {@code tagKeys}. */
class TaggingRequestsTest {
    /** Only the validation of the store is used here; it refuses more than two tags so the call is visible. */
    private static final class TwoTagsAtMost implements ResourceTags {
        @Override
        public List<Tag> list(String resourceArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void tag(String resourceArn, Collection<Tag> tags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void untag(String resourceArn, Collection<String> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeAll(String resourceArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void validate(Collection<Tag> tags) {
            if (tags.size() > 2) {
                throw IotException.invalidRequest("too many");
            }
        }
    }

    private static TaggableResources resources() {
        TaggableResources resources = new TaggableResources();
        resources.tags = new TwoTagsAtMost();
        return resources;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void bodyTagsInAwsShape() {
        assertThat(resources()
                        .fromBody(json("{\"tags\":[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"team\"}]}"), "tags"))
                .containsExactly(new Tag("env", "prod"), new Tag("team", ""));
        assertThat(resources().fromBody(json("{}"), "tags")).isEmpty();
        assertThat(resources().fromBody(json("{\"tags\":null}"), "tags")).isEmpty();
    }

    @Test
    void malformedBodyTagsAreInvalidRequests() {
        for (String bad : List.of(
                "{\"tags\":{\"env\":\"prod\"}}",
                "{\"tags\":[\"env\"]}",
                "{\"tags\":[{\"Value\":\"prod\"}]}",
                "{\"tags\":[{\"Key\":1}]}",
                "{\"tags\":[{\"Key\":\"k\",\"Value\":2}]}")) {
            assertThatThrownBy(() -> resources().fromBody(json(bad), "tags"))
                    .as(bad)
                    .isInstanceOf(IotException.class);
        }
    }

    @Test
    void theStoreValidatesBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> resources()
                        .fromBody(json("{\"tags\":[{\"Key\":\"a\"},{\"Key\":\"b\"},{\"Key\":\"c\"}]}"), "tags"))
                .hasMessage("too many");
        assertThatThrownBy(() -> resources().fromHeader("a=1&b=2&c=3")).hasMessage("too many");
    }

    @Test
    void createTopicRuleTagsComeAsAUrlQueryString() {
        assertThat(resources().fromHeader("env=prod&cost%20center=a%2Fb"))
                .containsExactly(new Tag("env", "prod"), new Tag("cost center", "a/b"));
        assertThat(resources().fromHeader("flag")).containsExactly(new Tag("flag", ""));
        assertThat(resources().fromHeader(null)).isEmpty();
        assertThat(resources().fromHeader("")).isEmpty();
        assertThatThrownBy(() -> resources().fromHeader("bad=%zz")).isInstanceOf(IotException.class);
    }

    @Test
    void untagNeedsAListOfKeys() {
        assertThat(TaggableResources.keys(json("{\"tagKeys\":[\"b\",\"a\",\"b\"]}")))
                .containsExactly("a", "b");
        String tooMany = "{\"tagKeys\":[" + String.join(",", java.util.Collections.nCopies(201, "\"k\"")) + "]}";
        for (String bad : List.of("{}", "{\"tagKeys\":[]}", "{\"tagKeys\":\"a\"}", "{\"tagKeys\":[1]}", tooMany)) {
            assertThatThrownBy(() -> TaggableResources.keys(json(bad))).as(bad).isInstanceOf(IotException.class);
        }
    }
}
