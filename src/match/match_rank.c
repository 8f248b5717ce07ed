/* match_rank.c - counterpart ranking: text retrieval through dj_index, then
 * re-ranking by structured fit (fit.c), with explanations (explain.c); free
 * text search; the results as JSON, with the names of the factors and of the
 * side, kind and status codes.
 *
 * Score of candidate c for query listing q (each value in [0, 1]):
 *   S = sum_i w_i * v_i, v = text (BM25F / best BM25F among candidates),
 *   tags (Jaccard of tag+keyword sets), industry (equal), region (same
 *   district 1, city .75, province .5, else 0; unknown .25), maturity (TRL of
 *   the supply side vs the demand: 1 when supply >= demand, minus .25 per level
 *   short; unknown .5), budget (price ranges overlap 1, else decays with the
 *   relative gap; unknown .5), modes (share a mode 1, none 0; unknown .5).
 * Invariants: ranking, search and explanation need every listing indexed
 * (nstaged == 0; DJ_EINVAL otherwise); the weights used are scaled to sum
 * to 1 (unless all are 0), so a score lies in [0, 1]; scores are rounded to
 * 6 decimals and ties go by id. */
#include "duijie/dj_match.h"

#include "match/match_int.h"

#include "util/alloc.h"
#include "util/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const factor_names[DJ_NFACTORS] = {"text",     "tags",   "industry", "region",
                                                      "maturity", "budget", "modes"};

const char *dj_match_factor_name(int f)
{
    return f >= 0 && f < DJ_NFACTORS ? factor_names[f] : "?";
}

static int code_of(const char *s, size_t len, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i + 1;
    return 0;
}

/* The stored names of the side, kind and status codes (code = index + 1). */
static const char *const side_names[] = {"supply", "demand"};
static const char *const kind_names[] = {"technology", "patent",   "product",    "solution",
                                         "capability", "scenario", "investment", "talent"};
static const char *const status_names[] = {"draft", "published", "closed"};

int dj_match_side_code(const char *s, size_t len)
{
    return code_of(s, len, side_names, 2);
}

int dj_match_kind_code(const char *s, size_t len)
{
    return code_of(s, len, kind_names, 8);
}

int dj_match_status_code(const char *s, size_t len)
{
    return code_of(s, len, status_names, 3);
}

/* The JSON string of code (1-based) among n names, or null. */
static void name_json(struct dj_buf *b, const char *key, int code, const char *const *names, int n)
{
    dj_buf_printf(b, ",\"%s\":", key);
    if (code >= 1 && code <= n)
        dj_buf_printf(b, "\"%s\"", names[code - 1]);
    else
        dj_buf_puts(b, "null");
}

static void result_fini(dj_match_result *r)
{
    for (size_t i = 0; i < r->nterms; i++)
        dj_free(r->terms[i]);
    dj_free(r->terms);
    dj_free(r->spans);
}

void dj_match_result_unexplain(dj_match_result *r)
{
    result_fini(r);
    r->terms = NULL;
    r->nterms = 0;
    r->spans = NULL;
    r->nspans = 0;
}

void dj_match_results_fini(dj_match_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        result_fini(&r->v[i]);
    dj_free(r->v);
    r->v = NULL;
    r->n = 0;
}

static int cmp_result(const void *a, const void *b)
{
    const dj_match_result *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int64_t dj_match_score_micro(double score)
{
    return (int64_t)floor(score * 1e6 + 0.5);
}

/* Query text of a listing: title, keywords and body. */
static char *query_text(const dj_match_listing *q, size_t *len)
{
    size_t n = q->title_len + q->keywords_len + q->body_len + 3;
    char *s = dj_malloc(n);
    size_t at = 0;
    if (!s)
        return NULL;
    const char *parts[3] = {q->title, q->keywords, q->body};
    size_t lens[3] = {q->title_len, q->keywords_len, q->body_len};
    for (int i = 0; i < 3; i++) {
        if (lens[i])
            memcpy(s + at, parts[i], lens[i]);
        at += lens[i];
        s[at++] = '\n';
    }
    *len = at;
    return s;
}

/* The terms of a query text: every one (*nall, heaviest first, for the
 * semantic vector) and how many of the best BM25F ranks and explains with
 * (*nbest: the index's max_query_terms, more for one character). */
static int query_terms(dj_index_qterm **qt, size_t *nall, size_t *nbest, const dj_match *m,
                       const char *text, size_t len, const dj_index_filter *filter)
{
    int rc = dj_index_query_terms_for(qt, nall, m->idx, text, len, UINT32_MAX, filter, nbest);
    if (rc < 0)
        *nall = *nbest = 0;
    return rc;
}

static int rank_common(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                       const char *text, size_t len, const dj_index_filter *filter,
                       const dj_match_weights *w, size_t k, int explain)
{
    dj_index_qterm *qt = NULL;
    size_t nqt = 0, nh = 0;
    dj_index_hit *hits = NULL;
    dj_match_result *res = NULL;
    float *cosv = NULL;
    dj__tagkey qkeys[DJ__MAX_TAGS];
    dj__tagset qtags = {qkeys, q ? dj__tagset_keys(qkeys, q) : 0};
    int rc;

    out->v = NULL;
    out->has_weights = 0;
    out->n = 0;
    if (!k || m->nstaged)
        return DJ_EINVAL;
    size_t nall;
    if ((rc = query_terms(&qt, &nall, &nqt, m, text, len, filter)) < 0)
        goto done;
    dj_index_query iq;
    memset(&iq, 0, sizeof iq);
    iq.filter = filter;
    iq.k = w->candidates > k ? w->candidates : k;
    iq.prf_docs = w->prf_docs;
    if ((rc = dj_index_search_terms(&hits, &nh, m->idx, qt, nqt, &iq, NULL)) < 0)
        goto done;
    res = dj_calloc(nh ? nh : 1, sizeof *res);
    if (!res) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (m->lsa && w->semantic > 0 && nh) {
        int64_t *ids = dj_malloc(nh * sizeof *ids);
        cosv = dj_malloc(nh * sizeof *cosv);
        if (!ids || !cosv) {
            dj_free(ids);
            rc = DJ_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < nh; i++)
            ids[i] = hits[i].id;
        rc = dj_index_lsa_cosines(cosv, m->lsa, m->idx, qt, nall, ids, nh);
        dj_free(ids);
        if (rc < 0)
            goto done;
    }
    float sw = cosv ? (w->semantic < 1 ? w->semantic : 1) : 0;
    float best = nh ? hits[0].score : 1;
    for (size_t i = 0; i < nh; i++) {
        const stored *c = dj__match_stored_get(m, hits[i].id);
        dj_match_result *r = &res[i];
        r->id = hits[i].id;
        r->text_raw = hits[i].score;
        r->value[DJ_FACTOR_TEXT] = best > 0 ? hits[i].score / best : 0;
        if (cosv)
            r->value[DJ_FACTOR_TEXT] =
                (1 - sw) * r->value[DJ_FACTOR_TEXT] + sw * (cosv[i] > 0 ? cosv[i] : 0);
        if (q && c)
            dj__match_fit(r->value, q, &qtags, &c->l, &c->tags);
        double sum = 0;
        for (int f = 0; f < DJ_NFACTORS; f++) {
            r->factor[f] = w->w[f] * r->value[f];
            sum += r->factor[f];
        }
        /* to 6 decimals, as shown: sums equal but for the float rounding of
         * their terms tie, and ties go by id */
        r->score = (float)((double)dj_match_score_micro(sum) / 1e6);
    }
    if (nh > 1)
        qsort(res, nh, sizeof *res, cmp_result);
    if (nh > k)
        nh = k;
    for (size_t i = 0; i < nh && explain; i++) {
        const dj_match_listing *c = dj_match_get(m, res[i].id);
        if (c && (rc = dj__match_explain(&res[i], m->idx, c, qt, nqt)) < 0) {
            out->v = res;
            out->n = i + 1;
            dj_match_results_fini(out);
            res = NULL;
            goto done;
        }
    }
    out->v = res;
    out->n = nh;
    res = NULL;
    rc = DJ_OK;
done:
    dj_free(cosv);
    dj_free(res);
    dj_free(hits);
    dj_free(qt);
    return rc;
}

static int rank_listing(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                        const dj_match_weights *w, size_t k, int explain, dj_diag *diag)
{
    dj_match_weights dw;
    dj_index_filter f;
    size_t len;
    char *text;
    int rc;

    out->v = NULL;
    out->has_weights = 0;
    out->n = 0;
    if (!w) {
        dj_match_weights_default(&dw);
        w = &dw;
    }
    for (int i = 0; i < DJ_NFACTORS; i++)
        if (!(w->w[i] >= 0))
            return dj_diag_set(diag, DJ_EINVAL, "weight of %s is negative", factor_names[i]);
    { /* only ratios matter: the weights used (and reported) sum to 1, so a
         score lies in [0, 1] and a threshold (event recommend --min-score)
         means the same for text=55,... as for text=0.55,... */
        float sum = 0;
        for (int i = 0; i < DJ_NFACTORS; i++)
            sum += w->w[i];
        if (sum > 0 && sum != 1) {
            if (w != &dw)
                dw = *w;
            for (int i = 0; i < DJ_NFACTORS; i++)
                dw.w[i] /= sum;
            w = &dw;
        }
    }
    memset(&f, 0, sizeof f);
    if (w->opposite_side && q->side)
        f.side_mask = 1u << (q->side == DJ_SIDE_SUPPLY ? DJ_SIDE_DEMAND : DJ_SIDE_SUPPLY);
    if (w->published_only)
        f.status_mask = 1u << DJ_STATUS_PUBLISHED;
    f.has_exclude = 1;
    f.exclude_id = q->id;
    if (!(text = query_text(q, &len)))
        return DJ_ENOMEM;
    rc = rank_common(out, m, q, text, len, &f, w, k, explain);
    dj_free(text);
    if (rc == DJ_OK) {
        out->has_weights = 1;
        memcpy(out->w, w->w, sizeof out->w);
    }
    return rc;
}

int dj_match_rank(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                  const dj_match_weights *w, size_t k, dj_diag *diag)
{
    return rank_listing(out, m, q, w, k, 1, diag);
}

int dj_match_rank_unexplained(dj_match_results *out, const dj_match *m, const dj_match_listing *q,
                              const dj_match_weights *w, size_t k, dj_diag *diag)
{
    return rank_listing(out, m, q, w, k, 0, diag);
}

int dj_match_explain(dj_match_result *r, const dj_match *m, const dj_match_listing *q)
{
    const dj_match_listing *c = dj_match_get(m, r->id);
    dj_index_qterm *qt = NULL;
    dj_index_filter f;
    size_t nall = 0, nqt = 0, len;
    char *text;
    int rc;

    dj_match_result_unexplain(r);
    if (!c || m->nstaged)
        return DJ_EINVAL;
    if (!(text = query_text(q, &len)))
        return DJ_ENOMEM;
    memset(&f, 0, sizeof f); /* the terms rank_listing ranked with */
    f.has_exclude = 1;
    f.exclude_id = q->id;
    rc = query_terms(&qt, &nall, &nqt, m, text, len, &f);
    dj_free(text);
    if (rc == DJ_OK)
        rc = dj__match_explain(r, m->idx, c, qt, nqt);
    if (rc < 0)
        dj_match_result_unexplain(r);
    dj_free(qt);
    return rc;
}

int dj_match_search(dj_match_results *out, const dj_match *m, const char *text, size_t len,
                    const dj_index_filter *filter, size_t k, dj_diag *diag)
{
    dj_match_weights w;
    (void)diag;
    dj_match_weights_default(&w);
    for (int i = 1; i < DJ_NFACTORS; i++)
        w.w[i] = 0;
    w.w[DJ_FACTOR_TEXT] = 1;
    w.candidates = k;
    return rank_common(out, m, NULL, text, len, filter, &w, k, 1);
}

int dj_match_results_json(struct dj_buf *b, const dj_match *m, const dj_match_results *r)
{
    static const char *const fname[DJ_NFIELDS] = {"title", "keywords", "body"};
    dj_buf_putc(b, '{');
    if (r->has_weights) {
        dj_buf_puts(b, "\"weights\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%g", f ? "," : "", factor_names[f], (double)r->w[f]);
        dj_buf_puts(b, "},");
    }
    dj_buf_puts(b, "\"results\":[");
    for (size_t i = 0; i < r->n; i++) {
        const dj_match_result *x = &r->v[i];
        const dj_match_listing *l = dj_match_get(m, x->id);
        if (i)
            dj_buf_putc(b, ',');
        dj_buf_printf(b, "{\"id\":%lld,\"score\":%.6g,\"title\":", (long long)x->id,
                      (double)x->score);
        if (l)
            dj_buf_json_str(b, l->title, l->title_len);
        else
            dj_buf_puts(b, "null");
        name_json(b, "side", l ? l->side : 0, side_names, 2);
        name_json(b, "kind", l ? l->kind : 0, kind_names, 8);
        name_json(b, "status", l ? l->status : 0, status_names, 3);
        dj_buf_puts(b, ",\"factors\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%.6g", f ? "," : "", factor_names[f], (double)x->factor[f]);
        dj_buf_puts(b, "},\"values\":{");
        for (int f = 0; f < DJ_NFACTORS; f++)
            dj_buf_printf(b, "%s\"%s\":%.6g", f ? "," : "", factor_names[f], (double)x->value[f]);
        dj_buf_printf(b, "},\"text_raw\":%.6g,\"terms\":[", (double)x->text_raw);
        for (size_t t = 0; t < x->nterms; t++) {
            if (t)
                dj_buf_putc(b, ',');
            dj_buf_json_str(b, x->terms[t], strlen(x->terms[t]));
        }
        dj_buf_puts(b, "],\"highlights\":[");
        for (size_t s = 0; s < x->nspans; s++) {
            const dj_match_span *sp = &x->spans[s];
            dj_buf_printf(b,
                          "%s{\"field\":\"%s\",\"start\":%zu,\"end\":%zu,\"text\":", s ? "," : "",
                          fname[sp->field], sp->start, sp->end);
            const char *ft = !l                               ? NULL
                             : sp->field == DJ_FIELD_TITLE    ? l->title
                             : sp->field == DJ_FIELD_KEYWORDS ? l->keywords
                                                              : l->body;
            size_t fl = !l                               ? 0
                        : sp->field == DJ_FIELD_TITLE    ? l->title_len
                        : sp->field == DJ_FIELD_KEYWORDS ? l->keywords_len
                                                         : l->body_len;
            if (ft && sp->end <= fl) /* the listing may have changed since ranking */
                dj_buf_json_str(b, ft + sp->start, sp->end - sp->start);
            else
                dj_buf_puts(b, "null");
            dj_buf_putc(b, '}');
        }
        dj_buf_puts(b, "]}");
    }
    dj_buf_puts(b, "]}");
    return dj_buf_rc(b);
}
