package io.thingstead.gateway.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The gateway's ports from WildFly's socket bindings, as the server's management MBeans show them. */
class SocketBindingsTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Map<String, String> settings = Map.of(
            "thingstead.gateway.port", "9883",
            "thingstead.gateway.websocket.port", "9884",
            "thingstead.gateway.bind-address", "10.0.0.1",
            "thingstead.gateway.max-payload-bytes", "1000");

    @Test
    void withoutTheBindingsTheSettingsApply() {
        GatewaySettings gateway =
                GatewaySettings.from(new SocketBindings(server).over(name -> Optional.ofNullable(settings.get(name))));

        assertThat(gateway.port()).isEqualTo(9883);
        assertThat(gateway.websocketPort()).isEqualTo(9884);
        assertThat(gateway.bindAddress()).isEqualTo("10.0.0.1");
        assertThat(new SocketBindings(server).describe()).isEqualTo("settings thingstead.gateway.*");
    }

    @Test
    void theModelIsReadableOnceTheServerHasBooted() throws Exception {
        SocketBindings bindings = new SocketBindings(server);
        assertThat(bindings.modelNotReadableYet()).as("no root resource yet").isTrue();
        register(SocketBindings.ROOT, Map.of("serverState", "starting"));
        assertThat(bindings.modelNotReadableYet()).as("booting").isTrue();
        server.unregisterMBean(new ObjectName(SocketBindings.ROOT));
        register(SocketBindings.ROOT, Map.of("serverState", "running"));
        assertThat(bindings.modelNotReadableYet()).isFalse();
    }

    @Test
    void theBindingsPortsAndInterfaceAddressWin() throws Exception {
        register(SocketBindings.GROUP, Map.of("defaultInterface", "public"));
        register(SocketBindings.GROUP + ",socket-binding=thingstead-mqtt", Map.of("port", 18883));
        register(
                SocketBindings.GROUP + ",socket-binding=thingstead-mqtt-websocket",
                Map.of("port", 18884, "interface", "public"));
        register("jboss.as:interface=public", Map.of("inetAddress", "127.0.0.2"));

        GatewaySettings gateway =
                GatewaySettings.from(new SocketBindings(server).over(name -> Optional.ofNullable(settings.get(name))));

        assertThat(gateway.port()).isEqualTo(18883);
        assertThat(gateway.websocketPort()).isEqualTo(18884);
        assertThat(gateway.bindAddress())
                .as("thingstead-mqtt has no interface of its own: the group's default interface")
                .isEqualTo("127.0.0.2");
        assertThat(gateway.payloadLimit())
                .as("every other setting as configured")
                .isEqualTo(1000);
        assertThat(new SocketBindings(server).describe())
                .isEqualTo("socket bindings thingstead-mqtt* (interface address 127.0.0.2)");
    }

    @Test
    void thePortOffsetIsAddedToABindingsPortAsToEveryPort() throws Exception {
        register(SocketBindings.GROUP + ",socket-binding=thingstead-mqtt", Map.of("port", 8883));

        GatewaySettings gateway = GatewaySettings.from(new SocketBindings(server)
                .over(name -> Optional.ofNullable(
                        Map.of("jboss.socket.binding.port-offset", "100").get(name))));

        assertThat(gateway.port()).isEqualTo(8983);
    }

    private void register(String name, Map<String, Object> attributes) throws Exception {
        server.registerMBean(new Attributes(attributes), new ObjectName(name));
    }

    /** A management resource as WildFly's jboss.as domain shows it: read-only attributes. */
    private record Attributes(Map<String, Object> values) implements DynamicMBean {
        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (!values.containsKey(attribute)) {
                throw new AttributeNotFoundException(attribute);
            }
            return values.get(attribute);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(Attributes.class.getName(), "test", null, null, null, null);
        }
    }
}
