#include <string.h>

#include "check.h"
#include "jobs.h"

int main(void) {
    struct jobs jobs;
    jobs_init(&jobs, "lamp-1");
    char topic[256];

    /* a job it cannot run: REJECTED with the reason, on the execution's update topic, with its version */
    char *answer = jobs_on_execution(&jobs,
                                     "{\"timestamp\":1,\"execution\":{\"jobId\":\"reboot-7\",\"status\":\"QUEUED\","
                                     "\"versionNumber\":1,\"executionNumber\":1,"
                                     "\"jobDocument\":{\"operation\":\"reboot\"}}}",
                                     topic, sizeof topic);
    CHECK(answer != NULL);
    CHECK(strcmp(topic, "$aws/things/lamp-1/jobs/reboot-7/update") == 0);
    cJSON *update = cJSON_Parse(answer);
    CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(update, "status")), "REJECTED") == 0);
    const char *reason =
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(update, "statusDetails"), "reason"));
    CHECK(reason != NULL && strstr(reason, "\"reboot\"") != NULL);
    CHECK(cJSON_GetObjectItem(update, "expectedVersion")->valuedouble == 1);
    CHECK(cJSON_GetStringValue(cJSON_GetObjectItem(update, "clientToken")) != NULL);
    cJSON_Delete(update);
    free(answer);

    /* the same notification again: answered once */
    CHECK(jobs_on_execution(&jobs,
                            "{\"execution\":{\"jobId\":\"reboot-7\",\"versionNumber\":1,"
                            "\"jobDocument\":{\"operation\":\"reboot\"}}}",
                            topic, sizeof topic) == NULL);

    /* no operation in the document: rejected, saying so */
    answer = jobs_on_execution(&jobs, "{\"execution\":{\"jobId\":\"j2\",\"versionNumber\":3,\"jobDocument\":{}}}",
                               topic, sizeof topic);
    CHECK(answer != NULL && strstr(answer, "has no \\\"operation\\\"") != NULL);
    free(answer);

    /* nothing pending ({} from notify-next), and job ids that must not become topics */
    CHECK(jobs_on_execution(&jobs, "{}", topic, sizeof topic) == NULL);
    CHECK(jobs_on_execution(&jobs, "{\"execution\":{\"jobId\":\"a/#\"}}", topic, sizeof topic) == NULL);
    CHECK(jobs_on_execution(&jobs, "{\"execution\":{\"jobId\":\"+\"}}", topic, sizeof topic) == NULL);
    CHECK(jobs_on_execution(&jobs, "garbage", topic, sizeof topic) == NULL);
    CHECK_DONE();
}
