/* A minimal test harness: CHECK(condition) reports the failing line and fails the test program. */
#ifndef DEVICE_CHECK_H
#define DEVICE_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(condition)                                                               \
    do {                                                                               \
        if (!(condition)) {                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            check_failures++;                                                          \
        }                                                                              \
    } while (0)

#define CHECK_DONE()                                                  \
    do {                                                              \
        if (check_failures > 0) {                                     \
            fprintf(stderr, "%d check(s) failed\n", check_failures);   \
            return EXIT_FAILURE;                                      \
        }                                                             \
        return EXIT_SUCCESS;                                          \
    } while (0)

/* a fresh directory for the test's files */
#include <string.h>
#include <unistd.h>
static inline void check_temporary_directory(char *path, size_t size) {
    const char *base = getenv("TMPDIR");
    snprintf(path, size, "%s/device-test-XXXXXX", base != NULL ? base : "/tmp");
    if (mkdtemp(path) == NULL) {
        perror("mkdtemp");
        exit(EXIT_FAILURE);
    }
}

#endif
