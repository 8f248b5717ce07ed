/* test_postings.c - varints, block encoding, cursor next/seek against a
 * plain array model. */
#include "index/index_int.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdlib.h>

Test(postings, varint_round_trips)
{
    uint32_t vals[] = {0, 1, 127, 128, 300, 16383, 16384, 1u << 21, (1u << 28) + 5, UINT32_MAX};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        uint8_t buf[8];
        size_t n = dj__varint_put(buf, vals[i]);
        const uint8_t *p = buf;
        cr_assert_eq(dj__varint_get(&p), vals[i]);
        cr_assert_eq((size_t)(p - buf), n);
    }
}

static void build(dj__plist *pl, uint32_t *docs, uint16_t (*tfs)[3], size_t n, unsigned seed)
{
    uint32_t d = 0;
    srand(seed);
    for (size_t i = 0; i < n; i++) {
        d += (i == 0 ? 0 : 1) + (uint32_t)(rand() % 40);
        docs[i] = d;
        for (int f = 0; f < 3; f++)
            tfs[i][f] = (uint16_t)(rand() % 3 == 0 ? rand() % 300 : 0);
        tfs[i][DJ_FIELD_BODY] |= 1;
        cr_assert_eq(dj__plist_append(pl, d, tfs[i]), DJ_OK);
    }
}

Test(postings, cursor_next_visits_every_posting)
{
    enum { N = 1000 };
    static uint32_t docs[N];
    static uint16_t tfs[N][3];
    dj__plist pl = {0};
    static dj__cursor c;
    build(&pl, docs, tfs, N, 7);
    cr_assert_eq(pl.df, N);
    cr_assert_eq(pl.nskips, N / DJ__BLOCK);
    size_t i = 0;
    for (dj__cursor_init(&c, &pl); c.cur != DJ__END; dj__cursor_next(&c), i++) {
        cr_assert_eq(c.cur, docs[i], "i=%zu", i);
        for (int f = 0; f < 3; f++)
            cr_assert_eq(c.tf[f][c.pos], tfs[i][f]);
    }
    cr_assert_eq(i, N);
    dj__plist_fini(&pl);
}

Test(postings, seek_matches_linear_search)
{
    enum { N = 777 };
    static uint32_t docs[N];
    static uint16_t tfs[N][3];
    dj__plist pl = {0};
    static dj__cursor c;
    build(&pl, docs, tfs, N, 11);
    srand(3);
    for (int trial = 0; trial < 300; trial++) {
        dj__cursor_init(&c, &pl);
        uint32_t target = 0;
        for (int step = 0; step < 8; step++) {
            target += (uint32_t)(rand() % 3000);
            dj__cursor_seek(&c, target);
            size_t j = 0;
            while (j < N && docs[j] < target)
                j++;
            uint32_t want = j < N ? docs[j] : DJ__END;
            cr_assert_eq(c.cur, want, "target %u", target);
            if (want == DJ__END)
                break;
            target = want; /* seeking to the current doc stays */
            dj__cursor_seek(&c, target);
            cr_assert_eq(c.cur, want);
        }
    }
    /* past the end */
    dj__cursor_init(&c, &pl);
    dj__cursor_seek(&c, docs[N - 1] + 1);
    cr_assert_eq(c.cur, DJ__END);
    dj__plist_fini(&pl);
}

Test(postings, append_failure_leaves_list_unchanged)
{
    dj__plist pl = {0};
    uint16_t tf[3] = {0, 0, 1};
    long n;
    for (uint32_t d = 0; d < 128; d++)
        cr_assert_eq(dj__plist_append(&pl, d, tf), DJ_OK);
    dj__plist before = pl;
    /* the 129th posting seals a block: make each allocation in turn fail */
    for (n = 1; n < 4; n++) {
        dj_test_fail_alloc_after(n);
        int rc = dj__plist_append(&pl, 1000, tf);
        dj_test_fail_alloc_after(0);
        if (rc == DJ_OK)
            break;
        cr_assert_eq(rc, DJ_ENOMEM);
        cr_assert_eq(pl.len, before.len);
        cr_assert_eq(pl.nskips, before.nskips);
        cr_assert_eq(pl.nlast, before.nlast);
        cr_assert_eq(pl.df, before.df);
    }
    dj__plist_fini(&pl);
}
