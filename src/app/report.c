/* report.c - park reports over the store: loads the rows the report engine
 * reads (src/report/, include/duijie/dj_report.h) into its input structs,
 * runs dj_report_compute for a request given by natural keys (park name,
 * event code) and renders JSON, text (bulletin + figure table) or XLSX.
 *
 * Invariants: the loaded data owns every array and string the engine input
 * points to (strings live in a chunked pool that never moves them); deal
 * parties are one array that is filled completely before deals point into
 * it. Money is int64 fen throughout; the figure table prints exact yuan
 * ("5262000000.00") next to the bulletin form ("52.62亿元"), the workbook
 * exact 万元 decimals as text - never a binary float. */
#include "app/app_report.h"

#include "app/app_int.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* ---- a string pool whose strings never move ---------------------------- */

struct dj__app_pool {
    struct dj__app_pool *next;
    size_t used, cap;
    char data[];
};

#define POOL_CHUNK 65536

static const char *pool_dup(struct dj__app_pool **head, const char *s, size_t len)
{
    struct dj__app_pool *p = *head;
    char *r;

    if (!p || p->cap - p->used < len + 1) {
        size_t cap = len + 1 > POOL_CHUNK ? len + 1 : POOL_CHUNK;
        if (!(p = dj_malloc(sizeof *p + cap)))
            return NULL;
        p->next = *head;
        p->used = 0;
        p->cap = cap;
        *head = p;
    }
    r = p->data + p->used;
    memcpy(r, s, len);
    r[len] = '\0';
    p->used += len + 1;
    return r;
}

static void pool_free(struct dj__app_pool *p)
{
    while (p) {
        struct dj__app_pool *n = p->next;
        dj_free(p);
        p = n;
    }
}

/* ---- loading ------------------------------------------------------------ */

struct org_info {
    int64_t id, park_id;
    int is_park;
    const char *industry;
};

struct party_row {
    int64_t deal_id, org_id;
    int rank; /* 0 = party b, 1 = party a, 2 = other party */
};

typedef struct loader {
    dj_app *app;
    dj_app_report_data *d;
    dj_diag *diag;
    int rc;
    struct org_info *orgs;
    size_t norgs, cap_orgs;
    struct party_row *prow;
    size_t nprow, cap_prow;
    /* deals: listing codes kept until parks/industries are resolved */
    const char **deal_listings;
    size_t cap_dl;
} loader;

/* Text of a column, NULL for SQL NULL, copied into the pool. */
static const char *ptext(loader *L, const dj_row *r, const char *col)
{
    dj_value v = dj_row_get(r, col);
    const char *s;

    if (v.type != DJ_V_TEXT)
        return NULL;
    if (!(s = pool_dup(&L->d->pool, v.s, v.len)))
        L->rc = DJ_ENOMEM;
    return s;
}

/* A nullable integer column: DJ_REPORT_NULL when NULL. */
static int64_t nint(const dj_row *r, const char *col)
{
    dj_value v = dj_row_get(r, col);
    return v.type == DJ_V_INT ? v.i : DJ_REPORT_NULL;
}

/* A reference column: 0 when NULL. */
static int64_t ref(const dj_row *r, const char *col)
{
    return dj_row_int(r, col, 0);
}

static int bad_enum(loader *L, const char *table, const dj_row *r, const char *col)
{
    if (L->diag)
        snprintf(L->diag->field, sizeof L->diag->field, "%s", col);
    return dj_diag_set(L->diag, DJ_EINVAL, "%s %lld: unknown %s '%s'", table,
                       (long long)dj_row_int(r, "id", 0), col, dj_row_text(r, col));
}

static int enum_col(loader *L, int *out, int (*parse)(int *, const char *, size_t),
                    const char *table, const dj_row *r, const char *col)
{
    const char *s = dj_row_text(r, col);
    if (parse(out, s, strlen(s)) < 0)
        return bad_enum(L, table, r, col);
    return DJ_OK;
}

static int project_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_project *p;
    int rc;

    DJ_ARRAY_GROW(rc, d->projects, d->cap[0], d->in.nprojects);
    if (rc < 0)
        return rc;
    p = &d->projects[d->in.nprojects];
    memset(p, 0, sizeof *p);
    p->id = ref(r, "id");
    p->park_id = ref(r, "park_id");
    p->investor_id = ref(r, "investor_id");
    p->industry = ptext(L, r, "industry");
    if ((rc = enum_col(L, &p->stage, dj_report_stage_parse, "projects", r, "stage")) < 0)
        return rc;
    p->total_investment = nint(r, "total_investment");
    p->completed_investment = dj_row_int(r, "completed_investment", 0);
    p->land_mu = nint(r, "land_mu");
    p->floor_area = nint(r, "floor_area");
    p->jobs = nint(r, "jobs");
    p->annual_output = nint(r, "annual_output");
    p->planned_start = ptext(L, r, "planned_start");
    p->planned_production = ptext(L, r, "planned_production");
    p->signed_on = ptext(L, r, "signed_on");
    p->started_on = ptext(L, r, "started_on");
    p->producing_on = ptext(L, r, "producing_on");
    p->event_id = ref(r, "event_id");
    d->in.nprojects++;
    return L->rc;
}

static int update_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_update *u;
    int rc;

    DJ_ARRAY_GROW(rc, d->updates, d->cap[1], d->in.nupdates);
    if (rc < 0)
        return rc;
    u = &d->updates[d->in.nupdates];
    memset(u, 0, sizeof *u);
    u->id = ref(r, "id");
    u->project_id = ref(r, "project_id");
    u->on_date = ptext(L, r, "on_date");
    if ((rc = enum_col(L, &u->kind, dj_report_update_kind_parse, "project_updates", r, "kind")) < 0)
        return rc;
    if (u->kind == DJ_UPDATE_STAGE &&
        (rc = enum_col(L, &u->stage, dj_report_stage_parse, "project_updates", r, "stage")) < 0)
        return rc;
    u->amount = nint(r, "amount");
    if (u->kind != DJ_UPDATE_PROGRESS && u->kind != DJ_UPDATE_INCREASE)
        u->amount = 0; /* ignored by the engine */
    u->investor_id = ref(r, "investor_id");
    u->event_id = ref(r, "event_id");
    d->in.nupdates++;
    return L->rc;
}

static int deal_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_deal *x;
    int rc;

    DJ_ARRAY_GROW(rc, d->deals, d->cap[2], d->in.ndeals);
    if (rc < 0)
        return rc;
    DJ_ARRAY_GROW(rc, L->deal_listings, L->cap_dl, d->in.ndeals);
    if (rc < 0)
        return rc;
    x = &d->deals[d->in.ndeals];
    memset(x, 0, sizeof *x);
    x->id = ref(r, "id");
    if ((rc = enum_col(L, &x->type, dj_report_deal_type_parse, "deals", r, "type")) < 0)
        return rc;
    x->amount = nint(r, "amount");
    x->signed_on = ptext(L, r, "signed_on");
    x->event_id = ref(r, "event_id");
    x->project_id = ref(r, "project_id");
    L->deal_listings[d->in.ndeals] = ptext(L, r, "listings");
    d->in.ndeals++;
    return L->rc;
}

static int party_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    const char *role = dj_row_text(r, "role");
    struct party_row *p;
    int rc;

    DJ_ARRAY_GROW(rc, L->prow, L->cap_prow, L->nprow);
    if (rc < 0)
        return rc;
    p = &L->prow[L->nprow++];
    p->deal_id = ref(r, "deal_id");
    p->org_id = ref(r, "org_id");
    p->rank = !strcmp(role, "b") ? 0 : !strcmp(role, "a") ? 1 : 2;
    return DJ_OK;
}

static int org_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    struct org_info *o;
    int rc;

    DJ_ARRAY_GROW(rc, L->orgs, L->cap_orgs, L->norgs);
    if (rc < 0)
        return rc;
    o = &L->orgs[L->norgs++];
    o->id = ref(r, "id");
    o->park_id = ref(r, "park_id");
    o->is_park = !strcmp(dj_row_text(r, "kind"), "park");
    o->industry = ptext(L, r, "industry");
    return L->rc;
}

static int event_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_event *e;
    int rc;

    DJ_ARRAY_GROW(rc, d->events, d->cap[3], d->in.nevents);
    if (rc < 0)
        return rc;
    e = &d->events[d->in.nevents];
    e->id = ref(r, "id");
    e->park_id = ref(r, "park_id");
    e->name = ptext(L, r, "name");
    e->start_date = ptext(L, r, "start_date");
    e->end_date = ptext(L, r, "end_date");
    d->in.nevents++;
    return L->rc;
}

static int participant_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_participant *p;
    int rc;

    DJ_ARRAY_GROW(rc, d->participants, d->cap[4], d->in.nparticipants);
    if (rc < 0)
        return rc;
    p = &d->participants[d->in.nparticipants++];
    p->event_id = ref(r, "event_id");
    p->org_id = ref(r, "org_id");
    p->checked_in = dj_row_int(r, "checked_in", 0) != 0;
    return DJ_OK;
}

static int request_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_request *q;
    int rc;

    DJ_ARRAY_GROW(rc, d->requests, d->cap[5], d->in.nrequests);
    if (rc < 0)
        return rc;
    q = &d->requests[d->in.nrequests];
    q->event_id = ref(r, "event_id");
    if ((rc = enum_col(L, &q->status, dj_report_request_status_parse, "meeting_requests", r,
                       "status")) < 0)
        return rc;
    d->in.nrequests++;
    return DJ_OK;
}

static int meeting_cb(const dj_row *r, void *ctx)
{
    loader *L = ctx;
    dj_app_report_data *d = L->d;
    dj_report_meeting *m;
    int rc;

    DJ_ARRAY_GROW(rc, d->meetings, d->cap[6], d->in.nmeetings);
    if (rc < 0)
        return rc;
    m = &d->meetings[d->in.nmeetings];
    m->event_id = ref(r, "event_id");
    if ((rc = enum_col(L, &m->status, dj_report_meeting_status_parse, "meetings", r, "status")) < 0)
        return rc;
    d->in.nmeetings++;
    return DJ_OK;
}

static const struct org_info *find_org(const loader *L, int64_t id)
{
    size_t lo = 0, hi = L->norgs;
    while (lo < hi) { /* orgs come in id order */
        size_t mid = lo + (hi - lo) / 2;
        if (L->orgs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < L->norgs && L->orgs[lo].id == id ? &L->orgs[lo] : NULL;
}

static int cmp_party(const void *a, const void *b)
{
    const struct party_row *x = a, *y = b;
    if (x->deal_id != y->deal_id)
        return x->deal_id < y->deal_id ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->org_id < y->org_id ? -1 : x->org_id > y->org_id;
}

struct listing_ind {
    loader *L;
    const char *industry;
};

static int listing_cb(const dj_row *r, void *ctx)
{
    struct listing_ind *li = ctx;
    li->industry = ptext(li->L, r, "industry");
    return li->L->rc;
}

/* Industry of the first linked listing that has one, else NULL. */
static int listing_industry(loader *L, const char *codes, const char **out)
{
    *out = NULL;
    while (codes && *codes && !*out) {
        size_t k = strcspn(codes, ";");
        struct listing_ind li = {L, NULL};
        dj_field w = {"code", dj_v_textn(codes, k)};
        int rc = dj_store_each(L->app->st, "listings", &w, 1, NULL, 1, 0, listing_cb, &li, L->diag);
        if (rc < 0)
            return rc;
        *out = li.industry;
        codes += k + (codes[k] == ';');
    }
    return DJ_OK;
}

/* Points each deal at its parties (b, a, others) and fills park and
 * industry of deals without a project from them (see dj_report_deal). */
static int link_deals(loader *L)
{
    dj_app_report_data *d = L->d;
    size_t i, j = 0, k;
    int rc;

    if (L->nprow) {
        qsort(L->prow, L->nprow, sizeof *L->prow, cmp_party);
        if (!(d->parties = dj_calloc(L->nprow, sizeof *d->parties)))
            return DJ_ENOMEM;
        for (k = 0; k < L->nprow; k++)
            d->parties[k] = L->prow[k].org_id;
    }
    for (i = 0; i < d->in.ndeals; i++) { /* deals come in id order */
        dj_report_deal *x = &d->deals[i];
        while (j < L->nprow && L->prow[j].deal_id < x->id)
            j++;
        x->parties = L->nprow ? d->parties + j : NULL;
        for (k = j; k < L->nprow && L->prow[k].deal_id == x->id; k++)
            x->nparties++;
        if (x->project_id)
            continue;
        for (k = j; k < j + x->nparties; k++) {
            const struct org_info *o = find_org(L, L->prow[k].org_id);
            if (!o)
                continue;
            if (!x->park_id)
                x->park_id = o->park_id ? o->park_id : o->is_park ? o->id : 0;
        }
        if ((rc = listing_industry(L, L->deal_listings[i], &x->industry)) < 0)
            return rc;
        for (k = j; k < j + x->nparties && !x->industry; k++) {
            const struct org_info *o = find_org(L, L->prow[k].org_id);
            if (o && o->industry)
                x->industry = o->industry;
        }
    }
    return DJ_OK;
}

int dj_app_report_load(dj_app *app, dj_app_report_data *out, int64_t project_id, dj_diag *diag)
{
    loader L;
    dj_store *st = app->st;
    dj_field wp = {"id", dj_v_int(project_id)}, wu = {"project_id", dj_v_int(project_id)};
    int one = project_id > 0, rc;

    memset(out, 0, sizeof *out);
    memset(&L, 0, sizeof L);
    L.app = app;
    L.d = out;
    L.diag = diag;
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read reports");
    if ((rc = dj_store_each(st, "projects", &wp, one, NULL, 0, 0, project_cb, &L, diag)) < 0 ||
        (rc = dj_store_each(st, "project_updates", &wu, one, NULL, 0, 0, update_cb, &L, diag)) < 0)
        goto done;
    if (!one &&
        ((rc = dj_store_each(st, "deals", NULL, 0, NULL, 0, 0, deal_cb, &L, diag)) < 0 ||
         (rc = dj_store_each(st, "deal_parties", NULL, 0, "deal_id", 0, 0, party_cb, &L, diag)) <
             0 ||
         (rc = dj_store_each(st, "orgs", NULL, 0, NULL, 0, 0, org_cb, &L, diag)) < 0 ||
         (rc = link_deals(&L)) < 0 ||
         (rc = dj_store_each(st, "events", NULL, 0, NULL, 0, 0, event_cb, &L, diag)) < 0 ||
         (rc = dj_store_each(st, "participants", NULL, 0, NULL, 0, 0, participant_cb, &L, diag)) <
             0 ||
         (rc = dj_store_each(st, "meeting_requests", NULL, 0, NULL, 0, 0, request_cb, &L, diag)) <
             0 ||
         (rc = dj_store_each(st, "meetings", NULL, 0, NULL, 0, 0, meeting_cb, &L, diag)) < 0))
        goto done;
    out->in.projects = out->projects;
    out->in.updates = out->updates;
    out->in.deals = out->deals;
    out->in.events = out->events;
    out->in.participants = out->participants;
    out->in.requests = out->requests;
    out->in.meetings = out->meetings;
done:
    if (rc == DJ_ENOMEM)
        dj_diag_set(diag, rc, "out of memory loading the report data");
    dj_free(L.orgs);
    dj_free(L.prow);
    dj_free(L.deal_listings);
    return rc;
}

void dj_app_report_data_fini(dj_app_report_data *d)
{
    if (!d)
        return;
    dj_free(d->projects);
    dj_free(d->updates);
    dj_free(d->deals);
    dj_free(d->events);
    dj_free(d->participants);
    dj_free(d->requests);
    dj_free(d->meetings);
    dj_free(d->parties);
    pool_free(d->pool);
    memset(d, 0, sizeof *d);
}

/* ---- the request --------------------------------------------------------- */

struct query {
    dj_report_query q;
    char from[11], to[11], as_of[11];
    char park_name[256];
};

static int opt_fail(dj_diag *diag, const char *opt, const char *fmt, const char *arg)
{
    if (diag)
        snprintf(diag->field, sizeof diag->field, "%s", opt);
    return dj_diag_set(diag, DJ_EINVAL, fmt, arg);
}

static int opt_date(char out[11], const char *s, const char *opt, const char **dst, dj_diag *diag)
{
    if (!s)
        return DJ_OK;
    if (dj_date_parse(out, s, strlen(s)) < 0)
        return opt_fail(diag, opt, "not a date (YYYY-MM-DD): '%s'", s);
    *dst = out;
    return DJ_OK;
}

static int build_query(dj_app *app, struct query *x, const dj_app_report_req *r, dj_diag *diag)
{
    int rc;

    memset(x, 0, sizeof *x);
    if ((rc = opt_date(x->from, r->from, "from", &x->q.from, diag)) < 0 ||
        (rc = opt_date(x->to, r->to, "to", &x->q.to, diag)) < 0 ||
        (rc = opt_date(x->as_of, r->as_of, "as-of", &x->q.as_of, diag)) < 0)
        return rc;
    if (x->q.from && x->q.to && strcmp(x->q.from, x->q.to) > 0)
        return opt_fail(diag, "from", "the period starts after it ends (%s)", x->q.from);
    if (r->park && *r->park) {
        dj_field w = {"name", dj_v_text(r->park)};
        rc = dj_store_find_id(app->st, "orgs", &w, 1, &x->q.park_id, diag);
        if (rc == DJ_ENOTFOUND)
            return opt_fail(diag, "park", "unknown park '%s'", r->park);
        if (rc < 0)
            return rc;
        snprintf(x->park_name, sizeof x->park_name, "%s", r->park);
        x->q.park_name = x->park_name;
    }
    if (r->event && *r->event) {
        dj_field w = {"code", dj_v_text(r->event)};
        rc = dj_store_find_id(app->st, "events", &w, 1, &x->q.event_id, diag);
        if (rc == DJ_ENOTFOUND)
            return opt_fail(diag, "event", "unknown event '%s'", r->event);
        if (rc < 0)
            return rc;
    }
    if (r->industry && *r->industry)
        x->q.industry = r->industry;
    return DJ_OK;
}

/* Loads and computes; on DJ_OK the caller finis both. */
static int compute(dj_app *app, const dj_app_report_req *r, struct query *x, dj_app_report_data *d,
                   dj_report_figures *f, dj_diag *diag)
{
    int rc;

    memset(f, 0, sizeof *f);
    memset(d, 0, sizeof *d);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read reports");
    if ((rc = build_query(app, x, r, diag)) < 0)
        return rc;
    if ((rc = dj_app_report_load(app, d, 0, diag)) < 0)
        return rc;
    return dj_report_compute(f, &d->in, &x->q, diag);
}

/* ---- the figure table (text and XLSX) ------------------------------------ */

enum fig_kind { FIG_COUNT, FIG_MONEY, FIG_PCT, FIG_MU, FIG_TEXT };

typedef struct fig {
    const char *group; /* section (pooled or static) */
    const char *label;
    int kind;
    int64_t v;
    int defined;      /* FIG_PCT */
    const char *text; /* FIG_TEXT */
} fig;

typedef struct figs {
    fig *v;
    size_t n, cap;
    int rc;
} figs;

static void put(figs *t, const char *group, const char *label, int kind, int64_t v)
{
    fig *f;
    if (t->rc < 0)
        return;
    DJ_ARRAY_GROW(t->rc, t->v, t->cap, t->n);
    if (t->rc < 0)
        return;
    f = &t->v[t->n++];
    memset(f, 0, sizeof *f);
    f->group = group;
    f->label = label;
    f->kind = kind;
    f->v = v;
    f->defined = 1;
}

static void put_pct(figs *t, const char *group, const char *label, const dj_report_pct *p)
{
    put(t, group, label, FIG_PCT, p->v);
    if (t->rc == DJ_OK)
        t->v[t->n - 1].defined = p->defined;
}

static void put_text(figs *t, const char *group, const char *label, const char *text)
{
    put(t, group, label, FIG_TEXT, 0);
    if (t->rc == DJ_OK)
        t->v[t->n - 1].text = text;
}

static const char *const contract_labels[DJ_DEAL_TYPE_COUNT][2] = {
    {"技术开发合同（份）", "技术开发合同金额"}, {"技术转让合同（份）", "技术转让合同金额"},
    {"技术许可合同（份）", "技术许可合同金额"}, {"技术咨询合同（份）", "技术咨询合同金额"},
    {"技术服务合同（份）", "技术服务合同金额"}, {"投资协议（份）", "投资协议金额"},
    {"框架协议（份）", "框架协议金额"},         {"合作意向（份）", "合作意向金额"},
};

static void period_figs(figs *t, const char *g, const dj_report_period *o, char *range)
{
    int i;

    put_text(t, g, "统计期间", range);
    put_text(t, g, "统计截至日", o->as_of[0] ? o->as_of : "—");
    put(t, g, "新签约项目（个）", FIG_COUNT, o->signed_count);
    put(t, g, "新签约项目总投资额", FIG_MONEY, o->signed_investment);
    if (o->signed_unpriced)
        put(t, g, "其中未披露投资额的项目（个）", FIG_COUNT, o->signed_unpriced);
    put(t, g, "计划用地", FIG_MU, o->signed_land_mu);
    put(t, g, "就业岗位（个）", FIG_COUNT, o->signed_jobs);
    put(t, g, "预计年产值", FIG_MONEY, o->signed_annual_output);
    put(t, g, "增资（次）", FIG_COUNT, o->increase_count);
    put(t, g, "增资额", FIG_MONEY, o->increase_amount);
    put(t, g, "新增投资额", FIG_MONEY, o->new_investment);
    put(t, g, "开工项目（个）", FIG_COUNT, o->started_count);
    put(t, g, "投产项目（个）", FIG_COUNT, o->producing_count);
    put(t, g, "终止项目（个）", FIG_COUNT, o->terminated_count);
    put(t, g, "完成投资额", FIG_MONEY, o->completed_in_period);
    put(t, g, "累计完成投资额", FIG_MONEY, o->completed_total);
    put_pct(t, g, "开工率", &o->start_rate);
    put_pct(t, g, "投产率", &o->production_rate);
    put_pct(t, g, "资金到位率", &o->funds_rate);
    put_pct(t, g, "履约率", &o->performance_rate);
    put(t, g, "逾期项目（个）", FIG_COUNT, o->cohort_late);
    for (i = 0; i < DJ_DEAL_TYPE_COUNT; i++) {
        if (!o->contracts[i].count)
            continue;
        put(t, g, contract_labels[i][0], FIG_COUNT, o->contracts[i].count);
        put(t, g, contract_labels[i][1], FIG_MONEY, o->contracts[i].amount);
    }
    put(t, g, "技术合同（份）", FIG_COUNT, o->tech.count);
    put(t, g, "技术合同金额", FIG_MONEY, o->tech.amount);
    put(t, g, "技术合同签约方（家）", FIG_COUNT, o->tech.parties);
    put(t, g, "全部合同协议（份）", FIG_COUNT, o->all.count);
    put(t, g, "全部合同协议金额", FIG_MONEY, o->all.amount);
    if (o->all.unpriced)
        put(t, g, "其中未披露金额（份）", FIG_COUNT, o->all.unpriced);
}

static void growth_figs(figs *t, const char *g, const dj_report_growth *w)
{
    put_pct(t, g, "新签约项目数增长", &w->signed_count);
    put_pct(t, g, "新签约总投资额增长", &w->signed_investment);
    put_pct(t, g, "新增投资额增长", &w->new_investment);
    put_pct(t, g, "完成投资额增长", &w->completed_in_period);
    put_pct(t, g, "合同协议数增长", &w->contracts_count);
    put_pct(t, g, "合同协议金额增长", &w->contracts_amount);
    put_pct(t, g, "技术合同数增长", &w->tech_count);
    put_pct(t, g, "技术合同金额增长", &w->tech_amount);
}

/* Period ranges and event group names are pooled. */
static const char *range_text(struct dj__app_pool **pool, const dj_report_period *o)
{
    char s[64];
    int n =
        snprintf(s, sizeof s, "%s 至 %s", o->from[0] ? o->from : "不限", o->to[0] ? o->to : "不限");
    return pool_dup(pool, s, (size_t)n);
}

static int build_figs(figs *t, const dj_report_figures *f, struct dj__app_pool **pool)
{
    size_t i;
    char *r;

    if (!(r = (char *)range_text(pool, &f->cur)))
        return DJ_ENOMEM;
    period_figs(t, "本期", &f->cur, r);
    if (f->has_yoy) {
        if (!(r = (char *)range_text(pool, &f->yoy)))
            return DJ_ENOMEM;
        put_text(t, "同比", "上年同期", r);
        put(t, "同比", "上年同期新签约项目（个）", FIG_COUNT, f->yoy.signed_count);
        put(t, "同比", "上年同期新签约总投资额", FIG_MONEY, f->yoy.signed_investment);
        put(t, "同比", "上年同期合同协议（份）", FIG_COUNT, f->yoy.all.count);
        growth_figs(t, "同比", &f->yoy_growth);
    }
    if (f->has_pop) {
        if (!(r = (char *)range_text(pool, &f->pop)))
            return DJ_ENOMEM;
        put_text(t, "环比", "上期", r);
        put(t, "环比", "上期新签约项目（个）", FIG_COUNT, f->pop.signed_count);
        put(t, "环比", "上期新签约总投资额", FIG_MONEY, f->pop.signed_investment);
        put(t, "环比", "上期合同协议（份）", FIG_COUNT, f->pop.all.count);
        growth_figs(t, "环比", &f->pop_growth);
    }
    for (i = 0; i < f->nevents; i++) {
        const dj_report_event_outcome *e = &f->events[i];
        char g[320];
        int n = snprintf(g, sizeof g, "活动：%s", e->name ? e->name : "?");
        const char *gp = pool_dup(pool, g, n < (int)sizeof g ? (size_t)n : sizeof g - 1);
        if (!gp)
            return DJ_ENOMEM;
        put_text(t, gp, "开始日期", e->start_date);
        put(t, gp, "参会机构（家）", FIG_COUNT, e->participants);
        put(t, gp, "签到（家）", FIG_COUNT, e->checked_in);
        put(t, gp, "对接需求（条）", FIG_COUNT, e->requests);
        put(t, gp, "接受的需求（条）", FIG_COUNT, e->accepted);
        put(t, gp, "安排洽谈（场）", FIG_COUNT, e->scheduled);
        put(t, gp, "已洽谈（场）", FIG_COUNT, e->held);
        put(t, gp, "缺席（场）", FIG_COUNT, e->no_shows);
        put(t, gp, "取消（场）", FIG_COUNT, e->cancelled);
        put(t, gp, "签约合同协议（份）", FIG_COUNT, e->agreements);
        put(t, gp, "合同协议金额", FIG_MONEY, e->agreements_amount);
        put(t, gp, "签约项目（个）", FIG_COUNT, e->projects);
        put(t, gp, "签约项目投资额", FIG_MONEY, e->projects_investment);
    }
    return t->rc;
}

/* Exact yuan with two decimals: "5262000000.00", "-0.05". */
static void yuan2(char out[40], int64_t fen)
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(out, 40, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}

static void render_table(dj_buf *b, const figs *t)
{
    const char *group = NULL;
    size_t i;

    for (i = 0; i < t->n; i++) {
        const fig *f = &t->v[i];
        char s[64], y[40];
        if (!group || strcmp(group, f->group)) {
            dj_buf_printf(b, "%s[%s]\n", group ? "\n" : "", f->group);
            group = f->group;
        }
        dj_buf_printf(b, "  %s：", f->label);
        switch (f->kind) {
        case FIG_COUNT:
            dj_buf_printf(b, "%lld\n", (long long)f->v);
            break;
        case FIG_MONEY:
            dj_money_format_cn(s, f->v, " ");
            yuan2(y, f->v);
            dj_buf_printf(b, "%s（%s 元）\n", s, y);
            break;
        case FIG_PCT:
            if (f->defined) {
                dj_report_pct_format(s, f->v);
                dj_buf_printf(b, "%s%%\n", s);
            } else {
                dj_buf_puts(b, "—\n");
            }
            break;
        case FIG_MU:
            dj_decimal_format(s, f->v, 2);
            dj_buf_printf(b, "%s 亩\n", s);
            break;
        default:
            dj_buf_printf(b, "%s\n", f->text ? f->text : "");
        }
    }
}

int dj_app_report(dj_app *app, const dj_app_report_req *req, int format, dj_buf *out, dj_diag *diag)
{
    struct query x;
    dj_app_report_data d;
    dj_report_figures f;
    struct dj__app_pool *pool = NULL;
    figs t = {NULL, 0, 0, 0};
    int rc;

    if ((rc = compute(app, req, &x, &d, &f, diag)) < 0)
        goto done;
    if (format == DJ_APP_REPORT_JSON) {
        rc = dj_report_render_json(out, &f, &x.q);
        dj_buf_putc(out, '\n');
    } else {
        dj_report_render_text(out, &f, &x.q);
        dj_buf_puts(out, "\n\n");
        if ((rc = build_figs(&t, &f, &pool)) < 0)
            goto done;
        render_table(out, &t);
    }
    rc = dj_buf_rc(out);
done:
    dj_free(t.v);
    pool_free(pool);
    dj_report_figures_fini(&f);
    dj_app_report_data_fini(&d);
    return rc;
}

/* ---- XLSX ---------------------------------------------------------------- */

static int xlsx_figs(lxw_worksheet *ws, const figs *t, lxw_format *head)
{
    static const char *const cols[] = {"分组", "指标", "数值", "单位", "简报写法"};
    lxw_row_t row = 1;
    size_t i;
    int c;

    for (c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], head);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, 2, 22, NULL);
    worksheet_set_column(ws, 4, 4, 16, NULL);
    for (i = 0; i < t->n; i++, row++) {
        const fig *f = &t->v[i];
        char s[64];
        worksheet_write_string(ws, row, 0, f->group, NULL);
        worksheet_write_string(ws, row, 1, f->label, NULL);
        switch (f->kind) {
        case FIG_COUNT: /* integers below 2^53 are exact doubles */
            if (f->v < ((int64_t)1 << 53) && f->v > -((int64_t)1 << 53))
                worksheet_write_number(ws, row, 2, (double)f->v, NULL);
            else {
                snprintf(s, sizeof s, "%lld", (long long)f->v);
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            break;
        case FIG_MONEY: /* exact 万元 as text: 1 fen = 0.000001 万元 */
            dj_decimal_format(s, f->v < 0 ? -f->v : f->v, 6);
            if (f->v < 0) {
                char neg[72];
                snprintf(neg, sizeof neg, "-%s", s);
                worksheet_write_string(ws, row, 2, neg, NULL);
            } else {
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            worksheet_write_string(ws, row, 3, "万元", NULL);
            dj_money_format_cn(s, f->v, "");
            worksheet_write_string(ws, row, 4, s, NULL);
            break;
        case FIG_PCT:
            if (f->defined) {
                dj_report_pct_format(s, f->v);
                worksheet_write_string(ws, row, 2, s, NULL);
            }
            worksheet_write_string(ws, row, 3, "%", NULL);
            break;
        case FIG_MU:
            dj_decimal_format(s, f->v, 2);
            worksheet_write_string(ws, row, 2, s, NULL);
            worksheet_write_string(ws, row, 3, "亩", NULL);
            break;
        default:
            worksheet_write_string(ws, row, 2, f->text ? f->text : "", NULL);
        }
    }
    return DJ_OK;
}

int dj_app_report_xlsx(dj_app *app, const dj_app_report_req *req, const char *path, dj_diag *diag)
{
    struct query x;
    dj_app_report_data d;
    dj_report_figures f;
    struct dj__app_pool *pool = NULL;
    figs t = {NULL, 0, 0, 0};
    lxw_workbook *wb = NULL;
    lxw_worksheet *ws, *ws2;
    lxw_format *head;
    dj_buf text;
    int rc;

    dj_buf_init(&text, 0);
    if ((rc = compute(app, req, &x, &d, &f, diag)) < 0)
        goto done;
    if ((rc = build_figs(&t, &f, &pool)) < 0 || (rc = dj_report_render_text(&text, &f, &x.q)) < 0)
        goto done;
    if (!(wb = workbook_new(path)) || !(ws = workbook_add_worksheet(wb, "报表")) ||
        !(ws2 = workbook_add_worksheet(wb, "简报")) || !(head = workbook_add_format(wb))) {
        rc = dj_diag_set(diag, DJ_EIO, "cannot create workbook '%s'", path);
        goto done;
    }
    format_set_bold(head);
    xlsx_figs(ws, &t, head);
    worksheet_write_string(ws2, 0, 0, dj_buf_cstr(&text), NULL);
    worksheet_set_column(ws2, 0, 0, 120, NULL);
    {
        lxw_error e = workbook_close(wb);
        wb = NULL;
        if (e != LXW_NO_ERROR)
            rc = dj_diag_set(diag, DJ_EIO, "cannot write '%s': %s", path, lxw_strerror(e));
    }
done:
    if (wb)
        workbook_close(wb); /* after an error: the file may be partial */
    dj_buf_fini(&text);
    dj_free(t.v);
    pool_free(pool);
    dj_report_figures_fini(&f);
    dj_app_report_data_fini(&d);
    return rc;
}
