#include "mqtt.h"

#include <MQTTClient.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

struct mqtt {
    MQTTClient client;
    int version;
    int next_token; /* subscriptions are answered at once: their tokens are ours */
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct mqtt_event *head, *tail;
};

/* ---- the queue: filled by Paho's threads, emptied by the main loop ---- */

static void enqueue(struct mqtt *mqtt, struct mqtt_event *event) {
    pthread_mutex_lock(&mqtt->lock);
    if (mqtt->tail != NULL) {
        mqtt->tail->next = event;
    } else {
        mqtt->head = event;
    }
    mqtt->tail = event;
    pthread_cond_signal(&mqtt->ready);
    pthread_mutex_unlock(&mqtt->lock);
}

static void push(struct mqtt *mqtt, enum mqtt_event_type type, int token, int code, const char *text) {
    struct mqtt_event *event = calloc(1, sizeof *event);
    if (event == NULL) {
        log_error("out of memory: an MQTT event is lost");
        return;
    }
    event->type = type;
    event->token = token;
    event->code = code;
    event->text = text != NULL ? strdup(text) : NULL;
    enqueue(mqtt, event);
}

int mqtt_next_event(struct mqtt *mqtt, int timeout_ms, struct mqtt_event **event) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&mqtt->lock);
    while (mqtt->head == NULL) {
        if (pthread_cond_timedwait(&mqtt->ready, &mqtt->lock, &deadline) != 0) {
            break;
        }
    }
    *event = mqtt->head;
    if (*event != NULL) {
        mqtt->head = (*event)->next;
        if (mqtt->head == NULL) {
            mqtt->tail = NULL;
        }
        (*event)->next = NULL;
    }
    pthread_mutex_unlock(&mqtt->lock);
    return *event != NULL;
}

void mqtt_event_free(struct mqtt_event *event) {
    if (event != NULL) {
        free(event->text);
        free(event->topic);
        free(event->payload);
        free(event);
    }
}

/* ---- Paho's callbacks (on Paho's thread) ---- */

/* "reason code 135 (Not authorized): <the server's reason string>" */
static void describe(char *text, size_t size, const char *what, int code, MQTTProperties *properties) {
    int n = snprintf(text, size, "%s; reason code %d (%s)", what, code,
                     MQTTReasonCode_toString((enum MQTTReasonCodes)code));
    MQTTProperty *reason = properties != NULL
                               ? MQTTProperties_getProperty(properties, MQTTPROPERTY_CODE_REASON_STRING)
                               : NULL;
    if (reason != NULL && n >= 0 && (size_t)n < size) {
        snprintf(text + n, size - (size_t)n, ": %.*s", reason->value.data.len, reason->value.data.data);
    }
}

static void on_connection_lost(void *context, char *cause) {
    push(context, MQTT_LOST, 0, 0, cause != NULL ? cause : "connection lost");
}

/* MQTT 5: the server closes the connection and says why (e.g. 135 Not authorized when the certificate is revoked) */
static void on_disconnected_by_server(void *context, MQTTProperties *properties, enum MQTTReasonCodes code) {
    char text[512];
    describe(text, sizeof text, "the server disconnected", (int)code, properties);
    push(context, MQTT_LOST, 0, (int)code, text);
}

static int on_message(void *context, char *topic, int topic_length, MQTTClient_message *message) {
    struct mqtt_event *event = calloc(1, sizeof *event);
    size_t length = topic_length > 0 ? (size_t)topic_length : strlen(topic);
    if (event != NULL) {
        event->type = MQTT_MESSAGE;
        event->topic = malloc(length + 1);
        event->payload = malloc((size_t)message->payloadlen + 1);
    }
    if (event == NULL || event->topic == NULL || event->payload == NULL) {
        mqtt_event_free(event);
        return 0; /* Paho delivers it again */
    }
    memcpy(event->topic, topic, length);
    event->topic[length] = '\0';
    memcpy(event->payload, message->payload, (size_t)message->payloadlen);
    event->payload[message->payloadlen] = '\0';
    event->payload_length = (size_t)message->payloadlen;
    MQTTClient_freeMessage(&message);
    MQTTClient_free(topic);
    enqueue(context, event);
    return 1;
}

/* the PUBACK of a QoS 1 message */
static void on_delivered(void *context, MQTTClient_deliveryToken token) {
    push(context, MQTT_PUBLISHED, token, 0, NULL);
}

/* MQTT 5: a PUBACK with an error reason code (quota exceeded, not authorized); comes before on_delivered */
static void on_published(void *context, int token, int packet_type, MQTTProperties *properties,
                         enum MQTTReasonCodes code) {
    (void)packet_type;
    if (code >= MQTTREASONCODE_UNSPECIFIED_ERROR) {
        char text[512];
        describe(text, sizeof text, "PUBACK", (int)code, properties);
        push(context, MQTT_PUBLISH_FAILED, token, (int)code, text);
    }
}

/* OpenSSL's own words for a failed handshake ("certificate verify failed", "unknown ca", ...) */
static int on_tls_error(const char *text, size_t length, void *context) {
    (void)context;
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r')) {
        length--;
    }
    log_warn("TLS: %.*s", (int)length, text);
    return 0;
}

/* ---- the calls the device makes (on its main thread) ---- */

static const char *connack_text(int code) {
    static const char *const texts[] = {"accepted", "unacceptable protocol version", "identifier rejected",
                                        "server unavailable", "bad user name or password", "not authorized"};
    return code > 0 && code <= 5 ? texts[code] : NULL;
}

struct mqtt *mqtt_connect(const struct mqtt_options *options, char *error, size_t error_size) {
    struct mqtt *mqtt = calloc(1, sizeof *mqtt);
    if (mqtt == NULL) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    mqtt->version = options->version;
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&mqtt->ready, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_mutex_init(&mqtt->lock, NULL);

    char uri[512];
    snprintf(uri, sizeof uri, "ssl://%s:%d", options->host, options->port);
    MQTTClient_createOptions create = MQTTClient_createOptions_initializer;
    create.MQTTVersion = options->version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
    /* no Paho persistence: the device keeps what must survive (the telemetry buffer) itself */
    int rc = MQTTClient_createWithOptions(&mqtt->client, uri, options->client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL,
                                          &create);
    if (rc == MQTTCLIENT_SUCCESS) {
        rc = MQTTClient_setCallbacks(mqtt->client, mqtt, on_connection_lost, on_message, on_delivered);
    }
    if (rc == MQTTCLIENT_SUCCESS && options->version == 5) {
        rc = MQTTClient_setDisconnected(mqtt->client, mqtt, on_disconnected_by_server);
    }
    if (rc == MQTTCLIENT_SUCCESS && options->version == 5) {
        rc = MQTTClient_setPublished(mqtt->client, mqtt, on_published);
    }
    if (rc != MQTTCLIENT_SUCCESS) {
        snprintf(error, error_size, "cannot create an MQTT client for %s: %s", uri, MQTTClient_strerror(rc));
        mqtt_close(mqtt);
        return NULL;
    }

    MQTTClient_SSLOptions tls = MQTTClient_SSLOptions_initializer;
    tls.trustStore = options->root_ca; /* trust only the platform's root CA */
    tls.keyStore = options->certificate;
    tls.privateKey = options->private_key;
    tls.enableServerCertAuth = 1;
    tls.verify = 1; /* the server certificate must name the host */
    tls.sslVersion = MQTT_SSL_VERSION_TLS_1_2; /* TLS 1.2 or later */
    tls.disableDefaultTrustStore = 1;
    tls.ssl_error_cb = on_tls_error;

    /* blocks until the CONNACK, at most connectTimeout; the outcome is queued as an event like everything else */
    char text[512];
    if (options->version == 5) {
        MQTTClient_connectOptions connect = MQTTClient_connectOptions_initializer5;
        MQTTProperties properties = MQTTProperties_initializer;
        connect.cleanstart = !options->persistent;
        if (options->persistent) {
            MQTTProperty expiry = {.identifier = MQTTPROPERTY_CODE_SESSION_EXPIRY_INTERVAL,
                                   .value = {.integer4 = options->session_expiry_s}};
            MQTTProperties_add(&properties, &expiry);
        }
        connect.keepAliveInterval = options->keep_alive_s;
        connect.connectTimeout = 15;
        connect.ssl = &tls;
        MQTTResponse response = MQTTClient_connect5(mqtt->client, &connect, &properties, NULL);
        if (response.reasonCode == MQTTREASONCODE_SUCCESS) {
            push(mqtt, MQTT_CONNECTED, 0, 0, NULL);
        } else if ((int)response.reasonCode > 0) { /* the server's CONNACK, with its reason string */
            describe(text, sizeof text, "CONNACK refused", (int)response.reasonCode, response.properties);
            push(mqtt, MQTT_CONNECT_FAILED, 0, (int)response.reasonCode, text);
        } else {
            snprintf(text, sizeof text, "%s (%d)", MQTTClient_strerror((int)response.reasonCode),
                     (int)response.reasonCode);
            push(mqtt, MQTT_CONNECT_FAILED, 0, (int)response.reasonCode, text);
        }
        MQTTResponse_free(response);
        MQTTProperties_free(&properties);
    } else {
        MQTTClient_connectOptions connect = MQTTClient_connectOptions_initializer;
        connect.MQTTVersion = MQTTVERSION_3_1_1;
        connect.cleansession = !options->persistent;
        connect.keepAliveInterval = options->keep_alive_s;
        connect.connectTimeout = 15;
        connect.ssl = &tls;
        rc = MQTTClient_connect(mqtt->client, &connect);
        if (rc == MQTTCLIENT_SUCCESS) {
            push(mqtt, MQTT_CONNECTED, 0, 0, NULL);
        } else {
            if (connack_text(rc) != NULL) {
                snprintf(text, sizeof text, "CONNACK return code %d (%s)", rc, connack_text(rc));
            } else {
                snprintf(text, sizeof text, "%s (%d)", MQTTClient_strerror(rc), rc);
            }
            push(mqtt, MQTT_CONNECT_FAILED, 0, rc, text);
        }
    }
    return mqtt;
}

int mqtt_subscribe(struct mqtt *mqtt, const char *filter, int qos) {
    /* blocks until the SUBACK; the answer is queued as an event with our own token */
    int token = ++mqtt->next_token;
    int code;
    if (mqtt->version == 5) {
        MQTTResponse response = MQTTClient_subscribe5(mqtt->client, filter, qos, NULL, NULL);
        code = (int)response.reasonCode;
        MQTTResponse_free(response);
    } else {
        code = MQTTClient_subscribe(mqtt->client, filter, qos);
    }
    if (code < 0) {
        return -1;
    }
    if (code >= 0x80) {
        char text[256];
        snprintf(text, sizeof text, "SUBACK for %s; reason code %d (%s)", filter, code,
                 MQTTReasonCode_toString((enum MQTTReasonCodes)code));
        push(mqtt, MQTT_SUBSCRIBE_FAILED, token, code, text);
    } else {
        push(mqtt, MQTT_SUBSCRIBED, token, code, NULL);
    }
    return token;
}

int mqtt_publish(struct mqtt *mqtt, const char *topic, const void *payload, size_t length, int qos) {
    /* written at once on this thread; for QoS 1 the PUBACK comes later as MQTT_PUBLISHED */
    MQTTClient_message message = MQTTClient_message_initializer;
    message.payload = (void *)(uintptr_t)payload;
    message.payloadlen = (int)length;
    message.qos = qos;
    MQTTClient_deliveryToken token = 0;
    int code;
    if (mqtt->version == 5) {
        MQTTResponse response = MQTTClient_publishMessage5(mqtt->client, topic, &message, &token);
        code = (int)response.reasonCode;
        MQTTResponse_free(response);
    } else {
        code = MQTTClient_publishMessage(mqtt->client, topic, &message, &token);
    }
    return code == MQTTCLIENT_SUCCESS ? token : -1;
}

void mqtt_close(struct mqtt *mqtt) {
    if (mqtt == NULL) {
        return;
    }
    if (mqtt->client != NULL && MQTTClient_isConnected(mqtt->client)) {
        /* a clean DISCONNECT: the broker sends no last will, and keeps the persistent session */
        if (mqtt->version == 5) {
            MQTTClient_disconnect5(mqtt->client, 1000, MQTTREASONCODE_NORMAL_DISCONNECTION, NULL);
        } else {
            MQTTClient_disconnect(mqtt->client, 1000);
        }
    }
    if (mqtt->client != NULL) {
        MQTTClient_destroy(&mqtt->client);
    }
    struct mqtt_event *event;
    while (mqtt_next_event(mqtt, 0, &event)) {
        mqtt_event_free(event);
    }
    pthread_mutex_destroy(&mqtt->lock);
    pthread_cond_destroy(&mqtt->ready);
    free(mqtt);
}
