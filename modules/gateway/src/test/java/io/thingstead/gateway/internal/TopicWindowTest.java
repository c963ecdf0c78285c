package io.thingstead.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicWindowTest {
    @Test
    void pagesThroughEntriesOfferedInAnyOrderWithoutLosingOrRepeatingOne() {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 137; i++) {
            topics.add("sensors/" + String.format("%03d", i) + "/temp");
        }
        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        boolean more = true;
        int pages = 0;
        while (more) {
            List<String> shuffled = new ArrayList<>(topics);
            Collections.shuffle(shuffled, new Random(pages));
            TopicWindow<String> window = new TopicWindow<>(after, 10);
            shuffled.forEach(topic -> window.offer(topic, topic));
            List<String> page = window.page();
            assertThat(page).isSorted().hasSizeLessThanOrEqualTo(10);
            seen.addAll(page);
            more = window.more();
            after = page.isEmpty() ? after : Optional.of(page.getLast());
            pages++;
        }
        assertThat(seen).containsExactlyElementsOf(topics);
        assertThat(pages).isEqualTo(14);
    }

    @Test
    void anExactlyFullLastPageSaysNoMore() {
        TopicWindow<String> window = new TopicWindow<>(Optional.of("b"), 2);
        for (String topic : List.of("e", "a", "c", "b", "d")) {
            window.offer(topic, topic);
        }
        assertThat(window.page()).containsExactly("c", "d");
        assertThat(window.more()).isTrue();

        TopicWindow<String> last = new TopicWindow<>(Optional.of("c"), 2);
        for (String topic : List.of("e", "a", "c", "b", "d")) {
            last.offer(topic, topic);
        }
        assertThat(last.page()).containsExactly("d", "e");
        assertThat(last.more()).isFalse();
    }

    @Test
    void anEmptyStoreIsOneEmptyPage() {
        TopicWindow<String> window = new TopicWindow<>(Optional.empty(), 50);
        assertThat(window.page()).isEmpty();
        assertThat(window.more()).isFalse();
        assertThatThrownBy(() -> new TopicWindow<String>(Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
