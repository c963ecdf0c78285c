/*
 * The device's configuration: one file of "key = value" lines ('#' starts a comment), every key overridable by an
 * environment variable (endpoint by DEVICE_ENDPOINT, root-ca by DEVICE_ROOT_CA, ...). Relative paths are relative to
 * the file's directory. device.conf.example lists every key.
 */
#ifndef DEVICE_CONFIG_H
#define DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_TEXT 256
#define CONFIG_PATH 1024

enum provisioning_api { PROVISION_CSR, PROVISION_CREATE };

struct config {
    char endpoint[CONFIG_TEXT];
    int port;
    char root_ca[CONFIG_PATH];
    /* an identity made at the factory (all three set), or fleet provisioning by claim (claim-*, template, serial) */
    char certificate[CONFIG_PATH];
    char private_key[CONFIG_PATH];
    char thing_name[CONFIG_TEXT];
    char claim_certificate[CONFIG_PATH];
    char claim_key[CONFIG_PATH];
    char template_name[CONFIG_TEXT];
    char serial[CONFIG_TEXT];
    enum provisioning_api provisioning_api;
    char state_dir[CONFIG_PATH];
    int mqtt_version; /* 5 or 4 (3.1.1) */
    int keep_alive_s;
    uint32_t session_expiry_s;
    uint64_t telemetry_interval_ms;
    uint32_t buffer_capacity;
    double drain_rate; /* buffered messages sent per second at most */
    uint64_t backoff_base_ms;
    uint64_t backoff_max_ms;
    int jobs;
    int verbose;
};

/*
 * Reads the file (a missing file is fine when the environment sets everything) and the environment; on an error
 * returns -1 with a message naming the key in error.
 */
int config_load(struct config *config, const char *path, char *const *environment, char *error, size_t error_size);

/* "250ms", "5s", "2m", "1h" or a number of seconds; -1 when it is none of them */
int config_parse_duration_ms(const char *text, uint64_t *milliseconds);

#endif
