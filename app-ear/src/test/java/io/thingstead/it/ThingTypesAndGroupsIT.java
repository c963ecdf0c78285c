package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingTypeResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** Thing types, static and dynamic thing groups and principals, through the AWS SDK's {@link IotClient}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ThingTypesAndGroupsIT {
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
    void thingTypesDeprecateAndDeleteByAwsRules() throws Exception {
        iot.createThingType(r -> r.thingTypeName("thermostat")
                .thingTypeProperties(
                        p -> p.thingTypeDescription("Room thermostats").searchableAttributes("room", "floor")));
        DescribeThingTypeResponse type = iot.describeThingType(r -> r.thingTypeName("thermostat"));
        assertThat(type.thingTypeArn()).endsWith(":thingtype/thermostat");
        assertThat(type.thingTypeProperties().searchableAttributes()).containsExactly("room", "floor");
        assertThat(type.thingTypeMetadata().deprecated()).isFalse();
        assertThat(type.thingTypeMetadata().creationDate()).isNotNull();
        assertThat(iot.listThingTypes(r -> r.thingTypeName("thermo")).thingTypes())
                .extracting(t -> t.thingTypeName())
                .containsExactly("thermostat");
        assertThatThrownBy(() -> iot.createThingType(r -> r.thingTypeName("too-searchable")
                        .thingTypeProperties(p -> p.searchableAttributes("a", "b", "c", "d"))))
                .isInstanceOf(InvalidRequestException.class);

        iot.createThing(r -> r.thingName("thermo-1").thingTypeName("thermostat"));
        assertThatThrownBy(() -> iot.deleteThingType(r -> r.thingTypeName("thermostat")))
                .as("not deprecated")
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("deprecated");

        iot.deprecateThingType(r -> r.thingTypeName("thermostat"));
        assertThat(iot.describeThingType(r -> r.thingTypeName("thermostat"))
                        .thingTypeMetadata()
                        .deprecated())
                .isTrue();
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("thermo-2").thingTypeName("thermostat")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("deprecated");

        // the test server shortens AWS's five minutes to two seconds (thingstead.registry.thing-type-delete-delay)
        Thread.sleep(2500);
        assertThatThrownBy(() -> iot.deleteThingType(r -> r.thingTypeName("thermostat")))
                .as("still used by thermo-1")
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("associated");
        iot.deleteThing(r -> r.thingName("thermo-1"));
        iot.deleteThingType(r -> r.thingTypeName("thermostat"));
        assertThatThrownBy(() -> iot.describeThingType(r -> r.thingTypeName("thermostat")))
                .isInstanceOf(ResourceNotFoundException.class);

        iot.createThingType(r -> r.thingTypeName("comeback"));
        iot.deprecateThingType(r -> r.thingTypeName("comeback"));
        iot.deprecateThingType(r -> r.thingTypeName("comeback").undoDeprecate(true));
        iot.createThing(r -> r.thingName("comeback-1").thingTypeName("comeback"));
    }

    @Test
    void staticGroupsFormAHierarchy() {
        iot.createThingGroup(r -> r.thingGroupName("building"));
        iot.createThingGroup(r -> r.thingGroupName("floor-1").parentGroupName("building"));
        iot.createThingGroup(r -> r.thingGroupName("room-101")
                .parentGroupName("floor-1")
                .thingGroupProperties(p -> p.thingGroupDescription("Meeting room")
                        .attributePayload(a -> a.attributes(Map.of("seats", "12")))));
        iot.createThing(r -> r.thingName("sensor-101"));
        iot.createThing(r -> r.thingName("sensor-lobby"));
        iot.addThingToThingGroup(r -> r.thingGroupName("room-101").thingName("sensor-101"));
        iot.addThingToThingGroup(r -> r.thingGroupName("building").thingName("sensor-lobby"));

        DescribeThingGroupResponse room = iot.describeThingGroup(r -> r.thingGroupName("room-101"));
        assertThat(room.thingGroupArn()).endsWith(":thinggroup/room-101");
        assertThat(room.thingGroupProperties().thingGroupDescription()).isEqualTo("Meeting room");
        assertThat(room.thingGroupProperties().attributePayload().attributes()).containsEntry("seats", "12");
        assertThat(room.thingGroupMetadata().parentGroupName()).isEqualTo("floor-1");
        assertThat(room.thingGroupMetadata().rootToParentThingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly("building", "floor-1");

        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("building")).things())
                .containsExactly("sensor-lobby");
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("building").recursive(true))
                        .things())
                .containsExactlyInAnyOrder("sensor-101", "sensor-lobby");
        assertThat(iot.listThingGroupsForThing(r -> r.thingName("sensor-101")).thingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly("room-101");
        assertThat(iot.listThingGroups(r -> r.parentGroup("building").recursive(true))
                        .thingGroups())
                .extracting(GroupNameAndArn::groupName)
                .containsExactly("floor-1", "room-101");

        long version = iot.describeThingGroup(r -> r.thingGroupName("floor-1")).version();
        assertThatThrownBy(() -> iot.updateThingGroup(r -> r.thingGroupName("floor-1")
                        .expectedVersion(version + 5)
                        .thingGroupProperties(p -> p.thingGroupDescription("x"))))
                .isInstanceOf(VersionConflictException.class);
        assertThat(iot.updateThingGroup(r -> r.thingGroupName("floor-1")
                                .expectedVersion(version)
                                .thingGroupProperties(p -> p.thingGroupDescription("First floor")))
                        .version())
                .isEqualTo(version + 1);

        assertThatThrownBy(() -> iot.deleteThingGroup(r -> r.thingGroupName("floor-1")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("child groups");
        iot.removeThingFromThingGroup(r -> r.thingGroupName("room-101").thingName("sensor-101"));
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("room-101")).things())
                .isEmpty();
        iot.deleteThingGroup(r -> r.thingGroupName("room-101"));
        iot.deleteThingGroup(r -> r.thingGroupName("floor-1"));
        iot.deleteThingGroup(r -> r.thingGroupName("floor-1"));
    }

    @Test
    void dynamicGroupsFollowTheirQuery() {
        iot.createThing(r -> r.thingName("pump-1").attributePayload(a -> a.attributes(Map.of("site", "north"))));
        iot.createThing(r -> r.thingName("pump-2").attributePayload(a -> a.attributes(Map.of("site", "south"))));
        iot.createDynamicThingGroup(r -> r.thingGroupName("north-pumps").queryString("attributes.site:north"));

        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("north-pumps"))
                        .things())
                .containsExactly("pump-1");

        iot.updateThing(r ->
                r.thingName("pump-2").attributePayload(a -> a.merge(true).attributes(Map.of("site", "north"))));
        iot.createThing(r -> r.thingName("pump-3").attributePayload(a -> a.attributes(Map.of("site", "north"))));
        iot.updateThing(r ->
                r.thingName("pump-1").attributePayload(a -> a.merge(true).attributes(Map.of("site", "east"))));

        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("north-pumps"))
                        .things())
                .containsExactly("pump-2", "pump-3");
        assertThat(iot.describeThingGroup(r -> r.thingGroupName("north-pumps")).queryString())
                .isEqualTo("attributes.site:north");
        assertThatThrownBy(() -> iot.addThingToThingGroup(
                        r -> r.thingGroupName("north-pumps").thingName("pump-1")))
                .isInstanceOf(InvalidRequestException.class);

        iot.updateDynamicThingGroup(r -> r.thingGroupName("north-pumps").queryString("attributes.site:east"));
        assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("north-pumps"))
                        .things())
                .containsExactly("pump-1");
        assertThatThrownBy(() -> iot.createDynamicThingGroup(
                        r -> r.thingGroupName("broken").queryString("site:(")))
                .satisfies(e -> assertThat(((software.amazon.awssdk.services.iot.model.IotException) e).statusCode())
                        .isEqualTo(400));
        iot.deleteDynamicThingGroup(r -> r.thingGroupName("north-pumps"));
    }

    @Test
    void principalsAttachToThings() {
        // a principal must exist: a certificate of Thingstead's CA
        String camera = iot.createKeysAndCertificate(r -> r.setAsActive(true)).certificateArn();
        iot.createThing(r -> r.thingName("camera-1"));
        iot.attachThingPrincipal(r -> r.thingName("camera-1").principal(camera));
        iot.attachThingPrincipal(r -> r.thingName("camera-1").principal(camera));

        assertThat(iot.listThingPrincipals(r -> r.thingName("camera-1")).principals())
                .containsExactly(camera);
        assertThat(iot.listPrincipalThings(r -> r.principal(camera)).things()).containsExactly("camera-1");
        assertThatThrownBy(() -> iot.deleteThing(r -> r.thingName("camera-1")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Cannot delete. Thing camera-1 is still attached to one or more principals");
        for (String bad : List.of("not-an-arn", "arn:aws:iot:us-east-1:000000000000:cert/short", "")) {
            assertThatThrownBy(() -> iot.attachThingPrincipal(
                            r -> r.thingName("camera-1").principal(bad)))
                    .as(bad)
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() ->
                        iot.attachThingPrincipal(r -> r.thingName("no-camera").principal(camera)))
                .isInstanceOf(ResourceNotFoundException.class);

        iot.detachThingPrincipal(r -> r.thingName("camera-1").principal(camera));
        assertThat(iot.listThingPrincipals(r -> r.thingName("camera-1")).principals())
                .isEmpty();
        iot.deleteThing(r -> r.thingName("camera-1"));
    }
}
