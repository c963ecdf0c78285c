#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES 64

struct entries {
    char key[MAX_ENTRIES][64];
    char value[MAX_ENTRIES][CONFIG_PATH];
    int count;
};

static char *trim(char *text) {
    while (isspace((unsigned char)*text)) {
        text++;
    }
    char *end = text + strlen(text);
    while (end > text && isspace((unsigned char)end[-1])) {
        *--end = '\0';
    }
    return text;
}

static int read_file(struct entries *entries, const char *path, char *error, size_t error_size) {
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        return errno == ENOENT ? 0 : (snprintf(error, error_size, "cannot read %s: %s", path, strerror(errno)), -1);
    }
    char line[CONFIG_PATH + 128];
    int number = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        number++;
        char *text = trim(line);
        if (*text == '\0' || *text == '#') {
            continue;
        }
        char *equals = strchr(text, '=');
        if (equals == NULL) {
            snprintf(error, error_size, "%s:%d: expected key = value", path, number);
            fclose(file);
            return -1;
        }
        *equals = '\0';
        char *key = trim(text);
        char *value = trim(equals + 1);
        if (entries->count == MAX_ENTRIES || strlen(key) >= sizeof entries->key[0] ||
            strlen(value) >= sizeof entries->value[0]) {
            snprintf(error, error_size, "%s:%d: too many keys, or a key or value too long", path, number);
            fclose(file);
            return -1;
        }
        strcpy(entries->key[entries->count], key);
        strcpy(entries->value[entries->count], value);
        entries->count++;
    }
    fclose(file);
    return 0;
}

/* The environment's DEVICE_<KEY> first, then the file; NULL when neither has a non-empty value. */
static const char *lookup(const struct entries *entries, char *const *environment, const char *key) {
    char variable[80] = "DEVICE_";
    size_t length = strlen(variable);
    for (const char *c = key; *c != '\0' && length + 1 < sizeof variable; c++) {
        variable[length++] = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
    }
    variable[length] = '\0';
    for (char *const *e = environment; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, variable, length) == 0 && (*e)[length] == '=' && (*e)[length + 1] != '\0') {
            return *e + length + 1;
        }
    }
    for (int i = entries->count - 1; i >= 0; i--) {
        if (strcmp(entries->key[i], key) == 0 && entries->value[i][0] != '\0') {
            return entries->value[i];
        }
    }
    return NULL;
}

static int copy_text(char *target, size_t size, const char *value, const char *key, char *error, size_t error_size) {
    if (strlen(value) >= size) {
        snprintf(error, error_size, "'%s' is too long", key);
        return -1;
    }
    strcpy(target, value);
    return 0;
}

/* relative paths are relative to the configuration file's directory */
static int copy_path(char *target, const char *base, const char *value, const char *key, char *error,
                     size_t error_size) {
    int written = value[0] == '/' || base[0] == '\0' ? snprintf(target, CONFIG_PATH, "%s", value)
                                                     : snprintf(target, CONFIG_PATH, "%s/%s", base, value);
    if (written < 0 || written >= CONFIG_PATH) {
        snprintf(error, error_size, "the path in '%s' is too long", key);
        return -1;
    }
    return 0;
}

int config_parse_duration_ms(const char *text, uint64_t *milliseconds) {
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (end == text || errno != 0 || value < 0) {
        return -1;
    }
    double factor;
    if (strcmp(end, "ms") == 0) {
        factor = 1;
    } else if (strcmp(end, "s") == 0 || *end == '\0') {
        factor = 1000;
    } else if (strcmp(end, "m") == 0) {
        factor = 60 * 1000;
    } else if (strcmp(end, "h") == 0) {
        factor = 3600 * 1000;
    } else {
        return -1;
    }
    if (value * factor > 1e12) {
        return -1;
    }
    *milliseconds = (uint64_t)(value * factor);
    return 0;
}

static int number(const char *value, long minimum, long maximum, long *result) {
    char *end = NULL;
    errno = 0;
    long parsed = strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno != 0 || parsed < minimum || parsed > maximum) {
        return -1;
    }
    *result = parsed;
    return 0;
}

int config_load(struct config *config, const char *path, char *const *environment, char *error, size_t error_size) {
    static struct entries entries; /* 64 KiB: not on a small device's stack */
    memset(&entries, 0, sizeof entries);
    memset(config, 0, sizeof *config);
    if (read_file(&entries, path, error, error_size) != 0) {
        return -1;
    }
    char base[CONFIG_PATH] = "";
    const char *slash = strrchr(path, '/');
    if (slash != NULL && (size_t)(slash - path) < sizeof base) {
        memcpy(base, path, (size_t)(slash - path));
        base[slash - path] = '\0';
        if (base[0] == '\0') {
            strcpy(base, "/");
        }
    }

#define TEXT(key, field)                                                                                      \
    do {                                                                                                      \
        const char *v = lookup(&entries, environment, key);                                                   \
        if (v != NULL && copy_text(config->field, sizeof config->field, v, key, error, error_size) != 0) { \
            return -1;                                                                                        \
        }                                                                                                     \
    } while (0)
#define PATH(key, field)                                                                   \
    do {                                                                                   \
        const char *v = lookup(&entries, environment, key);                                \
        if (v != NULL && copy_path(config->field, base, v, key, error, error_size) != 0) { \
            return -1;                                                                     \
        }                                                                                  \
    } while (0)

    TEXT("endpoint", endpoint);
    PATH("root-ca", root_ca);
    PATH("certificate", certificate);
    PATH("private-key", private_key);
    TEXT("thing-name", thing_name);
    PATH("claim-certificate", claim_certificate);
    PATH("claim-key", claim_key);
    TEXT("template", template_name);
    TEXT("serial", serial);
    PATH("state-dir", state_dir);
    if (config->state_dir[0] == '\0' && copy_path(config->state_dir, base, "state", "state-dir", error, error_size)) {
        return -1;
    }
#undef TEXT
#undef PATH

    struct {
        const char *key;
        const char *fallback;
    } defaults[] = {{"port", "8883"},           {"mqtt-version", "5"},        {"keep-alive", "30s"},
                    {"session-expiry", "1h"},  {"telemetry-interval", "5s"}, {"buffer-capacity", "10000"},
                    {"drain-rate", "20"},      {"backoff-base", "1s"},       {"backoff-max", "2m"},
                    {"provisioning-api", "csr"}, {"jobs", "true"},            {"verbose", "false"}};
    const char *value[sizeof defaults / sizeof defaults[0]];
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        value[i] = lookup(&entries, environment, defaults[i].key);
        if (value[i] == NULL) {
            value[i] = defaults[i].fallback;
        }
    }

    long parsed;
    uint64_t duration;
    const char *bad = NULL;
    if (number(value[0], 1, 65535, &parsed) != 0) {
        bad = "port";
    } else {
        config->port = (int)parsed;
    }
    if (strcmp(value[1], "5") == 0) {
        config->mqtt_version = 5;
    } else if (strcmp(value[1], "3.1.1") == 0) {
        config->mqtt_version = 4;
    } else {
        bad = "mqtt-version";
    }
    if (config_parse_duration_ms(value[2], &duration) != 0 || duration < 1000 || duration > 65535000) {
        bad = "keep-alive";
    } else {
        config->keep_alive_s = (int)(duration / 1000);
    }
    if (config_parse_duration_ms(value[3], &duration) != 0 || duration > 7 * 24 * 3600 * 1000ULL) {
        bad = "session-expiry";
    } else {
        config->session_expiry_s = (uint32_t)(duration / 1000);
    }
    if (config_parse_duration_ms(value[4], &duration) != 0 || duration < 10) {
        bad = "telemetry-interval";
    } else {
        config->telemetry_interval_ms = duration;
    }
    if (number(value[5], 1, 10000000, &parsed) != 0) {
        bad = "buffer-capacity";
    } else {
        config->buffer_capacity = (uint32_t)parsed;
    }
    char *end = NULL;
    config->drain_rate = strtod(value[6], &end);
    if (end == value[6] || *end != '\0' || !(config->drain_rate > 0 && config->drain_rate <= 10000)) {
        bad = "drain-rate";
    }
    if (config_parse_duration_ms(value[7], &config->backoff_base_ms) != 0 || config->backoff_base_ms == 0) {
        bad = "backoff-base";
    }
    if (config_parse_duration_ms(value[8], &config->backoff_max_ms) != 0 ||
        config->backoff_max_ms < config->backoff_base_ms) {
        bad = "backoff-max";
    }
    if (strcmp(value[9], "csr") == 0) {
        config->provisioning_api = PROVISION_CSR;
    } else if (strcmp(value[9], "create") == 0) {
        config->provisioning_api = PROVISION_CREATE;
    } else {
        bad = "provisioning-api";
    }
    config->jobs = strcmp(value[10], "true") == 0;
    if (!config->jobs && strcmp(value[10], "false") != 0) {
        bad = "jobs";
    }
    config->verbose = strcmp(value[11], "true") == 0;
    if (bad != NULL) {
        snprintf(error, error_size, "the value of '%s' is not valid (see device.conf.example)", bad);
        return -1;
    }

    const char *missing = NULL;
    int factory_identity = config->certificate[0] != '\0' || config->private_key[0] != '\0';
    if (config->endpoint[0] == '\0') {
        missing = "endpoint";
    } else if (config->root_ca[0] == '\0') {
        missing = "root-ca";
    } else if (factory_identity) {
        missing = config->certificate[0] == '\0'   ? "certificate"
                  : config->private_key[0] == '\0' ? "private-key"
                  : config->thing_name[0] == '\0'  ? "thing-name"
                                                   : NULL;
    } else {
        missing = config->claim_certificate[0] == '\0' ? "claim-certificate"
                  : config->claim_key[0] == '\0'       ? "claim-key"
                  : config->template_name[0] == '\0'   ? "template"
                  : config->serial[0] == '\0'          ? "serial"
                                                       : NULL;
    }
    if (missing != NULL) {
        char variable[64] = "DEVICE_";
        size_t n = strlen(variable);
        for (const char *c = missing; *c != '\0' && n + 1 < sizeof variable; c++) {
            variable[n++] = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
        }
        variable[n] = '\0';
        snprintf(error, error_size, "the configuration needs '%s' (in %s or %s)", missing, path, variable);
        return -1;
    }
    return 0;
}
