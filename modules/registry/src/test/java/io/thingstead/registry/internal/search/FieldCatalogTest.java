package io.thingstead.registry.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.registry.api.FieldType;
import io.thingstead.registry.api.InvalidFieldException;
import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.Literal;
import io.thingstead.registry.api.SearchField;
import io.thingstead.registry.api.SearchFieldProvider;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.TermCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Another module (Device Defender, say) adds fields without touching the parser or compiler. */
class FieldCatalogTest {
    /** What a Device Defender module might contribute: one numeric field over its own table. */
    static final class DefenderFields implements SearchFieldProvider {
        final List<String> resolved = new ArrayList<>();

        @Override
        public Optional<SearchField> resolve(String path) {
            resolved.add(path);
            if (path.equals("deviceDefender.violationCount")) {
                return Optional.of(new SearchField() {
                    @Override
                    public String name() {
                        return path;
                    }

                    @Override
                    public FieldType type() {
                        return FieldType.NUMBER;
                    }

                    @Override
                    public SqlPredicate toSql(TermCondition condition) {
                        return switch (condition) {
                            case TermCondition.Equals equals ->
                                SqlPredicate.of(
                                        "EXISTS (SELECT 1 FROM defender_violation_count v WHERE v.thing_id = t.id"
                                                + " AND v.count = ?)",
                                        ((Literal.Numeric) equals.value()).jdbcValue());
                            case TermCondition.Range range ->
                                SqlPredicate.of(
                                        "EXISTS (SELECT 1 FROM defender_violation_count v WHERE v.thing_id = t.id"
                                                + " AND v.count > ?)",
                                        ((Literal.Numeric) range.lower().value()).jdbcValue());
                            default ->
                                SqlPredicate.of("EXISTS (SELECT 1 FROM defender_violation_count v"
                                        + " WHERE v.thing_id = t.id)");
                        };
                    }
                });
            }
            if (path.startsWith("deviceDefender.")) {
                throw new InvalidFieldException("'" + path + "' is not a Device Defender metric Thingstead knows");
            }
            return Optional.empty();
        }

        @Override
        public Optional<SqlPredicate> freeText(TermCondition condition) {
            if (condition instanceof TermCondition.Equals equals && equals.value() instanceof Literal.Text text) {
                return Optional.of(SqlPredicate.of(
                        "EXISTS (SELECT 1 FROM defender_violation v WHERE v.thing_id = t.id AND v.behavior = ?)",
                        text.value()));
            }
            return Optional.empty();
        }

        @Override
        public List<String> fieldNames() {
            return List.of("deviceDefender.violationCount");
        }
    }

    private final DefenderFields defender = new DefenderFields();
    private final SearchQueryCompiler compiler =
            new SearchQueryCompiler(FieldCatalog.standard().with(defender));

    @Test
    void extensionFieldsCompileAndCombineWithRegistryFields() {
        SqlPredicate predicate = compiler.compile("deviceDefender.violationCount>2 AND thingName:12");

        assertThat(predicate.sql())
                .isEqualTo("(EXISTS (SELECT 1 FROM defender_violation_count v WHERE v.thing_id = t.id AND v.count > ?)"
                        + " AND t.name = ?)");
        assertThat(predicate.parameters()).containsExactly(2L, "12");
    }

    @Test
    void theCompilerChecksExtensionFieldsAgainstTheirType() {
        InvalidQueryException wildcard = refusal("deviceDefender.violationCount:1*");
        InvalidQueryException text = refusal("deviceDefender.violationCount:many");

        assertThat(wildcard.position()).isEqualTo(30);
        assertThat(wildcard.problem()).contains("is a number field; wildcards only work on text fields");
        assertThat(text.problem()).contains("'many' is not a number");
    }

    @Test
    void providerRefusalsGetTheFieldPosition() {
        InvalidQueryException e = refusal("thingName:a deviceDefender.nope:1");

        assertThat(e.position()).isEqualTo(12);
        assertThat(e.problem()).isEqualTo("'deviceDefender.nope' is not a Device Defender metric Thingstead knows");
    }

    @Test
    void registryFieldsAreResolvedFirst() {
        compiler.compile("thingName:a attributes.b:c");

        assertThat(defender.resolved).isEmpty();
    }

    @Test
    void freeTextAlsoSearchesExtensionFields() {
        SqlPredicate predicate = compiler.compile("authFailures");

        assertThat(predicate.sql())
                .endsWith(" OR EXISTS (SELECT 1 FROM defender_violation v WHERE v.thing_id = t.id"
                        + " AND v.behavior = ?))");
        assertThat(predicate.parameters()).hasSize(7).containsOnly("authFailures");
    }

    @Test
    void unknownFieldSuggestionsIncludeExtensionFields() {
        assertThat(refusal("devicedefender.violationcount:1").problem())
                .endsWith("did you mean 'deviceDefender.violationCount'?");
    }

    @Test
    void withReturnsANewCatalog() {
        FieldCatalog standard = FieldCatalog.standard();
        FieldCatalog extended = standard.with(defender);

        assertThat(standard.fieldNames()).doesNotContain("deviceDefender.violationCount");
        assertThat(extended.fieldNames()).endsWith("deviceDefender.violationCount");
        assertThat(FieldCatalog.standardWith(List.of(defender)).fieldNames()).isEqualTo(extended.fieldNames());
    }

    @Test
    void standardWithConsultsExtensionsAfterTheRegistry() {
        SearchQueryCompiler withExtensions = new SearchQueryCompiler(FieldCatalog.standardWith(List.of(defender)));

        assertThat(withExtensions.compile("deviceDefender.violationCount:3").parameters())
                .containsExactly(3L);
        assertThat(withExtensions.compile("thingName:abc"))
                .isEqualTo(SqlPredicate.of("lower(t.name) = lower(?)", "abc"));
        assertThat(defender.resolved).containsExactly("deviceDefender.violationCount");
    }

    private InvalidQueryException refusal(String query) {
        try {
            compiler.compile(query);
        } catch (InvalidQueryException e) {
            return e;
        }
        throw new AssertionError("expected the query to be refused: " + query);
    }
}
