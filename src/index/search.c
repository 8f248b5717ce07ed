/* search.c - BM25F search: query analysis and term selection, resolving the
 * terms against the dictionary, one retrieval pass through the top-k
 * evaluators of topk.c, and pseudo-relevance feedback (a second pass with
 * the query expanded by the best terms of the first pass's top documents). */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "index/topk.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- query terms ---- */

typedef struct qcollect {
    const dj_index *idx;
    uint32_t *ids;
    size_t n, cap;
    size_t seen; /* terms the query has (known to the index or not) */
    char one[5]; /* the query's first term when it is a word of one character */
    size_t one_len;
} qcollect;

/* Length of s when it is one UTF-8 character, else 0. */
static size_t one_char(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    return n == len ? n : 0;
}

static int qcollect_cb(const dj_term *t, void *ctx)
{
    qcollect *c = ctx;
    char key[DJ__MAX_TERM_LEN + 1];
    size_t klen = 0;
    uint32_t id;

    if (t->is_stop || t->len == 0 || t->len > DJ_INDEX_TERM_MAX)
        return 0;
    if (c->seen++ == 0 && t->kind == DJ_TERM_WORD && one_char(t->text, t->len)) {
        memcpy(c->one, t->text, t->len);
        c->one_len = t->len;
    }
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

/* A query of one CJK character (钢) finds the listings that hold it anywhere:
 * the index has it as a term only where the segmenter left it alone, but
 * every occurrence inside a longer run is in a bigram. So the query becomes
 * the character's own term plus the bigrams that contain it, the most
 * frequent max_terms of them, each weighted to score as the character
 * itself would (the idf of their summed document frequency), so that no
 * rare bigram (钢琴) outranks the common ones; a bigram counts half, since
 * a character inside a run is in two of them. char_terms appends the
 * bigrams' ids to c->ids; dj_index_query_terms_for sets the weights. */
#define DJ__CHAR_TERMS 256 /* terms of a one-character query, at least */

typedef struct cand {
    uint32_t id, df;
} cand;

static int cmp_cand_df(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int char_terms(qcollect *c, unsigned max_terms)
{
    const dj_index *idx = c->idx;
    cand *cd = NULL;
    size_t n = 0, cap = 0, i;

    for (uint32_t id = 0; id < idx->nterms; id++) {
        const dj__term *t = &idx->terms[id];
        const char *s = idx->strs + t->off;
        /* a bigram is the mark and two whole CJK characters (3 or 4 bytes
         * each, so a match at either end is a whole character) */
        if (t->pl.df == 0 || s[0] != DJ__BIGRAM_MARK || t->len < 1 + c->one_len ||
            (memcmp(s + 1, c->one, c->one_len) &&
             memcmp(s + t->len - c->one_len, c->one, c->one_len)))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            cand *p = dj_realloc(cd, nc * sizeof *p);
            if (!p) {
                dj_free(cd);
                return DJ_ENOMEM;
            }
            cd = p;
            cap = nc;
        }
        cd[n].id = id;
        cd[n++].df = t->pl.df;
    }
    if (n > 1)
        qsort(cd, n, sizeof *cd, cmp_cand_df);
    if (max_terms && n > max_terms)
        n = max_terms;
    for (i = 0; i < n; i++) {
        if (c->n == c->cap) {
            size_t nc = c->cap ? c->cap * 2 : 64;
            uint32_t *p = dj_realloc(c->ids, nc * sizeof *p);
            if (!p) {
                dj_free(cd);
                return DJ_ENOMEM;
            }
            c->ids = p;
            c->cap = nc;
        }
        c->ids[c->n++] = cd[i].id;
    }
    dj_free(cd);
    return DJ_OK;
}

/* Which character of the term s (a bigram of a one-character query) the
 * query asked for: the first, the second, or 0 for both (钢钢) or a word. */
static unsigned char char_focus(const qcollect *c, const char *s, size_t len)
{
    if (s[0] != DJ__BIGRAM_MARK || len < 1 + c->one_len)
        return 0;
    int first = memcmp(s + 1, c->one, c->one_len) == 0;
    int second = memcmp(s + len - c->one_len, c->one, c->one_len) == 0;
    return first == second ? 0 : first ? DJ_FOCUS_FIRST : DJ_FOCUS_SECOND;
}

/* Whether the only document holding t is docno ex (DJ__END: none is). */
static int only_in(const dj__term *t, uint32_t ex)
{
    dj__cursor cur;
    if (t->pl.df != 1 || ex == DJ__END)
        return 0;
    dj__cursor_init(&cur, &t->pl);
    return cur.cur == ex;
}

/* Lower idf (more documents) first, then as cmp_qterm_desc. */
static int cmp_qterm_frequent(const void *a, const void *b)
{
    const dj_index_qterm *x = a, *y = b;
    if (x->idf != y->idf)
        return x->idf < y->idf ? -1 : 1;
    return cmp_qterm_desc(a, b);
}

int dj_index_query_terms(dj_index_qterm **terms_out, size_t *nterms_out, const dj_index *idx,
                         const char *text, size_t len, unsigned max_terms)
{
    return dj_index_query_terms_for(terms_out, nterms_out, idx, text, len, max_terms, NULL, NULL);
}

int dj_index_query_terms_for(dj_index_qterm **terms_out, size_t *nterms_out, const dj_index *idx,
                             const char *text, size_t len, unsigned max_terms,
                             const dj_index_filter *f, size_t *nbest_out)
{
    qcollect c = {0};
    uint32_t ex = DJ__END; /* the excluded document: its own terms find nothing */
    dj_index_qterm *qt = NULL;
    size_t n = 0;
    uint64_t dfsum = 0;
    int rc, single;
    dj_index_analyzer an = idx->cfg.analyze ? idx->cfg.analyze : dj_text_analyze;

    *terms_out = NULL;
    *nterms_out = 0;
    c.idx = idx;
    if (f && f->has_exclude && dj__id_find(idx, f->exclude_id, &ex) < 0)
        ex = DJ__END;
    if (max_terms == 0)
        max_terms = idx->cfg.max_query_terms;
    if (len && (rc = an(text, len, idx->cfg.analyze_flags, qcollect_cb, &c)) < 0)
        goto done;
    single = c.seen == 1 && c.one_len > 0;
    if (single && max_terms && max_terms < DJ__CHAR_TERMS)
        max_terms = DJ__CHAR_TERMS; /* short lists: more of them cost little */
    if (single && (rc = char_terms(&c, max_terms > 1 ? max_terms - 1 : max_terms)) < 0)
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
        if (t->pl.df > 0 && !only_in(t, ex)) {
            dj_index_qterm *q = &qt[n++];
            q->text = dj__term_str(idx, id);
            q->len = t->len;
            q->weight = (float)(1.0 + log((double)(j - i)));
            if (q->text[0] == DJ__BIGRAM_MARK)
                q->weight *= idx->cfg.bigram_weight;
            q->idf = dj__idf(idx, t->pl.df);
            q->focus = single ? char_focus(&c, q->text, q->len) : 0;
            dfsum += t->pl.df;
        }
        i = j;
    }
    if (single) { /* each scores as the character would (char_terms) */
        float idf = dj__idf(idx, dfsum < UINT32_MAX ? (uint32_t)dfsum : UINT32_MAX);
        for (size_t i = 0; i < n; i++) /* a character inside a run is in two bigrams */
            qt[i].weight = qt[i].idf <= 0                     ? 0
                           : qt[i].text[0] == DJ__BIGRAM_MARK ? 0.5f * idf / qt[i].idf
                                                              : idf / qt[i].idf;
    }
    if (n > 1) /* a character's terms all weigh alike: the most frequent first */
        qsort(qt, n, sizeof *qt, single ? cmp_qterm_frequent : cmp_qterm_desc);
    if (max_terms && n > max_terms)
        n = max_terms;
    if (nbest_out) { /* what a search uses of all the terms (UINT32_MAX) asked for */
        unsigned mb = idx->cfg.max_query_terms;
        if (single && mb && mb < DJ__CHAR_TERMS)
            mb = DJ__CHAR_TERMS;
        *nbest_out = mb && n > mb ? mb : n;
    }
    *terms_out = qt;
    *nterms_out = n;
    qt = NULL;
    rc = DJ_OK;
done:
    dj_free(qt);
    dj_free(c.ids);
    return rc;
}

/* ---- retrieval ---- */

/* Resolves qterms to search terms; unknown terms are dropped. */
static int resolve(dj__sterm **st_out, size_t *n_out, dj__cursor **cur_out, const dj_index *idx,
                   const dj_index_qterm *terms, size_t nterms)
{
    dj__sterm *st = dj_malloc((nterms ? nterms : 1) * sizeof *st);
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
                  const dj_index_qterm *terms, size_t nterms, const dj__hitx *top, size_t ntop,
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
        q[n].focus = 0;
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

static int run(dj__hitx **h_out, size_t *nh_out, const dj_index *idx, const dj_index_qterm *terms,
               size_t nterms, size_t k, const dj__qctx *qc, int exhaustive, int strategy,
               dj_index_stats *stats)
{
    dj__sterm *st = NULL;
    dj__cursor *cur = NULL;
    size_t n = 0;
    dj__hitx *h = NULL;
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
    /* term-at-a-time or MaxScore: see dj__topk_use_taat() */
    dj__topk_order_terms(&idx->cfg, st, n);
    uint64_t npost = 0;
    for (size_t i = 0; i < n; i++)
        npost += st[i].pl->df;
    if (!exhaustive && dj__topk_use_taat(idx, n, npost, k, strategy))
        rc = dj__topk_taat(h, nh_out, idx, st, n, k, qc, stats);
    else
        rc = dj__topk_maxscore(h, nh_out, idx, st, n, k, qc, exhaustive, stats);
    if (rc < 0)
        goto done;
    if ((rc = dj__topk_sort(h, *nh_out)) < 0)
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
    dj__qctx qc;
    dj__hitx *h = NULL;
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
    memset(&qc, 0, sizeof qc);
    if ((rc = dj__filter_init(&qc.fl, idx, q->filter)) < 0)
        return rc;
    if (qc.fl.none) { /* no document has the industry asked for */
        if (!(out = dj_malloc(sizeof *out)))
            return DJ_ENOMEM;
        *hits_out = out;
        return DJ_OK;
    }
    for (int f = 0; f < DJ_NFIELDS; f++)
        qc.inv_avg[f] = idx->nlive && idx->total_len[f]
                            ? (float)((double)idx->nlive / (double)idx->total_len[f])
                            : 1.0f;
    size_t k1 = q->k;
    if (q->prf_docs && q->prf_docs > k1)
        k1 = q->prf_docs;
    if ((rc = run(&h, &nh, idx, terms, nterms, k1, &qc, q->exhaustive, q->strategy, stats)) < 0)
        goto done;
    if (q->prf_docs && nh > 0 && idx->cfg.store_forward) {
        size_t ntop = nh < q->prf_docs ? nh : q->prf_docs;
        unsigned pt = q->prf_terms ? q->prf_terms : 20;
        float pw = q->prf_weight > 0 ? q->prf_weight : 0.5f;
        if ((rc = expand(&ex, &nex, idx, terms, nterms, h, ntop, pt, pw)) < 0)
            goto done;
        DJ_FREE(h);
        if ((rc = run(&h, &nh, idx, ex, nex, q->k, &qc, q->exhaustive, q->strategy, stats)) < 0)
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
    if ((rc = dj_index_query_terms_for(&t, &nt, idx, q->text, q->len, q->max_terms, q->filter,
                                       NULL)) < 0)
        return rc;
    rc = dj_index_search_terms(hits_out, nhits_out, idx, t, nt, q, stats);
    dj_free(t);
    return rc;
}
