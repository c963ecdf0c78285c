package io.thingstead.gateway.api;

/** What a {@link MessageTap} sees of one message. */
public interface TapInput {
    /**
     * The message: topic, payload (a copy), QoS, retain, client id, principal (certificate id, access key id or token
     * identity), thing name when the connection has one, the time it was accepted, and MQTT 5's user properties,
     * content type, response topic and correlation data: what IoT SQL's functions ({@code topic()}, {@code
     * clientid()}, {@code principal()}, {@code timestamp()}, {@code get_user_property()}, ...) read.
     */
    DeviceMessage message();

    /**
     * Whether the publisher waits for an acknowledgement of this message (a QoS 1 PUBLISH over MQTT; HTTPS publishes
     * are acknowledged by their HTTP response): only then does {@link TapOutput#acknowledgeAfter} hold anything.
     */
    boolean acknowledged();
}
