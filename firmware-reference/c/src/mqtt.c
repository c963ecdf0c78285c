#include "mqtt.h"

#include <MQTTAsync.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

struct mqtt {
    MQTTAsync client;
    int version;
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

/* ---- Paho's callbacks ---- */

/* "reason code 135 (Not authorized): <the server's reason string>" */
static void describe(char *text, size_t size, int code, MQTTProperties *properties, const char *message) {
    int n = snprintf(text, size, "%s", message != NULL ? message : "");
    if (code > 0 && n >= 0 && (size_t)n < size) {
        n += snprintf(text + n, size - (size_t)n, "%sreason code %d (%s)", n > 0 ? "; " : "", code,
                      MQTTReasonCode_toString((enum MQTTReasonCodes)code));
    }
    MQTTProperty *reason = properties != NULL
                               ? MQTTProperties_getProperty(properties, MQTTPROPERTY_CODE_REASON_STRING)
                               : NULL;
    if (reason != NULL && n >= 0 && (size_t)n < size) {
        snprintf(text + n, size - (size_t)n, ": %.*s", reason->value.data.len, reason->value.data.data);
    }
}

static void on_connected(void *context, MQTTAsync_successData *response) {
    (void)response;
    push(context, MQTT_CONNECTED, 0, 0, NULL);
}

static void on_connected5(void *context, MQTTAsync_successData5 *response) {
    (void)response;
    push(context, MQTT_CONNECTED, 0, 0, NULL);
}

static const char *connack_text(int code) {
    static const char *const texts[] = {"accepted", "unacceptable protocol version", "identifier rejected",
                                        "server unavailable", "bad user name or password", "not authorized"};
    return code > 0 && code <= 5 ? texts[code] : NULL;
}

static void on_connect_failed(void *context, MQTTAsync_failureData *response) {
    char text[512];
    const char *refusal = connack_text(response->code);
    if (refusal != NULL) { /* MQTT 3.1.1 CONNACK return code */
        snprintf(text, sizeof text, "CONNACK return code %d (%s)", response->code, refusal);
    } else {
        snprintf(text, sizeof text, "%s (%d)",
                 response->message != NULL ? response->message : MQTTAsync_strerror(response->code), response->code);
    }
    push(context, MQTT_CONNECT_FAILED, response->token, response->code, text);
}

static void on_connect_failed5(void *context, MQTTAsync_failureData5 *response) {
    /* a CONNACK refusal comes as a positive code (the reason code); Paho does not pass on its reason string */
    int reason = response->reasonCode > 0 ? (int)response->reasonCode : response->code > 0 ? response->code : 0;
    char text[512];
    if (reason > 0) {
        describe(text, sizeof text, reason, &response->properties, "CONNACK refused");
    } else {
        snprintf(text, sizeof text, "%s (%d)",
                 response->message != NULL ? response->message : MQTTAsync_strerror(response->code), response->code);
    }
    push(context, MQTT_CONNECT_FAILED, response->token, reason > 0 ? reason : response->code, text);
}

static void on_connection_lost(void *context, char *cause) {
    push(context, MQTT_LOST, 0, 0, cause != NULL ? cause : "connection lost");
}

/* MQTT 5: the server closes the connection and says why (e.g. 135 Not authorized when the certificate is revoked);
   Paho reports this here and not as a lost connection */
static void on_disconnected_by_server(void *context, MQTTProperties *properties, enum MQTTReasonCodes code) {
    char text[512];
    describe(text, sizeof text, (int)code, properties, "the server disconnected");
    push(context, MQTT_LOST, 0, (int)code, text);
}

static int on_message(void *context, char *topic, int topic_length, MQTTAsync_message *message) {
    struct mqtt *mqtt = context;
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
    MQTTAsync_freeMessage(&message);
    MQTTAsync_free(topic);
    enqueue(mqtt, event);
    return 1;
}

static void on_published(void *context, MQTTAsync_successData *response) {
    push(context, MQTT_PUBLISHED, response->token, 0, NULL);
}

static void on_published5(void *context, MQTTAsync_successData5 *response) {
    if (response->reasonCode >= MQTTREASONCODE_UNSPECIFIED_ERROR) {
        char text[512];
        describe(text, sizeof text, (int)response->reasonCode, &response->properties, "PUBACK");
        push(context, MQTT_PUBLISH_FAILED, response->token, (int)response->reasonCode, text);
    } else {
        push(context, MQTT_PUBLISHED, response->token, 0, NULL);
    }
}

static void on_failed(void *context, MQTTAsync_failureData *response, enum mqtt_event_type type) {
    char text[256];
    snprintf(text, sizeof text, "%s (%d)",
             response->message != NULL ? response->message : MQTTAsync_strerror(response->code), response->code);
    push(context, type, response->token, response->code, text);
}

static void on_failed5(void *context, MQTTAsync_failureData5 *response, enum mqtt_event_type type) {
    char text[512];
    describe(text, sizeof text, (int)response->reasonCode, &response->properties,
             response->message != NULL ? response->message : MQTTAsync_strerror(response->code));
    push(context, type, response->token, response->reasonCode > 0 ? (int)response->reasonCode : response->code,
         text);
}

static void on_publish_failed(void *context, MQTTAsync_failureData *response) {
    on_failed(context, response, MQTT_PUBLISH_FAILED);
}

static void on_publish_failed5(void *context, MQTTAsync_failureData5 *response) {
    on_failed5(context, response, MQTT_PUBLISH_FAILED);
}

static void on_subscribed(void *context, MQTTAsync_successData *response) {
    int refused = response->alt.qos == MQTT_BAD_SUBSCRIBE; /* SUBACK 0x80 */
    push(context, refused ? MQTT_SUBSCRIBE_FAILED : MQTT_SUBSCRIBED, response->token, response->alt.qos,
         refused ? "SUBACK 0x80 (refused)" : NULL);
}

static void on_subscribed5(void *context, MQTTAsync_successData5 *response) {
    if (response->reasonCode >= MQTTREASONCODE_UNSPECIFIED_ERROR) {
        char text[512];
        describe(text, sizeof text, (int)response->reasonCode, &response->properties, "SUBACK");
        push(context, MQTT_SUBSCRIBE_FAILED, response->token, (int)response->reasonCode, text);
    } else {
        push(context, MQTT_SUBSCRIBED, response->token, 0, NULL);
    }
}

static void on_subscribe_failed(void *context, MQTTAsync_failureData *response) {
    on_failed(context, response, MQTT_SUBSCRIBE_FAILED);
}

static void on_subscribe_failed5(void *context, MQTTAsync_failureData5 *response) {
    on_failed5(context, response, MQTT_SUBSCRIBE_FAILED);
}

static void on_disconnect_done(void *context, MQTTAsync_successData *response) {
    (void)response;
    push(context, MQTT_DISCONNECTED, 0, 0, NULL);
}

static void on_disconnect_done5(void *context, MQTTAsync_successData5 *response) {
    (void)response;
    push(context, MQTT_DISCONNECTED, 0, 0, NULL);
}

static void on_disconnect_failed(void *context, MQTTAsync_failureData *response) {
    (void)response;
    push(context, MQTT_DISCONNECTED, 0, 0, NULL);
}

static void on_disconnect_failed5(void *context, MQTTAsync_failureData5 *response) {
    (void)response;
    push(context, MQTT_DISCONNECTED, 0, 0, NULL);
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

/* ---- the calls the device makes ---- */

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
    MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
    create.MQTTVersion = options->version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
    /* no Paho persistence: the device keeps what must survive (the telemetry buffer) itself */
    int rc = MQTTAsync_createWithOptions(&mqtt->client, uri, options->client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL,
                                         &create);
    if (rc == MQTTASYNC_SUCCESS) {
        rc = MQTTAsync_setCallbacks(mqtt->client, mqtt, on_connection_lost, on_message, NULL);
    }
    if (rc == MQTTASYNC_SUCCESS && options->version == 5) {
        rc = MQTTAsync_setDisconnected(mqtt->client, mqtt, on_disconnected_by_server);
    }

    MQTTAsync_SSLOptions tls = MQTTAsync_SSLOptions_initializer;
    tls.trustStore = options->root_ca; /* trust only the platform's root CA */
    tls.keyStore = options->certificate;
    tls.privateKey = options->private_key;
    tls.enableServerCertAuth = 1;
    tls.verify = 1; /* the server certificate must name the host */
    tls.sslVersion = MQTT_SSL_VERSION_TLS_1_2; /* TLS 1.2 or later */
    tls.disableDefaultTrustStore = 1;
    tls.ssl_error_cb = on_tls_error;

    MQTTProperties properties = MQTTProperties_initializer;
    MQTTAsync_connectOptions connect;
    if (options->version == 5) {
        MQTTAsync_connectOptions initial = MQTTAsync_connectOptions_initializer5;
        connect = initial;
        connect.cleanstart = !options->persistent;
        if (options->persistent) {
            MQTTProperty expiry = {.identifier = MQTTPROPERTY_CODE_SESSION_EXPIRY_INTERVAL,
                                   .value = {.integer4 = options->session_expiry_s}};
            MQTTProperties_add(&properties, &expiry);
            connect.connectProperties = &properties;
        }
        connect.onSuccess5 = on_connected5;
        connect.onFailure5 = on_connect_failed5;
    } else {
        MQTTAsync_connectOptions initial = MQTTAsync_connectOptions_initializer;
        connect = initial;
        connect.MQTTVersion = MQTTVERSION_3_1_1;
        connect.cleansession = !options->persistent;
        connect.onSuccess = on_connected;
        connect.onFailure = on_connect_failed;
    }
    connect.keepAliveInterval = options->keep_alive_s;
    connect.connectTimeout = 20;
    connect.automaticReconnect = 0; /* the device reconnects itself, with backoff and jitter */
    connect.ssl = &tls;
    connect.context = mqtt;
    if (rc == MQTTASYNC_SUCCESS) {
        rc = MQTTAsync_connect(mqtt->client, &connect);
    }
    MQTTProperties_free(&properties);
    if (rc != MQTTASYNC_SUCCESS) {
        snprintf(error, error_size, "cannot start connecting to %s: %s", uri, MQTTAsync_strerror(rc));
        mqtt_close(mqtt);
        return NULL;
    }
    return mqtt;
}

int mqtt_subscribe(struct mqtt *mqtt, const char *filter, int qos) {
    MQTTAsync_responseOptions response = MQTTAsync_responseOptions_initializer;
    response.context = mqtt;
    if (mqtt->version == 5) {
        response.onSuccess5 = on_subscribed5;
        response.onFailure5 = on_subscribe_failed5;
    } else {
        response.onSuccess = on_subscribed;
        response.onFailure = on_subscribe_failed;
    }
    int rc = MQTTAsync_subscribe(mqtt->client, filter, qos, &response);
    return rc == MQTTASYNC_SUCCESS ? response.token : -1;
}

int mqtt_publish(struct mqtt *mqtt, const char *topic, const void *payload, size_t length, int qos) {
    MQTTAsync_responseOptions response = MQTTAsync_responseOptions_initializer;
    response.context = mqtt;
    if (mqtt->version == 5) {
        response.onSuccess5 = on_published5;
        response.onFailure5 = on_publish_failed5;
    } else {
        response.onSuccess = on_published;
        response.onFailure = on_publish_failed;
    }
    MQTTAsync_message message = MQTTAsync_message_initializer;
    message.payload = (void *)(uintptr_t)payload;
    message.payloadlen = (int)length;
    message.qos = qos;
    int rc = MQTTAsync_sendMessage(mqtt->client, topic, &message, &response);
    return rc == MQTTASYNC_SUCCESS ? response.token : -1;
}

void mqtt_close(struct mqtt *mqtt) {
    if (mqtt == NULL) {
        return;
    }
    if (mqtt->client != NULL && MQTTAsync_isConnected(mqtt->client)) {
        MQTTAsync_disconnectOptions disconnect = MQTTAsync_disconnectOptions_initializer;
        if (mqtt->version == 5) {
            MQTTAsync_disconnectOptions initial = MQTTAsync_disconnectOptions_initializer5;
            disconnect = initial;
            disconnect.onSuccess5 = on_disconnect_done5;
            disconnect.onFailure5 = on_disconnect_failed5;
        } else {
            disconnect.onSuccess = on_disconnect_done;
            disconnect.onFailure = on_disconnect_failed;
        }
        disconnect.context = mqtt;
        disconnect.timeout = 1000;
        if (MQTTAsync_disconnect(mqtt->client, &disconnect) == MQTTASYNC_SUCCESS) {
            struct mqtt_event *event;
            for (int waited = 0; waited < 3000; waited += 100) { /* the DISCONNECT is on its way */
                if (mqtt_next_event(mqtt, 100, &event)) {
                    int done = event->type == MQTT_DISCONNECTED || event->type == MQTT_LOST;
                    mqtt_event_free(event);
                    if (done) {
                        break;
                    }
                }
            }
        }
    }
    if (mqtt->client != NULL) {
        MQTTAsync_destroy(&mqtt->client);
    }
    struct mqtt_event *event;
    while (mqtt_next_event(mqtt, 0, &event)) {
        mqtt_event_free(event);
    }
    pthread_mutex_destroy(&mqtt->lock);
    pthread_cond_destroy(&mqtt->ready);
    free(mqtt);
}
