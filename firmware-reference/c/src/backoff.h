/*
 * Exponential backoff with full jitter (the AWS Architecture Blog's and the IoT Lens's recommendation): the n-th retry
 * waits a random time between zero and min(cap, base * 2^n). Spreading retries over the whole window keeps a fleet that
 * lost its connection at the same moment from coming back at the same moment.
 */
#ifndef DEVICE_BACKOFF_H
#define DEVICE_BACKOFF_H

#include <stdint.h>

struct backoff {
    uint64_t base_ms;
    uint64_t cap_ms;
    unsigned attempt;
    uint64_t (*random)(void); /* uniformly distributed 64-bit values */
};

/* base_ms > 0, cap_ms >= base_ms; random NULL means OpenSSL's RAND_bytes */
void backoff_init(struct backoff *backoff, uint64_t base_ms, uint64_t cap_ms, uint64_t (*random)(void));

/* The window of the next attempt: min(cap, base * 2^attempt). */
uint64_t backoff_window_ms(const struct backoff *backoff);

/* The wait before the next attempt, in [0, window]; widens the window for the one after. */
uint64_t backoff_next_ms(struct backoff *backoff);

/* After a success the next failure starts from the smallest window again. */
void backoff_reset(struct backoff *backoff);

#endif
