#include <string.h>

#include "check.h"
#include "config.h"

static void write_file(const char *path, const char *text) {
    FILE *file = fopen(path, "w");
    fputs(text, file);
    fclose(file);
}

int main(void) {
    char directory[256], path[400], error[512];
    check_temporary_directory(directory, sizeof directory);
    snprintf(path, sizeof path, "%s/device.conf", directory);
    write_file(path, "# a comment\n"
                     "endpoint = iot.example.com\n"
                     "root-ca=certs/root.pem\n"
                     "claim-certificate = /factory/claim.pem\n"
                     "claim-key = certs/claim.key\n"
                     "template = lamps\n"
                     "serial = SN-1\n"
                     "telemetry-interval = 250ms\n"
                     "mqtt-version = 3.1.1\n"
                     "provisioning-api = create\n");
    struct config config;
    char *environment[] = {"DEVICE_SERIAL=SN-2", "DEVICE_BUFFER_CAPACITY=50", "DEVICE_PORT=", NULL};
    CHECK(config_load(&config, path, environment, error, sizeof error) == 0);
    CHECK(strcmp(config.endpoint, "iot.example.com") == 0);
    CHECK(config.port == 8883); /* an empty variable does not override */
    char expected[600];
    snprintf(expected, sizeof expected, "%s/certs/root.pem", directory);
    CHECK(strcmp(config.root_ca, expected) == 0);
    CHECK(strcmp(config.claim_certificate, "/factory/claim.pem") == 0);
    CHECK(strcmp(config.serial, "SN-2") == 0); /* the environment wins */
    CHECK(config.buffer_capacity == 50);
    CHECK(config.telemetry_interval_ms == 250);
    CHECK(config.mqtt_version == 4);
    CHECK(config.provisioning_api == PROVISION_CREATE);
    CHECK(config.keep_alive_s == 30 && config.session_expiry_s == 3600 && config.jobs == 1);
    CHECK(config.backoff_base_ms == 1000 && config.backoff_max_ms == 120000);
    snprintf(expected, sizeof expected, "%s/state", directory);
    CHECK(strcmp(config.state_dir, expected) == 0);

    /* errors name the key */
    char *bad_port[] = {"DEVICE_PORT=99999", NULL};
    CHECK(config_load(&config, path, bad_port, error, sizeof error) == -1);
    CHECK(strstr(error, "'port'") != NULL);
    char *no_endpoint[] = {NULL};
    write_file(path, "root-ca = r.pem\n");
    CHECK(config_load(&config, path, no_endpoint, error, sizeof error) == -1);
    CHECK(strstr(error, "'endpoint'") != NULL && strstr(error, "DEVICE_ENDPOINT") != NULL);
    write_file(path, "endpoint = e\nroot-ca = r.pem\ncertificate = c.pem\nprivate-key = k.pem\n");
    CHECK(config_load(&config, path, no_endpoint, error, sizeof error) == -1);
    CHECK(strstr(error, "'thing-name'") != NULL);
    write_file(path, "endpoint\n");
    CHECK(config_load(&config, path, no_endpoint, error, sizeof error) == -1);
    CHECK(strstr(error, ":1: expected key = value") != NULL);

    uint64_t ms;
    CHECK(config_parse_duration_ms("2m", &ms) == 0 && ms == 120000);
    CHECK(config_parse_duration_ms("1.5s", &ms) == 0 && ms == 1500);
    CHECK(config_parse_duration_ms("7", &ms) == 0 && ms == 7000);
    CHECK(config_parse_duration_ms("5 weeks", &ms) == -1);
    CHECK(config_parse_duration_ms("-1s", &ms) == -1);
    CHECK_DONE();
}
