/* topk.h - private: top-k retrieval over resolved query terms and the query
 * filter (topk.c), used by search.c (BM25F) and lsa_search.c (which filters
 * the documents it scores by the same rule).
 *
 * Both evaluators sum a document's contributions in one fixed order (the
 * terms as dj__topk_order_terms leaves them) and admit a document only when
 * its score beats the k-th (ties: the smaller id wins), so MaxScore,
 * term-at-a-time and the exhaustive evaluation return the same hits with
 * bit-identical scores. */
#ifndef DJ_INDEX_TOPK_H
#define DJ_INDEX_TOPK_H

#include "duijie/dj_index.h"
#include "index/index_int.h"

#include <stdint.h>
#include <string.h>

/* Filter state prepared once per query (dj__filter_init). */
typedef struct dj__filter {
    const dj_index *idx;
    const dj_index_filter *f;
    uint32_t industry; /* interned id wanted, 0 = any */
    uint32_t region_div;
    int none;         /* 1: the filter can match no document (unknown industry) */
    int exclude_only; /* f sets nothing but has_exclude/exclude_id (the common case) */
} dj__filter;

/* Prepares fl for filter f (NULL = live documents only). Returns DJ_OK or
 * DJ_EINVAL (bad region_digits). */
int dj__filter_init(dj__filter *fl, const dj_index *idx, const dj_index_filter *f);
/* 1 when document docno is live and passes the filter (fl->none aside:
 * callers that may see it check it first). Inline: the evaluators call it
 * for every candidate. */
static inline int dj__filter_pass(const dj__filter *fl, uint32_t docno)
{
    const dj__doc *d = &fl->idx->docs[docno];
    const dj_index_filter *f = fl->f;
    if (d->deleted)
        return 0;
    if (!f)
        return 1;
    if (fl->exclude_only)
        return !f->has_exclude || d->id != f->exclude_id;
    if (f->side_mask && !(f->side_mask & (1u << (d->side & 31))))
        return 0;
    if (f->kind_mask && !(f->kind_mask & (1u << (d->kind & 31))))
        return 0;
    if (f->status_mask && !(f->status_mask & (1u << (d->status & 31))))
        return 0;
    if (f->region_digits && d->region / fl->region_div != f->region_prefix)
        return 0;
    if (fl->industry && /* a code and those below it: C covers C39, C39 covers C391 */
        (!d->industry || fl->idx->indlens[d->industry - 1] < f->industry_len ||
         memcmp(fl->idx->inds[d->industry - 1], f->industry, f->industry_len)))
        return 0;
    if (f->modes_any && !(f->modes_any & d->modes))
        return 0;
    if (f->has_exclude && d->id == f->exclude_id)
        return 0;
    return 1;
}

/* dj__filter_pass, and 0 for a filter that matches nothing. */
int dj__filter_ok(const dj__filter *fl, uint32_t docno);

/* What the evaluators need of a query besides its terms. */
typedef struct dj__qctx {
    dj__filter fl;
    float inv_avg[DJ_NFIELDS]; /* live documents / total length, per field */
} dj__qctx;

typedef struct dj__hitx {
    float score;
    uint32_t docno;
    int64_t id;
} dj__hitx;

/* A resolved query term. */
typedef struct dj__sterm {
    const dj__plist *pl;
    float w;  /* qw * idf */
    float ub; /* bound of one contribution (dj__topk_order_terms) */
    dj__cursor *cur;
} dj__sterm;

/* Sets every term's contribution bound and sorts the terms by it
 * (increasing): the order in which both evaluators sum contributions. */
void dj__topk_order_terms(const dj_index_config *cfg, dj__sterm *st, size_t n);
/* 1 when term-at-a-time should evaluate this query (strategy
 * DJ_INDEX_STRATEGY_*; the rule and its measurements are in topk.c). */
int dj__topk_use_taat(const dj_index *idx, size_t nterms, uint64_t npost, size_t k, int strategy);
/* MaxScore (or, with exhaustive, every candidate scored) over st[0..n)
 * ordered by dj__topk_order_terms: fills h (capacity k, a min-heap) and
 * *nh. DJ_OK or DJ_ENOMEM. */
int dj__topk_maxscore(dj__hitx *h, size_t *nh, const dj_index *idx, dj__sterm *st, size_t n,
                      size_t k, const dj__qctx *qc, int exhaustive, dj_index_stats *stats);
/* Term-at-a-time over the same terms: the same hits as dj__topk_maxscore,
 * in h (capacity k) in no particular order. DJ_OK or DJ_ENOMEM. */
int dj__topk_taat(dj__hitx *h, size_t *nh, const dj_index *idx, dj__sterm *st, size_t n, size_t k,
                  const dj__qctx *qc, dj_index_stats *stats);
/* Sorts n hits of either evaluator into the final order: score
 * decreasing, then id increasing. DJ_OK or DJ_ENOMEM. */
int dj__topk_sort(dj__hitx *h, size_t n);

#endif
