/* array.h - growing a plain C array by doubling (the app layer's row
 * loaders build arrays of structs of unknown length). */
#ifndef DJ_ARRAY_H
#define DJ_ARRAY_H

#include <stddef.h>

/* Makes room for element n of the array *p, whose capacity is *cap elements
 * of size bytes, doubling it when needed (first 16). Returns DJ_OK,
 * DJ_ENOMEM or DJ_ELIMIT (over 2^40 bytes). *p is a genuine void * (see
 * DJ_ARRAY_GROW), so no pointer type is punned. */
int dj_array_grow(void **p, size_t *cap, size_t n, size_t size);

/* rc = room for element n of the typed array arr with capacity cap
 * (a size_t lvalue). */
#define DJ_ARRAY_GROW(rc, arr, cap, n)                                     \
    do {                                                                   \
        void *np_ = (arr);                                                 \
        if (((rc) = dj_array_grow(&np_, &(cap), (n), sizeof *(arr))) == 0) \
            (arr) = np_;                                                   \
    } while (0)

#endif
