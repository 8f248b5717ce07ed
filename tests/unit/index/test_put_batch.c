/* test_put_batch.c - dj_index_put_batch: the same index as a loop of
 * dj_index_put (snapshot bytes compared) for every thread count, with the
 * default analyser and a custom one, updates included; a failing document
 * stops the batch there; every allocation failure leaves the documents
 * before the failing one in and none after. */
#include "duijie/dj_index.h"
#include "duijie/dj_text.h"

#include "helper_ws.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NDOCS 700

/* A corpus of n documents in Chinese (default analyser) or t-words (ws
 * analyser); every 9th document repeats an earlier id (an update). */
typedef struct corpus {
    dj_index_doc d[NDOCS];
    char title[NDOCS][128], body[NDOCS][1024];
} corpus;

static void make_corpus(corpus *c, int chinese, unsigned seed)
{
    static const char *w[] = {"储能", "电站",   "光伏",   "逆变器", "石墨烯", "传感器", "芯片",
                              "氢能", "催化剂", "机器人", "数控",   "涂层",   "疫苗",   "污水",
                              "处理", "技术",   "研究",   "系统",   "控制",   "材料",   "检测"};
    const int nw = (int)(sizeof w / sizeof *w);
    srand(seed);
    memset(c, 0, sizeof *c);
    for (int i = 0; i < NDOCS; i++) {
        size_t tl = 0, bl = 0;
        int nb = 3 + rand() % 80;
        for (int k = 0; k < 3; k++)
            tl += (size_t)(chinese ? snprintf(c->title[i] + tl, 128 - tl, "%s", w[rand() % nw])
                                   : snprintf(c->title[i] + tl, 128 - tl, "%st%d", k ? " " : "",
                                              rand() % 300));
        for (int k = 0; k < nb; k++) {
            int r = rand() % 1000;
            int t = r < 600 ? rand() % 30 : 30 + rand() % 2000;
            bl +=
                (size_t)(chinese ? snprintf(c->body[i] + bl, 1024 - bl, "%s%s%d，", w[t % nw],
                                            w[(t / nw) % nw], t)
                                 : snprintf(c->body[i] + bl, 1024 - bl, "%st%d", k ? " " : "", t));
            if (bl > 900)
                break;
        }
        dj_index_doc *d = &c->d[i];
        d->id = i % 9 == 8 ? 1000 + rand() % i : 1000 + i;
        d->title = c->title[i];
        d->title_len = tl;
        d->body = c->body[i];
        d->body_len = bl;
        d->industry = i % 3 ? "制造" : "能源";
        d->industry_len = strlen(d->industry);
        d->region = (uint32_t)(110000 + i % 5);
        d->side = (uint8_t)(1 + i % 2);
        d->kind = 1;
        d->status = 2;
        d->tag = (uint64_t)i;
    }
}

static dj_index *new_index(int chinese)
{
    dj_index *idx = NULL;
    if (!chinese)
        return test_ws_index();
    cr_assert_eq(dj_index_new(&idx, NULL), DJ_OK);
    return idx;
}

/* The snapshot bytes of idx (*n bytes; free). */
static char *snapshot(const dj_index *idx, size_t *n)
{
    char path[512];
    dj_diag d = {0};
    snprintf(path, sizeof path, "%s/dj_put_batch_%d.snap", DJ_BINARY_DIR, (int)getpid());
    cr_assert_eq(dj_index_save(idx, path, &d), DJ_OK, "%s", d.message);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*n ? *n : 1);
    cr_assert_eq(fread(buf, 1, *n, f), *n);
    fclose(f);
    remove(path);
    return buf;
}

static void init_text(void)
{
    dj_diag dg = {0};
    cr_assert_eq(dj_text_init(NULL, &dg), DJ_OK, "%s", dg.message);
}

static void same_as_a_put_loop(int chinese)
{
    static corpus c;
    make_corpus(&c, chinese, 7);
    dj_index *ref = new_index(chinese);
    for (int i = 0; i < NDOCS; i++)
        cr_assert_eq(dj_index_put(ref, &c.d[i]), DJ_OK);
    size_t nref, n;
    char *want = snapshot(ref, &nref);
    const unsigned threads[] = {0, 1, 2, 3, 8};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        dj_index *idx = new_index(chinese);
        size_t nput = 99;
        /* in three calls, as a bulk loader feeding chunks would */
        cr_assert_eq(dj_index_put_batch(idx, c.d, 1, threads[t], &nput), DJ_OK);
        cr_assert_eq(nput, 1);
        cr_assert_eq(dj_index_put_batch(idx, c.d + 1, 300, threads[t], &nput), DJ_OK);
        cr_assert_eq(nput, 300);
        cr_assert_eq(dj_index_put_batch(idx, c.d + 301, NDOCS - 301, threads[t], NULL), DJ_OK);
        cr_assert_eq(dj_index_count(idx), dj_index_count(ref));
        char *got = snapshot(idx, &n);
        cr_assert(n == nref && memcmp(got, want, n) == 0, "threads %u: snapshots differ",
                  threads[t]);
        free(got);
        dj_index_free(idx);
    }
    free(want);
    dj_index_free(ref);
}

Test(put_batch, same_index_as_a_put_loop_default_analyser)
{
    init_text();
    same_as_a_put_loop(1);
}

Test(put_batch, same_index_as_a_put_loop_custom_analyser)
{
    same_as_a_put_loop(0);
}

Test(put_batch, empty_batch_is_a_no_op)
{
    dj_index *idx = test_ws_index();
    size_t nput = 5;
    cr_assert_eq(dj_index_put_batch(idx, NULL, 0, 2, &nput), DJ_OK);
    cr_assert_eq(nput, 0);
    cr_assert_eq(dj_index_count(idx), 0);
    dj_index_free(idx);
}

/* The ws analyser, failing on a document holding the word "FAIL". */
static int failing_analyze(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (!memcmp(text + i, "FAIL", 4))
            return DJ_EPARSE;
    return test_ws_analyze(text, len, flags, cb, ctx);
}

Test(put_batch, stops_at_the_first_failing_document)
{
    static corpus c;
    make_corpus(&c, 0, 3);
    for (int i = 0; i < NDOCS; i++)
        c.d[i].id = 1000 + i; /* no updates: count == documents in */
    snprintf(c.body[500], sizeof c.body[500], "t1 FAIL t2");
    c.d[500].body_len = strlen(c.body[500]);
    snprintf(c.body[600], sizeof c.body[600], "FAIL");
    c.d[600].body_len = 4;
    for (unsigned threads = 1; threads <= 4; threads++) {
        dj_index_config cfg;
        dj_index *idx;
        size_t nput = 0;
        dj_index_config_default(&cfg);
        cfg.analyze = failing_analyze;
        cr_assert_eq(dj_index_new(&idx, &cfg), DJ_OK);
        cr_assert_eq(dj_index_put_batch(idx, c.d, NDOCS, threads, &nput), DJ_EPARSE);
        cr_assert_eq(nput, 500, "threads %u: %zu put", threads, nput);
        cr_assert_eq(dj_index_count(idx), 500);
        cr_assert(dj_index_contains(idx, 1499));
        cr_assert(!dj_index_contains(idx, 1500));
        cr_assert(!dj_index_contains(idx, 1501));
        /* the caller can go on after the failing document */
        cr_assert_eq(dj_index_put_batch(idx, c.d + 501, 99, threads, &nput), DJ_OK);
        cr_assert_eq(dj_index_count(idx), 599);
        dj_index_free(idx);
    }
}

/* Every allocation failure: an ENOMEM, documents [0, nput) in and no
 * other; the index still answers; then the rest goes in. With 2 threads
 * which allocation fails depends on timing, so the loop runs until a call
 * makes no more allocations than allowed. */
static void survives_allocation_failures(unsigned threads)
{
    static corpus c;
    init_text();
    make_corpus(&c, 1, 5);
    const size_t n = 10;
    for (size_t i = 0; i < n; i++)
        c.d[i].id = 1000 + (int64_t)i;
    long k;
    for (k = 1;; k++) {
        dj_index *idx;
        size_t nput = 0;
        cr_assert_eq(dj_index_new(&idx, NULL), DJ_OK);
        dj_test_fail_alloc_after(k);
        int rc = dj_index_put_batch(idx, c.d, n, threads, &nput);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < k) {
            cr_assert_eq(nput, n);
            cr_assert_eq(dj_index_count(idx), n);
            dj_index_free(idx);
            break;
        }
        if (rc == DJ_OK) { /* the failure hit nothing that mattered */
            cr_assert_eq(dj_index_count(idx), n);
            dj_index_free(idx);
            continue;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "k=%ld rc=%d", k, rc);
        cr_assert(nput < n);
        cr_assert_eq(dj_index_count(idx), nput, "k=%ld", k);
        for (size_t i = 0; i < n; i++)
            cr_assert_eq(dj_index_contains(idx, c.d[i].id), i < nput, "k=%ld doc %zu", k, i);
        cr_assert_eq(dj_index_put_batch(idx, c.d + nput, n - nput, threads, NULL), DJ_OK);
        cr_assert_eq(dj_index_count(idx), n);
        dj_index_free(idx);
    }
    cr_assert_gt(k, 1);
}

Test(put_batch, one_thread_survives_every_allocation_failure)
{
    survives_allocation_failures(1);
}

Test(put_batch, two_threads_survive_allocation_failures)
{
    survives_allocation_failures(2);
}
