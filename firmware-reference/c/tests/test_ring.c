#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ring.h"

static void append(struct ring *ring, const char *text) {
    CHECK(ring_append(ring, text, (uint32_t)strlen(text)) == 0);
}

/* the oldest reading, as text; "" when empty */
static const char *oldest(struct ring *ring, uint64_t *sequence) {
    static char text[RING_PAYLOAD_MAX + 1];
    uint32_t length = 0;
    int found = ring_peek(ring, sequence, text, &length);
    text[found == 1 ? length : 0] = '\0';
    return text;
}

int main(void) {
    char directory[256], path[400], error[256];
    check_temporary_directory(directory, sizeof directory);
    snprintf(path, sizeof path, "%s/telemetry.ring", directory);
    struct ring ring;
    uint64_t sequence = 0;

    /* in order, each removed only when acknowledged */
    CHECK(ring_open(&ring, path, 4, error, sizeof error) == 0);
    CHECK(ring_next_sequence(&ring) == 1 && ring_pending(&ring) == 0);
    CHECK(strcmp(oldest(&ring, &sequence), "") == 0);
    append(&ring, "one");
    append(&ring, "two");
    CHECK(strcmp(oldest(&ring, &sequence), "one") == 0 && sequence == 1);
    CHECK(strcmp(oldest(&ring, &sequence), "one") == 0); /* peeking again does not remove it */
    CHECK(ring_acknowledge(&ring, 2) == -1);             /* only the oldest can be acknowledged */
    CHECK(ring_acknowledge(&ring, 1) == 0);
    CHECK(strcmp(oldest(&ring, &sequence), "two") == 0 && sequence == 2);
    CHECK(ring_pending(&ring) == 1);

    /* survives a restart: same readings, numbering goes on */
    ring_close(&ring);
    CHECK(ring_open(&ring, path, 4, error, sizeof error) == 0);
    CHECK(ring_pending(&ring) == 1 && ring_next_sequence(&ring) == 3);
    CHECK(strcmp(oldest(&ring, &sequence), "two") == 0 && sequence == 2);

    /* full: the oldest is dropped and counted, also across a restart */
    append(&ring, "three");
    append(&ring, "four");
    append(&ring, "five");
    CHECK(ring_pending(&ring) == 4 && ring_dropped(&ring) == 0);
    append(&ring, "six");
    CHECK(ring_pending(&ring) == 4 && ring_dropped(&ring) == 1);
    CHECK(strcmp(oldest(&ring, &sequence), "three") == 0 && sequence == 3);
    ring_close(&ring);
    CHECK(ring_open(&ring, path, 4, error, sizeof error) == 0);
    CHECK(ring_pending(&ring) == 4 && ring_dropped(&ring) == 1);
    CHECK(strcmp(oldest(&ring, &sequence), "three") == 0 && sequence == 3);

    /* a torn write (CRC mismatch) is skipped and counted, the rest is read */
    int fd = open(path, O_RDWR);
    CHECK(fd >= 0);
    uint64_t slot_of_four = 4 % 4;
    CHECK(pwrite(fd, "XX", 2, (off_t)(64 + slot_of_four * RING_SLOT_BYTES + 16)) == 2);
    close(fd);
    CHECK(ring_acknowledge(&ring, 3) == 0);
    CHECK(strcmp(oldest(&ring, &sequence), "five") == 0 && sequence == 5);
    CHECK(ring_dropped(&ring) == 2);

    /* a header that missed the drops before a crash is corrected from the slots */
    ring_close(&ring);
    CHECK(ring_open(&ring, path, 4, error, sizeof error) == 0);
    append(&ring, "seven");
    append(&ring, "eight");
    append(&ring, "nine"); /* drops five */
    CHECK(strcmp(oldest(&ring, &sequence), "six") == 0 && sequence == 6);
    ring_close(&ring);

    /* another capacity: the readings are copied, the newest kept when fewer fit */
    CHECK(ring_open(&ring, path, 2, error, sizeof error) == 0);
    CHECK(ring_pending(&ring) == 2);
    CHECK(strcmp(oldest(&ring, &sequence), "eight") == 0 && sequence == 8);
    CHECK(ring_next_sequence(&ring) == 10);
    ring_close(&ring);
    CHECK(ring_open(&ring, path, 100, error, sizeof error) == 0);
    CHECK(ring_pending(&ring) == 2 && ring_next_sequence(&ring) == 10);
    CHECK(strcmp(oldest(&ring, &sequence), "eight") == 0);

    /* too long for a slot: refused, nothing written */
    char big[RING_PAYLOAD_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(ring_append(&ring, big, (uint32_t)strlen(big)) == -1);
    CHECK(ring_pending(&ring) == 2);
    ring_close(&ring);

    /* not a ring file: a clear error */
    snprintf(path, sizeof path, "%s/other", directory);
    fd = open(path, O_WRONLY | O_CREAT, 0600);
    CHECK(write(fd, "hello", 5) == 5);
    close(fd);
    CHECK(ring_open(&ring, path, 4, error, sizeof error) == -1);
    CHECK(strstr(error, "not a telemetry buffer") != NULL);
    CHECK_DONE();
}
