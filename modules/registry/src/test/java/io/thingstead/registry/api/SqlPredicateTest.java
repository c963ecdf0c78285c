package io.thingstead.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlPredicateTest {
    @Test
    void combinesWithParenthesesAndKeepsParameterOrder() {
        SqlPredicate a = SqlPredicate.of("t.name = ?", "a");
        SqlPredicate b = SqlPredicate.of("t.version > ?", 2L);
        SqlPredicate c = SqlPredicate.of("t.connected = ?", true);

        SqlPredicate combined = SqlPredicate.or(List.of(SqlPredicate.and(List.of(a, b)), c.not()));

        assertThat(combined.sql())
                .isEqualTo("((t.name = ? AND t.version > ?) OR NOT COALESCE(t.connected = ?, FALSE))");
        assertThat(combined.parameters()).containsExactly("a", 2L, true);
    }

    @Test
    void emptyAndSingleCombinations() {
        SqlPredicate a = SqlPredicate.of("t.name = ?", "a");

        assertThat(SqlPredicate.and(List.of())).isEqualTo(SqlPredicate.TRUE);
        assertThat(SqlPredicate.or(List.of())).isEqualTo(SqlPredicate.FALSE);
        assertThat(SqlPredicate.and(List.of(a))).isSameAs(a);
        assertThat(SqlPredicate.or(List.of(a))).isSameAs(a);
    }

    @Test
    void placeholdersMustMatchParameters() {
        assertThatThrownBy(() -> SqlPredicate.of("t.name = ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 placeholders but 0 parameters");
        assertThatThrownBy(() -> SqlPredicate.of("t.name = 'x'", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 placeholders but 1 parameters");
    }

    @Test
    void questionMarksInLiteralsAndIdentifiersAreNotPlaceholders() {
        assertThat(SqlPredicate.of("t.name = '?' AND \"a?b\" = ?", "x").parameters())
                .containsExactly("x");
        assertThat(SqlPredicate.of("t.name = 'it''s ?' AND t.x = ?", "x").parameters())
                .hasSize(1);
        assertThat(SqlPredicate.of("t.name LIKE ? ESCAPE '\\'", "a%").parameters())
                .hasSize(1);
        assertThat(SqlPredicate.of("t.name = E'\\'?' OR t.x = ?", "x").parameters())
                .hasSize(1);
        assertThatThrownBy(() -> SqlPredicate.of("t.name = 'open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated quote");
    }

    @Test
    void parametersAreNeverNullAndTheListIsImmutable() {
        assertThatThrownBy(() -> new SqlPredicate("t.name = ?", Arrays.asList((Object) null)))
                .isInstanceOf(NullPointerException.class);
        SqlPredicate predicate = SqlPredicate.of("t.name = ?", "a");
        assertThatThrownBy(() -> predicate.parameters().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
