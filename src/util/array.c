/* array.c - dj_array_grow. */
#include "util/array.h"

#include "duijie/dj_error.h"
#include "util/alloc.h"

int dj_array_grow(void **p, size_t *cap, size_t n, size_t size)
{
    void *q;
    size_t nc;

    if (n < *cap)
        return DJ_OK;
    nc = *cap ? *cap * 2 : 16;
    while (nc <= n)
        nc *= 2;
    if (nc > ((size_t)1 << 40) / size)
        return DJ_ELIMIT;
    if (!(q = dj_realloc(*p, nc * size)))
        return DJ_ENOMEM;
    *p = q;
    *cap = nc;
    return DJ_OK;
}
