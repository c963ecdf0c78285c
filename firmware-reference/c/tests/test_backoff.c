#include "backoff.h"
#include "check.h"

static uint64_t value;
static uint64_t fixed(void) {
    return value;
}

int main(void) {
    struct backoff backoff;
    backoff_init(&backoff, 1000, 120000, fixed);

    /* the window doubles from the base up to the cap, and stays there */
    uint64_t expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        CHECK(backoff_window_ms(&backoff) == expected[i]);
        value = expected[i] + (expected[i] + 1) * 1000; /* lands on the end of the window */
        CHECK(backoff_next_ms(&backoff) == expected[i]);
    }
    for (int i = 0; i < 200; i++) { /* no overflow however long it fails */
        backoff_next_ms(&backoff);
    }
    CHECK(backoff_window_ms(&backoff) == 120000);

    /* full jitter: anywhere from zero to the window */
    backoff_reset(&backoff);
    value = 0;
    CHECK(backoff_next_ms(&backoff) == 0);
    value = 1500;
    CHECK(backoff_next_ms(&backoff) == 1500 % 2001);

    /* the real random source spreads the waits over the window */
    backoff_init(&backoff, 1000, 120000, NULL);
    uint64_t smallest = UINT64_MAX, largest = 0;
    for (int i = 0; i < 200; i++) {
        backoff_reset(&backoff);
        for (int n = 0; n < 4; n++) {
            backoff_next_ms(&backoff);
        }
        uint64_t wait = backoff_next_ms(&backoff); /* window 16 s */
        CHECK(wait <= 16000);
        smallest = wait < smallest ? wait : smallest;
        largest = wait > largest ? wait : largest;
    }
    CHECK(smallest < 4000 && largest > 12000);

    /* a base larger than the cap is capped */
    backoff_init(&backoff, 5000, 1000, fixed);
    CHECK(backoff_window_ms(&backoff) == 5000);
    CHECK_DONE();
}
