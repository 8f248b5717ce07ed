/* topk.c - the top-k evaluators over resolved terms (topk.h): MaxScore
 * early termination and term-at-a-time accumulation, the choice between
 * them, the final sort, and the query filter.
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
#include "index/topk.h"

#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Term-at-a-time evaluation (dj__topk_taat): chosen by dj__topk_use_taat();
 * never beyond DJ__TAAT_MAX_POSTINGS postings or DJ__TAAT_MAX_DOCS document
 * numbers (the accumulator is one float per docno). */
#define DJ__TAAT_MIN_K        64
#define DJ__TAAT_LIST_SHARE   32
#define DJ__TAAT_MAX_POSTINGS ((uint64_t)1 << 21)
#define DJ__TAAT_MAX_DOCS     ((uint32_t)1 << 22)
#define DJ__NORM_TAB          1024 /* body lengths with a precomputed norm */

int dj__filter_init(dj__filter *fl, const dj_index *idx, const dj_index_filter *f)
{
    memset(fl, 0, sizeof *fl);
    fl->idx = idx;
    fl->f = f;
    fl->region_div = 1;
    if (!f)
        return DJ_OK;
    fl->exclude_only = !f->side_mask && !f->kind_mask && !f->status_mask && !f->region_digits &&
                       !(f->industry && f->industry_len) && !f->modes_any;
    if (f->region_digits) {
        if (f->region_digits != 2 && f->region_digits != 4 && f->region_digits != 6)
            return DJ_EINVAL;
        fl->region_div = f->region_digits == 2 ? 10000 : f->region_digits == 4 ? 100 : 1;
    }
    if (f->industry && f->industry_len &&
        dj__industry_lookup(idx, f->industry, f->industry_len, &fl->industry) < 0)
        fl->none = 1; /* no document's industry starts with it */
    return DJ_OK;
}

int dj__filter_ok(const dj__filter *fl, uint32_t docno)
{
    return !fl->none && dj__filter_pass(fl, docno);
}

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
int dj__topk_use_taat(const dj_index *idx, size_t nterms, uint64_t npost, size_t k, int strategy)
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

/* min-heap on score; among equal scores the larger id is "smaller" so that
 * the final order prefers small ids. */
static int hit_less(const dj__hitx *a, const dj__hitx *b)
{
    if (a->score != b->score)
        return a->score < b->score;
    return a->id > b->id;
}

static void heap_down(dj__hitx *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && hit_less(&h[l], &h[m]))
            m = l;
        if (r < n && hit_less(&h[r], &h[m]))
            m = r;
        if (m == i)
            return;
        dj__hitx t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_up(dj__hitx *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!hit_less(&h[i], &h[p]))
            return;
        dj__hitx t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static int cmp_sterm_ub(const void *a, const void *b)
{
    const dj__sterm *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub < y->ub ? -1 : 1;
    return 0;
}

static float contrib(const dj_index_config *cfg, const dj__sterm *t, const dj__cursor *c,
                     const float inv_norm[DJ_NFIELDS])
{
    float tfw = 0;
    for (int f = 0; f < DJ_NFIELDS; f++)
        if (c->tf[f][c->pos])
            tfw += cfg->weight[f] * (float)c->tf[f][c->pos] * inv_norm[f];
    return t->w * tfw * (cfg->k1 + 1) / (cfg->k1 + tfw);
}

void dj__topk_order_terms(const dj_index_config *cfg, dj__sterm *st, size_t n)
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

/* MaxScore: see the top of the file. */
int dj__topk_maxscore(dj__hitx *h, size_t *nh, const dj_index *idx, dj__sterm *st, size_t n,
                      size_t k, const dj__qctx *qc, int exhaustive, dj_index_stats *stats)
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
        if (!dj__filter_pass(&qc->fl, d)) {
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
                1.0f / (1.0f - cfg->b[f] + cfg->b[f] * (float)doc->len[f] * qc->inv_avg[f]);
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
            dj__hitx x = {score, d, doc->id};
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
 * added into a dense accumulator (terms in the same ub order as dj__topk_maxscore(),
 * so each document's sum is bit-identical to dj__topk_maxscore()'s), then the touched
 * documents are offered to the heap in docno order with dj__topk_maxscore()'s
 * admission rule - the same hits as the exhaustive mode, without the
 * per-document merge over n cursors. */
int dj__topk_taat(dj__hitx *h, size_t *nh, const dj_index *idx, dj__sterm *st, size_t n, size_t k,
                  const dj__qctx *qc, dj_index_stats *stats)
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
    const float inv_avg_b = qc->inv_avg[DJ_FIELD_BODY];
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
                                                 cfg->b[f] * (float)doc->len[f] * qc->inv_avg[f]);
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
    int simple = !qc->fl.f || qc->fl.exclude_only;
    if (simple && qc->fl.f && qc->fl.f->has_exclude) {
        uint32_t x;
        if (dj__id_find(idx, qc->fl.f->exclude_id, &x) == DJ_OK)
            seen[x >> 6] &= ~((uint64_t)1 << (x & 63));
    }
    for (uint32_t w = 0; w * 64u < nd; w++) {
        uint64_t bits = seen[w] & ~idx->dead[w];
        if (!simple) {
            for (uint64_t b = bits; b;) {
                uint32_t d = w * 64u + (uint32_t)__builtin_ctzll(b);
                b &= b - 1;
                if (!dj__filter_pass(&qc->fl, d))
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
            dj__hitx x = {acc[d], d, idx->docs[d].id};
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
int dj__topk_sort(dj__hitx *h, size_t n)
{
    if (n <= 64) {
        /* make it a heap (dj__topk_taat may hand over an unordered array),
         * then popping the minimum to the end leaves the final order */
        for (size_t i = n / 2; i-- > 0;)
            heap_down(h, n, i);
        for (size_t i = n; i-- > 1;) {
            dj__hitx t = h[0];
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
    dj__hitx *tmp = dj_malloc(n * sizeof *tmp);
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
        dj__hitx x = h[i];
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
