/*
 * A bounded first-in-first-out buffer of telemetry readings in one file on the device's disk, so that nothing is lost
 * while the device is offline or the gateway is down, and nothing is lost when the device restarts.
 *
 * The file is a header and `capacity` fixed-size slots; reading n lives in slot n % capacity, with its sequence number
 * and a CRC, so a torn write is recognised and the state is found again by reading the slots. Readings are sent in
 * sequence order and acknowledged (removed) only after the broker's PUBACK: a reading sent just before a crash or a
 * cut is sent again (at least once; each carries its sequence number so receivers can de-duplicate).
 *
 * When the buffer is full the OLDEST reading is overwritten (the newest matter most) and counted in `dropped`, which
 * is kept in the file.
 */
#ifndef DEVICE_RING_H
#define DEVICE_RING_H

#include <stddef.h>
#include <stdint.h>

#define RING_SLOT_BYTES 256u
#define RING_PAYLOAD_MAX (RING_SLOT_BYTES - 16u)

struct ring {
    int fd;
    uint32_t capacity;
    uint64_t first; /* oldest reading not acknowledged */
    uint64_t next;  /* sequence number of the next reading */
    uint64_t dropped;
};

/*
 * Opens or creates the buffer file. A file made with another capacity is copied into a new one (keeping the newest
 * readings that fit). 0 on success; -1 with a message in error.
 */
int ring_open(struct ring *ring, const char *path, uint32_t capacity, char *error, size_t error_size);

/* The sequence number the next append gets (so that a reading can carry it). */
uint64_t ring_next_sequence(const struct ring *ring);

/* Appends a reading durably (written and fdatasync'ed); drops the oldest when full. 0 on success. */
int ring_append(struct ring *ring, const void *payload, uint32_t length);

/*
 * The oldest unacknowledged reading, copied to payload (RING_PAYLOAD_MAX bytes). 1 when there is one, 0 when the
 * buffer is empty, -1 on an I/O error. A slot found damaged is skipped and counted as dropped.
 */
int ring_peek(struct ring *ring, uint64_t *sequence, void *payload, uint32_t *length);

/* Removes the oldest reading once the broker has acknowledged it (sequence must be the oldest). 0 on success. */
int ring_acknowledge(struct ring *ring, uint64_t sequence);

uint64_t ring_pending(const struct ring *ring);
uint64_t ring_dropped(const struct ring *ring);

void ring_close(struct ring *ring);

#endif
