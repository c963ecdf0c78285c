package io.thingstead.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.registry.api.ResourceTags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS's tag rules ({@code Tag} in the AWS IoT API reference): key pattern and lengths, the limit, {@code aws:}. */
class ResourceTagServiceTest {
    @Test
    void keysFollowAwsPatternAndLengths() {
        for (String key : List.of("env", "Cost Center", "a.b:c/d=e+f-g@h_i", "Größe", "x".repeat(128), "版本1")) {
            ResourceTagService.checkKey(key);
        }
        for (String bad : List.of("", "x".repeat(129), "semi;colon", "quote\"", "new\nline", "star*")) {
            assertThatThrownBy(() -> ResourceTagService.checkKey(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            IotException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
        assertThatThrownBy(() -> ResourceTagService.checkKey(null)).isInstanceOf(IotException.class);
    }

    @Test
    void awsPrefixIsReservedWhateverItsCase() {
        for (String reserved : List.of("aws:cloudformation:stack-name", "AWS:x", "Aws:y")) {
            assertThatThrownBy(() -> ResourceTagService.checkKey(reserved))
                    .as(reserved)
                    .isInstanceOf(IotException.class)
                    .hasMessageContaining("reserved");
        }
        ResourceTagService.checkKey("awsome");
    }

    @Test
    void valuesUpTo256CharactersAndMissingValuesAreEmpty() {
        assertThat(ResourceTagService.checked(List.of(new Tag("k", "v".repeat(256)), new Tag("empty", null))))
                .containsEntry("k", "v".repeat(256))
                .containsEntry("empty", "");
        assertThatThrownBy(() -> ResourceTagService.checked(List.of(new Tag("k", "v".repeat(257)))))
                .isInstanceOf(IotException.class)
                .hasMessageContaining("256");
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValue() {
        assertThat(ResourceTagService.checked(List.of(new Tag("k", "1"), new Tag("k", "2"))))
                .isEqualTo(Map.of("k", "2"));
    }

    @Test
    void moreThanFiftyTagsInOneRequestIsLimitExceeded() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add(new Tag("k" + i, "v"));
        }
        new ResourceTagService().validate(tags);
        tags.add(new Tag("k50", "v"));
        assertThatThrownBy(() -> new ResourceTagService().validate(tags))
                .isInstanceOfSatisfying(
                        IotException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }
}
