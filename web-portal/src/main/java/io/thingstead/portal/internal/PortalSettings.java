package io.thingstead.portal.internal;

import com.vaadin.flow.server.VaadinServletRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where browsers reach the platform (docs/portal.md, "Settings"): the gateway's MQTT over WebSocket listener and the
 * portal's own public address (for QR codes on labels). Both default to the host the browser used.
 */
@ApplicationScoped
public class PortalSettings {
    @Inject
    Config config;

    /** {@code thingstead.portal.mqtt-url}, else {@code wss://<host>:<websocket port + port offset>/mqtt}. */
    public String mqttUrl() {
        Optional<String> configured = setting("thingstead.portal.mqtt-url");
        if (configured.isPresent()) {
            return configured.get();
        }
        int port = config.getOptionalValue("thingstead.gateway.websocket.port", Integer.class)
                        .orElse(8884)
                + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        String path = setting("thingstead.gateway.websocket.path").orElse("/mqtt");
        return "wss://" + host() + ":" + port + path;
    }

    /** {@code thingstead.portal.public-url}, else the address the browser used, ending in {@code /portal/}. */
    public String publicUrl() {
        Optional<String> configured = setting("thingstead.portal.public-url");
        if (configured.isPresent()) {
            return configured.get().endsWith("/") ? configured.get() : configured.get() + "/";
        }
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        if (request == null) {
            return "https://" + host() + "/portal/";
        }
        return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath() + "/";
    }

    private static String host() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null ? "localhost" : request.getServerName();
    }

    private Optional<String> setting(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }
}
