/* fuzz_quant.c - the three quantity scanners over arbitrary bytes: no crash,
 * spans ordered and inside the input, values formatted without overflow. */
#include "duijie/dj_quant.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const dj_quant_list *l, size_t size)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        char v[64];
        const dj_quant *q = &l->items[i];
        if (q->start > q->num_start || q->num_start > q->num_end || q->num_end > q->end ||
            q->end > size)
            abort();
        dj_quant_format_value(v, sizeof v, q);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_quant_list l;
    const char *s = (const char *)data;

    dj_quant_list_init(&l);
    if (dj_quant_numbers(&l, s, size) == DJ_OK)
        check(&l, size);
    dj_quant_list_fini(&l);
    if (dj_quant_percents(&l, s, size) == DJ_OK)
        check(&l, size);
    dj_quant_list_fini(&l);
    if (dj_quant_extract(&l, s, size) == DJ_OK)
        check(&l, size);
    dj_quant_list_fini(&l);
    return 0;
}
