/* alloc.h - the only allocator library code uses.
 *
 * dj_malloc/dj_realloc/dj_calloc/dj_free wrap the C allocator so that test
 * builds (DJ_TESTING) can make the Nth allocation fail and prove every
 * failure path returns DJ_ENOMEM and leaks nothing. dj_free(NULL) is a no-op. */
#ifndef DJ_ALLOC_H
#define DJ_ALLOC_H

#include <stddef.h>

void *dj_malloc(size_t n);
void *dj_calloc(size_t count, size_t size); /* overflow-checked; NULL on overflow */
void *dj_realloc(void *p, size_t n);
void dj_free(void *p);
/* Asks the kernel to back the whole 2 MB pages inside p[0..n) with
 * transparent huge pages (honoured when THP is in "madvise" or "always"
 * mode): a large table read at random then costs far fewer TLB misses.
 * Call it before the memory is first written. Advice only: it never fails,
 * changes no content, and is a no-op for n < 4 MB or where unsupported. */
void dj_advise_huge(void *p, size_t n);
/* Copies len bytes of s and a NUL; NULL on OOM. */
char *dj_strndup(const char *s, size_t len);
char *dj_strdup(const char *s);

#define DJ_FREE(p)  \
    do {            \
        dj_free(p); \
        (p) = NULL; \
    } while (0)

/* Test hook: after n more successful allocations the next one fails (and all
 * after it, until reset). n = 0 disables injection. Returns how many
 * allocations were attempted since the previous call. Only effective when
 * built with DJ_TESTING; otherwise it returns 0 and does nothing. */
long dj_test_fail_alloc_after(long n);

#endif
