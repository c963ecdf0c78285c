package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.ConflictException;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;
import software.amazon.awssdk.services.iotdataplane.model.IotDataPlaneException;
import software.amazon.awssdk.services.iotdataplane.model.RequestEntityTooLargeException;
import software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException;

/** The Device Shadow REST data plane through the AWS SDK's {@link IotDataPlaneClient}, stored in PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShadowDataPlaneIT {
    private static IotDataPlaneClient data;
    private static IotClient iot;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        data = Operator.data();
        iot = Operator.iot();
    }

    @AfterAll
    static void close() {
        data.close();
        iot.close();
    }

    private static JsonObject update(String thing, String name, String json) {
        return TestEnvironment.json(data.updateThingShadow(r ->
                        r.thingName(thing).shadowName(name).payload(SdkBytes.fromString(json, StandardCharsets.UTF_8)))
                .payload()
                .asUtf8String());
    }

    private static JsonObject get(String thing, String name) {
        return TestEnvironment.json(data.getThingShadow(r -> r.thingName(thing).shadowName(name))
                .payload()
                .asUtf8String());
    }

    @Test
    void theLampExampleWithVersionsAndDelta() {
        JsonObject accepted =
                update("lamp-42", null, "{\"state\":{\"desired\":{\"color\":\"RED\"}},\"clientToken\":\"t-1\"}");
        assertThat(accepted.getInt("version")).isEqualTo(1);
        assertThat(accepted.getString("clientToken")).isEqualTo("t-1");
        assertThat(accepted.getJsonObject("metadata").getJsonObject("desired").getJsonObject("color"))
                .containsKey("timestamp");

        update("lamp-42", null, "{\"state\":{\"reported\":{\"color\":\"GREEN\"}}}");
        JsonObject shadow = get("lamp-42", null);
        assertThat(shadow.getInt("version")).isEqualTo(2);
        assertThat(shadow.getJsonObject("state").getJsonObject("delta").getString("color"))
                .isEqualTo("RED");
        assertThat(shadow.containsKey("clientToken")).isFalse();

        update("lamp-42", null, "{\"state\":{\"reported\":{\"color\":\"RED\"}},\"version\":2}");
        assertThat(get("lamp-42", null).getJsonObject("state").containsKey("delta"))
                .isFalse();

        ConflictException stale = catchThrowableOfType(
                ConflictException.class,
                () -> update("lamp-42", null, "{\"state\":{\"desired\":{\"color\":\"BLUE\"}},\"version\":2}"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(get("lamp-42", null).getInt("version")).isEqualTo(3);
    }

    @Test
    void namedShadowsListAndDelete() {
        update("engine-1", "diagnostics", "{\"state\":{\"reported\":{\"rpm\":900}}}");
        update("engine-1", "settings", "{\"state\":{\"desired\":{\"engine\":\"ON\"}}}");

        assertThat(data.listNamedShadowsForThing(r -> r.thingName("engine-1")).results())
                .containsExactly("diagnostics", "settings");
        assertThat(get("engine-1", "settings")
                        .getJsonObject("state")
                        .getJsonObject("desired")
                        .getString("engine"))
                .isEqualTo("ON");

        JsonObject deleted = TestEnvironment.json(
                data.deleteThingShadow(r -> r.thingName("engine-1").shadowName("settings"))
                        .payload()
                        .asUtf8String());
        assertThat(deleted.getInt("version")).isEqualTo(1);
        assertThat(data.listNamedShadowsForThing(r -> r.thingName("engine-1")).results())
                .containsExactly("diagnostics");
        ResourceNotFoundException gone =
                catchThrowableOfType(ResourceNotFoundException.class, () -> get("engine-1", "settings"));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> get("engine-1", null)))
                .as("no classic shadow")
                .isNotNull();
    }

    @Test
    void badDocumentsAreRejectedAndChangeNothing() {
        update("careful-1", null, "{\"state\":{\"reported\":{\"ok\":true}}}");

        for (String bad : List.of("not json", "{\"nostate\":{}}", "{\"state\":[1]}", "{\"state\":{\"desired\":5}}")) {
            InvalidRequestException refused =
                    catchThrowableOfType(InvalidRequestException.class, () -> update("careful-1", null, bad));
            assertThat(refused).as(bad).isNotNull();
            assertThat(refused.statusCode()).isEqualTo(400);
        }
        String huge = "{\"state\":{\"reported\":{\"blob\":\"" + "x".repeat(9000) + "\"}}}";
        RequestEntityTooLargeException tooLarge =
                catchThrowableOfType(RequestEntityTooLargeException.class, () -> update("careful-1", null, huge));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        String deep = "{\"state\":{\"reported\":" + "{\"a\":".repeat(10) + "1" + "}".repeat(10) + "}}";
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> update("careful-1", null, deep)))
                .isNotNull();

        JsonObject shadow = get("careful-1", null);
        assertThat(shadow.getInt("version")).isEqualTo(1);
        assertThat(shadow.getJsonObject("state").getJsonObject("reported").getBoolean("ok"))
                .isTrue();
    }

    @Test
    void concurrentUpdatesAreSerialisedPerShadowWithoutLosingAny() throws Exception {
        int writers = 8;
        int each = 15;
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    try (IotDataPlaneClient client = Operator.data()) {
                        for (int i = 0; i < each; i++) {
                            String json = "{\"state\":{\"reported\":{\"w" + writer + "\":" + i + "}}}";
                            // the thing's rate (AWS: 20 updates per second) throttles this burst: retry as AWS
                            // clients do, so that every update is eventually accepted exactly once
                            while (true) {
                                try {
                                    client.updateThingShadow(r -> r.thingName("busy-1")
                                            .payload(SdkBytes.fromString(json, StandardCharsets.UTF_8)));
                                    break;
                                } catch (IotDataPlaneException e) {
                                    if (e.statusCode() != 429) {
                                        throw e;
                                    }
                                    Thread.sleep(50);
                                }
                            }
                            accepted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonObject shadow = get("busy-1", null);
        assertThat(accepted.get()).isEqualTo(writers * each);
        assertThat(shadow.getInt("version")).isEqualTo(writers * each);
        for (int w = 0; w < writers; w++) {
            assertThat(shadow.getJsonObject("state").getJsonObject("reported").getInt("w" + w))
                    .isEqualTo(each - 1);
        }
    }

    @Test
    void fleetSearchSeesShadowFields() {
        iot.createThing(r -> r.thingName("searchable-lamp"));
        update("searchable-lamp", null, "{\"state\":{\"reported\":{\"color\":\"amber\",\"watts\":40}}}");

        assertThat(iot.searchIndex(r -> r.queryString("shadow.reported.color:amber"))
                        .things())
                .extracting(t -> t.thingName())
                .containsExactly("searchable-lamp");
        assertThat(iot.searchIndex(r -> r.queryString("shadow.reported.watts>30 AND thingName:searchable-*"))
                        .things())
                .hasSize(1);
    }
}
