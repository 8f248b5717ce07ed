/* match.c - the catalog's search and matching use cases: listings from the
 * store (v_listings) become dj_match_listing values for the engine. */
#include "app/app_match.h"

#include "app/app_int.h"
#include "duijie/dj_index.h"
#include "duijie/dj_model.h"
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

static uint32_t region_num(const char *s)
{
    uint32_t v = 0;
    size_t i;
    for (i = 0; s && s[i] >= '0' && s[i] <= '9' && i < 6; i++)
        v = v * 10 + (uint32_t)(s[i] - '0');
    return s && strlen(s) == 6 ? v : 0;
}

void dj__app_listing_of_row(dj_match_listing *l, const dj_row *r)
{
    const char *s;
    memset(l, 0, sizeof *l);
    l->id = dj_row_int(r, "id", 0);
    s = dj_row_text(r, "side");
    l->side = dj_match_side_code(s, strlen(s));
    s = dj_row_text(r, "kind");
    l->kind = dj_match_kind_code(s, strlen(s));
    s = dj_row_text(r, "status");
    l->status = dj_match_status_code(s, strlen(s));
    l->title = dj_row_text(r, "title");
    l->title_len = strlen(l->title);
    l->body = dj_row_text(r, "body");
    l->body_len = strlen(l->body);
    l->keywords = dj_row_text(r, "keywords");
    l->keywords_len = strlen(l->keywords);
    l->industry = dj_row_text(r, "industry");
    l->industry_len = strlen(l->industry);
    l->tags = dj_row_text(r, "tags");
    l->tags_len = strlen(l->tags);
    l->trl = (int)dj_row_int(r, "trl", 0);
    l->modes = (uint32_t)dj_row_int(r, "modes", 0);
    l->price_min = dj_row_int(r, "price_min", -1);
    l->price_max = dj_row_int(r, "price_max", -1);
    l->region = region_num(dj_row_text(r, "region"));
}

static int put_cb(const dj_row *r, void *ctx)
{
    dj_match_listing l;
    dj__app_listing_of_row(&l, r);
    return dj_match_put(ctx, &l);
}

static int stage_cb(const dj_row *r, void *ctx)
{
    dj_match_listing l;
    dj__app_listing_of_row(&l, r);
    return dj_match_stage(ctx, &l);
}

int dj_app_match_load(dj_match **out, dj_app *app, int use_saved, dj_diag *diag)
{
    dj_match *m = NULL;
    char path[4096];
    dj_diag save_diag;
    int rc;

    *out = NULL;
    if ((rc = dj_app_text_init(app, diag)) < 0)
        return rc;
    if ((rc = dj_match_new(&m, NULL)) < 0)
        return rc;
    rc = dj_store_each(app->st, "v_listings", NULL, 0, NULL, 0, 0, stage_cb, m, diag);
    if (rc == DJ_OK) {
        int file = use_saved && dj_store_side_file(app->st, ".index", path, sizeof path) == DJ_OK;
        dj_diag_clear(&save_diag); /* a failed save is not the command's failure */
        rc = dj_match_finish_load(m, file ? path : NULL, NULL, &save_diag);
    }
    if (rc < 0) {
        dj_match_free(m);
        return rc;
    }
    *out = m;
    return DJ_OK;
}

int dj_app_match_sync(dj_match *m, dj_app *app, int64_t listing_id, dj_diag *diag)
{
    dj_field w = {"id", dj_v_int(listing_id)};
    int64_t n = 0;
    int rc = dj_store_count(app->st, "v_listings", &w, 1, &n, diag);

    if (rc < 0)
        return rc;
    if (n == 0) {
        rc = dj_match_delete(m, listing_id);
        return rc == DJ_ENOTFOUND ? DJ_OK : rc;
    }
    return dj_store_each(app->st, "v_listings", &w, 1, NULL, 1, 0, put_cb, m, diag);
}

/* Parses an enum option (Chinese or English) into the engine's code. */
static int option_code(int *out, const dj_enum *e, const char *s, int (*code)(const char *, size_t),
                       const char *what, dj_diag *diag)
{
    int k;
    if (!s) {
        *out = 0;
        return DJ_OK;
    }
    if ((k = dj_enum_find(e, s, strlen(s))) < 0)
        return dj_diag_set(diag, DJ_EINVAL, "unknown %s '%s'", what, s);
    *out = code(e->items[k].en, strlen(e->items[k].en));
    return DJ_OK;
}

/* A query that holds no term the index keeps (empty, 的, 能, emoji, a
 * 300-letter run) would find nothing: refused, saying why. So is one that
 * is not UTF-8, which the analyser would read as replacement characters. */
static int searchable(const char *query, dj_diag *diag)
{
    size_t bad = 0, len = strlen(query);
    int n = 0, too_long = 0, rc = DJ_OK;
    char why[256];

    if (!dj_utf8_valid(query, len, &bad))
        snprintf(why, sizeof why, "the query is not valid UTF-8 (byte %zu)", bad);
    else if ((rc = dj__app_indexed_terms(query, len, &n, &too_long)) < 0 || n > 0)
        return rc;
    else if (!*query)
        snprintf(why, sizeof why, "empty query");
    else if (too_long)
        snprintf(why, sizeof why,
                 "nothing to search for: a word of more than %d bytes is not indexed",
                 DJ_INDEX_TERM_MAX);
    else
        snprintf(why, sizeof why,
                 "nothing to search for: the query holds only stop words (的, 和, 能, ...) and "
                 "symbols, which are not indexed; add a word");
    if (diag)
        snprintf(diag->field, sizeof diag->field, "query");
    return dj_diag_set(diag, DJ_EINVAL, "%s", why);
}

int dj_app_search(dj_app *app, const dj_match *m, const dj_app_search_req *req, dj_buf *out,
                  dj_diag *diag)
{
    dj_index_filter f;
    dj_match_results res = {0};
    dj_cell ind = {0};
    int side = 0, kind = 0, status = 0, rc;

    (void)app;
    memset(&f, 0, sizeof f);
    if ((rc = option_code(&side, &dj_enum_side, req->side, dj_match_side_code, "side", diag)) < 0 ||
        (rc = option_code(&kind, &dj_enum_listing_kind, req->kind, dj_match_kind_code, "kind",
                          diag)) < 0)
        return rc;
    if (req->status && strcmp(req->status, "any")) {
        if ((rc = option_code(&status, &dj_enum_status, req->status, dj_match_status_code, "status",
                              diag)) < 0)
            return rc;
    } else {
        status = req->status ? 0 : DJ_STATUS_PUBLISHED;
    }
    if (side)
        f.side_mask = 1u << side;
    if (kind)
        f.kind_mask = 1u << kind;
    if (status)
        f.status_mask = 1u << status;
    if (req->region) { /* a known GB/T 2260 code: 00 or 4599 would silently find nothing */
        char code6[7], why[300]; /* a code, its prefix or a name: 450300, 4503, 桂林 */
        if (dj_region_find(code6, req->region, strlen(req->region), why, sizeof why) < 0)
            return dj_diag_set(diag, DJ_EINVAL,
                               "region '%s': %s; give a known region code or its prefix (45 "
                               "广西, 4502 柳州市, 450203) or a name",
                               req->region, why);
        if (dj_index_filter_region(&f, code6, dj_region_prefix_len(code6)) < 0)
            return dj_diag_set(diag, DJ_EINVAL,
                               "region '%s': give a known region code or its prefix (45 广西, "
                               "4502 柳州市, 450203)",
                               req->region);
    }
    if (req->modes) {
        dj_cell c;
        const dj_record_type *t = dj_record_type_find("listings");
        int col = dj_record_column(t, "modes", 5);
        if ((rc = dj_cell_parse(&c, &t->cols[col], req->modes, strlen(req->modes), diag)) < 0)
            return rc;
        if (!c.i) /* an empty filter would be no filter: every listing, not none */
            return dj_diag_set(diag, DJ_EINVAL,
                               "modes '%s': give at least one cooperation mode (转让;许可)",
                               req->modes);
        f.modes_any = (uint32_t)c.i;
    }
    if (req->industry) { /* stored codes are normalised (C39): the filter is too */
        const dj_record_type *t = dj_record_type_find("listings");
        int col = dj_record_column(t, "industry", 8);
        if ((rc = dj_cell_parse(&ind, &t->cols[col], req->industry, strlen(req->industry), diag)) <
            0)
            return rc;
        if (!ind.s || !*ind.s) { /* as for modes: an empty filter would select every listing */
            dj_free(ind.s);
            return dj_diag_set(diag, DJ_EINVAL, "industry '%s': give an industry code (C39)",
                               req->industry);
        }
        f.industry = ind.s;
        f.industry_len = strlen(f.industry);
    }
    if ((rc = searchable(req->query, diag)) < 0) {
        dj_free(ind.s);
        return rc;
    }
    rc = dj_match_search(&res, m, req->query, strlen(req->query), &f,
                         req->offset + (req->limit ? req->limit : 10), diag);
    if (rc == DJ_OK && req->offset) { /* the page: scores stay relative to the best of all */
        size_t skip = req->offset < res.n ? req->offset : res.n;
        for (size_t i = 0; i < skip; i++)
            dj_match_result_unexplain(&res.v[i]);
        memmove(res.v, res.v + skip, (res.n - skip) * sizeof *res.v);
        res.n -= skip;
    }
    if (rc == DJ_OK)
        rc = dj_match_results_json(out, m, &res);
    dj_match_results_fini(&res);
    dj_free(ind.s);
    return rc;
}

/* dj_match_results_json, with "semantic" in "weights" when it took part:
 * the engine blends the latent vectors into the text value only when a
 * model is learned (match --semantic), and its JSON lists only the factor
 * weights. The weights object is written here and the engine's own
 * (without weights) appended after its opening brace. */
static int results_json(dj_buf *out, const dj_match *m, dj_match_results *res,
                        const dj_match_weights *w)
{
    dj_buf rest;
    int rc;

    if (!dj_match_lsa(m) || !res->has_weights)
        return dj_match_results_json(out, m, res);
    dj_buf_putc(out, '{');
    dj_buf_puts(out, "\"weights\":{");
    for (int f = 0; f < DJ_NFACTORS; f++)
        dj_buf_printf(out, "%s\"%s\":%g", f ? "," : "", dj_match_factor_name(f), (double)res->w[f]);
    /* the engine uses at most 1 (dj_match_weights) */
    dj_buf_printf(out, ",\"semantic\":%g},", (double)(w->semantic < 1 ? w->semantic : 1));
    res->has_weights = 0;
    dj_buf_init(&rest, 0);
    if ((rc = dj_match_results_json(&rest, m, res)) == DJ_OK)
        dj_buf_append(out, dj_buf_cstr(&rest) + 1, dj_buf_len(&rest) - 1);
    res->has_weights = 1;
    dj_buf_fini(&rest);
    return rc < 0 ? rc : dj_buf_rc(out);
}

/* The ids of the other listings of listing_id's organisation. */
typedef struct own_ids {
    int64_t *v;
    size_t n, cap;
    int rc;
} own_ids;

static int own_cb(const dj_row *r, void *ctx)
{
    own_ids *o = ctx;
    DJ_ARRAY_GROW(o->rc, o->v, o->cap, o->n);
    if (o->rc < 0)
        return o->rc;
    o->v[o->n++] = dj_row_int(r, "id", 0);
    return 0;
}

static int org_of_cb(const dj_row *r, void *ctx)
{
    *(int64_t *)ctx = dj_row_int(r, "org_id", 0);
    return 0;
}

static int same_org_listings(dj_app *app, int64_t listing_id, own_ids *o, dj_diag *diag)
{
    dj_field w = {"id", dj_v_int(listing_id)};
    int64_t org = 0;
    int rc;

    if ((rc = dj_store_each(app->st, "listings", &w, 1, NULL, 1, 0, org_of_cb, &org, diag)) < 0 ||
        !org)
        return rc;
    w = (dj_field){"org_id", dj_v_int(org)};
    return dj_store_each(app->st, "listings", &w, 1, NULL, 0, 0, own_cb, o, diag);
}

/* Moves the results whose id is in o to the end, keeping the order of the
 * others, and returns how many others there are. */
static size_t drop_own(dj_match_results *res, const own_ids *o)
{
    size_t kept = 0, i, j;
    for (i = 0; i < res->n; i++) {
        int own = 0;
        for (j = 0; j < o->n && !own; j++)
            own = res->v[i].id == o->v[j];
        if (!own) {
            dj_match_result r = res->v[i];
            memmove(&res->v[kept + 1], &res->v[kept], (i - kept) * sizeof *res->v);
            res->v[kept++] = r;
        }
    }
    return kept;
}

/* Counterparts of a listing, never the listing's own organisation: its
 * other offers and needs are its own, not someone to meet (the demo matched
 * a company's herb-growing offer to its own processing need first). */
int dj_app_match(dj_app *app, const dj_match *m, int64_t listing_id, size_t limit,
                 const char *weights, dj_buf *out, dj_diag *diag)
{
    const dj_match_listing *q = dj_match_get(m, listing_id);
    dj_match_results res = {0};
    dj_match_weights w;
    own_ids own = {0};
    size_t k = limit ? limit : 10, total;
    int rc;

    if ((rc = dj_app_match_weights(app, &w, diag)) < 0 ||
        (weights && (rc = dj_match_weights_parse(&w, weights, diag)) < 0))
        return rc;
    if (!q)
        return dj_diag_set(diag, DJ_ENOTFOUND, "no listing with id %lld", (long long)listing_id);
    if ((rc = same_org_listings(app, listing_id, &own, diag)) < 0) {
        dj_free(own.v);
        return rc;
    }
    rc = dj_match_rank(&res, m, q, &w, k + own.n, diag);
    total = res.n;
    if (rc == DJ_OK) {
        res.n = drop_own(&res, &own);
        if (res.n > k)
            res.n = k;
        rc = results_json(out, m, &res, &w);
    }
    res.n = total; /* fini frees every result, the dropped ones too */
    dj_match_results_fini(&res);
    dj_free(own.v);
    return rc;
}

int dj_app_match_learn(dj_match *m, dj_app *app, dj_diag *diag)
{
    char path[4096];
    dj_diag save_diag;
    int file = dj_store_side_file(app->st, ".semantic", path, sizeof path) == DJ_OK;
    int rc;

    dj_diag_clear(&save_diag); /* a failed save is not the command's failure */
    rc = dj_match_learn_saved(m, NULL, file ? path : NULL, NULL, &save_diag);
    if (rc < 0)
        dj_diag_set(diag, rc, "learning semantic vectors failed: %s", dj_err_message(rc));
    return rc;
}
