#include "provision.h"

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "identity.h"
#include "log.h"
#include "mqtt.h"

#define ANSWER_TIMEOUT_MS 30000

/*
 * Waits for the answer to a request: a message on <request>/accepted (returned, parsed) or <request>/rejected
 * (an error with AWS's errorCode and errorMessage). Anything else that happens meanwhile is dropped.
 */
static cJSON *await_answer(struct mqtt *mqtt, const char *request, volatile sig_atomic_t *stop, char *error,
                           size_t error_size) {
    size_t length = strlen(request);
    for (int waited = 0; waited < ANSWER_TIMEOUT_MS && !*stop; waited += 200) {
        struct mqtt_event *event;
        if (!mqtt_next_event(mqtt, 200, &event)) {
            continue;
        }
        cJSON *answer = NULL;
        int done = 1;
        if (event->type == MQTT_LOST || event->type == MQTT_PUBLISH_FAILED) {
            snprintf(error, error_size, "%s: %s", request, event->text != NULL ? event->text : "connection lost");
        } else if (event->type == MQTT_MESSAGE && strncmp(event->topic, request, length) == 0 &&
                   strcmp(event->topic + length, "/accepted") == 0) {
            answer = cJSON_Parse(event->payload);
            if (!cJSON_IsObject(answer)) {
                snprintf(error, error_size, "%s/accepted: not a JSON object", request);
                cJSON_Delete(answer);
                answer = NULL;
            }
        } else if (event->type == MQTT_MESSAGE && strncmp(event->topic, request, length) == 0 &&
                   strcmp(event->topic + length, "/rejected") == 0) {
            cJSON *refusal = cJSON_Parse(event->payload);
            const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(refusal, "errorCode"));
            const char *message = cJSON_GetStringValue(cJSON_GetObjectItem(refusal, "errorMessage"));
            snprintf(error, error_size, "%s was rejected: %s: %s", request, code != NULL ? code : "?",
                     message != NULL ? message : "(no message)");
            cJSON_Delete(refusal);
        } else {
            done = 0;
        }
        mqtt_event_free(event);
        if (done) {
            return answer;
        }
    }
    snprintf(error, error_size, *stop ? "stopped" : "no answer on %s/accepted within 30 s", request);
    return NULL;
}

/* Waits until the connection is up and the four answer topics are subscribed. */
static int await_ready(struct mqtt *mqtt, int subscriptions_expected, volatile sig_atomic_t *stop, char *error,
                       size_t error_size) {
    for (int waited = 0; waited < ANSWER_TIMEOUT_MS && !*stop; waited += 200) {
        struct mqtt_event *event;
        if (!mqtt_next_event(mqtt, 200, &event)) {
            continue;
        }
        int failed = event->type == MQTT_CONNECT_FAILED || event->type == MQTT_LOST ||
                     event->type == MQTT_SUBSCRIBE_FAILED;
        if (failed) {
            snprintf(error, error_size, "%s", event->text != NULL ? event->text : "connection lost");
        }
        if (event->type == MQTT_SUBSCRIBED) {
            subscriptions_expected--;
        }
        mqtt_event_free(event);
        if (failed) {
            return -1;
        }
        if (subscriptions_expected == 0) {
            return 0;
        }
    }
    snprintf(error, error_size, *stop ? "stopped" : "not connected and subscribed within 30 s");
    return -1;
}

static int subscribe_answers(struct mqtt *mqtt, const char *request) {
    char topic[600];
    snprintf(topic, sizeof topic, "%s/accepted", request);
    int accepted = mqtt_subscribe(mqtt, topic, 1);
    snprintf(topic, sizeof topic, "%s/rejected", request);
    int rejected = mqtt_subscribe(mqtt, topic, 1);
    return accepted < 0 || rejected < 0 ? -1 : 0;
}

static int publish_json(struct mqtt *mqtt, const char *topic, cJSON *body) {
    char *text = cJSON_PrintUnformatted(body);
    int token = text != NULL ? mqtt_publish(mqtt, topic, text, strlen(text), 1) : -1;
    free(text);
    return token < 0 ? -1 : 0;
}

static void wait_connected(struct mqtt *mqtt, volatile sig_atomic_t *stop, int *connected, char *error,
                           size_t error_size) {
    for (int waited = 0; waited < ANSWER_TIMEOUT_MS && !*stop && *connected == 0; waited += 200) {
        struct mqtt_event *event;
        if (mqtt_next_event(mqtt, 200, &event)) {
            if (event->type == MQTT_CONNECTED) {
                *connected = 1;
            } else if (event->type == MQTT_CONNECT_FAILED || event->type == MQTT_LOST) {
                *connected = -1;
                snprintf(error, error_size, "the claim certificate's connection was refused: %s",
                         event->text != NULL ? event->text : "?");
            }
            mqtt_event_free(event);
        }
    }
    if (*connected == 0) {
        snprintf(error, error_size, *stop ? "stopped" : "the claim certificate's connection did not complete within 30 s");
        *connected = -1;
    }
}

int provision_by_claim(const struct config *config, const char *certificate_path, const char *key_path,
                       const char *thing_path, volatile sig_atomic_t *stop, char *error, size_t error_size) {
    const char *create_topic = config->provisioning_api == PROVISION_CSR ? "$aws/certificates/create-from-csr/json"
                                                                         : "$aws/certificates/create/json";
    char register_topic[512];
    snprintf(register_topic, sizeof register_topic, "$aws/provisioning-templates/%s/provision/json",
             config->template_name);
    char client_id[300];
    snprintf(client_id, sizeof client_id, "provision-%s", config->serial);

    struct mqtt_options options = {.host = config->endpoint,
                                   .port = config->port,
                                   .client_id = client_id,
                                   .version = config->mqtt_version,
                                   .keep_alive_s = config->keep_alive_s,
                                   .persistent = 0,
                                   .root_ca = config->root_ca,
                                   .certificate = config->claim_certificate,
                                   .private_key = config->claim_key};
    log_info("provisioning by claim: template %s, serial %s, %s", config->template_name, config->serial,
             create_topic);
    struct mqtt *mqtt = mqtt_connect(&options, error, error_size);
    if (mqtt == NULL) {
        return -1;
    }
    char *key_pem = NULL, *csr_pem = NULL;
    cJSON *created = NULL, *registered = NULL, *request = cJSON_CreateObject();
    int connected = 0, rc = -1;
    wait_connected(mqtt, stop, &connected, error, error_size);
    if (connected < 0) {
        goto done;
    }
    if (subscribe_answers(mqtt, create_topic) != 0 || subscribe_answers(mqtt, register_topic) != 0) {
        snprintf(error, error_size, "cannot subscribe to the provisioning answers");
        goto done;
    }
    if (await_ready(mqtt, 4, stop, error, error_size) != 0) {
        goto done;
    }

    /* 1. a certificate: for our CSR, or with a key made by the platform */
    if (config->provisioning_api == PROVISION_CSR) {
        if (identity_new_key_and_csr(config->serial, &key_pem, &csr_pem) != 0) {
            snprintf(error, error_size, "cannot make a key pair and a CSR");
            goto done;
        }
        cJSON_AddStringToObject(request, "certificateSigningRequest", csr_pem);
    }
    if (publish_json(mqtt, create_topic, request) != 0 ||
        (created = await_answer(mqtt, create_topic, stop, error, error_size)) == NULL) {
        goto done;
    }
    const char *certificate = cJSON_GetStringValue(cJSON_GetObjectItem(created, "certificatePem"));
    const char *token = cJSON_GetStringValue(cJSON_GetObjectItem(created, "certificateOwnershipToken"));
    const char *key = config->provisioning_api == PROVISION_CSR
                          ? key_pem
                          : cJSON_GetStringValue(cJSON_GetObjectItem(created, "privateKey"));
    if (certificate == NULL || token == NULL || key == NULL) {
        snprintf(error, error_size, "%s/accepted lacks certificatePem, privateKey or certificateOwnershipToken",
                 create_topic);
        goto done;
    }
    log_info("got certificate %s", cJSON_GetStringValue(cJSON_GetObjectItem(created, "certificateId")) != NULL
                                       ? cJSON_GetStringValue(cJSON_GetObjectItem(created, "certificateId"))
                                       : "(no id)");

    /* 2. RegisterThing: the template makes the thing, attaches the certificate and policies, activates it */
    cJSON_Delete(request);
    request = cJSON_CreateObject();
    cJSON_AddStringToObject(request, "certificateOwnershipToken", token);
    cJSON *parameters = cJSON_AddObjectToObject(request, "parameters");
    cJSON_AddStringToObject(parameters, "SerialNumber", config->serial);
    if (publish_json(mqtt, register_topic, request) != 0 ||
        (registered = await_answer(mqtt, register_topic, stop, error, error_size)) == NULL) {
        goto done;
    }
    const char *thing = cJSON_GetStringValue(cJSON_GetObjectItem(registered, "thingName"));
    if (thing == NULL || thing[0] == '\0') {
        snprintf(error, error_size, "%s/accepted names no thing", register_topic);
        goto done;
    }

    /* 3. keep the identity: key and certificate first, the thing name last (its file marks a finished run) */
    if (files_write_private(key_path, key, strlen(key)) != 0 ||
        files_write_private(certificate_path, certificate, strlen(certificate)) != 0 ||
        files_write_private(thing_path, thing, strlen(thing)) != 0) {
        snprintf(error, error_size, "cannot store the new identity in %s", config->state_dir);
        goto done;
    }
    log_info("provisioned as thing %s", thing);
    rc = 0;

done:
    mqtt_close(mqtt);
    cJSON_Delete(request);
    cJSON_Delete(created);
    cJSON_Delete(registered);
    if (key_pem != NULL) {
        OPENSSL_cleanse(key_pem, strlen(key_pem)); /* no copy of the private key stays in memory */
        free(key_pem);
    }
    free(csr_pem);
    return rc;
}
