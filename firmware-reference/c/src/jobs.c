#include "jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "log.h"

/*
 * The operations this device can run, by the job document's "operation" (e.g. {"operation": "reboot"}). The jobs
 * issue adds command jobs and OTA (with signature check and rollback) here; until then the table is empty and every
 * job is rejected with a reason.
 */
static const struct job_handler handlers[] = {{NULL, NULL}};

void jobs_init(struct jobs *jobs, const char *thing) {
    memset(jobs, 0, sizeof *jobs);
    snprintf(jobs->thing, sizeof jobs->thing, "%s", thing);
    jobs->last_version = -1;
}

void jobs_topic(const struct jobs *jobs, const char *suffix, char *topic, size_t size) {
    snprintf(topic, size, "$aws/things/%s/jobs/%s", jobs->thing, suffix);
}

/* AWS job ids: 1 to 64 of [a-zA-Z0-9_-]; anything else must not reach a topic name */
static int valid_job_id(const char *id) {
    size_t length = strlen(id);
    if (length == 0 || length > 64) {
        return 0;
    }
    return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == length;
}

static void run(const cJSON *document, struct job_result *result) {
    const char *operation = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(document, "operation"));
    result->status = "REJECTED";
    if (operation == NULL) {
        snprintf(result->reason, sizeof result->reason, "the job document has no \"operation\"");
        return;
    }
    for (const struct job_handler *handler = handlers; handler->operation != NULL; handler++) {
        if (strcmp(handler->operation, operation) == 0) {
            handler->run(document, result);
            return;
        }
    }
    snprintf(result->reason, sizeof result->reason, "this device cannot run the operation \"%.64s\"", operation);
}

char *jobs_on_execution(struct jobs *jobs, const char *message, char *topic, size_t topic_size) {
    cJSON *root = cJSON_Parse(message);
    const cJSON *execution = cJSON_GetObjectItemCaseSensitive(root, "execution");
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(execution, "jobId"));
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(execution, "versionNumber");
    long long version_number = cJSON_IsNumber(version) ? (long long)version->valuedouble : -1;
    char *answer = NULL;
    if (!cJSON_IsObject(execution)) {
        log_debug("jobs: no pending job");
    } else if (id == NULL || !valid_job_id(id)) {
        log_warn("jobs: ignoring an execution without a valid jobId");
    } else if (strcmp(id, jobs->last_job) == 0 && version_number <= jobs->last_version) {
        log_debug("jobs: %s was answered already", id);
    } else {
        struct job_result result = {.status = "REJECTED", .reason = ""};
        run(cJSON_GetObjectItemCaseSensitive(execution, "jobDocument"), &result);
        log_info("jobs: %s -> %s (%s)", id, result.status, result.reason);

        cJSON *update = cJSON_CreateObject();
        cJSON_AddStringToObject(update, "status", result.status);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(update, "statusDetails"), "reason", result.reason);
        if (version_number >= 0) {
            cJSON_AddNumberToObject(update, "expectedVersion", (double)version_number);
        }
        char token[33];
        identity_random_token(token);
        cJSON_AddStringToObject(update, "clientToken", token);
        answer = cJSON_PrintUnformatted(update);
        cJSON_Delete(update);

        char suffix[128];
        snprintf(suffix, sizeof suffix, "%s/update", id);
        jobs_topic(jobs, suffix, topic, topic_size);
        snprintf(jobs->last_job, sizeof jobs->last_job, "%s", id);
        jobs->last_version = version_number;
    }
    cJSON_Delete(root);
    return answer;
}
