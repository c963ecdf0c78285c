#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int sync_directory_of(const char *path) {
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    int directory = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (directory < 0) {
        return -1;
    }
    int rc = fsync(directory);
    close(directory);
    return rc;
}

int files_write_private(const char *path, const void *data, size_t length) {
    char temporary[4096];
    if (snprintf(temporary, sizeof temporary, "%s.tmp", path) >= (int)sizeof temporary) {
        errno = ENAMETOOLONG;
        return -1;
    }
    unlink(temporary);
    int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return -1;
    }
    const char *bytes = data;
    size_t written = 0;
    while (written < length) {
        ssize_t n = write(fd, bytes + written, length - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            close(fd);
            unlink(temporary);
            return -1;
        }
        written += (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(temporary, path) != 0) {
        unlink(temporary);
        return -1;
    }
    return sync_directory_of(path);
}

char *files_read(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    size_t capacity = 4096, size = 0;
    char *text = malloc(capacity);
    while (text != NULL) {
        size += fread(text + size, 1, capacity - size - 1, file);
        if (size < capacity - 1) {
            break;
        }
        capacity *= 2;
        char *bigger = realloc(text, capacity);
        if (bigger == NULL) {
            free(text);
        }
        text = bigger;
    }
    int failed = ferror(file);
    fclose(file);
    if (text == NULL || failed) {
        free(text);
        errno = failed ? EIO : ENOMEM;
        return NULL;
    }
    text[size] = '\0';
    if (length != NULL) {
        *length = size;
    }
    return text;
}

int files_make_directory(const char *path) {
    char copy[4096];
    if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *slash = strchr(copy + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            return -1;
        }
        *slash = '/';
    }
    return mkdir(copy, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

int files_exist(const char *path) {
    struct stat status;
    return stat(path, &status) == 0;
}
