/* Small POSIX file helpers: secrets written with mode 0600 and atomically, whole files read. */
#ifndef DEVICE_FILES_H
#define DEVICE_FILES_H

#include <stddef.h>

/*
 * Writes a secret (key, certificate, thing name) readable by the device's user only: a temporary file created with
 * mode 0600 before any byte is written, flushed to disk, then renamed over the target. 0 on success.
 */
int files_write_private(const char *path, const void *data, size_t length);

/* The whole file, NUL-terminated, malloc'ed (free it); NULL with errno set on failure. */
char *files_read(const char *path, size_t *length);

/* Creates a directory with mode 0700 (and its parents); 0 when it exists. */
int files_make_directory(const char *path);

int files_exist(const char *path);

#endif
