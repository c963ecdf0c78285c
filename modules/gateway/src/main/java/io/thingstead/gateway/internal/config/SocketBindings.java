package io.thingstead.gateway.internal.config;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The gateway's ports as WildFly's socket bindings declare them, where they exist: {@code thingstead-mqtt} (MQTT over
 * TLS), {@code thingstead-mqtt-websocket} and {@code thingstead-mqtt-plain} in the {@code standard-sockets} group, as
 * the Galleon feature pack's layer {@code thingstead-gateway} and {@code dist/thingstead.cli} add them. HiveMQ binds its
 * listeners itself (WildFly's socket bindings are Undertow's and the management interface's), so the gateway reads the
 * bindings' port and interface address through the server's management MBeans ({@code jboss.as} domain, expressions
 * resolved) and they take precedence over {@code thingstead.gateway.port} and friends: an operator changes a gateway
 * port where every other port of the server is. Without the bindings (a server configured some other way) the settings
 * apply as before. The port offset is added by {@link GatewaySettings}, as to every port.
 */
public final class SocketBindings {
    static final String GROUP = "jboss.as:socket-binding-group=standard-sockets";
    static final String ROOT = "jboss.as:management-root=server";
    private static final java.util.Set<String> READABLE_STATES =
            java.util.Set.of("running", "reload-required", "restart-required");
    private static final Map<String, String> PORTS = Map.of(
            GatewaySettings.PREFIX + "port", "thingstead-mqtt",
            GatewaySettings.PREFIX + "websocket.port", "thingstead-mqtt-websocket",
            GatewaySettings.PREFIX + "plain.port", "thingstead-mqtt-plain");

    private final MBeanServer server;

    SocketBindings(MBeanServer server) {
        this.server = server;
    }

    /** The server's bindings, read through the platform MBean server WildFly registers its model in. */
    public static SocketBindings ofServer() {
        return new SocketBindings(ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * A config lookup that answers the gateway's port settings (and its bind address, from {@code thingstead-mqtt}'s
     * interface) from the socket bindings where they exist, and everything else from {@code config}.
     */
    public Function<String, Optional<String>> over(Function<String, Optional<String>> config) {
        return name -> {
            String binding = PORTS.get(name);
            if (binding != null) {
                Optional<String> port = attribute(bindingName(binding), "port").map(String::valueOf);
                if (port.isPresent()) {
                    return port;
                }
            } else if (name.equals(GatewaySettings.PREFIX + "bind-address")) {
                Optional<String> address = interfaceAddress("thingstead-mqtt");
                if (address.isPresent()) {
                    return address;
                }
            }
            return config.apply(name);
        };
    }

    /**
     * Whether the server's management model cannot be read yet because the server is still booting: WildFly shows its
     * model through the {@code jboss.as} MBeans only once boot is over, and an EAR deployed as part of boot (the
     * release zip's {@code standalone.xml}) starts before that. The gateway then waits for the end of boot instead of
     * silently using its port settings. False once the root resource says running (or reload/restart required).
     */
    public boolean modelNotReadableYet() {
        return attribute(ROOT, "serverState")
                .map(String::valueOf)
                .map(state -> !READABLE_STATES.contains(state))
                .orElse(true);
    }

    /** Where the gateway's ports and address come from, for the start-up log. */
    public String describe() {
        if (attribute(bindingName("thingstead-mqtt"), "port").isEmpty()) {
            return "settings thingstead.gateway.*";
        }
        return "socket bindings thingstead-mqtt*"
                + interfaceAddress("thingstead-mqtt")
                        .map(a -> " (interface address " + a + ")")
                        .orElse(" (address from thingstead.gateway.bind-address: the interface has no inet-address)");
    }

    private Optional<String> interfaceAddress(String binding) {
        Optional<String> name = attribute(bindingName(binding), "interface")
                .map(String::valueOf)
                .or(() -> attribute(GROUP, "defaultInterface").map(String::valueOf));
        return name.flatMap(n -> attribute("jboss.as:interface=" + n, "inetAddress"))
                .map(String::valueOf)
                .filter(a -> !a.isBlank());
    }

    private static String bindingName(String binding) {
        return GROUP + ",socket-binding=" + binding;
    }

    private Optional<Object> attribute(String objectName, String attribute) {
        try {
            ObjectName name = new ObjectName(objectName);
            if (!server.isRegistered(name)) {
                return Optional.empty();
            }
            return Optional.ofNullable(server.getAttribute(name, attribute));
        } catch (JMException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
