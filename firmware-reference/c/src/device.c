/*
 * The Thingstead reference device in C: a small program that behaves as AWS IoT's IoT Lens asks a device to behave,
 * against Thingstead or AWS IoT, unchanged apart from the endpoint and the root CA.
 *
 *   1. Time: certificates are valid within dates, so it waits (with backoff) for a plausible clock (NTP) first.
 *   2. Identity: on first boot it provisions itself by claim and keeps its own certificate and key (0600).
 *   3. Connection: MQTT 5 (or 3.1.1) over mutual TLS, client id = thing name, persistent session, keep-alive;
 *      after a failure it retries with exponential backoff and full jitter, and logs why.
 *   4. Telemetry on dt/<thing>/telemetry: every reading first goes into a bounded buffer on disk, then is sent in
 *      order, at a limited rate, with QoS 1, and removed after the PUBACK.
 *   5. Shadow: reports its state on connect, applies desired changes (delta) and reports them back.
 *   6. Jobs: answers every job it is given (REJECTED for now, with the reason).
 *   7. SIGTERM or SIGINT: disconnects cleanly, keeps the buffer, exits 0.
 *
 * Usage: thingstead-device [device.conf]
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backoff.h"
#include "config.h"
#include "files.h"
#include "jobs.h"
#include "log.h"
#include "mqtt.h"
#include "provision.h"
#include "ring.h"
#include "shadow.h"

extern char **environ;

static volatile sig_atomic_t stop_requested;

static void on_signal(int number) {
    (void)number;
    stop_requested = 1;
}

struct device {
    struct config config;
    char thing[CONFIG_TEXT];
    char certificate[CONFIG_PATH + 16], key[CONFIG_PATH + 16], thing_file[CONFIG_PATH + 16];
    char telemetry_topic[CONFIG_TEXT + 32];
    struct backoff backoff;
    struct ring ring;
    struct shadow shadow;
    struct jobs jobs;
    uint64_t interval_ms; /* the shadow's telemetryIntervalSeconds changes it */

    /* the connection */
    struct mqtt *mqtt;
    int connected;
    int subscriptions_pending;
    int jobs_subscribed;    /* every jobs subscription granted: the policy lets this device use Jobs */
    int jobs_tokens[8];
    int jobs_token_count;
    int inflight_token; /* the telemetry reading waiting for its PUBACK, or -1 */
    uint64_t inflight_sequence;
    uint64_t reconnect_at, next_reading_at, next_send_at;
    uint64_t sent;
};

static uint64_t now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* Sleeps, but wakes up within 100 ms of a stop request. */
static void sleep_ms(uint64_t milliseconds) {
    uint64_t until = now_ms() + milliseconds;
    for (uint64_t now = now_ms(); now < until && !stop_requested; now = now_ms()) {
        uint64_t step = until - now < 100 ? until - now : 100;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)step * 1000000L};
        nanosleep(&pause, NULL);
    }
}

static void wait_for_time(struct device *device) {
    for (;;) {
        time_t now = time(NULL);
        struct tm utc;
        gmtime_r(&now, &utc);
        if (utc.tm_year + 1900 >= 2025 || stop_requested) {
            break;
        }
        uint64_t wait = backoff_next_ms(&device->backoff);
        log_warn("the clock says %d-%02d-%02d; waiting %llu ms for time synchronisation", utc.tm_year + 1900,
                 utc.tm_mon + 1, utc.tm_mday, (unsigned long long)wait);
        sleep_ms(wait);
    }
    backoff_reset(&device->backoff);
}

/* The identity: from the configuration, from an earlier provisioning, or provisioned by claim now. */
static int identity(struct device *device) {
    struct config *config = &device->config;
    if (config->certificate[0] != '\0') {
        snprintf(device->certificate, sizeof device->certificate, "%s", config->certificate);
        snprintf(device->key, sizeof device->key, "%s", config->private_key);
        snprintf(device->thing, sizeof device->thing, "%s", config->thing_name);
        return 0;
    }
    snprintf(device->certificate, sizeof device->certificate, "%s/device.pem", config->state_dir);
    snprintf(device->key, sizeof device->key, "%s/device.key", config->state_dir);
    snprintf(device->thing_file, sizeof device->thing_file, "%s/thing-name", config->state_dir);
    while (!files_exist(device->thing_file) && !stop_requested) {
        char error[512];
        if (provision_by_claim(config, device->certificate, device->key, device->thing_file, &stop_requested, error,
                               sizeof error) == 0) {
            backoff_reset(&device->backoff);
            break;
        }
        uint64_t wait = backoff_next_ms(&device->backoff);
        log_warn("provisioning failed (%s); retrying in %llu ms", error, (unsigned long long)wait);
        sleep_ms(wait);
    }
    if (stop_requested) {
        return -1;
    }
    char *name = files_read(device->thing_file, NULL);
    if (name == NULL) {
        log_error("cannot read %s: %s", device->thing_file, strerror(errno));
        return -1;
    }
    name[strcspn(name, "\r\n")] = '\0';
    snprintf(device->thing, sizeof device->thing, "%s", name);
    free(name);
    return 0;
}

/* ---- the device's own state, as the shadow sees it ---- */

static int apply_setting(void *context, const char *key, const cJSON *value) {
    struct device *device = context;
    if (strcmp(key, "telemetryIntervalSeconds") == 0) {
        if (!cJSON_IsNumber(value) || value->valuedouble < 0.1 || value->valuedouble > 86400) {
            return 0;
        }
        device->interval_ms = (uint64_t)(value->valuedouble * 1000);
        log_info("telemetry every %llu ms now", (unsigned long long)device->interval_ms);
        return 1;
    }
    if (strcmp(key, "color") == 0) {
        if (!cJSON_IsString(value) || strlen(value->valuestring) > 32) {
            return 0;
        }
        log_info("the lamp is %s now", value->valuestring);
        return 1;
    }
    return 1; /* other settings are kept and reported as they are */
}

/* ---- telemetry ---- */

static void take_reading(struct device *device) {
    uint64_t sequence = ring_next_sequence(&device->ring);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    double temperature = 20 + 5 * sin((double)sequence / 10.0);
    char reading[RING_PAYLOAD_MAX];
    int length = snprintf(reading, sizeof reading,
                          "{\"sequence\":%llu,\"timestamp\":%lld,\"temperature\":%.1f,\"dropped\":%llu}",
                          (unsigned long long)sequence, (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000,
                          temperature, (unsigned long long)ring_dropped(&device->ring));
    if (ring_append(&device->ring, reading, (uint32_t)length) != 0) {
        log_error("cannot buffer reading %llu: %s", (unsigned long long)sequence, strerror(errno));
    }
}

/* Sends the oldest buffered reading, one at a time: the next goes only after this one's PUBACK, so order holds. */
static void send_next(struct device *device) {
    uint64_t sequence;
    uint32_t length;
    char payload[RING_PAYLOAD_MAX];
    if (ring_peek(&device->ring, &sequence, payload, &length) != 1) {
        return;
    }
    int token = mqtt_publish(device->mqtt, device->telemetry_topic, payload, length, 1);
    if (token >= 0) {
        device->inflight_token = token;
        device->inflight_sequence = sequence;
    }
    device->next_send_at = now_ms() + (uint64_t)(1000.0 / device->config.drain_rate);
}

/* ---- the connection ---- */

static void publish_text(struct device *device, const char *topic, char *body) {
    if (body != NULL && mqtt_publish(device->mqtt, topic, body, strlen(body), 1) < 0) {
        log_warn("cannot publish to %s", topic);
    }
    free(body);
}

static void connect_now(struct device *device) {
    struct mqtt_options options = {.host = device->config.endpoint,
                                   .port = device->config.port,
                                   .client_id = device->thing,
                                   .version = device->config.mqtt_version,
                                   .keep_alive_s = device->config.keep_alive_s,
                                   .persistent = 1,
                                   .session_expiry_s = device->config.session_expiry_s,
                                   .root_ca = device->config.root_ca,
                                   .certificate = device->certificate,
                                   .private_key = device->key};
    char error[512];
    log_info("connecting to %s:%d as %s (MQTT %s)", options.host, options.port, device->thing,
             options.version == 5 ? "5" : "3.1.1");
    device->mqtt = mqtt_connect(&options, error, sizeof error);
    if (device->mqtt == NULL) {
        log_error("%s", error);
    }
}

/* After a failed or lost connection: close it and wait before the next attempt. */
static void retry_later(struct device *device, const char *what, const char *why) {
    unsigned attempt = device->backoff.attempt + 1;
    uint64_t window = backoff_window_ms(&device->backoff);
    uint64_t wait = backoff_next_ms(&device->backoff);
    log_warn("%s: %s; retrying in %llu ms (attempt %u, backoff window %llu ms)", what, why != NULL ? why : "unknown",
             (unsigned long long)wait, attempt, (unsigned long long)window);
    mqtt_close(device->mqtt);
    device->mqtt = NULL;
    device->connected = 0;
    device->inflight_token = -1;
    device->reconnect_at = now_ms() + wait;
}

/* jobs: whether this is a jobs subscription, whose refusal means the device does not use Jobs */
static void subscribe(struct device *device, const char *topic, int jobs) {
    int token = mqtt_subscribe(device->mqtt, topic, 1);
    if (token < 0) {
        device->jobs_subscribed = jobs ? 0 : device->jobs_subscribed;
        return;
    }
    device->subscriptions_pending++;
    if (jobs && device->jobs_token_count < (int)(sizeof device->jobs_tokens / sizeof device->jobs_tokens[0])) {
        device->jobs_tokens[device->jobs_token_count++] = token;
    }
}

static void on_connected(struct device *device) {
    device->connected = 1;
    backoff_reset(&device->backoff);
    log_info("connected; %llu readings buffered, %llu dropped since the buffer was made",
             (unsigned long long)ring_pending(&device->ring), (unsigned long long)ring_dropped(&device->ring));
    char topic[512];
    const char *shadow_topics[] = {"get/accepted", "get/rejected", "update/delta", "update/accepted",
                                   "update/rejected"};
    for (size_t i = 0; i < sizeof shadow_topics / sizeof shadow_topics[0]; i++) {
        shadow_topic(&device->shadow, shadow_topics[i], topic, sizeof topic);
        subscribe(device, topic, 0);
    }
    device->jobs_subscribed = device->config.jobs;
    device->jobs_token_count = 0;
    if (device->config.jobs) {
        const char *jobs_topics[] = {"notify-next", "start-next/accepted", "start-next/rejected", "+/update/accepted",
                                     "+/update/rejected"};
        for (size_t i = 0; i < sizeof jobs_topics / sizeof jobs_topics[0]; i++) {
            jobs_topic(&device->jobs, jobs_topics[i], topic, sizeof topic);
            subscribe(device, topic, 1);
        }
    }
}

/* Every subscription is answered: now ask for the shadow and the next job (their answers have somewhere to go). */
static void on_subscribed(struct device *device) {
    char topic[512];
    shadow_topic(&device->shadow, "get", topic, sizeof topic);
    publish_text(device, topic, shadow_get_request());
    if (device->jobs_subscribed) {
        jobs_topic(&device->jobs, "start-next", topic, sizeof topic);
        cJSON *body = cJSON_CreateObject();
        cJSON_AddStringToObject(body, "clientToken", device->thing);
        publish_text(device, topic, cJSON_PrintUnformatted(body));
        cJSON_Delete(body);
    }
}

static int ends_with(const char *text, const char *suffix) {
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

static void on_message(struct device *device, const char *topic, const char *payload) {
    char expected[512], reply[512];
    shadow_topic(&device->shadow, "", expected, sizeof expected);
    if (strncmp(topic, expected, strlen(expected)) == 0) {
        const char *suffix = topic + strlen(expected);
        char *body = NULL;
        enum shadow_action action = SHADOW_NOTHING;
        if (strcmp(suffix, "get/accepted") == 0) {
            body = shadow_on_get_accepted(&device->shadow, payload);
        } else if (strcmp(suffix, "update/delta") == 0) {
            body = shadow_on_delta(&device->shadow, payload);
        } else if (ends_with(suffix, "/rejected")) {
            action = shadow_on_rejected(&device->shadow, payload);
        }
        if (action == SHADOW_REPORT) {
            body = shadow_report_all(&device->shadow);
        }
        shadow_topic(&device->shadow, action == SHADOW_GET ? "get" : "update", reply, sizeof reply);
        publish_text(device, reply, action == SHADOW_GET ? shadow_get_request() : body);
        return;
    }
    jobs_topic(&device->jobs, "", expected, sizeof expected);
    if (strncmp(topic, expected, strlen(expected)) == 0) {
        const char *suffix = topic + strlen(expected);
        if (strcmp(suffix, "notify-next") == 0 || strcmp(suffix, "start-next/accepted") == 0) {
            publish_text(device, reply, jobs_on_execution(&device->jobs, payload, reply, sizeof reply));
        } else if (ends_with(suffix, "/rejected")) {
            log_warn("jobs: %s: %s", suffix, payload);
        }
    }
}

static void handle(struct device *device, struct mqtt_event *event) {
    switch (event->type) {
    case MQTT_CONNECTED:
        on_connected(device);
        break;
    case MQTT_CONNECT_FAILED:
        retry_later(device, "connection refused or failed", event->text);
        break;
    case MQTT_LOST:
        retry_later(device, "connection lost", event->text);
        break;
    case MQTT_SUBSCRIBED:
    case MQTT_SUBSCRIBE_FAILED:
        if (event->type == MQTT_SUBSCRIBE_FAILED) {
            log_warn("a subscription was refused: %s", event->text != NULL ? event->text : "?");
            for (int i = 0; i < device->jobs_token_count; i++) {
                /* with MQTT 3.1.1 a publish the policy denies would cost the connection: no jobs requests */
                device->jobs_subscribed = device->jobs_tokens[i] == event->token ? 0 : device->jobs_subscribed;
            }
        }
        if (--device->subscriptions_pending == 0) {
            on_subscribed(device);
        }
        break;
    case MQTT_MESSAGE:
        on_message(device, event->topic, event->payload);
        break;
    case MQTT_PUBLISHED:
        if (event->token == device->inflight_token) {
            ring_acknowledge(&device->ring, device->inflight_sequence);
            device->inflight_token = -1;
            device->sent++;
        }
        break;
    case MQTT_PUBLISH_FAILED:
        if (event->token == device->inflight_token) {
            /* kept in the buffer; a refusal (quota, policy) is not retried at once */
            uint64_t wait = backoff_next_ms(&device->backoff);
            log_warn("reading %llu was refused (%s); sending again in %llu ms",
                     (unsigned long long)device->inflight_sequence, event->text != NULL ? event->text : "?",
                     (unsigned long long)wait);
            device->inflight_token = -1;
            device->next_send_at = now_ms() + wait;
        } else {
            log_warn("a publish was refused: %s", event->text != NULL ? event->text : "?");
        }
        break;
    }
}

static int run(struct device *device) {
    uint64_t now = now_ms();
    device->inflight_token = -1;
    device->next_reading_at = now;
    device->reconnect_at = now;
    while (!stop_requested) {
        now = now_ms();
        if (device->mqtt == NULL && now >= device->reconnect_at) {
            connect_now(device);
            if (device->mqtt == NULL) {
                retry_later(device, "cannot connect", "see above");
            }
        }
        if (now >= device->next_reading_at) {
            take_reading(device);
            device->next_reading_at += device->interval_ms;
            if (device->next_reading_at < now) { /* fell behind (a stop of the process): no burst of readings */
                device->next_reading_at = now + device->interval_ms;
            }
        }
        if (device->connected && device->inflight_token < 0 && now >= device->next_send_at) {
            send_next(device);
        }

        /* wait for the next thing to do: an MQTT event, a reading, a send, a reconnect; at most 100 ms */
        uint64_t until = device->next_reading_at;
        if (device->connected && device->inflight_token < 0 && ring_pending(&device->ring) > 0 &&
            device->next_send_at < until) {
            until = device->next_send_at;
        }
        if (device->mqtt == NULL && device->reconnect_at < until) {
            until = device->reconnect_at;
        }
        now = now_ms();
        int timeout = until <= now ? 0 : (until - now > 100 ? 100 : (int)(until - now));
        struct mqtt_event *event;
        if (device->mqtt != NULL) {
            while (device->mqtt != NULL && mqtt_next_event(device->mqtt, timeout, &event)) {
                handle(device, event);
                mqtt_event_free(event);
                timeout = 0;
            }
        } else {
            sleep_ms((uint64_t)timeout);
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "device.conf";
    static struct device device; /* one, for the program's life */
    char error[512];
    if (config_load(&device.config, path, environ, error, sizeof error) != 0) {
        log_error("%s", error);
        return 2;
    }
    if (device.config.verbose) {
        log_set_level(LOG_DEBUG);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal; /* no SA_RESTART: sleeps end at once */
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN); /* a write to a closed socket is an error, not the end of the process */

    backoff_init(&device.backoff, device.config.backoff_base_ms, device.config.backoff_max_ms, NULL);
    device.interval_ms = device.config.telemetry_interval_ms;
    int status = 0;
    if (files_make_directory(device.config.state_dir) != 0) {
        log_error("cannot create %s: %s", device.config.state_dir, strerror(errno));
        return 1;
    }
    wait_for_time(&device);
    if (identity(&device) != 0) {
        log_info("stopped before the device had an identity");
        return stop_requested ? 0 : 1;
    }
    log_info("I am %s", device.thing);
    char ring_path[CONFIG_PATH + 16];
    snprintf(ring_path, sizeof ring_path, "%s/telemetry.ring", device.config.state_dir);
    if (ring_open(&device.ring, ring_path, device.config.buffer_capacity, error, sizeof error) != 0) {
        log_error("%s", error);
        return 1;
    }
    snprintf(device.telemetry_topic, sizeof device.telemetry_topic, "dt/%s/telemetry", device.thing);

    cJSON *state = cJSON_CreateObject();
    cJSON_AddStringToObject(state, "color", "off");
    cJSON_AddNumberToObject(state, "telemetryIntervalSeconds", (double)device.interval_ms / 1000.0);
    shadow_init(&device.shadow, device.thing, state, apply_setting, &device);
    jobs_init(&device.jobs, device.thing);

    status = run(&device);

    log_info("stopping: %llu readings sent, %llu buffered, %llu dropped", (unsigned long long)device.sent,
             (unsigned long long)ring_pending(&device.ring), (unsigned long long)ring_dropped(&device.ring));
    mqtt_close(device.mqtt);
    ring_close(&device.ring);
    shadow_free(&device.shadow);
    log_info("stopped");
    return status;
}
