#include "backoff.h"

#include <openssl/rand.h>
#include <string.h>

static uint64_t secure_random(void) {
    uint64_t value = 0;
    unsigned char bytes[sizeof value];
    if (RAND_bytes(bytes, (int)sizeof bytes) == 1) {
        memcpy(&value, bytes, sizeof value);
    }
    return value;
}

void backoff_init(struct backoff *backoff, uint64_t base_ms, uint64_t cap_ms, uint64_t (*random)(void)) {
    backoff->base_ms = base_ms > 0 ? base_ms : 1;
    backoff->cap_ms = cap_ms >= backoff->base_ms ? cap_ms : backoff->base_ms;
    backoff->attempt = 0;
    backoff->random = random != NULL ? random : secure_random;
}

uint64_t backoff_window_ms(const struct backoff *backoff) {
    /* base << attempt without overflow: stop doubling once the cap is reached */
    uint64_t window = backoff->base_ms;
    for (unsigned i = 0; i < backoff->attempt && window < backoff->cap_ms; i++) {
        window = window > backoff->cap_ms / 2 ? backoff->cap_ms : window * 2;
    }
    return window < backoff->cap_ms ? window : backoff->cap_ms;
}

uint64_t backoff_next_ms(struct backoff *backoff) {
    uint64_t window = backoff_window_ms(backoff);
    if (backoff->attempt < 64) {
        backoff->attempt++;
    }
    return backoff->random() % (window + 1);
}

void backoff_reset(struct backoff *backoff) {
    backoff->attempt = 0;
}
