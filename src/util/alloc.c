/* alloc.c - allocation wrappers with failure injection for tests, and the
 * huge-page advice for large random-access tables.
 *
 * The injection counters are process globals, only touched when DJ_TESTING
 * is defined (Criterion runs each test in its own process). They are atomic
 * because dj_index_put_batch allocates on several threads; which thread's
 * allocation is the n-th is then up to the scheduler. */
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#ifdef DJ_TESTING
static _Atomic long fail_after; /* 0 = off; else allocations left before failing */
static _Atomic long attempts;   /* allocations attempted since the last reset */
static _Atomic int failing;

static int should_fail(void)
{
    attempts++;
    if (fail_after <= 0 && !failing)
        return 0;
    if (failing)
        return 1;
    if (--fail_after == 0) {
        failing = 1;
        return 1;
    }
    return 0;
}

long dj_test_fail_alloc_after(long n)
{
    long a = attempts;
    attempts = 0;
    failing = 0;
    fail_after = n;
    return a;
}
#else
#define should_fail() 0
long dj_test_fail_alloc_after(long n)
{
    (void)n;
    return 0;
}
#endif

void *dj_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *dj_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *dj_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void dj_free(void *p)
{
    free(p);
}

void dj_advise_huge(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + n) & ~(huge - 1);
    if (!p || n < 2 * huge || e <= a)
        return;
    (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

char *dj_strndup(const char *s, size_t len)
{
    char *d = dj_malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *dj_strdup(const char *s)
{
    return dj_strndup(s, strlen(s));
}
