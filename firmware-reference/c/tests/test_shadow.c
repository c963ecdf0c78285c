#include <string.h>

#include "check.h"
#include "shadow.h"

static int applied;

/* the device accepts anything but a numeric color */
static int apply(void *context, const char *key, const cJSON *value) {
    (void)context;
    applied++;
    return !(strcmp(key, "color") == 0 && cJSON_IsNumber(value));
}

static cJSON *reported(char *text) {
    cJSON *body = cJSON_Parse(text);
    free(text);
    cJSON *value = cJSON_DetachItemFromObject(cJSON_GetObjectItem(body, "state"), "reported");
    CHECK(cJSON_GetStringValue(cJSON_GetObjectItem(body, "clientToken")) != NULL);
    cJSON_Delete(body);
    return value;
}

int main(void) {
    struct shadow shadow;
    cJSON *initial = cJSON_CreateObject();
    cJSON_AddStringToObject(initial, "color", "off");
    cJSON_AddNumberToObject(initial, "telemetryIntervalSeconds", 5);
    shadow_init(&shadow, "lamp-1", initial, apply, NULL);

    char topic[256];
    shadow_topic(&shadow, "update/delta", topic, sizeof topic);
    CHECK(strcmp(topic, "$aws/things/lamp-1/shadow/update/delta") == 0);

    /* on connect: what was desired meanwhile is applied, then everything is reported */
    cJSON *report = reported(shadow_on_get_accepted(
        &shadow, "{\"state\":{\"desired\":{\"color\":\"red\"},\"delta\":{\"color\":\"red\"}},\"version\":7}"));
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(report, "color")), "red") == 0);
    CHECK(cJSON_GetObjectItem(report, "telemetryIntervalSeconds")->valuedouble == 5);
    CHECK(shadow.version == 7);
    cJSON_Delete(report);

    /* a delta: applied, and exactly what it named is reported */
    report = reported(shadow_on_delta(&shadow, "{\"state\":{\"color\":\"green\",\"mode\":\"eco\"},\"version\":8}"));
    CHECK(cJSON_GetArraySize(report) == 2);
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(report, "color")), "green") == 0);
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(report, "mode")), "eco") == 0);
    cJSON_Delete(report);

    /* versions respected: a delta not newer than the last one seen is ignored (a redelivery, or overtaken) */
    applied = 0;
    CHECK(shadow_on_delta(&shadow, "{\"state\":{\"color\":\"blue\"},\"version\":8}") == NULL);
    CHECK(shadow_on_delta(&shadow, "{\"state\":{\"color\":\"blue\"},\"version\":5}") == NULL);
    CHECK(applied == 0);
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(shadow.state, "color")), "green") == 0);

    /* a value the device refuses is not applied: the current value is reported, so the delta stays visible */
    report = reported(shadow_on_delta(&shadow, "{\"state\":{\"color\":42},\"version\":9}"));
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(report, "color")), "green") == 0);
    cJSON_Delete(report);

    /* null removes a setting, and is reported as null */
    report = reported(shadow_on_delta(&shadow, "{\"state\":{\"mode\":null},\"version\":10}"));
    CHECK(cJSON_IsNull(cJSON_GetObjectItem(report, "mode")));
    CHECK(cJSON_GetObjectItem(shadow.state, "mode") == NULL);
    cJSON_Delete(report);

    /* rejections: 404 (no shadow yet) -> report, 409 (version conflict) -> get again, others -> nothing */
    CHECK(shadow_on_rejected(&shadow, "{\"code\":404,\"message\":\"No shadow exists with name: 'lamp-1'\"}") ==
          SHADOW_REPORT);
    CHECK(shadow_on_rejected(&shadow, "{\"code\":409,\"message\":\"Version conflict\"}") == SHADOW_GET);
    CHECK(shadow_on_rejected(&shadow, "{\"code\":400,\"message\":\"Missing required node: state\"}") ==
          SHADOW_NOTHING);

    /* not documents: nothing happens */
    CHECK(shadow_on_delta(&shadow, "not json") == NULL);
    CHECK(shadow_on_delta(&shadow, "{\"state\":{}}") == NULL);
    CHECK(shadow_on_get_accepted(&shadow, "[1]") == NULL);
    char *get = shadow_get_request();
    CHECK(strstr(get, "\"clientToken\"") != NULL);
    free(get);
    shadow_free(&shadow);
    CHECK_DONE();
}
