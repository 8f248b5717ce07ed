/* test_breaks_range.c - dj__sched_breaks_range against brute force: the
 * fewest breaks exact, the most never below the truth (and exact without
 * planned pauses), "no completion" exactly when fewer slots are allowed than
 * asked, over random segments, pauses, held and allowed slots. */
#include "sched/sched_int.h"

#include <criterion/criterion.h>

static uint64_t rng_state = 0x1234567;

static uint64_t next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Every subset of `free` with `add` bits: the fewest and most breaks of
 * placed | subset; returns whether any subset exists. */
static int brute(uint64_t placed, uint64_t free, int add, uint64_t planned, const uint64_t *seg,
                 int nseg, int *lo, int *hi)
{
    int any = 0, bits[DJ_SCHED_MAX_SLOTS], n = 0;
    for (uint64_t x = free; x; x &= x - 1)
        bits[n++] = __builtin_ctzll(x);
    for (uint64_t s = 0; s < ((uint64_t)1 << n); s++) {
        uint64_t busy = placed;
        if (__builtin_popcountll(s) != add)
            continue;
        for (int i = 0; i < n; i++)
            if (s >> i & 1)
                busy |= (uint64_t)1 << bits[i];
        int b = dj__sched_breaks_of(busy, planned, seg, nseg);
        if (!any || b < *lo)
            *lo = b;
        if (!any || b > *hi)
            *hi = b;
        any = 1;
    }
    return any;
}

Test(breaks_range, matches_brute_force_on_random_cases)
{
    int exact_hi = 0, checked = 0;
    for (int it = 0; it < 20000; it++) {
        int ns = 1 + (int)(next() % 12), nseg = 0, lo = -1, hi = -1, blo = -1, bhi = -1;
        uint64_t seg[DJ_SCHED_MAX_SLOTS], all = ((uint64_t)1 << ns) - 1;
        for (int t = 0; t < ns; t++) { /* contiguous segments, as dj__sched_segments makes */
            if (t == 0 || next() % 5 == 0)
                seg[nseg++] = 0;
            seg[nseg - 1] |= (uint64_t)1 << t;
        }
        uint64_t planned = next() % 3 == 0 ? next() & next() & all : 0;
        uint64_t placed = next() & next() & all & ~planned;
        uint64_t allow = next() & all;
        uint64_t free = allow & ~placed & ~planned;
        int add = (int)(next() % (unsigned)(__builtin_popcountll(free) + 2));
        int got = dj__sched_breaks_range(placed, allow, add, planned, seg, nseg, &lo, &hi);
        int want = brute(placed, free, add, planned, seg, nseg, &blo, &bhi);
        cr_assert_eq(got, want, "case %d: existence %d, brute force %d", it, got, want);
        if (!want)
            continue;
        checked++;
        cr_assert_eq(lo, blo, "case %d: fewest %d, brute force %d", it, lo, blo);
        cr_assert_geq(hi, bhi, "case %d: most %d below brute force %d", it, hi, bhi);
        if (!planned)
            cr_assert_eq(hi, bhi, "case %d: most %d, brute force %d (no pauses)", it, hi, bhi);
        exact_hi += hi == bhi;
    }
    cr_assert_gt(checked, 10000);
    cr_assert_gt(exact_hi, checked * 9 / 10);
}

/* 64 slots (bit 63 included), many segments, and held slots that are also
 * planned pauses on even cases (they count as busy, as in
 * dj__sched_breaks_of). */
Test(breaks_range, matches_brute_force_on_64_slots)
{
    for (int it = 0; it < 20000; it++) {
        int nseg = 0, lo = -1, hi = -1, blo = -1, bhi = -1, k = (int)(next() % 15);
        uint64_t seg[DJ_SCHED_MAX_SLOTS], allow = 0, top = (uint64_t)1 << 63;
        int every = 1 + (int)(next() % 20);
        for (int t = 0; t < 64; t++) {
            if (t == 0 || next() % (uint64_t)every == 0)
                seg[nseg++] = 0;
            seg[nseg - 1] |= (uint64_t)1 << t;
        }
        uint64_t planned = next() % 2 ? next() & next() & next() : 0;
        uint64_t placed = (next() & next() & next()) | (next() % 2 ? top : 0);
        if (it % 2)
            placed &= ~planned;
        for (int i = 0; i < k; i++)
            allow |= (uint64_t)1 << (next() % 64);
        if (next() % 3 == 0)
            allow |= top;
        uint64_t free = allow & ~placed & ~planned;
        int add = (int)(next() % (unsigned)(__builtin_popcountll(free) + 2));
        int got = dj__sched_breaks_range(placed, allow, add, planned, seg, nseg, &lo, &hi);
        int want = brute(placed, free, add, planned, seg, nseg, &blo, &bhi);
        cr_assert_eq(got, want, "case %d", it);
        if (!want)
            continue;
        cr_assert_eq(lo, blo, "case %d: fewest %d, brute force %d", it, lo, blo);
        cr_assert_geq(hi, bhi, "case %d: most %d below brute force %d", it, hi, bhi);
    }
}
