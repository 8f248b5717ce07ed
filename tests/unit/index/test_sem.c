/* test_sem.c - PPMI word vectors and the fused LSA + PPMI model
 * (dj_index_lsa_config.method, src/index/sem_ppmi.c): the PPMI matrix of a
 * tiny corpus equals the formula, computed here independently; PPMI vectors
 * group the documents of a topic that share no word; learning is
 * deterministic for a seed; the fused model has one block per method and
 * ranks by topic; bad method configs are rejected; every allocation failure
 * of learn, update and semantic search is reported. */
#include "duijie/dj_index.h"

#include "helper_topics.h"
#include "helper_ws.h"
#include "index/lsa.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static dj_index_lsa *learn_p(const dj_index *idx, int method, unsigned dim, uint64_t seed,
                             float sv_power)
{
    dj_index_lsa_config c;
    dj_index_lsa *l = NULL;
    dj_index_lsa_config_default(&c);
    /* plain PPMI: in this two-topic corpus a word is in half the documents,
     * so no pair's PMI exceeds ln 2, below the default shift ln 5 */
    c.ppmi_shift = 1;
    c.sv_power = sv_power;
    c.method = method;
    c.dim = dim;
    c.seed = seed;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK);
    cr_assert_not_null(l);
    return l;
}

static dj_index_lsa *learn(const dj_index *idx, int method, unsigned dim, uint64_t seed)
{
    return learn_p(idx, method, dim, seed, 1.0f);
}

/* mean similarity within the topics and across them */
static void topic_means(const dj_index_lsa *l, const dj_index *idx, double *within, double *across)
{
    *within = *across = 0;
    for (int i = 1; i <= 30; i++)
        for (int j = 1; j <= 30; j++) {
            if (i == j)
                continue;
            *within += dj_index_lsa_similarity(l, idx, i, j) +
                       dj_index_lsa_similarity(l, idx, 100 + i, 100 + j);
            *across += dj_index_lsa_similarity(l, idx, i, 100 + j);
        }
    *within /= 2.0 * 30 * 29;
    *across /= 30.0 * 29;
}

Test(sem, ppmi_matrix_follows_the_formula)
{
    /* 4 documents over 4 columns (values do not matter, only presence) */
    static const uint32_t docs[4][3] = {{0, 1, 99}, {0, 1, 99}, {1, 2, 3}, {2, 3, 99}};
    dj__csr A = {0};
    size_t ptr[5];
    uint32_t colv[12];
    float val[12];
    size_t nnz = 0;
    ptr[0] = 0;
    for (int d = 0; d < 4; d++) {
        for (int i = 0; i < 3; i++)
            if (docs[d][i] != 99) {
                colv[nnz] = docs[d][i];
                val[nnz++] = 0.5f;
            }
        ptr[d + 1] = nnz;
    }
    A.ptr = ptr;
    A.colv = colv;
    A.val = val;
    A.nrows = 4;
    A.nnz = nnz;
    /* expected: n(w,c) documents holding both; marg(w) = sum_c n(w,c) */
    double n[4][4] = {{0}}, marg[4] = {0}, cm[4], ctot = 0;
    for (int d = 0; d < 4; d++)
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                if (i != j && docs[d][i] != 99 && docs[d][j] != 99)
                    n[docs[d][i]][docs[d][j]] += 1;
    for (int w = 0; w < 4; w++) {
        for (int c = 0; c < 4; c++)
            marg[w] += n[w][c];
        cm[w] = pow(marg[w], 0.75);
        ctot += cm[w];
    }
    /* plain PPMI, and shifted by ln k: only pairs above it keep (PMI - ln k) */
    for (int run = 0; run < 4; run++) {
        unsigned minc = 1 + (unsigned)(run & 1);
        double shift = run < 2 ? 0 : log(1.2);
        dj__csr M;
        cr_assert_eq(dj__ppmi_matrix(&M, &A, 4, minc, shift), DJ_OK);
        cr_assert_eq(M.nrows, 4);
        size_t expect_nnz = 0;
        for (int c = 0; c < 4; c++) {
            size_t k = M.ptr[c];
            for (int w = 0; w < 4; w++) {
                double pmi = n[w][c] >= minc ? log(n[w][c] * ctot / (marg[w] * cm[c])) - shift : 0;
                if (!(pmi > 0))
                    continue;
                expect_nnz++;
                cr_assert_lt(k, M.ptr[c + 1], "row %d lacks column %d", c, w);
                cr_assert_eq(M.colv[k], (uint32_t)w, "row %d", c);
                cr_assert_float_eq(M.val[k], pmi, 1e-5, "(%d, %d)", c, w);
                k++;
            }
            cr_assert_eq(k, M.ptr[c + 1], "row %d has extra entries", c);
        }
        cr_assert_eq(M.nnz, expect_nnz);
        cr_assert_gt(expect_nnz, run == 0 ? 4u : 0u);
        dj__csr_fini(&M);
    }
}

Test(sem, ppmi_groups_a_topic_without_shared_words)
{
    dj_index *idx = test_topic_corpus(3);
    test_put_body(idx, 900, "common a1 a2 a3", 1);
    test_put_body(idx, 901, "common a4 a5 a6", 1);
    test_put_body(idx, 902, "common b1 b2 b3", 2);
    dj_index_lsa *l = learn(idx, DJ_INDEX_SEM_PPMI, 4, 1);
    cr_assert_eq(dj_index_lsa_dim(l), 4);
    double within, across;
    topic_means(l, idx, &within, &across);
    cr_assert_gt(within, across + 0.4, "within %f across %f", within, across);
    float same = dj_index_lsa_similarity(l, idx, 900, 901);
    float other = dj_index_lsa_similarity(l, idx, 900, 902);
    cr_assert_gt(same, other + 0.3f, "same %f other %f", same, other);
    cr_assert_float_eq(dj_index_lsa_similarity(l, idx, 7, 7), 1.0f, 0.03f);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

Test(sem, ppmi_and_fusion_are_deterministic_for_a_seed)
{
    dj_index *idx = test_topic_corpus(3);
    for (int m = DJ_INDEX_SEM_PPMI; m <= (DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI); m++) {
        dj_index_lsa *a = learn(idx, m, 3, 9), *b = learn(idx, m, 3, 9);
        for (int i = 1; i <= 30; i++)
            for (int j = 1; j <= 130; j += 3)
                cr_assert_eq(dj_index_lsa_similarity(a, idx, i, j),
                             dj_index_lsa_similarity(b, idx, i, j), "method %d", m);
        dj_index_lsa_free(a);
        dj_index_lsa_free(b);
    }
    dj_index_free(idx);
}

static size_t sem_search(dj_index_hit **h, const dj_index *idx, const char *text, size_t k,
                         const dj_index_sem *sem)
{
    dj_index_query q = {0};
    q.text = text;
    q.len = strlen(text);
    q.k = k;
    size_t n = 0;
    cr_assert_eq(dj_index_search_sem(h, &n, idx, &q, sem, NULL), DJ_OK);
    return n;
}

Test(sem, fusion_has_a_block_per_method_and_ranks_by_topic)
{
    dj_index *idx = test_topic_corpus(3);
    dj_index_lsa *l = learn(idx, DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI, 3, 1);
    cr_assert_eq(dj_index_lsa_dim(l), 6);
    double within, across;
    topic_means(l, idx, &within, &across);
    cr_assert_gt(within, across + 0.4, "within %f across %f", within, across);
    cr_assert_float_eq(dj_index_lsa_similarity(l, idx, 102, 102), 1.0f, 0.03f);
    /* the fused cosine is the mean of the blocks' cosines, also when the
     * blocks' scales differ widely (singular values of PPMI >> of tf-idf) */
    dj_index_lsa *lf = learn_p(idx, DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI, 3, 1, 2.0f);
    dj_index_lsa *la = learn_p(idx, DJ_INDEX_SEM_LSA, 3, 1, 2.0f);
    dj_index_lsa *lp = learn_p(idx, DJ_INDEX_SEM_PPMI, 3, 1, 2.0f);
    for (int i = 1; i <= 30; i += 4)
        for (int j = 1; j <= 130; j += 9) {
            float f = dj_index_lsa_similarity(lf, idx, i, j);
            float m =
                (dj_index_lsa_similarity(la, idx, i, j) + dj_index_lsa_similarity(lp, idx, i, j)) /
                2;
            cr_assert_float_eq(f, m, 0.03f, "%d %d: fused %f mean %f", i, j, f, m);
        }
    dj_index_lsa_free(lf);
    dj_index_lsa_free(la);
    dj_index_lsa_free(lp);
    /* semantic search: a query of two rare words brings the whole topic */
    dj_index_sem sem = {0};
    sem.lsa = l;
    sem.alpha = 0.05f;
    sem.all_docs = 1;
    sem.fb_docs = 5;
    dj_index_hit *h;
    size_t n = sem_search(&h, idx, "b3 b17", 30, &sem);
    cr_assert_eq(n, 30);
    int in_topic = 0;
    for (size_t i = 0; i < n; i++)
        in_topic += h[i].id > 100;
    cr_assert_geq(in_topic, 28, "%d of 30 from topic b", in_topic);
    dj_free(h);
    /* folding in: a new document of topic a */
    test_put_body(idx, 500, "a7 a8 a9 a10", 1);
    cr_assert_eq(dj_index_lsa_update(l, idx), DJ_OK);
    cr_assert_gt(dj_index_lsa_similarity(l, idx, 500, 3),
                 dj_index_lsa_similarity(l, idx, 500, 103) + 0.3f);
    dj_index_lsa_free(l);
    dj_index_free(idx);
}

Test(sem, empty_index_and_bad_method)
{
    dj_index *idx = test_ws_index();
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.method = DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI;
    dj_index_lsa *l = NULL;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK); /* nothing to learn from */
    cr_assert_eq(dj_index_lsa_dim(l), 0);
    dj_index_lsa_free(l);
    l = NULL;
    c.method = 4;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    c.method = -1;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    c.method = DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI;
    c.dim = 257; /* 514 in all */
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    c.method = DJ_INDEX_SEM_PPMI;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK);
    dj_index_lsa_free(l);
    l = NULL;
    cr_assert_float_eq(c.ppmi_shift, 5.0f, 1e-6f); /* the default: k = 5 */
    c.ppmi_shift = 0.5f;                           /* k < 1 would raise weak pairs */
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_EINVAL);
    dj_index_free(idx);
}

Test(sem, every_allocation_failure_is_reported)
{
    dj_index *idx = test_topic_corpus(3);
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.dim = 3;
    c.method = DJ_INDEX_SEM_LSA | DJ_INDEX_SEM_PPMI;
    long n;
    n = test_lsa_learn_oom_loop(idx, &c);
    cr_assert_gt(n, 10);
    dj_index_lsa *l = NULL;
    cr_assert_eq(dj_index_lsa_learn(&l, idx, &c), DJ_OK);
    test_lsa_update_oom_loop(idx, l); /* update */
    dj_index_sem sem = {0};
    sem.lsa = l;
    sem.all_docs = 1;
    sem.fb_docs = 3;
    n = test_search_sem_oom_loop(idx, &sem, 20, 0);
    cr_assert_gt(n, 3);
    /* the PPMI matrix on its own */
    dj__csr A = {0};
    size_t ptr[3] = {0, 2, 4};
    uint32_t colv[4] = {0, 1, 1, 2};
    float val[4] = {1, 1, 1, 1};
    A.ptr = ptr;
    A.colv = colv;
    A.val = val;
    A.nrows = 2;
    A.nnz = 4;
    for (n = 1;; n++) {
        dj__csr M;
        dj_test_fail_alloc_after(n);
        int rc = dj__ppmi_matrix(&M, &A, 3, 1, 0);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            cr_assert_gt(M.nnz, 0);
            dj__csr_fini(&M);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_null(M.ptr);
    }
    dj_index_lsa_free(l);
    dj_index_free(idx);
}
