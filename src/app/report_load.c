/* report_load.c - loads the store's rows into the input structs of the
 * report engine (src/report/, include/duijie/dj_report.h): projects and
 * their updates, deals with their parties, events, participants, requests
 * and meetings (dj_app_report_load).
 *
 * Invariants: the loaded data owns every array and string the engine input
 * points to (strings live in a chunked pool that never moves them); deal
 * parties are one array that is filled completely before deals point into
 * it. */
#include "app/app_report.h"

#include "app/app_int.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a string pool whose strings never move ---------------------------- */

struct dj__app_pool {
    struct dj__app_pool *next;
    size_t used, cap;
    char data[];
};

#define POOL_CHUNK 65536

const char *dj__app_pool_dup(struct dj__app_pool **head, const char *s, size_t len)
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

void dj__app_pool_free(struct dj__app_pool *p)
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
    if (!(s = dj__app_pool_dup(&L->d->pool, v.s, v.len)))
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
    p->items = dj_row_int(r, "items", 1);
    d->in.nprojects++;
    return L->rc;
}

/* The corrected field of a correction row and, for the stage and the
 * completed investment, its new value (stage name; exact yuan text, empty =
 * 0) in the engine's form. */
static int correction(loader *L, dj_report_update *u, const dj_row *r)
{
    const char *nv = dj_row_text(r, "new_value");

    u->field = ptext(L, r, "field");
    if (!u->field)
        return L->rc;
    if (!strcmp(u->field, "stage"))
        return enum_col(L, &u->stage, dj_report_stage_parse, "project_updates", r, "new_value");
    if (!strcmp(u->field, "completed_investment") && *nv &&
        dj_money_parse(&u->amount, nv, strlen(nv)) < 0)
        return bad_enum(L, "project_updates", r, "new_value");
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
    if (u->kind == DJ_UPDATE_CORRECTION && (rc = correction(L, u, r)) < 0)
        return rc;
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
    x->items = dj_row_int(r, "items", 1);
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

    if (!strcmp(dj_row_text(r, "preference"), "no"))
        return DJ_OK; /* 不要: a request not to meet is no 洽谈需求 */
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
    dj__app_pool_free(d->pool);
    memset(d, 0, sizeof *d);
}
