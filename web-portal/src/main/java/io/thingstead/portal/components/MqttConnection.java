package io.thingstead.portal.components;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.internal.JacksonUtils;
import com.vaadin.flow.shared.Registration;
import io.thingstead.portal.internal.CurrentUser;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signed-in user's own MQTT connection from their browser to the gateway (MQTT 5 over {@code wss://.../mqtt},
 * the {@code mqtt} npm package): authenticated with the user's access token, so the gateway applies the IoT policies
 * attached to their identity, exactly as for any app. The browser asks this component for the token ({@link #token})
 * and asks again, and reconnects, a minute before it expires.
 *
 * <p>Messages arrive at {@link #addMessageListener} listeners; {@link #publish} publishes from the browser.
 */
@Tag("thingstead-mqtt")
@JsModule("./thingstead/mqtt-connection.js")
@NpmPackage(value = "mqtt", version = "5.16.0")
public class MqttConnection extends Component {
    private static final long serialVersionUID = 1L;
    /** The token handed to the browser has at least this much time left (refreshed at the provider otherwise). */
    static final Duration MINIMUM_TOKEN_LIFE = Duration.ofSeconds(90);

    private final List<BiConsumer<String, String>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, Integer>> subscribeListeners = new CopyOnWriteArrayList<>();
    private String state = "idle";

    /**
     * @param url {@code wss://host:port/mqtt}
     * @param clientIdPrefix the client id's start: the policy {@code thingstead-end-user} allows client ids that start
     *     with the identity id and a dash
     */
    public MqttConnection(String url, String clientIdPrefix) {
        setId("mqtt-connection");
        getElement().setAttribute("url", Objects.requireNonNull(url, "url"));
        getElement().setAttribute("client-id-prefix", clientIdPrefix);
        getElement().setAttribute("autoconnect", "");
    }

    /** The access token for the browser's CONNECT, refreshed at the provider when it is about to expire. */
    @ClientCallable
    ObjectNode token() {
        ObjectNode grant = JacksonUtils.createObjectNode();
        CurrentUser.get().accessToken(MINIMUM_TOKEN_LIFE).ifPresent(token -> {
            grant.put("token", token.token());
            grant.put("expiresAt", token.expiresAt().toEpochMilli());
        });
        return grant;
    }

    @ClientCallable
    void onMessage(String topic, String payload) {
        messageListeners.forEach(listener -> listener.accept(topic, payload));
    }

    @ClientCallable
    void onState(String state, String detail) {
        this.state = state;
        stateListeners.forEach(listener -> listener.accept(state));
    }

    @ClientCallable
    void onSubscribeResult(String filter, int code, String error) {
        subscribeListeners.forEach(listener -> listener.accept(filter, code));
    }

    public String state() {
        return state;
    }

    public void subscribe(String filter) {
        getElement().callJsFunction("subscribe", filter);
    }

    public void unsubscribe(String filter) {
        getElement().callJsFunction("unsubscribe", filter);
    }

    /** Publishes (QoS 1) from the browser, under the user's policies. */
    public void publish(String topic, String payload) {
        getElement().callJsFunction("publish", topic, payload);
    }

    public Registration addMessageListener(BiConsumer<String, String> listener) {
        messageListeners.add(listener);
        return () -> messageListeners.remove(listener);
    }

    public Registration addStateListener(Consumer<String> listener) {
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    /** Called with each filter's SUBACK code (1 granted; 128 or more refused). */
    public Registration addSubscribeListener(BiConsumer<String, Integer> listener) {
        subscribeListeners.add(listener);
        return () -> subscribeListeners.remove(listener);
    }
}
