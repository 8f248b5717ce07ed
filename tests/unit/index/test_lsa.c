/* test_lsa.c - latent semantic vectors (dj_index_lsa_*) and semantic
 * re-ranking (dj_index_search_sem) over a two-topic synthetic corpus with the
 * whitespace analyser: topics separate, documents without a shared word but
 * of the same topic come out similar, learning is deterministic for a seed,
 * folding-in gives new documents vectors, filters hold, bad configs are
 * rejected; plus term-at-a-time retrieval (large k) equals the exhaustive
 * evaluation, and allocation-failure loops on every new entry point. */
#include "duijie/dj_index.h"

#include "helper_topics.h"
#include "helper_ws.h"
#include "util/alloc.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dj_index_lsa *learn(const dj_index *idx, unsigned dim, uint64_t seed)
{
    dj_index_lsa_config c;
    dj_index_lsa *l = NULL;
    dj_index_lsa_config_default(&c);
    c.dim = dim;
    c.seed = seed;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK);
    cr_assert_not_null(l);
    return l;
}

Test(lsa, topics_separate_without_shared_words)
{
    dj_index *idx = test_topic_corpus(7);
    /* two documents of topic a and one of b, no word in common (but "common") */
    test_put_body(idx, 900, "common a1 a2 a3", 1);
    test_put_body(idx, 901, "common a4 a5 a6", 1);
    test_put_body(idx, 902, "common b1 b2 b3", 2);
    dj_index_lsa *l = learn(idx, 2, 1);
    cr_assert_eq(dj_index_lsa_dim(l), 2);
    double within = 0, across = 0;
    for (int i = 1; i <= 30; i++)
        for (int j = 1; j <= 30; j++) {
            if (i == j)
                continue;
            within += dj_index_lsa_similarity(l, idx, i, j) +
                      dj_index_lsa_similarity(l, idx, 100 + i, 100 + j);
            across += dj_index_lsa_similarity(l, idx, i, 100 + j);
        }
    within /= 2.0 * 30 * 29;
    across /= 30.0 * 29;
    cr_assert_gt(within, 0.8, "within %f", within);
    cr_assert_lt(across, 0.5, "across %f", across);
    float same = dj_index_lsa_similarity(l, idx, 900, 901);
    float other = dj_index_lsa_similarity(l, idx, 900, 902);
    cr_assert_gt(same, other + 0.3f, "same %f other %f", same, other);
    /* self-similarity is 1 up to quantisation; unknown ids give 0 */
    cr_assert_float_eq(dj_index_lsa_similarity(l, idx, 5, 5), 1.0f, 0.03f);
    cr_assert_eq(dj_index_lsa_similarity(l, idx, 5, 424242), 0.0f);
    cr_assert_gt(dj_index_lsa_memory(l), 0);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

/* Every pair's similarity the same in both models of idx. */
static void same_model(const dj_index_lsa *a, const dj_index_lsa *b, const dj_index *idx)
{
    cr_assert_eq(dj_index_lsa_dim(a), dj_index_lsa_dim(b));
    for (int i = 1; i <= 130; i += 3)
        for (int j = 1; j <= 130; j += 5)
            cr_assert_eq(dj_index_lsa_similarity(a, idx, i, j),
                         dj_index_lsa_similarity(b, idx, i, j), "%d %d", i, j);
}

Test(lsa, learning_is_deterministic_for_a_seed)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa *a = learn(idx, 4, 11), *b = learn(idx, 4, 11);
    same_model(a, b, idx);
    dj_index_lsa_free(a);
    dj_index_lsa_free(b);
    dj_index_free(idx);
}

/* The same live documents give the same model however the index got them:
 * put in another order, after a document that was deleted, and with one
 * replaced (term ids and document numbers differ, and a posting list's df
 * still counts the replaced text). match --semantic gave other scores for
 * an index refreshed in place than for a fresh one. Both methods. */
Test(lsa, learning_does_not_depend_on_the_order_of_puts)
{
    static char text[60][256];
    unsigned seed = 7;
    dj_index *fresh = test_ws_index(), *other = test_ws_index();
    dj_index_lsa_config c;
    dj_index_lsa *a = NULL, *b = NULL;

    for (int i = 0; i < 30; i++) {
        test_topic_doc(text[2 * i], sizeof text[0], &seed, 'a');
        test_topic_doc(text[2 * i + 1], sizeof text[0], &seed, 'b');
    }
    for (int i = 0; i < 60; i++)
        test_put_body(fresh, i % 2 ? 101 + i / 2 : 1 + i / 2, text[i], i % 2 ? 2 : 1);
    test_put_body(other, 999, "zz1 zz2 a1 b1", 1);
    test_put_body(other, 5, "b1 b2 b3 zz3", 2);
    for (int i = 59; i >= 0; i--)
        test_put_body(other, i % 2 ? 101 + i / 2 : 1 + i / 2, text[i], i % 2 ? 2 : 1);
    cr_assert_eq(dj_index_delete(other, 999), DJ_OK);

    dj_index_lsa_config_default(&c);
    c.dim = 4;
    c.seed = 3;
    c.method = DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI;
    c.ppmi_min_count = 1;
    cr_assert_eq(dj_index_lsa_learn(&a, fresh, &c), DJ_OK);
    cr_assert_eq(dj_index_lsa_learn(&b, other, &c), DJ_OK);
    cr_assert_eq(dj_index_lsa_dim(a), dj_index_lsa_dim(b));
    for (int i = 1; i <= 130; i += 3)
        for (int j = 1; j <= 130; j += 5)
            cr_assert_eq(dj_index_lsa_similarity(a, fresh, i, j),
                         dj_index_lsa_similarity(b, other, i, j), "%d %d", i, j);
    dj_index_lsa_free(a);
    dj_index_lsa_free(b);
    dj_index_free(fresh);
    dj_index_free(other);
}

Test(lsa, new_documents_are_folded_in)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa *l = learn(idx, 2, 1);
    test_put_body(idx, 500, "a7 a8 a9 a10", 1);
    test_put_body(idx, 501, "b7 b8 b9 b10", 2);
    test_put_body(idx, 502, "zzz yyy", 1);                       /* no word of the vocabulary */
    cr_assert_eq(dj_index_lsa_similarity(l, idx, 500, 1), 0.0f); /* not yet folded in */
    cr_assert_eq(dj_index_lsa_update(l, idx), DJ_OK);
    cr_assert_gt(dj_index_lsa_similarity(l, idx, 500, 1),
                 dj_index_lsa_similarity(l, idx, 500, 101) + 0.3f);
    cr_assert_gt(dj_index_lsa_similarity(l, idx, 501, 101),
                 dj_index_lsa_similarity(l, idx, 501, 1) + 0.3f);
    cr_assert_eq(dj_index_lsa_similarity(l, idx, 502, 1), 0.0f);
    /* an update gives the listing a new vector; the old one is gone */
    test_put_body(idx, 500, "b7 b8 b9 b10", 2);
    cr_assert_eq(dj_index_lsa_update(l, idx), DJ_OK);
    cr_assert_gt(dj_index_lsa_similarity(l, idx, 500, 101),
                 dj_index_lsa_similarity(l, idx, 500, 1) + 0.3f);
    cr_assert_eq(dj_index_lsa_update(l, idx), DJ_OK); /* nothing new: no-op */
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

static size_t sem_search(dj_index_hit **h, const dj_index *idx, const char *q, size_t k,
                         const dj_index_sem *sem, const dj_index_filter *f)
{
    dj_index_query qq = {0};
    size_t n = 0;
    qq.text = q;
    qq.len = strlen(q);
    qq.k = k;
    qq.filter = f;
    cr_assert_eq(dj_index_search_sem(h, &n, idx, &qq, sem, NULL), DJ_OK);
    return n;
}

Test(lsa, semantic_search_ranks_by_topic)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa *l = learn(idx, 2, 1);
    dj_index_sem sem = {0};
    sem.lsa = l;
    sem.alpha = 0.05f;
    sem.all_docs = 1;
    dj_index_hit *h;
    /* a query word that only a few documents contain: the whole topic comes back */
    size_t n = sem_search(&h, idx, "a3 a17", 30, &sem, NULL);
    cr_assert_eq(n, 30);
    int in_topic = 0;
    for (size_t i = 0; i < n; i++) {
        in_topic += h[i].id <= 30;
        if (i)
            cr_assert_geq(h[i - 1].score, h[i].score);
    }
    cr_assert_geq(in_topic, 28, "%d of 30 from topic a", in_topic);
    dj_free(h);
    /* the pool mode only re-ranks BM25 candidates */
    sem.all_docs = 0;
    sem.fb_docs = 5;
    n = sem_search(&h, idx, "b5", 100, &sem, NULL);
    cr_assert_gt(n, 0);
    cr_assert_lt(n, 31);
    for (size_t i = 0; i < n; i++)
        cr_assert_gt(h[i].id, 100);
    dj_free(h);
    /* filters hold in both modes */
    dj_index_filter f = {0};
    f.side_mask = 1u << 2;
    f.has_exclude = 1;
    f.exclude_id = 105;
    for (int all = 0; all < 2; all++) {
        sem.all_docs = all;
        n = sem_search(&h, idx, "b5 a3", 100, &sem, &f);
        cr_assert_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
            cr_assert_gt(h[i].id, 100);
            cr_assert_neq(h[i].id, 105);
        }
        dj_free(h);
    }
    /* without a model: plain BM25, same as dj_index_search */
    sem.lsa = NULL;
    n = sem_search(&h, idx, "b5", 5, &sem, NULL);
    dj_index_query qq = {0};
    qq.text = "b5";
    qq.len = 2;
    qq.k = 5;
    dj_index_hit *g;
    size_t ng;
    cr_assert_eq(dj_index_search(&g, &ng, idx, &qq, NULL), DJ_OK);
    cr_assert_eq(n, ng);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(h[i].id, g[i].id);
    dj_free(h);
    dj_free(g);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

Test(lsa, empty_index_and_bad_config)
{
    dj_index *idx = test_ws_index();
    dj_index_lsa *l = NULL;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, NULL), DJ_OK);
    cr_assert_eq(dj_index_lsa_dim(l), 0);
    dj_index_sem sem = {0};
    sem.lsa = l;
    dj_index_hit *h;
    cr_assert_eq(sem_search(&h, idx, "x", 3, &sem, NULL), 0);
    dj_free(h);
    dj_index_lsa_free(l);
    dj_index_lsa_free(NULL);
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.dim = 0;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    c.dim = 100000;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    dj_index_free(idx);
    /* no forward lists: nothing to learn from */
    dj_index_config ic;
    dj_index_config_default(&ic);
    ic.analyze = test_ws_analyze;
    ic.store_forward = 0;
    cr_assert_eq(dj_index_new(&idx, &ic), DJ_OK);
    cr_assert_eq(dj_index_lsa_learn(&l, idx, NULL), DJ_EINVAL);
    dj_index_free(idx);
}

Test(lsa, large_k_term_at_a_time_equals_exhaustive)
{
    dj_index *idx = test_ws_index();
    char buf[512];
    srand(5);
    for (int i = 0; i < 2500; i++) {
        size_t n = 0;
        int nw = 1 + rand() % 12;
        for (int w = 0; w < nw; w++) /* few distinct words: many equal scores */
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%sw%d", w ? " " : "", rand() % 60);
        test_put_body(idx, 10000 - i * 3, buf, 1 + i % 2);
        if (i % 13 == 0 && i)
            cr_assert_eq(dj_index_delete(idx, 10000 - (i - 1) * 3), DJ_OK);
    }
    dj_index_filter f = {0};
    f.side_mask = 1u << 1;
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 0;
        int nq = 1 + rand() % 6;
        for (int w = 0; w < nq; w++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%sw%d", w ? " " : "", rand() % 70);
        dj_index_query q = {0};
        q.text = buf;
        q.len = n;
        q.k = (size_t)(64 + rand() % 900);
        q.filter = trial % 3 == 0 ? &f : NULL;
        q.prf_docs = trial % 4 == 1 ? 5 : 0;
        dj_index_hit *a, *b;
        size_t na, nb;
        cr_assert_eq(dj_index_search(&a, &na, idx, &q, NULL), DJ_OK);
        q.exhaustive = 1;
        cr_assert_eq(dj_index_search(&b, &nb, idx, &q, NULL), DJ_OK);
        cr_assert_eq(na, nb, "trial %d", trial);
        for (size_t i = 0; i < na; i++) {
            cr_assert_eq(a[i].id, b[i].id, "trial %d rank %zu", trial, i);
            cr_assert_eq(a[i].score, b[i].score);
            if (i)
                cr_assert(a[i - 1].score > a[i].score ||
                          (a[i - 1].score == a[i].score && a[i - 1].id < a[i].id));
        }
        dj_free(a);
        dj_free(b);
    }
    dj_index_free(idx);
}

Test(lsa, every_allocation_failure_is_reported)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.dim = 3;
    long n;
    n = test_lsa_learn_oom_loop(idx, &c);
    cr_assert_gt(n, 3);
    dj_index_lsa *l = NULL;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK);
    test_lsa_update_oom_loop(idx, l);   /* update */
    for (int all = 0; all < 2; all++) { /* semantic search */
        dj_index_sem sem = {0};
        sem.lsa = l;
        sem.all_docs = all;
        sem.fb_docs = 3;
        n = test_search_sem_oom_loop(idx, &sem, 70, 2);
        cr_assert_gt(n, 3);
    }
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

/* ---- the model file (lsa_file.c) ---- */

static void model_path(char *out, size_t n)
{
    snprintf(out, n, "%s/dj_lsa_test_%d.model", DJ_BINARY_DIR, (int)getpid());
}

Test(lsa, model_file_round_trips_for_its_index_only)
{
    dj_index *idx = test_topic_corpus(7), *other = test_topic_corpus(8);
    dj_index_lsa *l = learn(idx, 3, 1), *back = NULL;
    char path[512];
    uint64_t stamp = 0;
    dj_diag d = {0};

    model_path(path, sizeof path);
    cr_assert_eq(dj_index_lsa_save(l, idx, 77, path, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_index_lsa_load(&back, &stamp, idx, path, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(stamp, 77);
    cr_assert_eq(dj_index_lsa_get_config(back)->dim, 3);
    same_model(l, back, idx);
    /* documents added after the save fold in as they would have */
    test_put_body(idx, 500, "a7 a8 a9 a10", 1);
    cr_assert_eq(dj_index_lsa_update(l, idx), DJ_OK);
    cr_assert_eq(dj_index_lsa_update(back, idx), DJ_OK);
    same_model(l, back, idx);
    cr_assert_eq(dj_index_lsa_similarity(back, idx, 500, 1),
                 dj_index_lsa_similarity(l, idx, 500, 1));
    dj_index_lsa_free(back);
    back = NULL;
    /* another index of as many documents and terms (other words): refused */
    cr_assert_eq(dj_index_lsa_load(&back, &stamp, other, path, &d), DJ_EINVAL);
    cr_assert_null(back);
    cr_assert(strstr(d.message, "another index") != NULL, "%s", d.message);
    cr_assert_eq(dj_index_lsa_load(&back, &stamp, idx, "/nonexistent/dir/m", &d), DJ_EIO);
    remove(path);
    dj_index_lsa_free(l);
    dj_index_free(other);
    dj_index_free(idx);
}

Test(lsa, truncated_or_corrupt_model_file_is_refused)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa *l = learn(idx, 2, 1), *back = NULL;
    char path[512], bad[600];
    uint64_t stamp;
    char *data = NULL;
    size_t sz = 0;

    model_path(path, sizeof path);
    snprintf(bad, sizeof bad, "%s.bad", path);
    cr_assert_eq(dj_index_lsa_save(l, idx, 1, path, NULL), DJ_OK);
    cr_assert_eq(dj_file_read(&data, &sz, path, 0), DJ_OK);
    for (size_t cut = 0; cut < sz; cut += 1 + cut / 8) {
        FILE *fp = fopen(bad, "wb");
        cr_assert_eq(fwrite(data, 1, cut, fp), cut);
        fclose(fp);
        cr_assert_eq(dj_index_lsa_load(&back, &stamp, idx, bad, NULL), DJ_EPARSE, "cut %zu", cut);
        cr_assert_null(back);
    }
    srand(3);
    for (int trial = 0; trial < 300; trial++) { /* flipped bytes: refused, or a usable model */
        size_t at = (size_t)rand() % sz;
        data[at] ^= (char)(1 + rand() % 255);
        FILE *fp = fopen(bad, "wb");
        cr_assert_eq(fwrite(data, 1, sz, fp), sz);
        fclose(fp);
        int rc = dj_index_lsa_load(&back, &stamp, idx, bad, NULL);
        cr_assert(rc == DJ_OK || rc == DJ_EPARSE || rc == DJ_EINVAL, "rc %d", rc);
        if (back) {
            for (int i = 1; i <= 130; i += 13)
                (void)dj_index_lsa_similarity(back, idx, i, 101); /* no bad read under ASan */
            cr_assert_eq(dj_index_lsa_update(back, idx), DJ_OK);
        }
        dj_index_lsa_free(back);
        back = NULL;
    }
    dj_free(data);
    remove(bad);
    remove(path);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

Test(lsa, model_file_survives_every_allocation_failure)
{
    dj_index *idx = test_topic_corpus(7);
    dj_index_lsa *l = learn(idx, 2, 1);
    char path[512];
    long n;

    model_path(path, sizeof path);
    for (n = 1;; n++) { /* save */
        dj_test_fail_alloc_after(n);
        int rc = dj_index_lsa_save(l, idx, 5, path, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    for (n = 1;; n++) { /* load */
        dj_index_lsa *back = NULL;
        uint64_t stamp;
        dj_test_fail_alloc_after(n);
        int rc = dj_index_lsa_load(&back, &stamp, idx, path, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        dj_index_lsa_free(back);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(back);
    }
    cr_assert_gt(n, 3);
    remove(path);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}
