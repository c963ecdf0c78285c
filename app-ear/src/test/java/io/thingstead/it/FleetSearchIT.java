package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidQueryException;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/** SearchIndex through the AWS SDK, executed in PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FleetSearchIT {
    private static IotClient iot;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void fleet() throws Exception {
        iot = Operator.iot();
        iot.createThingType(r -> r.thingTypeName("fs-meter"));
        iot.createThingGroup(r -> r.thingGroupName("fs-site-a"));
        for (int i = 1; i <= 12; i++) {
            int n = i;
            iot.createThing(r -> r.thingName(String.format("fs-sensor-%02d", n))
                    .thingTypeName(n % 2 == 0 ? "fs-meter" : null)
                    .attributePayload(a -> a.attributes(
                            Map.of("temp", Integer.toString(n * 5), "floor", n <= 6 ? "ground" : "upper"))));
        }
        iot.createThing(r -> r.thingName("fs-gateway").attributePayload(a -> a.attributes(Map.of("floor", "roof"))));
        iot.addThingToThingGroup(r -> r.thingGroupName("fs-site-a").thingName("fs-sensor-03"));
        iot.addThingToThingGroup(r -> r.thingGroupName("fs-site-a").thingName("fs-gateway"));
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    private static List<String> names(String query) {
        return iot.searchIndex(r -> r.queryString(query).maxResults(100)).things().stream()
                .map(ThingDocument::thingName)
                .toList();
    }

    @Test
    void fieldsWildcardsRangesAndBooleans() {
        assertThat(names("thingName:fs-sensor-1*")).containsExactly("fs-sensor-10", "fs-sensor-11", "fs-sensor-12");
        assertThat(names("thingName:fs-sensor-0?")).hasSize(9);
        assertThat(names("attributes.floor:roof")).containsExactly("fs-gateway");
        assertThat(names("attributes.temp:[10 TO 20] AND thingName:fs-*"))
                .containsExactly("fs-sensor-02", "fs-sensor-03", "fs-sensor-04");
        assertThat(names("attributes.temp>50 AND thingName:fs-*")).containsExactly("fs-sensor-11", "fs-sensor-12");
        assertThat(names("thingTypeName:fs-meter AND attributes.floor:upper"))
                .containsExactly("fs-sensor-08", "fs-sensor-10", "fs-sensor-12");
        assertThat(names("thingGroupNames:fs-site-a")).containsExactly("fs-gateway", "fs-sensor-03");
        assertThat(names("(attributes.floor:roof OR attributes.temp:60) AND NOT thingTypeName:fs-meter"))
                .containsExactly("fs-gateway");
    }

    @Test
    void documentsCarryWhatAwsReturns() {
        SearchIndexResponse response = iot.searchIndex(r -> r.queryString("thingName:fs-sensor-03"));
        ThingDocument thing = response.things().getFirst();

        assertThat(thing.thingName()).isEqualTo("fs-sensor-03");
        assertThat(thing.thingId()).matches("[0-9a-f-]{36}");
        assertThat(thing.attributes()).containsEntry("temp", "15").containsEntry("floor", "ground");
        assertThat(thing.thingGroupNames()).containsExactly("fs-site-a");
        assertThat(response.nextToken()).isNull();
    }

    @Test
    void resultsPage() {
        SearchIndexResponse first =
                iot.searchIndex(r -> r.queryString("thingName:fs-sensor-*").maxResults(5));
        SearchIndexResponse second = iot.searchIndex(
                r -> r.queryString("thingName:fs-sensor-*").maxResults(5).nextToken(first.nextToken()));
        SearchIndexResponse third = iot.searchIndex(
                r -> r.queryString("thingName:fs-sensor-*").maxResults(5).nextToken(second.nextToken()));

        assertThat(first.things()).hasSize(5);
        assertThat(second.things()).hasSize(5);
        assertThat(third.things()).extracting(ThingDocument::thingName).containsExactly("fs-sensor-11", "fs-sensor-12");
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void badAndHostileQueriesAreInvalidQueriesWithAPosition() {
        for (String query :
                List.of("thingName:(", "attributes.temp:[1 TO", "nosuchfield:x", "AND AND", "(".repeat(5000))) {
            InvalidQueryException invalid =
                    catchThrowableOfType(InvalidQueryException.class, () -> iot.searchIndex(r -> r.queryString(query)));
            assertThat(invalid)
                    .as(query.length() > 40 ? query.substring(0, 40) : query)
                    .isNotNull();
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.getMessage()).contains("position");
        }
        // SQL metacharacters are values, never SQL
        assertThat(names("thingName:\"x' OR '1'='1\"")).isEmpty();
        assertThat(names("attributes.floor:\"roof'; DROP TABLE registry_thing; --\""))
                .isEmpty();
        assertThat(names("attributes.floor:%")).isEmpty();
        assertThat(names("thingName:fs-gateway")).containsExactly("fs-gateway");
    }
}
