/*
 * Keeps the device's state and its classic shadow in step (the device-state replica pattern). On connect the device
 * asks for the shadow (get), applies what was desired while it was away (state.delta) and reports its whole state;
 * then every update/delta is applied and reported back, so desired and reported meet and the delta disappears.
 *
 * Versions are respected: a delta whose version is not newer than the last one the device saw (a redelivery, or one
 * overtaken by a get) is ignored. A rejected report answers 404 by reporting everything (the first report creates the
 * shadow) and 409 (version conflict) by asking for the shadow again.
 *
 * Plain logic over JSON text, so it is tested without a broker: every function returns what to publish, or NULL.
 */
#ifndef DEVICE_SHADOW_H
#define DEVICE_SHADOW_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Applies one desired value to the device; returns 1 when it did (the value is then reported), 0 to refuse it. */
typedef int (*shadow_apply)(void *context, const char *key, const cJSON *value);

struct shadow {
    char thing[129];
    cJSON *state; /* what the device is: reported as it is */
    long long version;
    shadow_apply apply;
    void *context;
};

enum shadow_action { SHADOW_NOTHING, SHADOW_GET, SHADOW_REPORT };

/* initial_state is owned by the shadow afterwards */
void shadow_init(struct shadow *shadow, const char *thing, cJSON *initial_state, shadow_apply apply, void *context);
void shadow_free(struct shadow *shadow);

/* "$aws/things/<thing>/shadow/<suffix>" */
void shadow_topic(const struct shadow *shadow, const char *suffix, char *topic, size_t size);

/* {"clientToken": ...}: the body of a get */
char *shadow_get_request(void);

/* {"state": {"reported": <all of the device's state>}, "clientToken": ...} */
char *shadow_report_all(const struct shadow *shadow);

/* get/accepted: apply state.delta, then report everything. NULL when the document is not one. */
char *shadow_on_get_accepted(struct shadow *shadow, const char *document);

/* update/delta: apply it and report what it named; NULL when it is stale or not a delta. */
char *shadow_on_delta(struct shadow *shadow, const char *delta);

/* get/rejected or update/rejected: what to do next (nothing, get again, report everything). */
enum shadow_action shadow_on_rejected(const struct shadow *shadow, const char *error);

#endif
