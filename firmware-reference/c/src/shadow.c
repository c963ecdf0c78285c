#include "shadow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "log.h"

void shadow_init(struct shadow *shadow, const char *thing, cJSON *initial_state, shadow_apply apply, void *context) {
    memset(shadow, 0, sizeof *shadow);
    snprintf(shadow->thing, sizeof shadow->thing, "%s", thing);
    shadow->state = initial_state != NULL ? initial_state : cJSON_CreateObject();
    shadow->apply = apply;
    shadow->context = context;
}

void shadow_free(struct shadow *shadow) {
    cJSON_Delete(shadow->state);
    shadow->state = NULL;
}

void shadow_topic(const struct shadow *shadow, const char *suffix, char *topic, size_t size) {
    snprintf(topic, size, "$aws/things/%s/shadow/%s", shadow->thing, suffix);
}

static char *with_token(cJSON *body) {
    char token[33];
    identity_random_token(token);
    cJSON_AddStringToObject(body, "clientToken", token);
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    return text;
}

char *shadow_get_request(void) {
    return with_token(cJSON_CreateObject());
}

/* {"state": {"reported": {key: the device's value, or null when it has none}}} for the keys of `keys` */
static char *report(const struct shadow *shadow, const cJSON *keys) {
    cJSON *body = cJSON_CreateObject();
    cJSON *reported = cJSON_AddObjectToObject(cJSON_AddObjectToObject(body, "state"), "reported");
    const cJSON *key;
    cJSON_ArrayForEach(key, keys) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(shadow->state, key->string);
        cJSON_AddItemToObject(reported, key->string,
                              value != NULL ? cJSON_Duplicate(value, 1) : cJSON_CreateNull());
    }
    return with_token(body);
}

char *shadow_report_all(const struct shadow *shadow) {
    return report(shadow, shadow->state);
}

/* Applies desired values the device accepts: null removes a key, as in a shadow document. */
static void apply(struct shadow *shadow, const cJSON *desired) {
    const cJSON *item;
    cJSON_ArrayForEach(item, desired) {
        if (shadow->apply != NULL && !shadow->apply(shadow->context, item->string, item)) {
            log_warn("shadow: the desired %s is not applied (the device refuses the value)", item->string);
            continue;
        }
        if (cJSON_IsNull(item)) {
            cJSON_DeleteItemFromObjectCaseSensitive(shadow->state, item->string);
        } else if (cJSON_GetObjectItemCaseSensitive(shadow->state, item->string) != NULL) {
            cJSON_ReplaceItemInObjectCaseSensitive(shadow->state, item->string, cJSON_Duplicate(item, 1));
        } else {
            cJSON_AddItemToObject(shadow->state, item->string, cJSON_Duplicate(item, 1));
        }
    }
}

static int version_of(const cJSON *document, long long *version) {
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(document, "version");
    if (!cJSON_IsNumber(value) || value->valuedouble < 0) {
        return -1;
    }
    *version = (long long)value->valuedouble;
    return 0;
}

char *shadow_on_get_accepted(struct shadow *shadow, const char *text) {
    cJSON *document = cJSON_Parse(text);
    long long version;
    if (!cJSON_IsObject(document) || version_of(document, &version) != 0) {
        log_warn("shadow: get/accepted is not a shadow document");
        cJSON_Delete(document);
        return NULL;
    }
    shadow->version = version;
    const cJSON *delta = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(document, "state"), "delta");
    if (cJSON_IsObject(delta)) {
        apply(shadow, delta);
    }
    cJSON_Delete(document);
    return shadow_report_all(shadow);
}

char *shadow_on_delta(struct shadow *shadow, const char *text) {
    cJSON *delta = cJSON_Parse(text);
    long long version;
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(delta, "state");
    char *answer = NULL;
    if (!cJSON_IsObject(state) || version_of(delta, &version) != 0) {
        log_warn("shadow: update/delta is not a delta document");
    } else if (version <= shadow->version) {
        log_info("shadow: ignoring delta version %lld, the device has seen version %lld", version, shadow->version);
    } else {
        shadow->version = version;
        apply(shadow, state);
        answer = report(shadow, state);
    }
    cJSON_Delete(delta);
    return answer;
}

enum shadow_action shadow_on_rejected(const struct shadow *shadow, const char *text) {
    (void)shadow;
    cJSON *error = cJSON_Parse(text);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(error, "code");
    const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error, "message"));
    int number = cJSON_IsNumber(code) ? code->valueint : 0;
    if (number == 404) { /* no shadow yet: the first report makes it */
        log_info("shadow: there is none yet; reporting creates it");
        cJSON_Delete(error);
        return SHADOW_REPORT;
    }
    log_warn("shadow: rejected with %d: %s", number, message != NULL ? message : "(no message)");
    cJSON_Delete(error);
    if (number == 409) {
        return SHADOW_GET; /* someone changed it meanwhile: start from the current document */
    }
    return SHADOW_NOTHING;
}
