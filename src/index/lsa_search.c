/* lsa_search.c - queries against the latent semantic vectors that lsa.c
 * learns: the similarity of two documents, cosines of a query to given
 * documents, and semantic search (dj_index_search_sem).
 *
 * Semantic search: the BM25 top `pool` (search.c), then every candidate -
 * the pool, or with all_docs every document that passes the filter - is
 * scored alpha x BM25 / best BM25 + (1 - alpha) x cosine(query, document);
 * with fb_docs the mean vector of the best fb_docs is added to the query
 * vector (weight fb_weight, both unit length) and all are scored again.
 * Vectors are int8 unit vectors x 127, so a dot product / 127^2 is the
 * cosine. Ties break on the external id: results do not depend on the
 * order of the candidates. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "index/lsa.h"
#include "index/topk.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int32_t dot8(const int8_t *a, const int8_t *b, unsigned n)
{
    int32_t s = 0;
    for (unsigned i = 0; i < n; i++)
        s += (int32_t)a[i] * (int32_t)b[i];
    return s;
}

float dj_index_lsa_similarity(const dj_index_lsa *l, const dj_index *idx, int64_t a, int64_t b)
{
    uint32_t da, db;
    if (!l->dim || dj__id_find(idx, a, &da) < 0 || dj__id_find(idx, b, &db) < 0 || da >= l->ndocs ||
        db >= l->ndocs)
        return 0;
    return (float)dot8(l->dvec + (size_t)da * l->dim, l->dvec + (size_t)db * l->dim, l->dim) /
           (127.0f * 127.0f);
}

/* ---- semantic re-ranking ---- */

typedef struct semhit {
    uint32_t docno;
    float bm25, score;
    int64_t id;
} semhit;

static int cmp_semhit(const void *a, const void *b)
{
    const semhit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Moves the m best hits (cmp_semhit order) to h[0..m), sorted. */
static void select_top(semhit *h, size_t n, size_t m)
{
    if (m > n)
        m = n;
    size_t lo = 0, hi = n;
    while (m < n && hi - lo > 1) { /* Hoare quickselect of the boundary at m */
        semhit pv = h[lo + (hi - 1 - lo) / 2];
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (cmp_semhit(&h[i], &pv) < 0)
                i++;
            while (cmp_semhit(&h[j], &pv) > 0)
                j--;
            if (i >= j)
                break;
            semhit t = h[i];
            h[i] = h[j];
            h[j] = t;
            i++;
            j--;
        }
        /* h[lo..j] come before h[j+1..hi) in cmp_semhit order */
        if (m <= j + 1)
            hi = j + 1;
        else
            lo = j + 1;
    }
    if (m > 1)
        qsort(h, m, sizeof *h, cmp_semhit);
}

/* The quantised unit vector of weighted query terms (qf: dim floats of
 * scratch). */
static void query_vector(int8_t *qv, float *qf, const dj_index_lsa *l, const dj_index *idx,
                         const dj_index_qterm *qt, size_t nqt)
{
    unsigned dim = l->dim;
    memset(qf, 0, dim * sizeof *qf);
    for (size_t i = 0; i < nqt; i++) {
        uint32_t id;
        if (dj__term_find(idx, qt[i].text, qt[i].len, &id) < 0 || id >= l->ncol_terms ||
            !l->col[id])
            continue;
        uint32_t c = l->col[id] - 1;
        float w = qt[i].weight * l->idf[c];
        const float *tv = l->tvec + (size_t)c * dim;
        for (unsigned j = 0; j < dim; j++)
            qf[j] += w * tv[j];
    }
    dj__lsa_blocks_unit(l, qf);
    dj__lsa_quantise(qv, qf, dim);
}

int dj_index_lsa_cosines(float *out, const dj_index_lsa *l, const dj_index *idx,
                         const dj_index_qterm *terms, size_t nterms, const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = 0;
    if (!l->dim || !n)
        return DJ_OK;
    float *qf = dj_malloc(l->dim * sizeof *qf);
    int8_t *qv = dj_malloc(l->dim);
    if (!qf || !qv) {
        dj_free(qf);
        dj_free(qv);
        return DJ_ENOMEM;
    }
    query_vector(qv, qf, l, idx, terms, nterms);
    for (size_t i = 0; i < n; i++) {
        uint32_t d;
        if (dj__id_find(idx, ids[i], &d) == DJ_OK && d < l->ndocs)
            out[i] = (float)dot8(qv, l->dvec + (size_t)d * l->dim, l->dim) / (127.0f * 127.0f);
    }
    dj_free(qf);
    dj_free(qv);
    return DJ_OK;
}

static void score_all(semhit *h, size_t n, const dj_index_lsa *l, const int8_t *qv, float alpha,
                      float best)
{
    float inv = best > 0 ? 1.0f / best : 0;
    for (size_t i = 0; i < n; i++) {
        float cosv = 0;
        if (h[i].docno < l->ndocs)
            cosv =
                (float)dot8(qv, l->dvec + (size_t)h[i].docno * l->dim, l->dim) / (127.0f * 127.0f);
        h[i].score = alpha * h[i].bm25 * inv + (1 - alpha) * cosv;
    }
}

int dj_index_search_sem(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                        const dj_index_query *q, const dj_index_sem *sem, dj_index_stats *stats)
{
    dj_index_qterm *qt = NULL;
    size_t nqt = 0;
    dj_index_hit *bh = NULL, *out = NULL;
    size_t nbh = 0;
    semhit *h = NULL;
    size_t nh = 0;
    float *qf = NULL;
    int8_t *qv = NULL;
    int rc;

    *hits_out = NULL;
    *nhits_out = 0;
    if (!q->k)
        return DJ_EINVAL;
    if (!sem || !sem->lsa || !sem->lsa->dim)
        return dj_index_search(hits_out, nhits_out, idx, q, stats);
    const dj_index_lsa *l = sem->lsa;
    unsigned dim = l->dim;
    dj__filter fl;
    if ((rc = dj__filter_init(&fl, idx, q->filter)) < 0)
        return rc;

    /* all terms for the vector; the best max_terms of them for BM25 */
    size_t nbest = 0;
    if ((rc = dj_index_query_terms_for(&qt, &nqt, idx, q->text, q->len, UINT32_MAX, q->filter,
                                       &nbest)) < 0)
        goto done;
    size_t mt = q->max_terms ? q->max_terms : nbest;
    dj_index_query bq = *q;
    bq.k = sem->pool ? sem->pool : 1000;
    if (bq.k < q->k)
        bq.k = q->k;
    if ((rc = dj_index_search_terms(&bh, &nbh, idx, qt, mt && nqt > mt ? mt : nqt, &bq, stats)) < 0)
        goto done;

    qf = dj_calloc(dim, sizeof *qf);
    qv = dj_malloc(dim);
    if (!qf || !qv) {
        rc = DJ_ENOMEM;
        goto done;
    }
    query_vector(qv, qf, l, idx, qt, nqt);

    size_t cap = sem->all_docs ? (size_t)l->ndocs + nbh : nbh;
    h = dj_malloc((cap ? cap : 1) * sizeof *h);
    if (!h) {
        rc = DJ_ENOMEM;
        goto done;
    }
    float best = nbh ? bh[0].score : 0;
    if (sem->all_docs) {
        /* every document passing the filter; BM25 score for those in the pool */
        if (!fl.none)
            for (uint32_t d = 0; d < l->ndocs; d++)
                if (dj__filter_ok(&fl, d)) {
                    h[nh].docno = d;
                    h[nh].bm25 = 0;
                    h[nh].id = idx->docs[d].id;
                    nh++;
                }
        for (size_t i = 0; i < nbh; i++) {
            uint32_t d;
            if (dj__id_find(idx, bh[i].id, &d) < 0)
                continue;
            if (d >= l->ndocs) { /* not folded in yet: keep it by its BM25 */
                h[nh].docno = d;
                h[nh].bm25 = bh[i].score;
                h[nh].id = bh[i].id;
                nh++;
                continue;
            }
            /* find it among the first l->ndocs entries: binary search on docno */
            size_t lo = 0, hi = nh;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (h[mid].docno < d)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < nh && h[lo].docno == d)
                h[lo].bm25 = bh[i].score;
        }
    } else {
        for (size_t i = 0; i < nbh; i++) {
            uint32_t d;
            if (dj__id_find(idx, bh[i].id, &d) < 0)
                continue;
            h[nh].docno = d;
            h[nh].bm25 = bh[i].score;
            h[nh].id = bh[i].id;
            nh++;
        }
    }
    float alpha = sem->alpha > 0 ? sem->alpha : 0.3f;
    if (alpha > 1)
        alpha = 1;
    score_all(h, nh, l, qv, alpha, best);
    if (sem->fb_docs && nh > 0) {
        size_t nfb = sem->fb_docs < nh ? sem->fb_docs : nh;
        /* the nfb best to the front, their mean vector added, all re-scored */
        select_top(h, nh, nfb);
        float *mean = qf; /* reuse: qf := unit(q) + fbw * unit(mean) */
        float qs = 1.0f / 127.0f;
        for (unsigned j = 0; j < dim; j++)
            mean[j] = 0;
        for (size_t i = 0; i < nfb; i++) {
            if (h[i].docno >= l->ndocs)
                continue;
            const int8_t *v = l->dvec + (size_t)h[i].docno * dim;
            for (unsigned j = 0; j < dim; j++)
                mean[j] += (float)v[j];
        }
        double ms = 0;
        for (unsigned j = 0; j < dim; j++)
            ms += (double)mean[j] * mean[j];
        float fw = sem->fb_weight > 0 ? sem->fb_weight : 1.0f;
        float msc = ms > 0 ? (float)(fw * 127.0 / sqrt(ms)) : 0;
        for (unsigned j = 0; j < dim; j++)
            mean[j] = (float)qv[j] * qs * 127.0f + mean[j] * msc;
        dj__lsa_quantise(qv, mean, dim);
        score_all(h, nh, l, qv, alpha, best);
    }
    if (nh > q->k) {
        select_top(h, nh, q->k);
        nh = q->k;
    } else if (nh > 1) {
        qsort(h, nh, sizeof *h, cmp_semhit);
    }
    out = dj_malloc((nh ? nh : 1) * sizeof *out);
    if (!out) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nh; i++) {
        out[i].id = h[i].id;
        out[i].score = h[i].score;
    }
    *hits_out = out;
    *nhits_out = nh;
    rc = DJ_OK;
done:
    dj_free(qt);
    dj_free(bh);
    dj_free(h);
    dj_free(qf);
    dj_free(qv);
    return rc;
}
