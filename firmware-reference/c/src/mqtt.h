/*
 * One MQTT connection over mutual TLS (Eclipse Paho C's MQTTClient API), MQTT 5 or 3.1.1. Connect and subscribe
 * block until the broker answers; a publish is written at once and its PUBACK comes later. Paho receives on its own
 * thread; every callback here only turns what happened into an event on a queue, and the device's single main loop
 * takes the events (mqtt_next_event). So the device's logic runs on one thread and needs no locks: the shape of a
 * super-loop on a microcontroller.
 *
 * Why MQTTClient and not MQTTAsync: MQTTAsync queues publishes as commands, and Paho 1.3.12 (Debian 12) leaks a
 * publish still queued when the connection drops (paho.mqtt.c issue 1474), i.e. on every outage under load.
 */
#ifndef DEVICE_MQTT_H
#define DEVICE_MQTT_H

#include <stddef.h>
#include <stdint.h>

enum mqtt_event_type {
    MQTT_CONNECTED,
    MQTT_CONNECT_FAILED, /* code: CONNACK return/reason code or a negative Paho code; text: why */
    MQTT_LOST,           /* text: why, when known */
    MQTT_MESSAGE,        /* topic, payload */
    MQTT_PUBLISHED,      /* token: what mqtt_publish returned (QoS 1: the PUBACK arrived) */
    MQTT_PUBLISH_FAILED, /* token, code, text */
    MQTT_SUBSCRIBED,     /* token: what mqtt_subscribe returned */
    MQTT_SUBSCRIBE_FAILED
};

struct mqtt_event {
    enum mqtt_event_type type;
    int token;
    int code;
    char *text;
    char *topic;
    char *payload; /* NUL-terminated for convenience; payload_length bytes */
    size_t payload_length;
    struct mqtt_event *next;
};

struct mqtt_options {
    const char *host;
    int port;
    const char *client_id;
    int version; /* 5, or 4 for 3.1.1 */
    int keep_alive_s;
    int persistent;             /* keep the session (subscriptions, queued QoS 1 messages) while away */
    uint32_t session_expiry_s; /* MQTT 5 */
    const char *root_ca;        /* PEM files */
    const char *certificate;
    const char *private_key;
};

struct mqtt;

/* Connects (blocking, 15 s at most); MQTT_CONNECTED or MQTT_CONNECT_FAILED is queued. NULL if it cannot start. */
struct mqtt *mqtt_connect(const struct mqtt_options *options, char *error, size_t error_size);

/* Waits up to timeout_ms for the next event: 1 with *event set (free it with mqtt_event_free), 0 on timeout. */
int mqtt_next_event(struct mqtt *mqtt, int timeout_ms, struct mqtt_event **event);
void mqtt_event_free(struct mqtt_event *event);

/* The result comes as an event with the returned token. -1 when it cannot be sent (not connected). */
int mqtt_subscribe(struct mqtt *mqtt, const char *filter, int qos);
int mqtt_publish(struct mqtt *mqtt, const char *topic, const void *payload, size_t length, int qos);

/* Disconnects cleanly when connected (MQTT DISCONNECT, so no will is sent) and frees everything. */
void mqtt_close(struct mqtt *mqtt);

#endif
