#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/*
 * File layout (native byte order: the file never leaves the device):
 *   header, HEADER_BYTES: magic "TSRING01", u32 capacity, u32 slot size, u64 first, u64 dropped, u32 crc
 *   slot i at HEADER_BYTES + i * RING_SLOT_BYTES: u64 sequence (0 = empty), u32 length, u32 crc, payload
 * The header is rewritten when `first` or `dropped` change; when it was not (a crash in between), opening the file
 * works it out from the slots, so a crash can at worst send an acknowledged reading again.
 */
#define HEADER_BYTES 64u
#define MAGIC "TSRING01"

struct header {
    char magic[8];
    uint32_t capacity;
    uint32_t slot_bytes;
    uint64_t first;
    uint64_t dropped;
    uint32_t crc;
};

struct slot {
    uint64_t sequence;
    uint32_t length;
    uint32_t crc;
    unsigned char payload[RING_PAYLOAD_MAX];
};

_Static_assert(sizeof(struct slot) == RING_SLOT_BYTES, "a slot is RING_SLOT_BYTES");
_Static_assert(sizeof(struct header) <= HEADER_BYTES, "the header fits");

/* CRC-32 (IEEE), bitwise: small and fast enough for 256-byte slots */
static uint32_t crc32(uint32_t crc, const void *data, size_t length) {
    const unsigned char *bytes = data;
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static uint32_t slot_crc(const struct slot *slot) {
    uint32_t crc = crc32(0, &slot->sequence, sizeof slot->sequence);
    crc = crc32(crc, &slot->length, sizeof slot->length);
    return crc32(crc, slot->payload, slot->length);
}

static off_t slot_offset(const struct ring *ring, uint64_t sequence) {
    return (off_t)(HEADER_BYTES + (sequence % ring->capacity) * RING_SLOT_BYTES);
}

static int read_exactly(int fd, void *buffer, size_t length, off_t offset) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = pread(fd, (char *)buffer + done, length - done, offset + (off_t)done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int write_exactly(int fd, const void *buffer, size_t length, off_t offset) {
    size_t done = 0;
    while (done < length) {
        ssize_t n = pwrite(fd, (const char *)buffer + done, length - done, offset + (off_t)done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int write_header(struct ring *ring) {
    struct header header;
    memset(&header, 0, sizeof header);
    memcpy(header.magic, MAGIC, sizeof header.magic);
    header.capacity = ring->capacity;
    header.slot_bytes = RING_SLOT_BYTES;
    header.first = ring->first;
    header.dropped = ring->dropped;
    header.crc = crc32(0, &header, offsetof(struct header, crc));
    return write_exactly(ring->fd, &header, sizeof header, 0);
}

/* A slot that holds a whole reading with this sequence number (0: any). */
static int read_slot(const struct ring *ring, uint64_t index, struct slot *slot) {
    if (read_exactly(ring->fd, slot, sizeof *slot, (off_t)(HEADER_BYTES + index * RING_SLOT_BYTES)) != 0) {
        return -1;
    }
    return slot->sequence != 0 && slot->length <= RING_PAYLOAD_MAX && slot->crc == slot_crc(slot) ? 1 : 0;
}

static int create(struct ring *ring, const char *path, uint32_t capacity) {
    ring->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (ring->fd < 0) {
        return -1;
    }
    ring->capacity = capacity;
    ring->first = 1;
    ring->next = 1;
    ring->dropped = 0;
    if (ftruncate(ring->fd, (off_t)(HEADER_BYTES + (uint64_t)capacity * RING_SLOT_BYTES)) != 0 ||
        write_header(ring) != 0 || fsync(ring->fd) != 0) {
        close(ring->fd);
        ring->fd = -1;
        return -1;
    }
    return 0;
}

/* Reads the header and the slots of an existing file: where the readings start and end. */
static int recover(struct ring *ring, const struct header *header) {
    ring->capacity = header->capacity;
    ring->first = header->first > 0 ? header->first : 1;
    ring->dropped = header->dropped;
    uint64_t newest = 0;
    struct slot slot;
    for (uint64_t i = 0; i < ring->capacity; i++) {
        int valid = read_slot(ring, i, &slot);
        if (valid < 0) {
            return -1;
        }
        if (valid && slot.sequence % ring->capacity == i && slot.sequence > newest) {
            newest = slot.sequence;
        }
    }
    ring->next = newest + 1 > ring->first ? newest + 1 : ring->first;
    if (ring->next - ring->first > ring->capacity) { /* the header missed drops before a crash */
        ring->dropped += ring->next - ring->capacity - ring->first;
        ring->first = ring->next - ring->capacity;
    }
    return 0;
}

/* Copies the readings of a file made with another capacity into a new one, each keeping its sequence number. */
static int migrate(struct ring *ring, const char *path, uint32_t capacity, char *error, size_t error_size) {
    char old_path[4096];
    snprintf(old_path, sizeof old_path, "%s.old", path);
    if (rename(path, old_path) != 0) {
        snprintf(error, error_size, "cannot rename %s: %s", path, strerror(errno));
        close(ring->fd);
        return -1;
    }
    struct ring old = *ring;
    if (create(ring, path, capacity) != 0) {
        snprintf(error, error_size, "cannot create %s: %s", path, strerror(errno));
        close(old.fd);
        return -1;
    }
    ring->first = old.first;
    ring->next = old.first;
    uint64_t sequence;
    unsigned char payload[RING_PAYLOAD_MAX];
    uint32_t length;
    int found;
    while ((found = ring_peek(&old, &sequence, payload, &length)) == 1) {
        if (ring->first == ring->next) {
            ring->first = sequence;
        }
        ring->next = sequence;
        /* a smaller buffer drops the oldest as it fills, and counts them */
        if (ring_append(ring, payload, length) != 0 || ring_acknowledge(&old, sequence) != 0) {
            found = -1;
            break;
        }
    }
    ring->dropped += old.dropped;
    close(old.fd);
    if (found < 0 || write_header(ring) != 0) {
        snprintf(error, error_size, "cannot copy the buffered readings into %s", path);
        return -1;
    }
    unlink(old_path);
    log_info("the telemetry buffer now holds %u readings (it held %u)", capacity, old.capacity);
    return 0;
}

int ring_open(struct ring *ring, const char *path, uint32_t capacity, char *error, size_t error_size) {
    memset(ring, 0, sizeof *ring);
    ring->fd = open(path, O_RDWR | O_CLOEXEC);
    if (ring->fd < 0 && errno == ENOENT) {
        if (capacity == 0 || create(ring, path, capacity) != 0) {
            snprintf(error, error_size, "cannot create the telemetry buffer %s: %s", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (ring->fd < 0) {
        snprintf(error, error_size, "cannot open the telemetry buffer %s: %s", path, strerror(errno));
        return -1;
    }
    struct header header;
    if (read_exactly(ring->fd, &header, sizeof header, 0) != 0 || memcmp(header.magic, MAGIC, 8) != 0 ||
        header.slot_bytes != RING_SLOT_BYTES || header.capacity == 0 ||
        header.crc != crc32(0, &header, offsetof(struct header, crc))) {
        snprintf(error, error_size, "%s is not a telemetry buffer (or its header is damaged); move it away", path);
        close(ring->fd);
        ring->fd = -1;
        return -1;
    }
    if (recover(ring, &header) != 0) {
        snprintf(error, error_size, "cannot read the telemetry buffer %s: %s", path, strerror(errno));
        close(ring->fd);
        ring->fd = -1;
        return -1;
    }
    if (capacity != 0 && capacity != ring->capacity) {
        return migrate(ring, path, capacity, error, error_size);
    }
    return 0;
}

uint64_t ring_next_sequence(const struct ring *ring) {
    return ring->next;
}

int ring_append(struct ring *ring, const void *payload, uint32_t length) {
    if (length > RING_PAYLOAD_MAX) {
        errno = EMSGSIZE;
        return -1;
    }
    struct slot slot;
    memset(&slot, 0, sizeof slot);
    slot.sequence = ring->next;
    slot.length = length;
    memcpy(slot.payload, payload, length);
    slot.crc = slot_crc(&slot);
    int full = ring->next - ring->first >= ring->capacity;
    if (write_exactly(ring->fd, &slot, sizeof slot, slot_offset(ring, slot.sequence)) != 0 ||
        fdatasync(ring->fd) != 0) {
        return -1;
    }
    ring->next++;
    if (full) { /* the slot held the oldest reading */
        ring->first++;
        ring->dropped++;
        return write_header(ring);
    }
    return 0;
}

int ring_peek(struct ring *ring, uint64_t *sequence, void *payload, uint32_t *length) {
    struct slot slot;
    while (ring->first < ring->next) {
        int valid = read_slot(ring, ring->first % ring->capacity, &slot);
        if (valid < 0) {
            return -1;
        }
        if (valid && slot.sequence == ring->first) {
            *sequence = slot.sequence;
            *length = slot.length;
            memcpy(payload, slot.payload, slot.length);
            return 1;
        }
        log_warn("telemetry reading %llu was damaged on disk (a write cut short); skipping it",
                 (unsigned long long)ring->first);
        ring->first++;
        ring->dropped++;
        if (write_header(ring) != 0) {
            return -1;
        }
    }
    return 0;
}

int ring_acknowledge(struct ring *ring, uint64_t sequence) {
    if (sequence != ring->first || ring->first >= ring->next) {
        errno = EINVAL;
        return -1;
    }
    ring->first++;
    return write_header(ring);
}

uint64_t ring_pending(const struct ring *ring) {
    return ring->next - ring->first;
}

uint64_t ring_dropped(const struct ring *ring) {
    return ring->dropped;
}

void ring_close(struct ring *ring) {
    if (ring->fd >= 0) {
        fsync(ring->fd);
        close(ring->fd);
    }
    ring->fd = -1;
}
