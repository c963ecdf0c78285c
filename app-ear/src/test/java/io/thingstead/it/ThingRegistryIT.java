package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** Things through the unmodified AWS SDK for Java v2 ({@link IotClient}), against the EAR and real PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ThingRegistryIT {
    private static IotClient iot;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    @Test
    void thingLifecycleAsAwsHasIt() {
        iot.createThingType(r -> r.thingTypeName("lamp"));
        CreateThingResponse created = iot.createThing(r -> r.thingName("lamp-1")
                .thingTypeName("lamp")
                .attributePayload(a -> a.attributes(Map.of("room", "kitchen", "watts", "60"))));

        assertThat(created.thingName()).isEqualTo("lamp-1");
        assertThat(created.thingArn()).matches("arn:aws:iot:[a-z0-9-]+:\\d{12}:thing/lamp-1");
        assertThat(created.thingId()).matches("[0-9a-f-]{36}");

        DescribeThingResponse described = iot.describeThing(r -> r.thingName("lamp-1"));
        assertThat(described.thingName()).isEqualTo("lamp-1");
        assertThat(described.defaultClientId()).isEqualTo("lamp-1");
        assertThat(described.thingId()).isEqualTo(created.thingId());
        assertThat(described.thingTypeName()).isEqualTo("lamp");
        assertThat(described.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("room", "kitchen", "watts", "60"));
        assertThat(described.version()).isEqualTo(1L);

        // the same request again is fine and returns the same thing
        assertThat(iot.createThing(r -> r.thingName("lamp-1")
                                .thingTypeName("lamp")
                                .attributePayload(a -> a.attributes(Map.of("watts", "60", "room", "kitchen"))))
                        .thingId())
                .isEqualTo(created.thingId());
        // a different configuration is a conflict naming the existing thing
        ResourceAlreadyExistsException exists = catchThrowableOfType(
                ResourceAlreadyExistsException.class,
                () -> iot.createThing(r -> r.thingName("lamp-1").thingTypeName("lamp")));
        assertThat(exists.statusCode()).isEqualTo(409);
        assertThat(exists.resourceId()).isEqualTo(created.thingId());
        assertThat(exists.resourceArn()).isEqualTo(created.thingArn());

        // merge: change one, remove one with an empty value, keep the rest
        iot.updateThing(r -> r.thingName("lamp-1")
                .expectedVersion(1L)
                .attributePayload(a -> a.merge(true).attributes(Map.of("watts", "75", "room", ""))));
        DescribeThingResponse merged = iot.describeThing(r -> r.thingName("lamp-1"));
        assertThat(merged.attributes()).containsExactly(Map.entry("watts", "75"));
        assertThat(merged.version()).isEqualTo(2L);

        // stale expected version
        VersionConflictException stale = catchThrowableOfType(
                VersionConflictException.class,
                () -> iot.updateThing(
                        r -> r.thingName("lamp-1").expectedVersion(1L).removeThingType(true)));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.getMessage()).contains("does not match the expected version");

        // replace (no merge) and remove the type
        iot.updateThing(r -> r.thingName("lamp-1")
                .removeThingType(true)
                .attributePayload(
                        AttributePayload.builder().attributes(Map.of("a", "1")).build()));
        DescribeThingResponse replaced = iot.describeThing(r -> r.thingName("lamp-1"));
        assertThat(replaced.thingTypeName()).isNull();
        assertThat(replaced.attributes()).containsExactly(Map.entry("a", "1"));

        assertThatThrownBy(() -> iot.deleteThing(r -> r.thingName("lamp-1").expectedVersion(1L)))
                .isInstanceOf(VersionConflictException.class);
        iot.deleteThing(r -> r.thingName("lamp-1").expectedVersion(3L));
        ResourceNotFoundException gone = catchThrowableOfType(
                ResourceNotFoundException.class, () -> iot.describeThing(r -> r.thingName("lamp-1")));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.getMessage()).contains("lamp-1");
        // deleting what is not there succeeds, as AWS does
        iot.deleteThing(r -> r.thingName("lamp-1"));
    }

    @Test
    void badInputGetsAClearInvalidRequest() {
        String tooLong = "x".repeat(129);
        for (String name : List.of(tooLong, "sensor 1", "sensör", "x'; DROP TABLE registry_thing;--", "a/b")) {
            InvalidRequestException invalid =
                    catchThrowableOfType(InvalidRequestException.class, () -> iot.createThing(r -> r.thingName(name)));
            assertThat(invalid).as(name).isNotNull();
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.getMessage()).containsIgnoringCase("thingName");
        }
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("four-attributes")
                        .attributePayload(a -> a.attributes(Map.of("a", "1", "b", "2", "c", "3", "d", "4")))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most 3 attributes");
        assertThatThrownBy(() -> iot.createThing(r ->
                        r.thingName("long-value").attributePayload(a -> a.attributes(Map.of("a", "v".repeat(801))))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("800");
        assertThatThrownBy(() -> iot.createThing(
                        r -> r.thingName("bad-value").attributePayload(a -> a.attributes(Map.of("a", "' OR '1'='1")))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("typeless").thingTypeName("no-such-type")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listThings(r -> r.maxResults(251))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.listThings(r -> r.nextToken("not-a-token!")))
                .isInstanceOf(InvalidRequestException.class);
        // nothing of the above was created
        assertThat(iot.listThings(r -> r.maxResults(250)).things())
                .extracting(ThingAttribute::thingName)
                .doesNotContain("four-attributes", "long-value", "bad-value", "typeless");
    }

    @Test
    void tenThousandThingsPageThroughWithoutLossOrDuplicates() throws Exception {
        int count = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                int first = worker;
                creates.add(pool.submit(() -> {
                    try (IotClient client = Operator.iot()) {
                        for (int i = first; i < count; i += 8) {
                            String name = String.format("bulk-%05d", i);
                            client.createThing(r ->
                                    r.thingName(name).attributePayload(a -> a.attributes(Map.of("batch", "paging"))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> create : creates) {
                create.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListThingsResponse page = iot.listThings(r -> r.attributeName("batch")
                    .attributeValue("paging")
                    .maxResults(250)
                    .nextToken(next));
            for (ThingAttribute thing : page.things()) {
                assertThat(seen.add(thing.thingName()))
                        .as("duplicate %s", thing.thingName())
                        .isTrue();
                order.add(thing.thingName());
            }
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(seen).hasSize(count);
        assertThat(pages).isEqualTo(40);
        assertThat(order).isSorted();
    }

    @Test
    void concurrentUpdatesWithTheSameExpectedVersionLetExactlyOneWin() throws Exception {
        iot.createThing(r -> r.thingName("contended").attributePayload(a -> a.attributes(Map.of("n", "0"))));
        long version = iot.describeThing(r -> r.thingName("contended")).version();
        int writers = 12;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Void>> attempts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String value = Integer.toString(i + 1);
                attempts.add(() -> {
                    try (IotClient client = Operator.iot()) {
                        client.updateThing(r -> r.thingName("contended")
                                .expectedVersion(version)
                                .attributePayload(a -> a.attributes(Map.of("n", value))));
                        wins.incrementAndGet();
                    } catch (VersionConflictException e) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<Void> attempt : pool.invokeAll(attempts, 2, TimeUnit.MINUTES)) {
                attempt.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(wins.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(writers - 1);
        assertThat(iot.describeThing(r -> r.thingName("contended")).version()).isEqualTo(version + 1);
    }

    @Test
    void everyChangeIsInTheAuditTrail() throws Exception {
        iot.createThing(r -> r.thingName("audited"));
        iot.updateThing(r -> r.thingName("audited").attributePayload(a -> a.attributes(Map.of("k", "v"))));
        IotException refused = catchThrowableOfType(
                IotException.class,
                () -> iot.updateThing(r -> r.thingName("audited").expectedVersion(99L)));
        iot.deleteThing(r -> r.thingName("audited"));
        assertThat(refused.statusCode()).isEqualTo(409);

        try (Connection db = TestEnvironment.database();
                PreparedStatement sql =
                        db.prepareStatement("SELECT action, outcome, actor, resource_arn FROM audit_event"
                                + " WHERE resource_arn LIKE '%:thing/audited' ORDER BY id")) {
            List<String> events = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getString("actor")).matches("accessKey/TSAK[A-Z2-7]{16}/operator");
                    events.add(rows.getString("action") + " " + rows.getString("outcome"));
                }
            }
            assertThat(events)
                    .containsExactly(
                            "iot:CreateThing SUCCESS",
                            "iot:UpdateThing SUCCESS",
                            "iot:UpdateThing VersionConflictException",
                            "iot:DeleteThing SUCCESS");
        }
    }
}
