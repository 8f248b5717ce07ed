/* fuzz_analyze.c - libFuzzer target for the Chinese analyser: any valid
 * UTF-8 input must analyse, segment and normalise without a crash, with
 * terms in start order, offsets inside the input, and segmented words that
 * never overlap; the normalisation map must be non-decreasing and end at the
 * input length. Violations trap so that the fuzzer (or replay) reports them. */
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct check {
    size_t size, last_start, last_end;
    int segment;
} check;

static int check_cb(const dj_term *t, void *ctx)
{
    check *c = ctx;
    if (t->start > t->end || t->end > c->size || t->start < c->last_start)
        __builtin_trap();
    if (c->segment && (t->start < c->last_end || t->start == t->end || t->len == 0))
        __builtin_trap();
    c->last_start = t->start;
    c->last_end = t->end;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    check c = {size, 0, 0, 0};
    char *out = NULL;
    size_t out_len = 0, *map = NULL, i;

    if (!ready) {
        if (dj_text_init(NULL, NULL) != DJ_OK)
            __builtin_trap();
        ready = 1;
    }
    if (!dj_utf8_valid(data, size, NULL))
        return 0; /* the analyser requires valid UTF-8 */
    if (dj_text_analyze((const char *)data, size, DJ_ANALYZE_ALL, check_cb, &c) != DJ_OK)
        __builtin_trap();
    c.last_start = c.last_end = 0;
    c.segment = 1;
    if (dj_text_segment((const char *)data, size, check_cb, &c) != DJ_OK)
        __builtin_trap();
    if (dj_text_normalize(&out, &out_len, &map, (const char *)data, size) != DJ_OK)
        __builtin_trap();
    if (map[out_len] != size)
        __builtin_trap();
    for (i = 0; i < out_len; i++) {
        if (map[i] > map[i + 1] || map[i] >= size)
            __builtin_trap();
    }
    dj_free(out);
    dj_free(map);
    return 0;
}
