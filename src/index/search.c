/* search.c - query analysis, term selection, BM25F scoring and top-k
 * retrieval with MaxScore early termination, plus pseudo-relevance feedback.
 *
 * Score of document d for weighted terms t (docs/index.md has the details):
 *   tfw(t,d)   = sum_f weight_f * tf_f(t,d) / (1 - b_f + b_f * len_f(d) / avglen_f)
 *   score(d)   = sum_t qw_t * idf_t * tfw * (k1 + 1) / (k1 + tfw)
 * MaxScore: terms sorted by an upper bound ub_t of their contribution; the
 * longest prefix whose bounds sum to <= the current k-th score is
 * "non-essential": a document is only a candidate when an essential term
 * contains it, and non-essential terms are probed (by skipping) only while
 * they can still lift it above the threshold. The result is identical to the
 * exhaustive evaluation (dj_index_query.exhaustive) because contributions
 * are summed in one fixed order in both modes and admission is strict (>). */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "index/lsa.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- query terms ---- */

typedef struct qcollect {
    const dj_index *idx;
    uint32_t *ids;
    size_t n, cap;
} qcollect;

static int qcollect_cb(const dj_term *t, void *ctx)
{
    qcollect *c = ctx;
    char key[DJ__MAX_TERM_LEN + 1];
    size_t klen = 0;
    uint32_t id;

    if (t->is_stop || t->len == 0 || t->len > DJ__MAX_TERM_LEN - 1)
        return 0;
    if (t->kind == DJ_TERM_BIGRAM)
        key[klen++] = DJ__BIGRAM_MARK;
    memcpy(key + klen, t->text, t->len);
    klen += t->len;
    if (dj__term_find(c->idx, key, klen, &id) < 0)
        return 0;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        uint32_t *p = dj_realloc(c->ids, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        c->ids = p;
        c->cap = nc;
    }
    c->ids[c->n++] = id;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_qterm_desc(const void *a, const void *b)
{
    const dj_index_qterm *x = a, *y = b;
    float sx = x->idf * x->weight, sy = y->idf * y->weight;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->text, y->text, x->len);
}

int dj_index_query_terms(dj_index_qterm **terms_out, size_t *nterms_out, const dj_index *idx,
                         const char *text, size_t len, unsigned max_terms)
{
    qcollect c = {0};
    dj_index_qterm *qt = NULL;
    size_t n = 0;
    int rc;
    dj_index_analyzer an = idx->cfg.analyze ? idx->cfg.analyze : dj_text_analyze;

    *terms_out = NULL;
    *nterms_out = 0;
    c.idx = idx;
    if (len && (rc = an(text, len, idx->cfg.analyze_flags, qcollect_cb, &c)) < 0)
        goto done;
    if (c.n > 1)
        qsort(c.ids, c.n, sizeof *c.ids, cmp_u32);
    qt = dj_malloc((c.n ? c.n : 1) * sizeof *qt);
    if (!qt) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < c.n;) {
        uint32_t id = c.ids[i];
        size_t j = i;
        while (j < c.n && c.ids[j] == id)
            j++;
        const dj__term *t = &idx->terms[id];
        if (t->pl.df > 0) {
            dj_index_qterm *q = &qt[n++];
            q->text = dj__term_str(idx, id);
            q->len = t->len;
            q->weight = (float)(1.0 + log((double)(j - i)));
            if (q->text[0] == DJ__BIGRAM_MARK)
                q->weight *= idx->cfg.bigram_weight;
            q->idf = dj__idf(idx, t->pl.df);
        }
        i = j;
    }
    if (n > 1)
        qsort(qt, n, sizeof *qt, cmp_qterm_desc);
    if (max_terms == 0)
        max_terms = idx->cfg.max_query_terms;
    if (max_terms && n > max_terms)
        n = max_terms;
    *terms_out = qt;
    *nterms_out = n;
    qt = NULL;
    rc = DJ_OK;
done:
    dj_free(qt);
    dj_free(c.ids);
    return rc;
}

/* ---- top-k ---- */

/* Term-at-a-time evaluation (retrieve_taat): chosen by use_taat(); never
 * beyond DJ__TAAT_MAX_POSTINGS postings or DJ__TAAT_MAX_DOCS document
 * numbers (the accumulator is one float per docno). */
#define DJ__TAAT_MIN_K        64
#define DJ__TAAT_LIST_SHARE   32
#define DJ__TAAT_MAX_POSTINGS ((uint64_t)1 << 21)
#define DJ__TAAT_MAX_DOCS     ((uint32_t)1 << 22)
#define DJ__NORM_TAB          1024 /* body lengths with a precomputed norm */

/* Strategy choice (docs/index.md has the measurements). Term-at-a-time
 * costs a constant few nanoseconds per posting; MaxScore costs, per
 * candidate document, a scan over the essential cursors (so it grows with
 * the number of query terms) but can skip most postings of long, low-bound
 * lists once its heap is full. So term-at-a-time is used when
 *   - k >= DJ__TAAT_MIN_K: MaxScore cannot prune before k documents are in
 *     its heap, and the heap itself is slow; or
 *   - the query's lists are short: mean list length npost / nterms at
 *     most ndocs / DJ__TAAT_LIST_SHARE, so there are no long lists worth
 *     skipping. Measured at k = 10 (bench/match/README.md): CSL keywords
 *     (mean list ~ 1.7 % of the documents) and 8-sentence queries (~ 0.6 %,
 *     12k to 1M documents) are much faster term-at-a-time; 12-character
 *     generated queries (6-11 %: few terms, common bigrams) much faster with
 *     MaxScore from 30k documents on (11x at 1M, where each posting costs
 *     term-at-a-time a cache miss); CSL titles (~ 3.4 %) are as fast either
 *     way for cut-offs 1/8 to 1/32. The cut-off 1/32 keeps the large-index
 *     short queries on MaxScore.
 * Both are bounded by the accumulator's limits (DJ__TAAT_MAX_*). */
static int use_taat(const dj_index *idx, size_t nterms, uint64_t npost, size_t k, int strategy)
{
    if (npost > DJ__TAAT_MAX_POSTINGS || idx->ndocs > DJ__TAAT_MAX_DOCS)
        return 0;
    if (strategy == DJ_INDEX_STRATEGY_TAAT)
        return 1;
    if (strategy == DJ_INDEX_STRATEGY_MAXSCORE)
        return 0;
    return k >= DJ__TAAT_MIN_K ||
           (double)npost * DJ__TAAT_LIST_SHARE <= (double)nterms * (double)idx->ndocs;
}

typedef struct hitx {
    float score;
    uint32_t docno;
    int64_t id;
} hitx;

/* min-heap on score; among equal scores the larger id is "smaller" so that
 * the final order prefers small ids. */
static int hit_less(const hitx *a, const hitx *b)
{
    if (a->score != b->score)
        return a->score < b->score;
    return a->id > b->id;
}

static void heap_down(hitx *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && hit_less(&h[l], &h[m]))
            m = l;
        if (r < n && hit_less(&h[r], &h[m]))
            m = r;
        if (m == i)
            return;
        hitx t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_up(hitx *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!hit_less(&h[i], &h[p]))
            return;
        hitx t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

typedef struct sterm {
    const dj__plist *pl;
    float w;  /* qw * idf */
    float ub; /* bound of one contribution */
    dj__cursor *cur;
} sterm;

static int cmp_sterm_ub(const void *a, const void *b)
{
    const sterm *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub < y->ub ? -1 : 1;
    return 0;
}

typedef struct fctx {
    const dj_index *idx;
    const dj_index_filter *f;
    uint32_t industry; /* interned id wanted, 0 = any */
    uint32_t region_div;
    float inv_avg[DJ_NFIELDS];
    int exclude_only; /* f sets nothing but has_exclude/exclude_id (the common case) */
} fctx;

static inline int doc_ok(const fctx *fc, uint32_t docno)
{
    const dj__doc *d = &fc->idx->docs[docno];
    const dj_index_filter *f = fc->f;
    if (d->deleted)
        return 0;
    if (!f)
        return 1;
    if (fc->exclude_only)
        return !f->has_exclude || d->id != f->exclude_id;
    if (f->side_mask && !(f->side_mask & (1u << (d->side & 31))))
        return 0;
    if (f->kind_mask && !(f->kind_mask & (1u << (d->kind & 31))))
        return 0;
    if (f->status_mask && !(f->status_mask & (1u << (d->status & 31))))
        return 0;
    if (f->region_digits && d->region / fc->region_div != f->region_prefix)
        return 0;
    if (fc->industry && d->industry != fc->industry)
        return 0;
    if (f->modes_any && !(f->modes_any & d->modes))
        return 0;
    if (f->has_exclude && d->id == f->exclude_id)
        return 0;
    return 1;
}

int dj__filter_init(dj__filter *fl, const dj_index *idx, const dj_index_filter *f)
{
    memset(fl, 0, sizeof *fl);
    fl->idx = idx;
    fl->f = f;
    fl->region_div = 1;
    if (!f)
        return DJ_OK;
    if (f->region_digits) {
        if (f->region_digits != 2 && f->region_digits != 4 && f->region_digits != 6)
            return DJ_EINVAL;
        fl->region_div = f->region_digits == 2 ? 10000 : f->region_digits == 4 ? 100 : 1;
    }
    if (f->industry && f->industry_len &&
        dj__industry_lookup(idx, f->industry, f->industry_len, &fl->industry) < 0)
        fl->none = 1;
    return DJ_OK;
}

int dj__filter_ok(const dj__filter *fl, uint32_t docno)
{
    fctx fc;
    if (fl->none)
        return 0;
    fc.idx = fl->idx;
    fc.f = fl->f;
    fc.industry = fl->industry;
    fc.region_div = fl->region_div;
    fc.exclude_only = 0;
    return doc_ok(&fc, docno);
}

static float contrib(const dj_index_config *cfg, const sterm *t, const dj__cursor *c,
                     const float inv_norm[DJ_NFIELDS])
{
    float tfw = 0;
    for (int f = 0; f < DJ_NFIELDS; f++)
        if (c->tf[f][c->pos])
            tfw += cfg->weight[f] * (float)c->tf[f][c->pos] * inv_norm[f];
    return t->w * tfw * (cfg->k1 + 1) / (cfg->k1 + tfw);
}

/* Sets every term's contribution bound and sorts the terms by it
 * (increasing): the order in which both evaluators sum contributions. */
static void order_terms(const dj_index_config *cfg, sterm *st, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double T = 0;
        for (int f = 0; f < DJ_NFIELDS; f++) {
            double lo = 1.0 - cfg->b[f];
            if (!st[i].pl->maxtf[f])
                continue;
            T += lo > 1e-6 ? cfg->weight[f] * st[i].pl->maxtf[f] / lo : 1e30;
        }
        st[i].ub = (float)(st[i].w * (cfg->k1 + 1) * (T / (cfg->k1 + T))) * 1.0001f;
    }
    if (n > 1)
        qsort(st, n, sizeof *st, cmp_sterm_ub);
}

/* Runs one retrieval pass over resolved terms (ordered by order_terms); fills h (capacity k) and
 * *nh. */
static int retrieve(hitx *h, size_t *nh, const dj_index *idx, sterm *st, size_t n, size_t k,
                    const fctx *fc, int exhaustive, dj_index_stats *stats)
{
    const dj_index_config *cfg = &idx->cfg;
    float *cum = NULL, *cb = NULL;
    uint32_t *cd = NULL; /* cd[i] = st[i].cur->cur, contiguous for the merge loops */
    uint8_t *hit = NULL;
    size_t nheap = 0, first_ess = 0;
    int rc = DJ_OK;

    *nh = 0;
    cum = dj_malloc((n ? n : 1) * sizeof *cum);
    cb = dj_calloc(n ? n : 1, sizeof *cb);
    hit = dj_calloc(n ? n : 1, 1);
    cd = dj_malloc((n ? n : 1) * sizeof *cd);
    if (!cum || !cb || !hit || !cd) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        dj__cursor_init(st[i].cur, st[i].pl);
        cd[i] = st[i].cur->cur;
        cum[i] = (i ? cum[i - 1] : 0) + st[i].ub;
    }

    for (;;) {
        float theta = nheap == k ? h[0].score : 0;
        if (exhaustive)
            first_ess = 0;
        else
            while (nheap == k && first_ess < n && cum[first_ess] <= theta)
                first_ess++;
        uint32_t d = DJ__END;
        for (size_t i = first_ess; i < n; i++)
            if (cd[i] < d)
                d = cd[i];
        if (d == DJ__END)
            break;
        if (!doc_ok(fc, d)) {
            for (size_t i = first_ess; i < n; i++)
                if (cd[i] == d) {
                    dj__cursor_next(st[i].cur);
                    cd[i] = st[i].cur->cur;
                }
            continue;
        }
        const dj__doc *doc = &idx->docs[d];
        float inv_norm[DJ_NFIELDS];
        for (int f = 0; f < DJ_NFIELDS; f++)
            inv_norm[f] =
                1.0f / (1.0f - cfg->b[f] + cfg->b[f] * (float)doc->len[f] * fc->inv_avg[f]);
        float partial = 0;
        for (size_t i = first_ess; i < n; i++) {
            if (cd[i] == d) {
                cb[i] = contrib(cfg, &st[i], st[i].cur, inv_norm);
                hit[i] = 1;
                partial += cb[i];
                dj__cursor_next(st[i].cur);
                cd[i] = st[i].cur->cur;
            }
        }
        int pruned = 0;
        for (size_t j = first_ess; j-- > 0;) {
            if (!exhaustive && nheap == k && partial + cum[j] <= theta) {
                pruned = 1;
                break;
            }
            if (cd[j] < d) {
                dj__cursor_seek(st[j].cur, d);
                cd[j] = st[j].cur->cur;
            }
            if (cd[j] == d) {
                cb[j] = contrib(cfg, &st[j], st[j].cur, inv_norm);
                hit[j] = 1;
                partial += cb[j];
            }
        }
        if (!pruned) {
            float score = 0;
            for (size_t i = 0; i < n; i++)
                if (hit[i])
                    score += cb[i];
            if (stats)
                stats->scored++;
            hitx x = {score, d, doc->id};
            if (nheap < k) {
                h[nheap] = x;
                heap_up(h, nheap++);
            } else if (score > h[0].score) {
                h[0] = x;
                heap_down(h, nheap, 0);
            }
        }
        memset(hit, 0, n);
    }
    *nh = nheap;
    if (stats)
        for (size_t i = 0; i < n; i++)
            stats->postings += st[i].cur->decoded;
done:
    dj_free(cum);
    dj_free(cd);
    dj_free(cb);
    dj_free(hit);
    return rc;
}

/* The k-th largest of v[0..n) (1 <= k <= n) by quickselect; reorders v. */
static float kth_select(float *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n, want = k - 1; /* index in decreasing order */
    while (hi - lo > 1) {
        float pv = v[lo + (hi - 1 - lo) / 2];
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (v[i] > pv)
                i++;
            while (v[j] < pv)
                j--;
            if (i >= j)
                break;
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
            i++;
            j--;
        }
        if (want <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
    return v[want];
}

#define DJ__SEL_BUCKETS 1024

/* dj__varint_get with the one-byte case inline (most deltas and tfs). */
static inline uint32_t varint_get(const uint8_t **p)
{
    uint32_t v = **p;
    if (v < 0x80) {
        (*p)++;
        return v;
    }
    return dj__varint_get(p);
}

/* Bucket of s in [lo, hi] (hi > lo): a non-decreasing function of s, so
 * every value of a higher bucket is larger than every value of a lower one. */
static inline uint32_t sel_bucket(float s, float lo, double scale)
{
    double x = ((double)s - (double)lo) * scale;
    return x < DJ__SEL_BUCKETS - 1 ? (uint32_t)x : DJ__SEL_BUCKETS - 1;
}

/* The k-th largest of v[0..n) (1 <= k <= n); reorders v. Exact: one pass
 * counts the values into DJ__SEL_BUCKETS equal-width buckets between the
 * minimum and the maximum, the bucket holding the k-th largest is found
 * from the top, and only its values go through quickselect - a branchy
 * partition over every candidate was ~17 % of a k = 1000 title query. */
static float kth_largest(float *v, size_t n, size_t k)
{
    if (n < DJ__SEL_BUCKETS)
        return kth_select(v, n, k);
    float lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (!(hi > lo))
        return hi;
    double scale = DJ__SEL_BUCKETS / ((double)hi - (double)lo);
    uint32_t cnt[DJ__SEL_BUCKETS] = {0};
    for (size_t i = 0; i < n; i++)
        cnt[sel_bucket(v[i], lo, scale)]++;
    size_t above = 0;
    uint32_t b = DJ__SEL_BUCKETS - 1;
    while (above + cnt[b] < k) /* terminates: the counts sum to n >= k */
        above += cnt[b--];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (sel_bucket(v[i], lo, scale) == b)
            v[m++] = v[i];
    return kth_select(v, m, k - above);
}

/* Term-at-a-time evaluation for large k: every posting of every term is
 * added into a dense accumulator (terms in the same ub order as retrieve(),
 * so each document's sum is bit-identical to retrieve()'s), then the touched
 * documents are offered to the heap in docno order with retrieve()'s
 * admission rule - the same hits as the exhaustive mode, without the
 * per-document merge over n cursors. */
static int retrieve_taat(hitx *h, size_t *nh, const dj_index *idx, sterm *st, size_t n, size_t k,
                         const fctx *fc, dj_index_stats *stats)
{
    const dj_index_config *cfg = &idx->cfg;
    uint32_t nd = idx->ndocs;
    /* calloc: fresh zero pages for a large index (no memset), a short
     * memset for a small one */
    float *acc = dj_calloc(nd ? nd : 1, sizeof *acc);
    uint64_t *seen = dj_calloc(nd / 64 + 1, sizeof *seen);
    float *sc = NULL;
    size_t nheap = 0, npost = 0;
    for (size_t i = 0; i < n; i++)
        npost += st[i].pl->df;
    sc = dj_malloc((npost < nd ? npost : nd) * sizeof *sc + sizeof *sc);
    if (!acc || !seen || !sc) {
        dj_free(acc);
        dj_free(seen);
        dj_free(sc);
        return DJ_ENOMEM;
    }
    /* body length norms by length, for the common lengths: the same
     * expression as in the loop (and in contrib()), so the same bits; worth
     * filling only when the query has many more postings than entries */
    const float bb = cfg->b[DJ_FIELD_BODY], wb = cfg->weight[DJ_FIELD_BODY];
    const float inv_avg_b = fc->inv_avg[DJ_FIELD_BODY];
    float tab[DJ__NORM_TAB];
    uint32_t ntab = npost >= 2 * DJ__NORM_TAB ? DJ__NORM_TAB : 0;
    for (uint32_t l = 0; l < ntab; l++)
        tab[l] = 1.0f / (1.0f - bb + bb * (float)l * inv_avg_b);
    const float k1 = cfg->k1;
    const uint32_t *blen = idx->blen;
    for (size_t i = 0; i < n; i++) {
        /* The list's bytes in one sequential pass: block i's first delta is
         * relative to block i-1's last docno, which is the running docno,
         * so no skip entry is needed (docs/index.md, "Posting lists").
         * Deleted documents are accumulated too and dropped with the filter
         * below. tf values go through uint16_t as in the cursor. */
        const dj__plist *pl = st[i].pl;
        const uint8_t *p = pl->data, *e = pl->data + pl->len;
        const float w = st[i].w;
        uint32_t d = 0;
        size_t np = 0;
        while (p < e) {
            uint32_t v = varint_get(&p);
            uint16_t tf[DJ_NFIELDS];
            d += v >> 1;
            tf[DJ_FIELD_BODY] = (uint16_t)varint_get(&p);
            tf[DJ_FIELD_TITLE] = tf[DJ_FIELD_KEYWORDS] = 0;
            if (v & 1) {
                tf[DJ_FIELD_TITLE] = (uint16_t)varint_get(&p);
                tf[DJ_FIELD_KEYWORDS] = (uint16_t)varint_get(&p);
            }
            np++;
            /* contrib() with the length norms of the fields this posting
             * has (most postings are body-only, and their length comes from
             * the contiguous blen[]): the same float operations in the same
             * order, so the same bits */
            float tfw = 0;
            if (tf[DJ_FIELD_TITLE] | tf[DJ_FIELD_KEYWORDS]) {
                const dj__doc *doc = &idx->docs[d];
                for (int f = 0; f < DJ_NFIELDS; f++)
                    if (tf[f]) {
                        float inv_norm = 1.0f / (1.0f - cfg->b[f] +
                                                 cfg->b[f] * (float)doc->len[f] * fc->inv_avg[f]);
                        tfw += cfg->weight[f] * (float)tf[f] * inv_norm;
                    }
            } else if (tf[DJ_FIELD_BODY]) {
                uint32_t bl = blen[d];
                float inv_norm =
                    bl < ntab ? tab[bl] : 1.0f / (1.0f - bb + bb * (float)bl * inv_avg_b);
                tfw += wb * (float)tf[DJ_FIELD_BODY] * inv_norm;
            }
            float cbv = w * tfw * (k1 + 1) / (k1 + tfw);
            /* acc starts at zero and 0 + x == x: no first-touch branch */
            acc[d] += cbv;
            seen[d >> 6] |= (uint64_t)1 << (d & 63);
        }
        if (stats)
            stats->postings += np;
    }
    /* candidates passing the filter; their scores give the k-th best, T */
    size_t m = 0;
    /* tombstones by the dead bit set; without a filter (or with one that
     * only excludes an id, cleared by its docno) no document record is read */
    int simple = !fc->f || fc->exclude_only;
    if (simple && fc->f && fc->f->has_exclude) {
        uint32_t x;
        if (dj__id_find(idx, fc->f->exclude_id, &x) == DJ_OK)
            seen[x >> 6] &= ~((uint64_t)1 << (x & 63));
    }
    for (uint32_t w = 0; w * 64u < nd; w++) {
        uint64_t bits = seen[w] & ~idx->dead[w];
        if (!simple) {
            for (uint64_t b = bits; b;) {
                uint32_t d = w * 64u + (uint32_t)__builtin_ctzll(b);
                b &= b - 1;
                if (!doc_ok(fc, d))
                    bits &= ~((uint64_t)1 << (d & 63));
            }
        }
        seen[w] = bits;
        while (bits) {
            uint32_t d = w * 64u + (uint32_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            sc[m++] = acc[d];
        }
    }
    if (stats)
        stats->scored += m;
    float T = m > k ? kth_largest(sc, m, k) : -INFINITY;
    int heaped = 0;
    /* Only documents scoring >= T are offered to the heap, in docno order.
     * That changes nothing: a document below T is always the heap's minimum
     * while it is in it, so it is evicted before, and never instead of, a
     * document >= T, and it never blocks the admission of one (the heap
     * holds fewer than k documents >= T while it holds one below T). */
    for (uint32_t w = 0; w * 64u < nd; w++) {
        uint64_t bits = seen[w];
        while (bits) {
            uint32_t d = w * 64u + (uint32_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            if (acc[d] < T)
                continue;
            hitx x = {acc[d], d, idx->docs[d].id};
            if (nheap < k) { /* appended unordered; made a heap if a k+1-th comes */
                h[nheap++] = x;
                continue;
            }
            if (!heaped) {
                for (size_t i = nheap / 2; i-- > 0;)
                    heap_down(h, nheap, i);
                heaped = 1;
            }
            if (x.score > h[0].score) {
                h[0] = x;
                heap_down(h, nheap, 0);
            }
        }
    }
    *nh = nheap;
    dj_free(acc);
    dj_free(seen);
    dj_free(sc);
    return DJ_OK;
}

/* Descending-score sort key: a smaller key is a larger score (-0 as +0). */
static uint32_t score_key(float s)
{
    uint32_t u;
    if (s == 0)
        s = 0;
    memcpy(&u, &s, sizeof u);
    u = (u & 0x80000000u) ? ~u : (u | 0x80000000u); /* increasing with s */
    return ~u;
}

/* Sorts the heap's n hits into the final order: score decreasing, then id
 * increasing (a total order: ids of live documents are unique, so any
 * correct sort gives the same sequence). Few hits: heap sort in place; many
 * (large k): a stable LSD radix sort on the score's bits (4 passes of 8
 * bits over (key, position) pairs), then the ids of each run of equal
 * scores by insertion - the heap sort's branchy sift-downs were ~20 % of a
 * k = 1000 query. */
static int sort_hits(hitx *h, size_t n)
{
    if (n <= 64) {
        /* make it a heap (retrieve_taat may hand over an unordered array),
         * then popping the minimum to the end leaves the final order */
        for (size_t i = n / 2; i-- > 0;)
            heap_down(h, n, i);
        for (size_t i = n; i-- > 1;) {
            hitx t = h[0];
            h[0] = h[i];
            h[i] = t;
            heap_down(h, i, 0);
        }
        return DJ_OK;
    }
    /* (key << 32 | position) pairs: each score's key is computed once and
     * the passes move 8 bytes, not a 16-byte hit; the four byte histograms
     * are counted in one pass */
    uint64_t *kv = dj_malloc(2 * n * sizeof *kv);
    hitx *tmp = dj_malloc(n * sizeof *tmp);
    if (!kv || !tmp) {
        dj_free(kv);
        dj_free(tmp);
        return DJ_ENOMEM;
    }
    size_t cnt[4][256] = {{0}};
    for (size_t i = 0; i < n; i++) {
        uint32_t key = score_key(h[i].score);
        kv[i] = (uint64_t)key << 32 | i;
        for (int pass = 0; pass < 4; pass++)
            cnt[pass][(key >> (pass * 8)) & 0xffu]++;
    }
    uint64_t *src = kv, *dst = kv + n;
    for (int pass = 0; pass < 4; pass++) {
        size_t off[256], sum = 0;
        int sh = 32 + pass * 8;
        for (int b = 0; b < 256; b++) {
            off[b] = sum;
            sum += cnt[pass][b];
        }
        for (size_t i = 0; i < n; i++)
            dst[off[(src[i] >> sh) & 0xffu]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    for (size_t i = 0; i < n; i++)
        tmp[i] = h[(uint32_t)src[i]];
    memcpy(h, tmp, n * sizeof *h);
    dj_free(kv);
    /* ties (equal scores) are adjacent and in their heap order: by id */
    for (size_t i = 1; i < n; i++) {
        hitx x = h[i];
        size_t j = i;
        while (j > 0 && h[j - 1].score == x.score && h[j - 1].id > x.id) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = x;
    }
    dj_free(tmp);
    return DJ_OK;
}

/* Resolves qterms to search terms; unknown terms are dropped. */
static int resolve(sterm **st_out, size_t *n_out, dj__cursor **cur_out, const dj_index *idx,
                   const dj_index_qterm *terms, size_t nterms)
{
    sterm *st = dj_malloc((nterms ? nterms : 1) * sizeof *st);
    dj__cursor *cur = dj_malloc((nterms ? nterms : 1) * sizeof *cur);
    size_t n = 0;
    *st_out = NULL;
    *cur_out = NULL;
    *n_out = 0;
    if (!st || !cur) {
        dj_free(st);
        dj_free(cur);
        return DJ_ENOMEM;
    }
    for (size_t i = 0; i < nterms; i++) {
        uint32_t id;
        if (terms[i].weight <= 0 || dj__term_find(idx, terms[i].text, terms[i].len, &id) < 0)
            continue;
        const dj__plist *pl = &idx->terms[id].pl;
        if (!pl->df)
            continue;
        st[n].pl = pl;
        st[n].w = terms[i].weight * dj__idf(idx, pl->df);
        st[n].cur = &cur[n];
        n++;
    }
    *st_out = st;
    *cur_out = cur;
    *n_out = n;
    return DJ_OK;
}

typedef struct fbterm {
    uint32_t id;
    float score;
} fbterm;

static int cmp_fb(const void *a, const void *b)
{
    const fbterm *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Builds the expanded query: the original terms plus the prf_terms best
 * terms of the top feedback documents (weighted by their share of each
 * document, times idf), scaled to prf_weight of the query's mass. */
static int expand(dj_index_qterm **out, size_t *nout, const dj_index *idx,
                  const dj_index_qterm *terms, size_t nterms, const hitx *top, size_t ntop,
                  unsigned prf_terms, float prf_weight)
{
    fbterm *acc = NULL;
    size_t nacc = 0, cap = 0;
    dj_index_qterm *q = NULL;
    int rc = DJ_OK;

    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < ntop; i++) {
        const dj__doc *d = &idx->docs[top[i].docno];
        const uint8_t *p = idx->fwd + d->fwd_off, *e = p + d->fwd_len;
        uint32_t term = 0;
        double dl = 0;
        const uint8_t *s = p;
        uint32_t tt = 0;
        while (s < e) { /* document length in term occurrences */
            tt += dj__varint_get(&s);
            dl += dj__varint_get(&s);
        }
        (void)tt;
        if (dl <= 0)
            continue;
        while (p < e) {
            term += dj__varint_get(&p);
            uint32_t tf = dj__varint_get(&p);
            const dj__plist *pl = &idx->terms[term].pl;
            if (pl->df < 2)
                continue;
            if (nacc == cap) {
                size_t nc = cap ? cap * 2 : 1024;
                fbterm *np = dj_realloc(acc, nc * sizeof *np);
                if (!np) {
                    rc = DJ_ENOMEM;
                    goto done;
                }
                acc = np;
                cap = nc;
            }
            acc[nacc].id = term;
            acc[nacc].score = (float)(tf / dl);
            nacc++;
        }
    }
    /* merge equal ids */
    if (nacc > 1)
        qsort(acc, nacc, sizeof *acc, cmp_u32); /* id is the first member */
    size_t m = 0;
    for (size_t i = 0; i < nacc; i++) {
        if (m && acc[m - 1].id == acc[i].id)
            acc[m - 1].score += acc[i].score;
        else
            acc[m++] = acc[i];
    }
    for (size_t i = 0; i < m; i++) {
        float idf = dj__idf(idx, idx->terms[acc[i].id].pl.df);
        acc[i].score *= idf;
        if (dj__term_str(idx, acc[i].id)[0] == DJ__BIGRAM_MARK)
            acc[i].score *= idx->cfg.bigram_weight;
    }
    if (m > 1)
        qsort(acc, m, sizeof *acc, cmp_fb);
    if (m > prf_terms)
        m = prf_terms;
    q = dj_malloc((nterms + m + 1) * sizeof *q);
    if (!q) {
        rc = DJ_ENOMEM;
        goto done;
    }
    double qmass = 0, fmass = 0;
    for (size_t i = 0; i < nterms; i++) {
        q[i] = terms[i];
        qmass += terms[i].weight;
    }
    for (size_t i = 0; i < m; i++)
        fmass += acc[i].score / dj__idf(idx, idx->terms[acc[i].id].pl.df);
    size_t n = nterms;
    for (size_t i = 0; i < m && fmass > 0; i++) {
        uint32_t id = acc[i].id;
        float idf = dj__idf(idx, idx->terms[id].pl.df);
        float w = (float)(prf_weight * qmass * (acc[i].score / idf) / fmass);
        size_t j;
        for (j = 0; j < nterms; j++) /* already a query term: add weight */
            if (q[j].len == idx->terms[id].len &&
                memcmp(q[j].text, dj__term_str(idx, id), q[j].len) == 0)
                break;
        if (j < nterms) {
            q[j].weight += w;
            continue;
        }
        q[n].text = dj__term_str(idx, id);
        q[n].len = idx->terms[id].len;
        q[n].weight = w;
        q[n].idf = idf;
        n++;
    }
    *out = q;
    *nout = n;
    q = NULL;
done:
    dj_free(acc);
    dj_free(q);
    return rc;
}

static int run(hitx **h_out, size_t *nh_out, const dj_index *idx, const dj_index_qterm *terms,
               size_t nterms, size_t k, const fctx *fc, int exhaustive, int strategy,
               dj_index_stats *stats)
{
    sterm *st = NULL;
    dj__cursor *cur = NULL;
    size_t n = 0;
    hitx *h = NULL;
    int rc;

    *h_out = NULL;
    *nh_out = 0;
    if ((rc = resolve(&st, &n, &cur, idx, terms, nterms)) < 0)
        return rc;
    h = dj_malloc(k * sizeof *h);
    if (!h) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (stats)
        stats->terms = n;
    /* term-at-a-time or MaxScore: see use_taat() */
    order_terms(&idx->cfg, st, n);
    uint64_t npost = 0;
    for (size_t i = 0; i < n; i++)
        npost += st[i].pl->df;
    if (!exhaustive && use_taat(idx, n, npost, k, strategy)) {
        rc = retrieve_taat(h, nh_out, idx, st, n, k, fc, stats);
    } else {
        rc = retrieve(h, nh_out, idx, st, n, k, fc, exhaustive, stats);
    }
    if (rc < 0)
        goto done;
    if ((rc = sort_hits(h, *nh_out)) < 0)
        goto done;
    *h_out = h;
    h = NULL;
done:
    dj_free(h);
    dj_free(st);
    dj_free(cur);
    return rc;
}

int dj_index_search_terms(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                          const dj_index_qterm *terms, size_t nterms, const dj_index_query *q,
                          dj_index_stats *stats)
{
    fctx fc;
    hitx *h = NULL;
    size_t nh = 0;
    dj_index_qterm *ex = NULL;
    size_t nex = 0;
    dj_index_hit *out = NULL;
    int rc;

    *hits_out = NULL;
    *nhits_out = 0;
    if (!q->k || q->k > ((size_t)1 << 24))
        return DJ_EINVAL;
    if (q->strategy < DJ_INDEX_STRATEGY_AUTO || q->strategy > DJ_INDEX_STRATEGY_TAAT)
        return DJ_EINVAL;
    if (stats)
        memset(stats, 0, sizeof *stats);
    memset(&fc, 0, sizeof fc);
    fc.idx = idx;
    fc.f = q->filter;
    fc.region_div = 1;
    for (int f = 0; f < DJ_NFIELDS; f++)
        fc.inv_avg[f] = idx->nlive && idx->total_len[f]
                            ? (float)((double)idx->nlive / (double)idx->total_len[f])
                            : 1.0f;
    if (q->filter) {
        const dj_index_filter *f = q->filter;
        fc.exclude_only = !f->side_mask && !f->kind_mask && !f->status_mask && !f->region_digits &&
                          !(f->industry && f->industry_len) && !f->modes_any;
        if (f->region_digits) {
            if (f->region_digits != 2 && f->region_digits != 4 && f->region_digits != 6)
                return DJ_EINVAL;
            fc.region_div = f->region_digits == 2 ? 10000 : f->region_digits == 4 ? 100 : 1;
        }
        if (f->industry && f->industry_len) {
            if (dj__industry_lookup(idx, f->industry, f->industry_len, &fc.industry) < 0) {
                /* no document has this industry */
                out = dj_malloc(sizeof *out);
                if (!out)
                    return DJ_ENOMEM;
                *hits_out = out;
                return DJ_OK;
            }
        }
    }
    size_t k1 = q->k;
    if (q->prf_docs && q->prf_docs > k1)
        k1 = q->prf_docs;
    if ((rc = run(&h, &nh, idx, terms, nterms, k1, &fc, q->exhaustive, q->strategy, stats)) < 0)
        goto done;
    if (q->prf_docs && nh > 0 && idx->cfg.store_forward) {
        size_t ntop = nh < q->prf_docs ? nh : q->prf_docs;
        unsigned pt = q->prf_terms ? q->prf_terms : 20;
        float pw = q->prf_weight > 0 ? q->prf_weight : 0.5f;
        if ((rc = expand(&ex, &nex, idx, terms, nterms, h, ntop, pt, pw)) < 0)
            goto done;
        DJ_FREE(h);
        if ((rc = run(&h, &nh, idx, ex, nex, q->k, &fc, q->exhaustive, q->strategy, stats)) < 0)
            goto done;
    }
    if (nh > q->k)
        nh = q->k;
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
    dj_free(h);
    dj_free(ex);
    return rc;
}

int dj_index_search(dj_index_hit **hits_out, size_t *nhits_out, const dj_index *idx,
                    const dj_index_query *q, dj_index_stats *stats)
{
    dj_index_qterm *t = NULL;
    size_t nt = 0;
    int rc;

    *hits_out = NULL;
    *nhits_out = 0;
    if (!q->k)
        return DJ_EINVAL;
    if ((rc = dj_index_query_terms(&t, &nt, idx, q->text, q->len, q->max_terms)) < 0)
        return rc;
    rc = dj_index_search_terms(hits_out, nhits_out, idx, t, nt, q, stats);
    dj_free(t);
    return rc;
}
