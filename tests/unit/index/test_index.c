/* test_index.c - the index through its public API with a whitespace
 * analyser: ranking basics, add/update/delete, filters, every top-k
 * strategy (MaxScore, term-at-a-time, automatic) equals exhaustive scoring
 * (ties included) and forced MaxScore prunes, also through tombstones, filters and a snapshot
 * reload (term-at-a-time reads copies of the deleted flags and body lengths) and with thousands
 * of tied candidates (its bucketed k-th-score selection), feedback, snapshot round-trip and
 * corruption, and allocation-failure loops on every mutating and searching entry point (put
 * also with the default analyser, whose buffers the index keeps between puts). */
#include "duijie/dj_index.h"
#include "duijie/dj_text.h"

#include "helper_ws.h"
#include "util/alloc.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A published document with these fields (NULL = empty). */
static dj_index_doc doc_of(int64_t id, const char *title, const char *kw, const char *body)
{
    dj_index_doc d = {0};
    d.id = id;
    d.title = title;
    d.title_len = title ? strlen(title) : 0;
    d.keywords = kw;
    d.keywords_len = kw ? strlen(kw) : 0;
    d.body = body;
    d.body_len = body ? strlen(body) : 0;
    d.status = 2;
    return d;
}

static void put(dj_index *idx, int64_t id, const char *title, const char *kw, const char *body)
{
    dj_index_doc d = doc_of(id, title, kw, body);
    cr_assert_eq(dj_index_put(idx, &d), DJ_OK);
}

static size_t search(dj_index_hit **h, const dj_index *idx, const char *q, size_t k,
                     const dj_index_filter *f)
{
    dj_index_query qq = {0};
    size_t n = 0;
    qq.text = q;
    qq.len = strlen(q);
    qq.k = k;
    qq.filter = f;
    cr_assert_eq(dj_index_search(h, &n, idx, &qq, NULL), DJ_OK);
    return n;
}

Test(index, ranks_title_match_above_body_match)
{
    dj_index *idx = test_ws_index();
    put(idx, 1, "pump", NULL, "a long body about valves and seals and other things");
    put(idx, 2, "valve", NULL, "pump mentioned once in a long body of text here");
    put(idx, 3, "motor", NULL, "nothing relevant at all");
    dj_index_hit *h;
    size_t n = search(&h, idx, "pump", 10, NULL);
    cr_assert_eq(n, 2);
    cr_assert_eq(h[0].id, 1);
    cr_assert_eq(h[1].id, 2);
    cr_assert_gt(h[0].score, h[1].score);
    dj_free(h);
    n = search(&h, idx, "nonexistent", 10, NULL);
    cr_assert_eq(n, 0);
    dj_free(h);
    n = search(&h, idx, "stop", 10, NULL); /* stop words are never terms */
    cr_assert_eq(n, 0);
    dj_free(h);
    dj_index_free(idx);
}

Test(index, rare_terms_weigh_more)
{
    dj_index *idx = test_ws_index();
    for (int i = 0; i < 20; i++)
        put(idx, 100 + i, NULL, NULL, "common filler");
    put(idx, 1, NULL, NULL, "common rare");
    put(idx, 2, NULL, NULL, "common common");
    dj_index_hit *h;
    size_t n = search(&h, idx, "common rare", 3, NULL);
    cr_assert_eq(n, 3);
    cr_assert_eq(h[0].id, 1);
    dj_free(h);
    dj_index_free(idx);
}

Test(index, update_replaces_and_delete_removes)
{
    dj_index *idx = test_ws_index();
    put(idx, 7, "alpha", NULL, NULL);
    put(idx, 8, "beta", NULL, NULL);
    cr_assert_eq(dj_index_count(idx), 2);
    put(idx, 7, "gamma", NULL, NULL); /* update */
    cr_assert_eq(dj_index_count(idx), 2);
    dj_index_hit *h;
    cr_assert_eq(search(&h, idx, "alpha", 5, NULL), 0);
    dj_free(h);
    cr_assert_eq(search(&h, idx, "gamma", 5, NULL), 1);
    cr_assert_eq(h[0].id, 7);
    dj_free(h);
    cr_assert_eq(dj_index_delete(idx, 7), DJ_OK);
    cr_assert_eq(dj_index_delete(idx, 7), DJ_ENOTFOUND);
    cr_assert_eq(dj_index_count(idx), 1);
    cr_assert_not(dj_index_contains(idx, 7));
    cr_assert(dj_index_contains(idx, 8));
    cr_assert_eq(search(&h, idx, "gamma", 5, NULL), 0);
    dj_free(h);
    put(idx, 7, "alpha", NULL, NULL); /* re-add after delete */
    cr_assert_eq(search(&h, idx, "alpha", 5, NULL), 1);
    dj_free(h);
    cr_assert_eq(dj_index_compact(idx), DJ_OK);
    cr_assert_eq(search(&h, idx, "alpha", 5, NULL), 1);
    cr_assert_eq(h[0].id, 7);
    dj_free(h);
    cr_assert_eq(search(&h, idx, "gamma", 5, NULL), 0);
    dj_free(h);
    dj_index_free(idx);
}

Test(index, many_updates_keep_one_live_copy)
{
    dj_index *idx = test_ws_index();
    char body[64];
    for (int round = 0; round < 5; round++)
        for (int i = 0; i < 3000; i++) {
            snprintf(body, sizeof body, "w%d r%d shared", i % 50, round);
            put(idx, i, NULL, NULL, body);
        }
    cr_assert_eq(dj_index_count(idx), 3000);
    dj_index_hit *h;
    cr_assert_eq(search(&h, idx, "r3", 5000, NULL), 0);
    dj_free(h);
    cr_assert_eq(search(&h, idx, "r4", 5000, NULL), 3000);
    dj_free(h);
    cr_assert_eq(search(&h, idx, "shared", 5000, NULL), 3000);
    dj_free(h);
    dj_index_free(idx);
}

static void put_attr(dj_index *idx, int64_t id, uint8_t side, uint8_t kind, uint8_t status,
                     uint32_t region, const char *industry, uint32_t modes)
{
    dj_index_doc d = {0};
    d.id = id;
    d.title = "x";
    d.title_len = 1;
    d.side = side;
    d.kind = kind;
    d.status = status;
    d.region = region;
    d.industry = industry;
    d.industry_len = industry ? strlen(industry) : 0;
    d.modes = modes;
    cr_assert_eq(dj_index_put(idx, &d), DJ_OK);
}

static int ids_are(const dj_index *idx, const dj_index_filter *f, const int64_t *want, size_t n)
{
    dj_index_hit *h;
    size_t got = search(&h, idx, "x", 100, f);
    int ok = got == n;
    for (size_t i = 0; ok && i < n; i++) {
        int found = 0;
        for (size_t j = 0; j < got; j++)
            found |= h[j].id == want[i];
        ok = found;
    }
    dj_free(h);
    return ok;
}

/* GB/T 4754 codes nest (C manufacturing, C39 electronics, C391 computers):
 * an industry filter takes the code and every code below it. */
Test(index, industry_filter_takes_the_codes_below)
{
    dj_index *idx = test_ws_index();
    dj_index_filter f;
    put_attr(idx, 1, 1, 1, 1, 450200, "C39", 0);
    put_attr(idx, 2, 1, 1, 1, 450200, "C391", 0);
    put_attr(idx, 3, 1, 1, 1, 450200, "C36", 0);
    put_attr(idx, 4, 1, 1, 1, 450200, "I65", 0);
    put_attr(idx, 5, 1, 1, 1, 450200, NULL, 0);
    memset(&f, 0, sizeof f);
    f.industry = "C";
    f.industry_len = 1;
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2, 3}, 3));
    f.industry = "C39";
    f.industry_len = 3;
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    f.industry = "C391";
    f.industry_len = 4;
    cr_assert(ids_are(idx, &f, (int64_t[]){2}, 1));
    f.industry = "C3911";
    f.industry_len = 5;
    cr_assert(ids_are(idx, &f, NULL, 0));
    dj_index_free(idx);
}

Test(index, filters_select_by_every_attribute)
{
    dj_index *idx = test_ws_index();
    put_attr(idx, 1, 1, 1, 2, 450203, "新材料", 1u);
    put_attr(idx, 2, 2, 1, 2, 450100, "新材料", 2u);
    put_attr(idx, 3, 1, 3, 3, 440300, "生物医药", 3u);
    put_attr(idx, 4, 2, 3, 1, 0, NULL, 0);
    dj_index_filter f = {0};
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2, 3, 4}, 4));
    f.side_mask = 1u << 1;
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 3}, 2));
    memset(&f, 0, sizeof f);
    f.kind_mask = 1u << 3;
    cr_assert(ids_are(idx, &f, (int64_t[]){3, 4}, 2));
    memset(&f, 0, sizeof f);
    f.status_mask = 1u << 2;
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    memset(&f, 0, sizeof f);
    cr_assert_eq(dj_index_filter_region(&f, "45", 2), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    cr_assert_eq(dj_index_filter_region(&f, "4502", 4), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){1}, 1));
    cr_assert_eq(dj_index_filter_region(&f, "440300", 6), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){3}, 1));
    /* a province's or city's own code selects all of it (GB/T 2260) */
    cr_assert_eq(dj_index_filter_region(&f, "450000", 6), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    cr_assert_eq(dj_index_filter_region(&f, "450100", 6), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){2}, 1));
    cr_assert_eq(dj_index_filter_region(&f, "450200", 6), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){1}, 1));
    cr_assert_eq(dj_index_filter_region(&f, "4500", 4), DJ_OK);
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    cr_assert_eq(dj_index_filter_region(&f, "4x", 2), DJ_EINVAL);
    cr_assert_eq(dj_index_filter_region(&f, "450", 3), DJ_EINVAL);
    memset(&f, 0, sizeof f);
    f.industry = "新材料";
    f.industry_len = strlen(f.industry);
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2}, 2));
    f.industry = "航空";
    f.industry_len = strlen(f.industry);
    cr_assert(ids_are(idx, &f, NULL, 0));
    memset(&f, 0, sizeof f);
    f.modes_any = 2u;
    cr_assert(ids_are(idx, &f, (int64_t[]){2, 3}, 2));
    memset(&f, 0, sizeof f);
    f.has_exclude = 1;
    f.exclude_id = 3;
    cr_assert(ids_are(idx, &f, (int64_t[]){1, 2, 4}, 3));
    f.side_mask = 1u << 2;
    f.modes_any = 1u | 2u;
    cr_assert(ids_are(idx, &f, (int64_t[]){2}, 1));
    dj_index_free(idx);
}

/* A random corpus over a Zipf-like vocabulary. */
static dj_index *random_corpus(unsigned seed, int ndocs)
{
    dj_index *idx = test_ws_index();
    char body[2048], title[256];
    srand(seed);
    for (int i = 0; i < ndocs; i++) {
        size_t bl = 0, tl = 0;
        int nw = 5 + rand() % 60;
        for (int w = 0; w < nw; w++) {
            int r = rand() % 1000;
            int term = r < 500 ? rand() % 20 : r < 900 ? 20 + rand() % 200 : 220 + rand() % 3000;
            bl += (size_t)snprintf(body + bl, sizeof body - bl, "%st%d", w ? " " : "", term);
        }
        for (int w = 0; w < 3; w++)
            tl += (size_t)snprintf(title + tl, sizeof title - tl, "%st%d", w ? " " : "",
                                   rand() % 500);
        put(idx, 1000 + i, title, NULL, body);
        if (i % 17 == 0)
            cr_assert_eq(dj_index_delete(idx, 1000 + i / 2), i / 2 % 17 == 0 && i ? DJ_OK : DJ_OK);
    }
    return idx;
}

static void assert_same_hits(const dj_index_hit *a, size_t na, const dj_index_hit *b, size_t nb,
                             int trial, const char *what)
{
    cr_assert_eq(na, nb, "%s trial %d", what, trial);
    for (size_t i = 0; i < na; i++) {
        cr_assert_eq(a[i].id, b[i].id, "%s trial %d rank %zu", what, trial, i);
        cr_assert_float_eq(a[i].score, b[i].score, 1e-6);
        if (i)
            cr_assert_geq(a[i - 1].score, a[i].score);
    }
}

/* Every top-k strategy (MaxScore, term-at-a-time, automatic) returns the
 * exhaustive evaluation's hits, at small and large k; MaxScore, forced,
 * must actually prune on this corpus. */
Test(index, strategies_equal_exhaustive)
{
    dj_index *idx = random_corpus(42, 3000);
    char q[4096];
    size_t saved_post = 0, full_post = 0;
    srand(99);
    for (int trial = 0; trial < 80; trial++) {
        size_t ql = 0;
        int nq = 1 + rand() % 40;
        for (int w = 0; w < nq; w++)
            ql += (size_t)snprintf(q + ql, sizeof q - ql, "%st%d", w ? " " : "", rand() % 3300);
        dj_index_query qq = {0};
        qq.text = q;
        qq.len = ql;
        qq.k = trial % 4 == 3 ? (size_t)(64 + rand() % 300) : (size_t)(1 + rand() % 20);
        qq.max_terms = 1000;
        dj_index_hit *ex, *h;
        size_t nex, nh;
        dj_index_stats sx, sm;
        qq.exhaustive = 1;
        cr_assert_eq(dj_index_search(&ex, &nex, idx, &qq, &sx), DJ_OK);
        qq.exhaustive = 0;
        qq.strategy = DJ_INDEX_STRATEGY_MAXSCORE;
        cr_assert_eq(dj_index_search(&h, &nh, idx, &qq, &sm), DJ_OK);
        assert_same_hits(h, nh, ex, nex, trial, "maxscore");
        dj_free(h);
        if (qq.k <= 20) {
            saved_post += sm.scored;
            full_post += sx.scored;
        }
        qq.strategy = DJ_INDEX_STRATEGY_TAAT;
        cr_assert_eq(dj_index_search(&h, &nh, idx, &qq, NULL), DJ_OK);
        assert_same_hits(h, nh, ex, nex, trial, "taat");
        dj_free(h);
        qq.strategy = DJ_INDEX_STRATEGY_AUTO;
        cr_assert_eq(dj_index_search(&h, &nh, idx, &qq, NULL), DJ_OK);
        assert_same_hits(h, nh, ex, nex, trial, "auto");
        dj_free(h);
        dj_free(ex);
    }
    /* MaxScore's early termination must actually skip work on this corpus */
    cr_assert_lt(saved_post, full_post / 2, "maxscore %zu vs exhaustive %zu", saved_post,
                 full_post);
    dj_index_qterm none = {0};
    dj_index_query bad = {0};
    dj_index_hit *h;
    size_t nh;
    bad.k = 1;
    bad.strategy = 3;
    cr_assert_eq(dj_index_search_terms(&h, &nh, idx, &none, 0, &bad, NULL), DJ_EINVAL);
    dj_index_free(idx);
}

/* Ties: many documents with the same score, more than k of them; every
 * strategy keeps the same ones, in id order. */
Test(index, strategies_agree_on_ties)
{
    dj_index *idx = test_ws_index();
    for (int i = 0; i < 300; i++)
        put(idx, 5000 - 7 * i, NULL, NULL, i % 3 ? "alpha beta" : "alpha gamma");
    for (size_t k = 1; k <= 260; k += 37) {
        dj_index_query qq = {0};
        qq.text = "alpha beta";
        qq.len = strlen(qq.text);
        qq.k = k;
        dj_index_hit *ex, *h;
        size_t nex, nh;
        qq.exhaustive = 1;
        cr_assert_eq(dj_index_search(&ex, &nex, idx, &qq, NULL), DJ_OK);
        cr_assert_eq(nex, k);
        for (size_t i = 1; i < nex; i++)
            if (ex[i].score == ex[i - 1].score)
                cr_assert_gt(ex[i].id, ex[i - 1].id);
        qq.exhaustive = 0;
        for (int s = DJ_INDEX_STRATEGY_AUTO; s <= DJ_INDEX_STRATEGY_TAAT; s++) {
            qq.strategy = s;
            cr_assert_eq(dj_index_search(&h, &nh, idx, &qq, NULL), DJ_OK);
            assert_same_hits(h, nh, ex, nex, (int)k, "ties");
            dj_free(h);
        }
        dj_free(ex);
    }
    dj_index_free(idx);
}

Test(index, query_terms_are_cut_by_idf)
{
    dj_index *idx = test_ws_index();
    for (int i = 0; i < 20; i++)
        put(idx, i, NULL, NULL, i < 5 ? "common mid =co" : "common =co");
    put(idx, 100, NULL, NULL, "rare1 common");
    put(idx, 101, NULL, NULL, "rare2 rare2 common");
    dj_index_qterm *t;
    size_t n;
    const char *q = "common mid rare1 rare2 =co nothing";
    cr_assert_eq(dj_index_query_terms(&t, &n, idx, q, strlen(q), 3), DJ_OK);
    cr_assert_eq(n, 3);
    cr_assert_eq(t[0].len, 5);
    cr_assert_eq(t[1].len, 5);
    cr_assert_eq(memcmp(t[2].text, "mid", 3), 0);
    cr_assert_geq(t[0].idf * t[0].weight, t[1].idf * t[1].weight);
    cr_assert_geq(t[1].idf * t[1].weight, t[2].idf * t[2].weight);
    dj_free(t);
    cr_assert_eq(dj_index_query_terms(&t, &n, idx, q, strlen(q), 100), DJ_OK);
    cr_assert_eq(n, 5, "unknown terms are dropped");
    int saw_bigram = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].text[0] == '\x01') {
            saw_bigram = 1;
            cr_assert_float_eq(t[i].weight, dj_index_get_config(idx)->bigram_weight, 1e-6);
        }
    cr_assert(saw_bigram);
    dj_free(t);
    dj_index_free(idx);
}

Test(index, feedback_finds_related_documents)
{
    dj_index *idx = test_ws_index();
    put(idx, 1, "solar", NULL, "solar panel photovoltaic inverter");
    put(idx, 2, NULL, NULL, "photovoltaic inverter grid");
    put(idx, 3, NULL, NULL, "bakery bread flour");
    for (int i = 0; i < 10; i++)
        put(idx, 10 + i, NULL, NULL, "filler words only");
    dj_index_query q = {0};
    q.text = "solar";
    q.len = 5;
    q.k = 5;
    dj_index_hit *h;
    size_t n;
    cr_assert_eq(dj_index_search(&h, &n, idx, &q, NULL), DJ_OK);
    cr_assert_eq(n, 1);
    dj_free(h);
    q.prf_docs = 1;
    q.prf_terms = 5;
    cr_assert_eq(dj_index_search(&h, &n, idx, &q, NULL), DJ_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(h[0].id, 1);
    cr_assert_eq(h[1].id, 2);
    dj_free(h);
    dj_index_free(idx);
}

static void tmp_path(char *out, size_t n)
{
    snprintf(out, n, "%s/dj_index_test_%d.snap", DJ_BINARY_DIR, (int)getpid());
}

static void same_results(const dj_index *a, const dj_index *b)
{
    const char *qs[] = {"t1", "t5 t99 t2000", "t3 t4 t5 t6 t7 t8 t9 t10 t300 t301", "nothing"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        dj_index_hit *x, *y;
        size_t nx = search(&x, a, qs[i], 15, NULL), ny = search(&y, b, qs[i], 15, NULL);
        cr_assert_eq(nx, ny);
        for (size_t j = 0; j < nx; j++) {
            cr_assert_eq(x[j].id, y[j].id);
            cr_assert_eq(x[j].score, y[j].score);
        }
        dj_free(x);
        dj_free(y);
    }
}

Test(index, snapshot_round_trips)
{
    dj_index *idx = random_corpus(8, 1500);
    char path[512];
    tmp_path(path, sizeof path);
    dj_diag d = {0};
    cr_assert_eq(dj_index_save(idx, path, &d), DJ_OK, "%s", d.message);
    dj_index *back = NULL;
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_count(back), dj_index_count(idx));
    same_results(idx, back);
    /* the loaded index accepts mutations like the original */
    put(back, 1, "t1 t1 t1", NULL, "t1");
    put(idx, 1, "t1 t1 t1", NULL, "t1");
    cr_assert_eq(dj_index_delete(back, 1003), dj_index_delete(idx, 1003));
    same_results(idx, back);
    dj_index_free(back);
    remove(path);
    dj_index_free(idx);
}

/* The bytes of a saved snapshot (dj_free them); asserts it could be read. */
static unsigned char *read_snapshot(const char *path, long *sz)
{
    char *data = NULL;
    size_t n = 0;
    cr_assert_eq(dj_file_read(&data, &n, path, 0), DJ_OK, "cannot read %s", path);
    *sz = (long)n;
    return (unsigned char *)data;
}

/* Writes data[0..n) to path (a truncated or corrupted snapshot). */
static void write_bytes(const char *path, const unsigned char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    cr_assert(fp);
    cr_assert_eq(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

Test(index, truncated_or_corrupt_snapshot_is_a_parse_error)
{
    dj_index *idx = random_corpus(9, 60);
    char path[512], path2[600];
    tmp_path(path, sizeof path);
    snprintf(path2, sizeof path2, "%s.bad", path);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    long sz;
    unsigned char *data = read_snapshot(path, &sz);
    for (long cut = 0; cut < sz; cut += 1 + cut / 16) {
        write_bytes(path2, data, (size_t)cut);
        dj_index *b = NULL;
        dj_diag d = {0};
        cr_assert_eq(dj_index_load(&b, path2, test_ws_analyze, &d), DJ_EPARSE, "cut %ld", cut);
        cr_assert_null(b);
    }
    srand(1);
    for (int trial = 0; trial < 300; trial++) { /* flipped bytes: parse error or a valid index */
        long at = rand() % sz;
        data[at] ^= (unsigned char)(1 + rand() % 255);
        write_bytes(path2, data, (size_t)sz);
        dj_index *b = NULL;
        int rc = dj_index_load(&b, path2, test_ws_analyze, NULL);
        cr_assert(rc == DJ_OK || rc == DJ_EPARSE);
        if (b) {
            dj_index_hit *h;
            search(&h, b, "t1 t2 t3 t400", 10, NULL); /* must not crash under ASan */
            dj_free(h);
        }
        dj_index_free(b);
        data[at] ^= 0; /* keep the corruption: damage accumulates */
    }
    dj_index *b = NULL;
    cr_assert_eq(dj_index_load(&b, "/nonexistent/dir/x.snap", NULL, NULL), DJ_EIO);
    dj_free(data);
    remove(path);
    remove(path2);
    dj_index_free(idx);
}

/* A version-3 file carries a checksum: any one byte changed is refused,
 * also where the file stays consistent - a term's bytes swapped for others
 * of the same length, a header total - which loaded before and answered
 * wrongly (a search for the old term found nothing, the new one found a
 * document without it). */
Test(index, snapshot_checksum_refuses_any_changed_byte)
{
    dj_index *idx = random_corpus(5, 40);
    char path[512], path2[600];
    long sz, at;
    unsigned char *data;

    tmp_path(path, sizeof path);
    snprintf(path2, sizeof path2, "%s.bad", path);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    data = read_snapshot(path, &sz);
    cr_assert_eq(data[4], 3);
    for (at = 0; at < sz; at += 1 + at / 64) {
        dj_index *b = NULL;
        data[at] ^= 0x01;
        write_bytes(path2, data, (size_t)sz);
        cr_assert_eq(dj_index_load(&b, path2, test_ws_analyze, NULL), DJ_EPARSE, "byte %ld", at);
        cr_assert_null(b);
        data[at] ^= 0x01;
    }
    /* the term t17 becomes t71 (both are terms of the corpus) */
    for (at = 0; at + 4 < sz && memcmp(data + at, "t17", 4) != 0; at++)
        ;
    cr_assert_lt(at + 4, sz, "term t17 in the file");
    data[at + 1] = '7', data[at + 2] = '1';
    write_bytes(path2, data, (size_t)sz);
    dj_index *b = NULL;
    cr_assert_eq(dj_index_load(&b, path2, test_ws_analyze, NULL), DJ_EPARSE);
    dj_free(data);
    remove(path);
    remove(path2);
    dj_index_free(idx);
}

static int tag_is_zero(int64_t id, uint64_t tag, void *ctx)
{
    (void)id;
    (void)ctx;
    return tag != 0;
}

/* The stamp names the data an index was built from: saved and loaded with
 * it, 0 after a put or delete, and 0 from a version-1 file (no stamp, no
 * document tags), which still loads. */
Test(index, snapshot_keeps_the_stamp_and_reads_version_1)
{
    dj_index *idx = random_corpus(11, 200), *back = NULL;
    char path[512];
    long sz;
    unsigned char *data;
    dj_diag d = {0};

    tmp_path(path, sizeof path);
    cr_assert_eq(dj_index_stamp(idx), 0);
    dj_index_set_stamp(idx, 0x0123456789abcdefULL);
    cr_assert_eq(dj_index_save(idx, path, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_stamp(back), 0x0123456789abcdefULL);
    same_results(idx, back);
    put(back, 5, "t1", NULL, "t2");
    cr_assert_eq(dj_index_stamp(back), 0);
    dj_index_set_stamp(back, 7);
    cr_assert_eq(dj_index_delete(back, 5), DJ_OK);
    cr_assert_eq(dj_index_stamp(back), 0);
    dj_index_free(back);
    back = NULL;

    /* a version-1 file (no stamp, no tags) still loads, and saves as version 3 */
    char v1[512];
    snprintf(v1, sizeof v1, "%s/tests/fuzz/corpus/snapshot/five_docs.djix", DJ_SOURCE_DIR);
    data = read_snapshot(v1, &sz);
    cr_assert_eq(data[4], 1);
    dj_free(data);
    cr_assert_eq(dj_index_load(&back, v1, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_stamp(back), 0);
    cr_assert_eq(dj_index_count(back), 5);
    cr_assert_eq(dj_index_each_live(back, tag_is_zero, NULL), 0);
    cr_assert_eq(dj_index_save(back, path, &d), DJ_OK, "%s", d.message);
    dj_index *again = NULL;
    cr_assert_eq(dj_index_load(&again, path, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_count(again), 5);
    for (int64_t id = 0; id < 100; id++)
        cr_assert_eq(dj_index_contains(again, id), dj_index_contains(back, id));
    dj_index_free(again);
    dj_index_free(back);
    data = read_snapshot(path, &sz);
    data[4] = 4; /* an unknown version */
    write_bytes(path, data, (size_t)sz);
    back = NULL;
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_EPARSE);
    dj_free(data);
    remove(path);
    dj_index_free(idx);
}

typedef struct tag_list {
    int64_t id[8];
    uint64_t tag[8];
    int n;
} tag_list;

static int collect_tags(int64_t id, uint64_t tag, void *ctx)
{
    tag_list *t = ctx;
    if (t->n == 8)
        return 1;
    t->id[t->n] = id;
    t->tag[t->n++] = tag;
    return 0;
}

Test(index, document_tags_are_kept_saved_and_listed)
{
    dj_index *idx = test_ws_index(), *back = NULL;
    char path[512];
    uint64_t tag = 0;
    tag_list t = {0};

    for (int i = 1; i <= 4; i++) {
        dj_index_doc d = doc_of(i, "t1", NULL, "t2 t3");
        d.tag = 1000 + (uint64_t)i;
        cr_assert_eq(dj_index_put(idx, &d), DJ_OK);
    }
    dj_index_doc d = doc_of(2, "t9", NULL, "t2");
    d.tag = 77; /* an update replaces the tag */
    cr_assert_eq(dj_index_put(idx, &d), DJ_OK);
    cr_assert_eq(dj_index_delete(idx, 3), DJ_OK);
    tmp_path(path, sizeof path);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, NULL), DJ_OK);
    cr_assert_eq(dj_index_doc_tag(back, 2, &tag), DJ_OK);
    cr_assert_eq(tag, 77);
    cr_assert_eq(dj_index_doc_tag(back, 3, &tag), DJ_ENOTFOUND);
    cr_assert_eq(dj_index_each_live(back, collect_tags, &t), 0);
    cr_assert_eq(t.n, 3); /* live ones, in insertion order (2 was put again last) */
    cr_assert_eq(t.id[0], 1);
    cr_assert_eq(t.tag[0], 1001);
    cr_assert_eq(t.id[1], 4);
    cr_assert_eq(t.id[2], 2);
    cr_assert_eq(t.tag[2], 77);
    t.n = 8; /* a non-zero return stops the walk and comes back */
    cr_assert_eq(dj_index_each_live(back, collect_tags, &t), 1);
    remove(path);
    dj_index_free(back);
    dj_index_free(idx);
}

/* A whitespace analyser that drops the token "t1": stands for an analyser
 * or dictionary that changed since an index was built. */
static int ws_without_t1(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx);

typedef struct filter_ctx {
    dj_term_cb cb;
    void *ctx;
} filter_ctx;

static int drop_t1(const dj_term *t, void *ctx)
{
    filter_ctx *f = ctx;
    if (t->len == 2 && memcmp(t->text, "t1", 2) == 0)
        return 0;
    return f->cb(t, f->ctx);
}

static int ws_without_t1(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx)
{
    filter_ctx f = {cb, ctx};
    return test_ws_analyze(text, len, flags, drop_t1, &f);
}

Test(index, doc_agrees_only_with_what_indexing_gives)
{
    dj_index *idx = test_ws_index(), *other = NULL;
    dj_index_doc d = doc_of(1, "t1 t2", "t9", "t3 t3 t4 t1");

    put(idx, 1, "t1 t2", "t9", "t3 t3 t4 t1");
    put(idx, 2, "t5", NULL, "t6 =ab t3");
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 1);
    d.body = "t3 t4 t4 t1"; /* same length, other counts */
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);
    d.body = "t3 t3 t4 t7"; /* a term the index has never seen */
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);
    d.body = "t3 t3 t4 t1";
    d.region = 450000;
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);
    d.region = 0;
    d.industry = "C39";
    d.industry_len = 3;
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);
    d.industry = NULL;
    d.industry_len = 0;
    d.id = 3;
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);
    d.id = 1;
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 1);
    cr_assert_eq(dj_index_delete(idx, 1), DJ_OK);
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 0);

    /* saved, then loaded with a changed analyser: documents it reads
     * differently (t1 dropped) no longer agree, the others still do */
    char path[512];
    dj_diag dg = {0};
    tmp_path(path, sizeof path);
    put(idx, 1, "t1 t2", "t9", "t3 t3 t4 t1");
    cr_assert_eq(dj_index_save(idx, path, &dg), DJ_OK, "%s", dg.message);
    cr_assert_eq(dj_index_load(&other, path, ws_without_t1, &dg), DJ_OK, "%s", dg.message);
    cr_assert_eq(dj_index_doc_agrees(idx, &d), 1);
    cr_assert_eq(dj_index_doc_agrees(other, &d), 0);
    d = doc_of(2, "t5", NULL, "t6 =ab t3");
    cr_assert_eq(dj_index_doc_agrees(other, &d), 1);
    remove(path);
    dj_index_free(other);
    dj_index_free(idx);
}

/* Two live documents with one id cannot come out of dj_index_save: a file
 * that has them is damaged (the id map would hide one of them). */
Test(index, snapshot_with_a_duplicate_live_id_is_a_parse_error)
{
    const int64_t a = 0x1122334455667701LL, b = 0x1122334455667702LL;
    dj_index *idx = test_ws_index();
    char path[512];
    long sz, at, found = 0;
    unsigned char *data;
    dj_index *back = NULL;
    dj_diag d = {0};

    put(idx, a, "t1 t2", NULL, "t1");
    put(idx, b, "t2 t3", NULL, "t3");
    tmp_path(path, sizeof path);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_OK, "%s", d.message);
    dj_index_free(back);
    back = NULL;
    data = read_snapshot(path, &sz);
    for (at = 0; at + 8 <= sz; at++) /* ids are stored as little-endian i64 */
        if (!memcmp(data + at, &b, 8)) {
            memcpy(data + at, &a, 8);
            found++;
        }
    cr_assert_eq(found, 1);
    write_bytes(path, data, (size_t)sz);
    cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_EPARSE);
    cr_assert_null(back);
    cr_assert(strstr(d.message, "corrupt") != NULL, "%s", d.message);
    dj_free(data);
    remove(path);
    dj_index_free(idx);
}

/* ---- allocation failure loops ---- */

Test(index, put_survives_every_allocation_failure)
{
    long n;
    for (n = 1;; n++) {
        dj_index *idx = test_ws_index();
        put(idx, 1, "a b", "k", "c d e");
        dj_index_doc d = {0};
        d.id = 2;
        d.title = "a x y";
        d.title_len = 5;
        d.body = "z z z c";
        d.body_len = 7;
        d.industry = "ind";
        d.industry_len = 3;
        dj_test_fail_alloc_after(n);
        int rc = dj_index_put(idx, &d);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            dj_index_free(idx);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        /* unchanged: still one document, searches work, doc 2 absent */
        cr_assert_eq(dj_index_count(idx), 1);
        dj_index_hit *h;
        cr_assert_eq(search(&h, idx, "a", 5, NULL), 1);
        dj_free(h);
        cr_assert_eq(search(&h, idx, "z", 5, NULL), 0);
        dj_free(h);
        dj_index_free(idx);
    }
    cr_assert_gt(n, 1);
}

/* every strategy, small and large k (large: term-at-a-time and the radix
 * sort of > 64 hits) */
Test(index, search_survives_every_allocation_failure)
{
    dj_index *idx = random_corpus(3, 200);
    for (int s = DJ_INDEX_STRATEGY_AUTO; s <= DJ_INDEX_STRATEGY_TAAT; s++)
        for (size_t k = 5; k <= 100; k += 95) {
            long n;
            for (n = 1;; n++) {
                dj_index_query q = {0};
                q.text = "t1 t2 t300 t301 t5";
                q.len = strlen(q.text);
                q.k = k;
                q.prf_docs = 3;
                q.strategy = s;
                dj_index_hit *h = NULL;
                size_t nh;
                dj_test_fail_alloc_after(n);
                int rc = dj_index_search(&h, &nh, idx, &q, NULL);
                long attempts = dj_test_fail_alloc_after(0);
                dj_free(h);
                if (rc == DJ_OK && attempts < n) {
                    if (k == 100)
                        cr_assert_gt(nh, 64, "strategy %d: %zu hits", s, nh);
                    break;
                }
                cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
                cr_assert_null(h);
            }
            cr_assert_gt(n, 1);
        }
    dj_index_free(idx);
}

Test(index, compact_save_load_survive_every_allocation_failure)
{
    char path[512];
    tmp_path(path, sizeof path);
    long n;
    for (n = 1;; n++) {
        dj_index *idx = random_corpus(4, 150);
        dj_index_hit *h;
        size_t before = search(&h, idx, "t1 t2 t3", 1000, NULL);
        dj_free(h);
        dj_test_fail_alloc_after(n);
        int rc = dj_index_compact(idx);
        long attempts = dj_test_fail_alloc_after(0);
        cr_assert_eq(search(&h, idx, "t1 t2 t3", 1000, NULL), before);
        dj_free(h);
        dj_index_free(idx);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM);
    }
    dj_index *idx = random_corpus(4, 150);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    for (n = 1;; n++) {
        dj_index *b = NULL;
        dj_test_fail_alloc_after(n);
        int rc = dj_index_load(&b, path, test_ws_analyze, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            same_results(idx, b);
            dj_index_free(b);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(b);
    }
    remove(path);
    dj_index_free(idx);
}

/* ---- dictionary and per-document term table at size ---- */

/* "t0 t1 ... t(n-1)" plus extra, in a buffer the caller frees. */
static char *many_terms(int n, const char *extra)
{
    size_t cap = (size_t)n * 8 + strlen(extra) + 16, at = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(s + at, cap - at, "t%d ", i);
    snprintf(s + at, cap - at, "%s", extra);
    return s;
}

static int64_t top_id(const dj_index *idx, const char *q, size_t *n_out)
{
    dj_index_hit *h;
    size_t n = search(&h, idx, q, 10, NULL);
    int64_t id = n ? h[0].id : -1;
    dj_free(h);
    *n_out = n;
    return id;
}

static void check_long_and_many(const dj_index *idx)
{
    size_t n;
    /* keys longer than the inline prefix, differing only past it */
    cr_assert_eq(top_id(idx, "abcdefghijklmnopq1", &n), 1);
    cr_assert_eq(n, 1);
    cr_assert_eq(top_id(idx, "abcdefghijklmnopq2", &n), 2);
    cr_assert_eq(n, 1);
    cr_assert_eq(top_id(idx, "abcdefghijklmnop", &n), 3); /* exactly the prefix */
    cr_assert_eq(n, 1);
    cr_assert_eq(top_id(idx, "abcdefghijklmnopq3", &n), -1);
    cr_assert_eq(n, 0);
    /* every one of the 3000 distinct terms of document 1, and a repeated one */
    for (int i = 0; i < 3000; i += 7) {
        char q[16];
        snprintf(q, sizeof q, "t%d", i);
        cr_assert_eq(top_id(idx, q, &n), 1, "%s", q);
    }
    cr_assert_eq(top_id(idx, "rep", &n), 2);
    cr_assert_eq(n, 2);
    cr_assert_eq(top_id(idx, "t3000", &n), -1);
}

Test(index, many_distinct_and_long_terms_are_found)
{
    dj_index *idx = test_ws_index();
    char *big = many_terms(3000, "abcdefghijklmnopq1 rep");
    put(idx, 1, NULL, NULL, big);
    put(idx, 2, "abcdefghijklmnopq2", NULL, "rep rep rep rep");
    put(idx, 3, NULL, "abcdefghijklmnop", "x");
    check_long_and_many(idx);

    char path[] = "/tmp/dj_index_many_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    dj_index *ld;
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    cr_assert_eq(dj_index_load(&ld, path, test_ws_analyze, NULL), DJ_OK);
    check_long_and_many(ld);
    /* the loaded index keeps growing correctly */
    put(ld, 4, NULL, NULL, "abcdefghijklmnopq3 fresh");
    size_t n;
    cr_assert_eq(top_id(ld, "abcdefghijklmnopq3", &n), 4);
    cr_assert_eq(top_id(ld, "abcdefghijklmnopq1", &n), 1);
    remove(path);
    dj_index_free(ld);
    dj_index_free(idx);
    free(big);
}

Test(index, big_put_survives_every_allocation_failure)
{
    char *big = many_terms(1500, "abcdefghijklmnopq1 old");
    long n;
    for (n = 1;; n++) {
        dj_index *idx = test_ws_index();
        put(idx, 1, "old words", NULL, "abcdefghijklmnopq2");
        dj_index_doc d = {0};
        d.id = 2;
        d.body = big;
        d.body_len = strlen(big);
        dj_test_fail_alloc_after(n);
        int rc = dj_index_put(idx, &d);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            size_t k;
            cr_assert_eq(top_id(idx, "t1499", &k), 2);
            dj_index_free(idx);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        size_t k;
        cr_assert_eq(dj_index_count(idx), 1);
        cr_assert_eq(top_id(idx, "t7", &k), -1);
        cr_assert_eq(top_id(idx, "old", &k), 1);
        cr_assert_eq(k, 1);
        /* the per-put scratch is clean: the next put works in full */
        put(idx, 3, NULL, NULL, "t7 t7 abcdefghijklmnopq1");
        cr_assert_eq(top_id(idx, "t7", &k), 3);
        cr_assert_eq(k, 1);
        cr_assert_eq(top_id(idx, "abcdefghijklmnopq1", &k), 3);
        cr_assert_eq(top_id(idx, "abcdefghijklmnopq2", &k), 1);
        dj_index_free(idx);
    }
    cr_assert_gt(n, 1);
    free(big);
}

/* The default analyser (dj_text_analyze, through the buffers the index keeps
 * between puts): a failed put leaves the index and its scratch usable. */
Test(index, default_analyser_put_survives_every_allocation_failure)
{
    const char *body = "认知无线网络中的频谱感知技术研究，臺灣的ＡＢＣ公司 c++ 3.6%";
    dj_diag dg = {0};
    long n;
    cr_assert_eq(dj_text_init(NULL, &dg), DJ_OK);
    for (n = 1;; n++) {
        dj_index *idx;
        size_t k;
        cr_assert_eq(dj_index_new(&idx, NULL), DJ_OK);
        put(idx, 1, "储能电站", NULL, "新型储能电站的调度");
        dj_index_doc d = {0};
        d.id = 2;
        d.title = "频谱感知";
        d.title_len = strlen(d.title);
        d.body = body;
        d.body_len = strlen(body);
        dj_test_fail_alloc_after(n);
        int rc = dj_index_put(idx, &d);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            cr_assert_eq(top_id(idx, "频谱感知", &k), 2);
            dj_index_free(idx);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_eq(dj_index_count(idx), 1);
        cr_assert_eq(top_id(idx, "频谱感知", &k), -1);
        put(idx, 3, NULL, NULL, body);
        cr_assert_eq(top_id(idx, "频谱感知", &k), 3);
        cr_assert_eq(top_id(idx, "储能电站", &k), 1);
        dj_index_free(idx);
    }
    cr_assert_gt(n, 1);
    dj_text_shutdown();
}

/* The query is the excluded document's own text (match: a listing against
 * the others). Terms only it holds (its part numbers) find nothing and are
 * left out before the cut to max_terms, so the shared words stay. */
Test(index, terms_only_the_excluded_document_holds_are_left_out)
{
    dj_index *idx = test_ws_index();
    char text[1024] = "pump valve";
    dj_index_filter f = {0};
    dj_index_query q = {0};
    dj_index_hit *h;
    size_t n = 0, at = strlen(text);

    for (int i = 0; i < 60; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, " xj%02d", i);
    put(idx, 1, NULL, NULL, text);
    put(idx, 2, "pump", NULL, NULL);
    put(idx, 3, "valve", NULL, NULL);
    f.has_exclude = 1;
    f.exclude_id = 1;
    q.text = text;
    q.len = strlen(text);
    q.k = 10;
    q.max_terms = 2;
    q.filter = &f;
    cr_assert_eq(dj_index_search(&h, &n, idx, &q, NULL), DJ_OK);
    cr_assert_eq(n, 2, "the codes took the two places: %zu hits", n);
    dj_free(h);
    dj_index_free(idx);
}

/* A query of one CJK character finds it inside longer words too (the index
 * holds 钢 as a term only where the segmenter left it alone), and a frequent
 * bigram with it counts as much as a rare one. Inside a run (锈钢管, 式钢结)
 * the character is in two bigrams, at a run's start in one. A query of two
 * characters is unchanged. */
Test(index, one_character_query_finds_it_inside_words)
{
    dj_diag dg = {0};
    dj_index *idx;
    dj_index_hit *h;
    size_t n, i;
    int seen[6] = {0};

    cr_assert_eq(dj_text_init(NULL, &dg), DJ_OK);
    cr_assert_eq(dj_index_new(&idx, NULL), DJ_OK);
    put(idx, 1, "装配式钢结构住宅", NULL, "体系与部品部件");
    put(idx, 2, "不锈钢管材", NULL, "焊接工艺");
    put(idx, 3, "铝合金型材", NULL, "挤压工艺");
    put(idx, 4, "钢琴制造", NULL, "声学设计");
    put(idx, 5, "钢结构防腐", NULL, "钢结构涂层");
    n = search(&h, idx, "钢", 10, NULL);
    cr_assert_eq(n, 4, "%zu hits", n);
    for (i = 0; i < n; i++)
        seen[h[i].id] = 1;
    cr_assert(seen[1] && seen[2] && seen[4] && seen[5] && !seen[3]);
    cr_assert_eq(h[2].id, 5, "the character at two run starts (title, body) ranks third");
    cr_assert_eq(h[3].id, 4, "once at a run start ranks last: the rare 钢琴 weighs no more");
    dj_free(h);
    n = search(&h, idx, "钢结构", 10, NULL);
    cr_assert_eq(n, 2);
    dj_free(h);
    n = search(&h, idx, "铜", 10, NULL);
    cr_assert_eq(n, 0);
    dj_free(h);
    dj_index_free(idx);
    dj_text_shutdown();
}

/* What a caller asking for every term (match, `duijie search`) learns of a
 * one-character query: the terms in order of frequency and nbest beyond
 * max_query_terms, so that it does not cut the character's bigrams to 48 by
 * their bytes (钢筋 in 31 listings was dropped for 下钢 in one). 60 listings
 * each hold 钢 between two characters of their own. */
Test(index, one_character_query_terms_for_a_caller_that_asks_for_all)
{
    dj_diag dg = {0};
    dj_index *idx;
    dj_index_qterm *qt;
    size_t n, nbest;
    char t[32];

    cr_assert_eq(dj_text_init(NULL, &dg), DJ_OK);
    cr_assert_eq(dj_index_new(&idx, NULL), DJ_OK);
    for (int i = 0; i < 60; i++) {
        unsigned a = 0x4E50 + (unsigned)i, b = 0x4F50 + (unsigned)i; /* distinct characters */
        snprintf(t, sizeof t, "%c%c%c钢%c%c%c", (char)(0xE0 | (a >> 12)),
                 (char)(0x80 | ((a >> 6) & 0x3F)), (char)(0x80 | (a & 0x3F)),
                 (char)(0xE0 | (b >> 12)), (char)(0x80 | ((b >> 6) & 0x3F)),
                 (char)(0x80 | (b & 0x3F)));
        put(idx, i + 1, t, NULL, NULL);
    }
    put(idx, 61, "钢筋", NULL, "钢筋");
    put(idx, 62, "钢筋", NULL, NULL);
    cr_assert_eq(
        dj_index_query_terms_for(&qt, &n, idx, "钢", strlen("钢"), UINT32_MAX, NULL, &nbest),
        DJ_OK);
    cr_assert_gt(n, 48);
    cr_assert_eq(nbest, n, "nbest %zu of %zu terms", nbest, n);
    for (size_t i = 1; i < n; i++)
        cr_assert_geq(qt[i].idf, qt[i - 1].idf, "the most frequent first");
    dj_free(qt);
    dj_index_free(idx);
    dj_text_shutdown();
}

/* A snapshot far larger than the loader's read buffer: loads back with the
 * same results, and every truncation of it is a parse error. */
Test(index, large_snapshot_round_trips_and_truncations_fail)
{
    dj_index *idx = test_ws_index();
    char body[4096];
    for (int d = 0; d < 400; d++) {
        size_t at = 0;
        for (int t = 0; t < 150; t++)
            at += (size_t)snprintf(body + at, sizeof body - at, "w%d ", (d * 7 + t * 13) % 5000);
        put(idx, d + 1, NULL, NULL, body);
    }
    char path[] = "/tmp/dj_index_large_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(dj_index_save(idx, path, NULL), DJ_OK);
    long sz;
    unsigned char *data = read_snapshot(path, &sz);
    cr_assert_gt(sz, 4 * 65536, "snapshot of %ld bytes is too small for this test", sz);

    dj_index *ld;
    cr_assert_eq(dj_index_load(&ld, path, test_ws_analyze, NULL), DJ_OK);
    const char *qs[] = {"w7 w13 w20", "w20", "w77 w1234 w4000", "w0"};
    for (size_t q = 0; q < sizeof qs / sizeof qs[0]; q++) {
        dj_index_hit *a, *b;
        size_t na = search(&a, idx, qs[q], 20, NULL), nb = search(&b, ld, qs[q], 20, NULL);
        cr_assert_eq(na, nb);
        cr_assert_gt(na, 0);
        for (size_t i = 0; i < na; i++) {
            cr_assert_eq(a[i].id, b[i].id);
            cr_assert_float_eq(a[i].score, b[i].score, 1e-6);
        }
        dj_free(a);
        dj_free(b);
    }
    dj_index_free(ld);

    for (long cut = 1; cut < sz; cut += 1 + cut / 3) {
        write_bytes(path, data, (size_t)cut);
        dj_index *b = NULL;
        cr_assert_eq(dj_index_load(&b, path, test_ws_analyze, NULL), DJ_EPARSE, "cut %ld", cut);
        cr_assert_null(b);
    }
    remove(path);
    dj_free(data);
    dj_index_free(idx);
}

/* Every strategy against the exhaustive evaluation for one query, k and
 * filter. */
static void check_strategies(const dj_index *idx, const char *q, size_t k, const dj_index_filter *f,
                             int trial)
{
    dj_index_query qq = {0};
    dj_index_hit *ex, *h;
    size_t nex, nh;
    qq.text = q;
    qq.len = strlen(q);
    qq.k = k;
    qq.max_terms = 1000;
    qq.filter = f;
    qq.exhaustive = 1;
    cr_assert_eq(dj_index_search(&ex, &nex, idx, &qq, NULL), DJ_OK);
    qq.exhaustive = 0;
    for (int s = DJ_INDEX_STRATEGY_AUTO; s <= DJ_INDEX_STRATEGY_TAAT; s++) {
        qq.strategy = s;
        cr_assert_eq(dj_index_search(&h, &nh, idx, &qq, NULL), DJ_OK);
        assert_same_hits(h, nh, ex, nex, trial, s == DJ_INDEX_STRATEGY_TAAT ? "taat" : "other");
        for (size_t i = 0; f && f->has_exclude && i < nh; i++)
            cr_assert_neq(h[i].id, f->exclude_id);
        dj_free(h);
    }
    dj_free(ex);
}

/* Term-at-a-time reads tombstones from a bit set and body lengths from a
 * contiguous array (copies of the document records); both must follow
 * updates, deletes, filters that only exclude an id (live, deleted or
 * unknown), other filters, and a snapshot reload. */
Test(index, taat_follows_tombstones_filters_and_reload)
{
    dj_index *idx = random_corpus(5, 2500);
    for (int i = 0; i < 400; i += 3) /* updates: new docno, old one tombstoned */
        put(idx, 1000 + i, "t1 t2", NULL, i % 2 ? "t3 t4 t5 t6 t7" : "t3");
    char q[4096];
    dj_index_filter fx = {0}, fs = {0};
    fx.has_exclude = 1;
    fs.status_mask = 1u << 2;
    fs.has_exclude = 1;
    fs.exclude_id = 1003;
    int64_t excl[] = {1003, 1006, 1000 + 17, 99999}; /* 1017's id was deleted (i / 2 = 17) */
    char path[512];
    tmp_path(path, sizeof path);
    for (int round = 0; round < 2; round++) {
        srand(7 + (unsigned)round);
        for (int trial = 0; trial < 40; trial++) {
            size_t ql = 0;
            int nq = 1 + rand() % 30;
            for (int w = 0; w < nq; w++)
                ql += (size_t)snprintf(q + ql, sizeof q - ql, "%st%d", w ? " " : "", rand() % 400);
            size_t k = trial % 2 ? (size_t)(64 + rand() % 900) : (size_t)(1 + rand() % 20);
            fx.exclude_id = excl[trial % 4];
            check_strategies(idx, q, k, NULL, trial);
            check_strategies(idx, q, k, &fx, trial);
            check_strategies(idx, q, k, &fs, trial);
        }
        if (round == 0) { /* the same on a reloaded copy, after more mutations */
            dj_diag d = {0};
            dj_index *back = NULL;
            cr_assert_eq(dj_index_save(idx, path, &d), DJ_OK, "%s", d.message);
            cr_assert_eq(dj_index_load(&back, path, test_ws_analyze, &d), DJ_OK, "%s", d.message);
            remove(path);
            dj_index_free(idx);
            idx = back;
            for (int i = 1; i < 2500; i += 11)
                (void)dj_index_delete(idx, 1000 + i);
            put(idx, 1006, "t9", NULL, "t9 t9 t8");
        }
    }
    dj_index_free(idx);
}

/* Choosing the k-th best score over many candidates (the bucketed path of
 * term-at-a-time) with massive ties: few distinct scores, or one. */
Test(index, strategies_agree_on_many_ties)
{
    dj_index *idx = test_ws_index();
    for (int i = 0; i < 3000; i++)
        put(idx, 90000 - 3 * i, NULL, NULL,
            i % 5 == 0   ? "alpha beta"
            : i % 5 == 1 ? "alpha gamma gamma"
            : i % 5 == 2 ? "beta"
                         : "alpha");
    size_t ks[] = {1, 10, 64, 599, 600, 601, 1000, 1799, 1800, 2999, 3000};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        check_strategies(idx, "alpha beta", ks[i], NULL, (int)ks[i]);
        check_strategies(idx, "alpha", ks[i], NULL, (int)ks[i]); /* many equal scores */
        check_strategies(idx, "delta alpha", ks[i], NULL, (int)ks[i]);
    }
    dj_index_free(idx);
}
