#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "files.h"

int main(void) {
    char directory[256], path[600], nested[400];
    check_temporary_directory(directory, sizeof directory);
    snprintf(nested, sizeof nested, "%s/a/b/state", directory);
    CHECK(files_make_directory(nested) == 0);
    CHECK(files_make_directory(nested) == 0);

    snprintf(path, sizeof path, "%s/device.key", nested);
    umask(022); /* a permissive umask must not matter */
    CHECK(files_write_private(path, "secret", 6) == 0);
    struct stat status;
    CHECK(stat(path, &status) == 0 && (status.st_mode & 0777) == 0600);
    size_t length = 0;
    char *text = files_read(path, &length);
    CHECK(text != NULL && length == 6 && strcmp(text, "secret") == 0);
    free(text);

    CHECK(files_write_private(path, "replaced", 8) == 0); /* atomically over the old one */
    text = files_read(path, NULL);
    CHECK(text != NULL && strcmp(text, "replaced") == 0);
    free(text);
    char temporary[700];
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    CHECK(!files_exist(temporary));
    CHECK(files_read("/nonexistent/file", NULL) == NULL);
    CHECK_DONE();
}
