/*
 * AWS IoT Jobs, the device side over MQTT. The device subscribes to $aws/things/<thing>/jobs/notify-next and to the
 * answers of start-next, asks for its next job when it connects (start-next), and answers every job execution it is
 * given on $aws/things/<thing>/jobs/<jobId>/update.
 *
 * Which jobs it runs is the table `handlers` in jobs.c, keyed by the job document's "operation". It is empty today
 * (Thingstead has no Jobs service yet): every job is answered REJECTED with the reason in statusDetails. Command jobs
 * and OTA are added there as handlers.
 *
 * Plain logic over JSON text, tested without a broker.
 */
#ifndef DEVICE_JOBS_H
#define DEVICE_JOBS_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* What a handler decides: the final status of the execution, and why (statusDetails.reason). */
struct job_result {
    const char *status; /* "SUCCEEDED", "FAILED" or "REJECTED" */
    char reason[256];
};

struct job_handler {
    const char *operation;
    void (*run)(const cJSON *document, struct job_result *result);
};

struct jobs {
    char thing[129];
    char last_job[65]; /* the execution answered last, so that a repeated notification is answered once */
    long long last_version;
};

void jobs_init(struct jobs *jobs, const char *thing);

/* "$aws/things/<thing>/jobs/<suffix>" */
void jobs_topic(const struct jobs *jobs, const char *suffix, char *topic, size_t size);

/*
 * A notify-next or start-next/accepted message ({"execution": {...}}): runs or rejects the job. Returns the body to
 * publish on the topic written to `topic` ($aws/things/<thing>/jobs/<jobId>/update), or NULL when there is nothing
 * to answer (no execution, a repeat, or a job id that cannot be part of a topic).
 */
char *jobs_on_execution(struct jobs *jobs, const char *message, char *topic, size_t topic_size);

#endif
