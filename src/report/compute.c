/* compute.c - the report figures over the plain input arrays.
 *
 * One pass prepares every project: its updates (a sorted copy, grouped by
 * project, ordered by date then id), its timeline (report_int.h), the event
 * it is credited to and its investment at signing. Then each period
 * (current, year-on-year, period-on-period) is a scan over the projects and
 * the deals, and the event outcomes a scan over the event rows.
 *
 * Counting rules that avoid double counting (docs/reports.md):
 *  - a project is counted once, in the period of its FIRST signing date,
 *    whatever happens later: a re-signing, a new investor (kind 'investor')
 *    or an investment deal is not a new project;
 *  - a project is credited to the first event where it was signed: the
 *    earliest of the row's event (dated by its signing date), the events of
 *    stage updates to signed or beyond, and the events of its investment
 *    deals; ties go to the row, then to the lower event id;
 *  - a capital increase counts only the added amount, in the period of the
 *    increase; the investment at signing is total_investment minus every
 *    increase, so the increase is never counted twice;
 *  - completed investment is cumulative: a period gets the growth of the
 *    latest reported value between the day before it starts and its end.
 * Every sum is overflow-checked (DJ_ELIMIT). */
#include "duijie/dj_report.h"

#include "report/report_int.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct proj {
    const dj_report_project *p;
    const dj_report_update *u; /* its updates: sorted slice of ctx.upd */
    const int *ud;             /* their dates */
    size_t nu;
    dj__report_tl tl;
    int64_t event; /* credited event, 0 = none */
    int64_t base;  /* investment at signing, DJ_REPORT_NULL = unknown */
} proj;

typedef struct urec {
    const dj_report_update *u;
    int date;
} urec;

typedef struct pair {
    int64_t group; /* deal type, TECH_GROUP or ALL_GROUP */
    int64_t org;
} pair;

#define TECH_GROUP DJ_DEAL_TYPE_COUNT
#define ALL_GROUP  (DJ_DEAL_TYPE_COUNT + 1)

typedef struct ctx {
    const dj_report_input *in;
    const dj_report_query *q;
    dj_diag *diag;
    int rc;      /* sticky DJ_ELIMIT from sums */
    proj *projs; /* sorted by project id */
    size_t nprojs;
    dj_report_update *upd; /* sorted copy of in->updates */
    int *udate;
    int *ddate;                  /* parsed deals[i].signed_on */
    const dj_report_event **evs; /* sorted by event id */
    pair *pairs;
    size_t npairs_cap;
} ctx;

static void add(ctx *c, int64_t *acc, int64_t v)
{
    if ((v > 0 && *acc > INT64_MAX - v) || (v < 0 && *acc < INT64_MIN - v)) {
        if (c->rc == DJ_OK)
            c->rc = dj_diag_set(c->diag, DJ_ELIMIT, "a report sum overflows");
        return;
    }
    *acc += v;
}

static int einval(dj_diag *diag, const char *what, int64_t id, const char *field, const char *why)
{
    return dj_diag_set(diag, DJ_EINVAL, "%s %lld: %s %s", what, (long long)id, field, why);
}

static int cmp_urec(const void *a, const void *b)
{
    const urec *x = a, *y = b;
    if (x->u->project_id != y->u->project_id)
        return x->u->project_id < y->u->project_id ? -1 : 1;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->u->id != y->u->id)
        return x->u->id < y->u->id ? -1 : 1;
    return 0;
}

static int cmp_proj(const void *a, const void *b)
{
    const proj *x = a, *y = b;
    return x->p->id < y->p->id ? -1 : x->p->id > y->p->id;
}

static int cmp_ev(const void *a, const void *b)
{
    const dj_report_event *x = *(const dj_report_event *const *)a;
    const dj_report_event *y = *(const dj_report_event *const *)b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return x->org < y->org ? -1 : x->org > y->org;
}

static proj *find_proj(const ctx *c, int64_t id)
{
    size_t lo = 0, hi = c->nprojs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->projs[mid].p->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nprojs && c->projs[lo].p->id == id ? &c->projs[lo] : NULL;
}

static const dj_report_event *find_event(const ctx *c, int64_t id)
{
    size_t lo = 0, hi = c->in->nevents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->evs[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->in->nevents && c->evs[lo]->id == id ? c->evs[lo] : NULL;
}

/* Whether industry a is in the filter's: for a GB/T 4754 code, the code or
 * one below it - codes nest by prefix (C covers C36, C36 covers C361), as
 * search --industry does; any other text (新材料) only itself. Codes (ASCII)
 * compare without regard to case: the import stores them upper-case, rows
 * from before that may not be. */
static int industry_in(const char *a, const char *filter)
{
    size_t n = 0;
    if (!a || !filter)
        return 0;
    while ((filter[n] >= '0' && filter[n] <= '9') || (filter[n] >= 'A' && filter[n] <= 'Z') ||
           (filter[n] >= 'a' && filter[n] <= 'z'))
        n++;
    if (filter[n]) /* not a code (新材料): the same text only */
        return strcasecmp(a, filter) == 0;
    return strncasecmp(a, filter, n) == 0;
}

/* Park and industry filters (the event filter differs per figure). */
static int in_scope(const ctx *c, int64_t park, const char *industry)
{
    if (c->q->park_id && park != c->q->park_id)
        return 0;
    if (c->q->industry && !industry_in(industry, c->q->industry))
        return 0;
    return 1;
}

/* Is u a correction of the completed investment (amount = the new value)? */
static int fixes_completed(const dj_report_update *u)
{
    return u->kind == DJ_UPDATE_CORRECTION && u->field && !strcmp(u->field, "completed_investment");
}

/* Cumulative completed investment of pj at day d. Progress updates date the
 * reported values; a correction replaces the value of the report it fixes
 * (the latest one on or before it), from that report's date on; one with no
 * report before it fixes the row's value. A project with neither has its
 * completed_investment dated at its start (else its signing). */
static int64_t completed_at(const proj *pj, int d)
{
    int64_t v = 0, cur = 0;
    int any = 0, from, since = 0;
    size_t i;

    from = pj->tl.started_on ? pj->tl.started_on : pj->tl.signed_on;
    for (i = 0; i < pj->nu; i++) { /* sorted by date then id */
        const dj_report_update *u = &pj->u[i];
        if (u->kind == DJ_UPDATE_PROGRESS) {
            if (since && since <= d)
                v = cur; /* the previous report, as corrected */
            since = pj->ud[i];
            cur = u->amount;
            any = 1;
        } else if (fixes_completed(u)) {
            if (!any)
                since = from; /* fixes the row's value */
            cur = u->amount;
            any = 1;
        }
    }
    if (any)
        return since && since <= d ? cur : v;
    return from && from <= d ? pj->p->completed_investment : 0;
}

static int64_t increases_to(const proj *pj, int d)
{
    int64_t v = 0;
    size_t i;
    for (i = 0; i < pj->nu; i++)
        if (pj->u[i].kind == DJ_UPDATE_INCREASE && pj->ud[i] <= d)
            v += pj->u[i].amount; /* bounded by total_investment (timeline) */
    return v;
}

static void count_parties(ctx *c, dj_report_period *o, size_t n)
{
    size_t i;
    if (!n)
        return;
    qsort(c->pairs, n, sizeof *c->pairs, cmp_pair);
    for (i = 0; i < n; i++) {
        if (i && cmp_pair(&c->pairs[i], &c->pairs[i - 1]) == 0)
            continue;
        if (c->pairs[i].group == TECH_GROUP)
            o->tech.parties++;
        else if (c->pairs[i].group == ALL_GROUP)
            o->all.parties++;
        else
            o->contracts[c->pairs[i].group].parties++;
    }
}

/* A batch row (items > 1) counts as its projects or contracts; its money
 * once. 0 (a caller that never set it) counts as 1. */
static int64_t deal_items(const dj_report_deal *d)
{
    return d->items > 1 ? d->items : 1;
}

static int64_t project_items(const dj_report_project *p)
{
    return p->items > 1 ? p->items : 1;
}

static void add_contract(ctx *c, dj_report_contracts *k, const dj_report_deal *d)
{
    k->count += deal_items(d);
    if (d->amount == DJ_REPORT_NULL)
        k->unpriced += deal_items(d);
    else
        add(c, &k->amount, d->amount);
}

/* Figures of the period [lo, hi] (0 = unbounded), cohort measured at as_of. */
/* Is the date d (0 = none) within [lo, top]? */
static int in_range(int d, int lo, int top)
{
    return d && d >= lo && d <= top;
}

/* The projects' figures of the period [lo, top]: capital increases, signed
 * projects and their cohort as of as_of, starts, production, terminations
 * and completed investment (before: the day before lo, 0 = none). */
static void period_projects(ctx *c, dj_report_period *o, int lo, int top, int before, int as_of)
{
    const dj_report_query *q = c->q;
    size_t i, j;

    for (i = 0; i < c->nprojs; i++) {
        const proj *pj = &c->projs[i];
        const dj_report_project *p = pj->p;
        const dj__report_tl *t = &pj->tl;
        int64_t n = project_items(p);
        if (!in_scope(c, p->park_id, p->industry))
            continue;
        for (j = 0; j < pj->nu; j++) {
            const dj_report_update *u = &pj->u[j];
            int64_t ev = u->event_id > 0 ? u->event_id : pj->event;
            if (u->kind != DJ_UPDATE_INCREASE || !in_range(pj->ud[j], lo, top))
                continue;
            if (q->event_id && ev != q->event_id)
                continue;
            o->increase_count++;
            add(c, &o->increase_amount, u->amount);
        }
        if (q->event_id && pj->event != q->event_id)
            continue;
        if (!t->signed_on && p->stage >= DJ_STAGE_SIGNED && p->stage != DJ_STAGE_TERMINATED)
            o->signed_undated += n;
        if (in_range(t->signed_on, lo, top)) {
            o->signed_count += n;
            if (pj->base >= 0)
                add(c, &o->signed_investment, pj->base);
            else
                o->signed_unpriced += n;
            if (p->land_mu >= 0)
                add(c, &o->signed_land_mu, p->land_mu);
            if (p->jobs >= 0)
                add(c, &o->signed_jobs, p->jobs);
            if (p->annual_output >= 0)
                add(c, &o->signed_annual_output, p->annual_output);
            if (t->started_on && t->started_on <= as_of)
                o->cohort_started += n;
            if (t->producing_on && t->producing_on <= as_of)
                o->cohort_producing += n;
            if (t->terminated_on && t->terminated_on <= as_of)
                o->cohort_terminated += n;
            else if (dj__report_late_flags(t, as_of))
                o->cohort_late += n;
            else
                o->cohort_performing += n;
            if (pj->base >= 0) {
                add(c, &o->cohort_investment, pj->base + increases_to(pj, as_of));
                add(c, &o->cohort_completed, completed_at(pj, as_of));
            }
        }
        o->started_count += n * in_range(t->started_on, lo, top);
        o->producing_count += n * in_range(t->producing_on, lo, top);
        o->terminated_count += n * in_range(t->terminated_on, lo, top);
        add(c, &o->completed_total, completed_at(pj, top));
        add(c, &o->completed_in_period,
            completed_at(pj, top) - (before ? completed_at(pj, before) : 0));
    }
}

/* The deals signed in [lo, top] within the scope: contracts by type, all,
 * technology; returns the number of (group, party) pairs left in c->pairs
 * for count_parties. */
static size_t period_deals(ctx *c, dj_report_period *o, int lo, int top)
{
    const dj_report_query *q = c->q;
    size_t i, k, np = 0;

    for (i = 0; i < c->in->ndeals; i++) {
        const dj_report_deal *d = &c->in->deals[i];
        const proj *pj;
        int64_t park;
        const char *industry;
        if (!in_range(c->ddate[i], lo, top))
            continue;
        if (q->event_id && d->event_id != q->event_id)
            continue;
        pj = d->project_id > 0 ? find_proj(c, d->project_id) : NULL;
        if (pj) {
            park = pj->p->park_id;
            industry = pj->p->industry;
        } else {
            const dj_report_event *ev = d->park_id ? NULL : find_event(c, d->event_id);
            park = d->park_id ? d->park_id : ev ? ev->park_id : 0;
            industry = d->industry;
        }
        if (!in_scope(c, park, industry))
            continue;
        add_contract(c, &o->contracts[d->type], d);
        add_contract(c, &o->all, d);
        if (DJ_DEAL_IS_TECH(d->type))
            add_contract(c, &o->tech, d);
        for (k = 0; k < d->nparties; k++) {
            c->pairs[np++] = (pair){d->type, d->parties[k]};
            c->pairs[np++] = (pair){ALL_GROUP, d->parties[k]};
            if (DJ_DEAL_IS_TECH(d->type))
                c->pairs[np++] = (pair){TECH_GROUP, d->parties[k]};
        }
    }
    return np;
}

static void period(ctx *c, dj_report_period *o, int lo, int hi, int as_of)
{
    int top = hi ? hi : DJ__REPORT_DATE_MAX;
    int before = lo ? dj__report_from_days(dj__report_days(lo) - 1) : 0;

    memset(o, 0, sizeof *o);
    dj__report_date_str(o->from, lo);
    dj__report_date_str(o->to, hi);
    dj__report_date_str(o->as_of, as_of);
    o->bounded = lo && hi;
    period_projects(c, o, lo, top, before, as_of);
    add(c, &o->new_investment, o->signed_investment);
    add(c, &o->new_investment, o->increase_amount);
    dj_report_pct_of(&o->funds_rate, o->cohort_completed, o->cohort_investment);
    dj_report_pct_of(&o->start_rate, o->cohort_started, o->signed_count);
    dj_report_pct_of(&o->production_rate, o->cohort_producing, o->signed_count);
    dj_report_pct_of(&o->performance_rate, o->cohort_performing, o->signed_count);
    count_parties(c, o, period_deals(c, o, lo, top));
}

static void growth(dj_report_growth *g, const dj_report_period *cur, const dj_report_period *b)
{
    dj_report_growth_of(&g->signed_count, cur->signed_count, b->signed_count);
    dj_report_growth_of(&g->signed_investment, cur->signed_investment, b->signed_investment);
    dj_report_growth_of(&g->new_investment, cur->new_investment, b->new_investment);
    dj_report_growth_of(&g->completed_in_period, cur->completed_in_period, b->completed_in_period);
    dj_report_growth_of(&g->contracts_count, cur->all.count, b->all.count);
    dj_report_growth_of(&g->contracts_amount, cur->all.amount, b->all.amount);
    dj_report_growth_of(&g->tech_count, cur->tech.count, b->tech.count);
    dj_report_growth_of(&g->tech_amount, cur->tech.amount, b->tech.amount);
}

static int cmp_outcome_id(const void *a, const void *b)
{
    const dj_report_event_outcome *x = a, *y = b;
    return x->event_id < y->event_id ? -1 : x->event_id > y->event_id;
}

static int cmp_outcome_date(const void *a, const void *b)
{
    const dj_report_event_outcome *x = a, *y = b;
    int r = strcmp(x->start_date, y->start_date);
    return r ? r : cmp_outcome_id(a, b);
}

static dj_report_event_outcome *find_outcome(dj_report_figures *f, int64_t id)
{
    dj_report_event_outcome key;
    if (!id || !f->nevents)
        return NULL;
    memset(&key, 0, sizeof key); /* the comparator reads event_id only */
    key.event_id = id;
    return bsearch(&key, f->events, f->nevents, sizeof key, cmp_outcome_id);
}

static int outcomes(ctx *c, dj_report_figures *f, int lo, int hi)
{
    const dj_report_input *in = c->in;
    const dj_report_query *q = c->q;
    int top = hi ? hi : DJ__REPORT_DATE_MAX;
    size_t i, n = 0;

    for (i = 0; i < in->nevents; i++) {
        const dj_report_event *e = c->evs[i]; /* sorted by id: f->events will be too */
        int d;
        (void)dj__report_date_parse(&d, e->start_date); /* validated */
        if (q->event_id ? e->id != q->event_id
                        : ((q->park_id && e->park_id != q->park_id) || d < lo || d > top))
            continue;
        if (!f->events) {
            f->events = dj_calloc(in->nevents, sizeof *f->events);
            if (!f->events)
                return DJ_ENOMEM;
        }
        f->events[n].event_id = e->id;
        f->events[n].name = e->name;
        dj__report_date_str(f->events[n].start_date, d);
        n++;
    }
    f->nevents = n;
    if (!n)
        return DJ_OK;
    for (i = 0; i < in->nparticipants; i++) {
        dj_report_event_outcome *o = find_outcome(f, in->participants[i].event_id);
        if (o) {
            o->participants++;
            o->checked_in += in->participants[i].checked_in != 0;
        }
    }
    for (i = 0; i < in->nrequests; i++) {
        dj_report_event_outcome *o = find_outcome(f, in->requests[i].event_id);
        if (o) {
            o->requests++;
            o->accepted += in->requests[i].status == DJ_REQUEST_ACCEPTED;
            o->answered += in->requests[i].status == DJ_REQUEST_ACCEPTED ||
                           in->requests[i].status == DJ_REQUEST_DECLINED;
        }
    }
    for (i = 0; i < in->nmeetings; i++) {
        dj_report_event_outcome *o = find_outcome(f, in->meetings[i].event_id);
        if (!o)
            continue;
        switch (in->meetings[i].status) {
        case DJ_MEETING_HELD:
            o->held++;
            o->scheduled++;
            break;
        case DJ_MEETING_NO_SHOW:
            o->no_shows++;
            o->scheduled++;
            break;
        case DJ_MEETING_CANCELLED:
            o->cancelled++;
            break;
        default:
            o->scheduled++;
        }
    }
    for (i = 0; i < in->ndeals; i++) {
        dj_report_event_outcome *o = find_outcome(f, in->deals[i].event_id);
        if (o) {
            o->agreements += deal_items(&in->deals[i]);
            if (in->deals[i].amount != DJ_REPORT_NULL)
                add(c, &o->agreements_amount, in->deals[i].amount);
        }
    }
    for (i = 0; i < c->nprojs; i++) {
        dj_report_event_outcome *o = find_outcome(f, c->projs[i].event);
        if (o && c->projs[i].tl.signed_on) {
            o->projects += project_items(c->projs[i].p);
            if (c->projs[i].base >= 0)
                add(c, &o->projects_investment, c->projs[i].base);
        }
    }
    qsort(f->events, n, sizeof *f->events, cmp_outcome_date);
    return DJ_OK;
}

static int validate_rows(ctx *c)
{
    const dj_report_input *in = c->in;
    size_t i;

    for (i = 0; i < in->nevents; i++) {
        const dj_report_event *e = &in->events[i];
        int a, b;
        if (!e->name)
            return einval(c->diag, "event", e->id, "name", "is missing");
        if (dj__report_date_parse(&a, e->start_date) < 0 || !a ||
            dj__report_date_parse(&b, e->end_date) < 0 || !b || b < a)
            return einval(c->diag, "event", e->id, "start_date", "or end_date is not a valid date");
    }
    for (i = 0; i < in->ndeals; i++) {
        const dj_report_deal *d = &in->deals[i];
        if (d->type < 0 || d->type >= DJ_DEAL_TYPE_COUNT)
            return einval(c->diag, "deal", d->id, "type", "is out of range");
        if (d->amount < DJ_REPORT_NULL)
            return einval(c->diag, "deal", d->id, "amount", "is negative");
        if (dj__report_date_parse(&c->ddate[i], d->signed_on) < 0 || !c->ddate[i])
            return einval(c->diag, "deal", d->id, "signed_on", "is not a YYYY-MM-DD date");
        if (d->nparties && !d->parties)
            return einval(c->diag, "deal", d->id, "parties", "is NULL");
        if (d->nparties > SIZE_MAX / 3 - c->npairs_cap)
            return dj_diag_set(c->diag, DJ_ELIMIT, "too many deal parties");
        c->npairs_cap += 3 * d->nparties;
    }
    for (i = 0; i < in->nparticipants; i++)
        if (in->participants[i].checked_in != 0 && in->participants[i].checked_in != 1)
            return einval(c->diag, "participant of event", in->participants[i].event_id,
                          "checked_in", "is not 0 or 1");
    for (i = 0; i < in->nrequests; i++)
        if (in->requests[i].status < 0 || in->requests[i].status > DJ_REQUEST_CANCELLED)
            return einval(c->diag, "meeting_request of event", in->requests[i].event_id, "status",
                          "is out of range");
    for (i = 0; i < in->nmeetings; i++)
        if (in->meetings[i].status < 0 || in->meetings[i].status > DJ_MEETING_CANCELLED)
            return einval(c->diag, "meeting of event", in->meetings[i].event_id, "status",
                          "is out of range");
    return DJ_OK;
}

/* Sorted update copy, projects with their slices and timelines. */
static int prepare(ctx *c)
{
    const dj_report_input *in = c->in;
    urec *tmp = NULL;
    size_t i, j;
    int rc = DJ_OK;

    if (in->nupdates) {
        tmp = dj_calloc(in->nupdates, sizeof *tmp);
        c->upd = dj_calloc(in->nupdates, sizeof *c->upd);
        c->udate = dj_calloc(in->nupdates, sizeof *c->udate);
        if (!tmp || !c->upd || !c->udate) {
            rc = DJ_ENOMEM;
            goto done;
        }
    }
    for (i = 0; i < in->nupdates; i++) {
        tmp[i].u = &in->updates[i];
        if (dj__report_date_parse(&tmp[i].date, in->updates[i].on_date) < 0 || !tmp[i].date) {
            rc = einval(c->diag, "project_update", in->updates[i].id, "on_date",
                        "is not a YYYY-MM-DD date");
            goto done;
        }
    }
    if (in->nupdates)
        qsort(tmp, in->nupdates, sizeof *tmp, cmp_urec);
    for (i = 0; i < in->nupdates; i++) {
        c->upd[i] = *tmp[i].u;
        c->udate[i] = tmp[i].date;
    }
    if (in->nprojects) {
        c->projs = dj_calloc(in->nprojects, sizeof *c->projs);
        if (!c->projs) {
            rc = DJ_ENOMEM;
            goto done;
        }
    }
    for (i = 0; i < in->nprojects; i++)
        c->projs[i].p = &in->projects[i];
    c->nprojs = in->nprojects;
    if (c->nprojs)
        qsort(c->projs, c->nprojs, sizeof *c->projs, cmp_proj);
    for (i = 0, j = 0; i < c->nprojs; i++) {
        proj *pj = &c->projs[i];
        if (i && pj->p->id == c->projs[i - 1].p->id) {
            rc = einval(c->diag, "project", pj->p->id, "id", "appears twice");
            goto done;
        }
        while (j < in->nupdates && c->upd[j].project_id < pj->p->id)
            j++;
        pj->u = c->upd ? c->upd + j : NULL;
        pj->ud = c->udate ? c->udate + j : NULL;
        while (j < in->nupdates && c->upd[j].project_id == pj->p->id)
            j++, pj->nu++;
        if ((rc = dj__report_timeline(&pj->tl, pj->p, pj->u, pj->nu, c->diag)) < 0)
            goto done;
        pj->event = pj->tl.sign_event;
        pj->base = pj->p->total_investment >= 0 ? pj->p->total_investment - pj->tl.increases
                                                : DJ_REPORT_NULL;
    }
    /* Investment deals also credit the first event where a project signed. */
    for (i = 0; i < in->ndeals; i++) {
        const dj_report_deal *d = &in->deals[i];
        proj *pj;
        if (d->type != DJ_DEAL_INVESTMENT || d->event_id <= 0 || d->project_id <= 0)
            continue;
        pj = find_proj(c, d->project_id);
        if (!pj || !pj->tl.signed_on)
            continue;
        if (!pj->event || c->ddate[i] < pj->tl.sign_event_date ||
            (c->ddate[i] == pj->tl.sign_event_date && pj->event != pj->p->event_id &&
             d->event_id < pj->event)) {
            pj->event = d->event_id;
            pj->tl.sign_event_date = c->ddate[i];
        }
    }
done:
    dj_free(tmp);
    return rc;
}

static int latest_date(const ctx *c)
{
    int m = 0, d;
    size_t i;
#define MAXD(x)      \
    do {             \
        if ((x) > m) \
            m = (x); \
    } while (0)
    for (i = 0; i < c->nprojs; i++) {
        MAXD(c->projs[i].tl.signed_on);
        MAXD(c->projs[i].tl.started_on);
        MAXD(c->projs[i].tl.producing_on);
        MAXD(c->projs[i].tl.terminated_on);
    }
    for (i = 0; i < c->in->nupdates; i++)
        MAXD(c->udate[i]);
    for (i = 0; i < c->in->ndeals; i++)
        MAXD(c->ddate[i]);
    for (i = 0; i < c->in->nevents; i++) {
        (void)dj__report_date_parse(&d, c->in->events[i].end_date);
        MAXD(d);
    }
#undef MAXD
    return m ? m : 10000101;
}

/* end + (as_of - hi) days, or end when the current period has no end. */
static int shifted(int end, int hi, int as_of)
{
    long d;
    if (!hi || as_of == hi)
        return end;
    d = dj__report_days(end) + (dj__report_days(as_of) - dj__report_days(hi));
    if (d < dj__report_days(10000101))
        return 10000101;
    if (d > dj__report_days(DJ__REPORT_DATE_MAX))
        return DJ__REPORT_DATE_MAX;
    return dj__report_from_days(d);
}

static int qdate(int *out, const char *s, const char *name, dj_diag *diag)
{
    if (dj__report_date_parse(out, s) < 0)
        return dj_diag_set(diag, DJ_EINVAL, "query %s '%s' is not a YYYY-MM-DD date", name, s);
    return DJ_OK;
}

static int qpair(int *lo, int *hi, const char *a, const char *b, const char *name, dj_diag *diag)
{
    int rc;
    if ((rc = qdate(lo, a, name, diag)) < 0 || (rc = qdate(hi, b, name, diag)) < 0)
        return rc;
    if (*lo && *hi && *lo > *hi)
        return dj_diag_set(diag, DJ_EINVAL, "query %s: from %s is after to %s", name, a, b);
    if (!*lo != !*hi && strcmp(name, "period") != 0)
        return dj_diag_set(diag, DJ_EINVAL, "query %s needs both ends", name);
    return DJ_OK;
}

int dj_report_compute(dj_report_figures *out, const dj_report_input *in, const dj_report_query *q,
                      dj_diag *diag)
{
    ctx c;
    int lo, hi, ylo, yhi, plo, phi, as_of, rc;
    size_t i;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    c.in = in;
    c.q = q;
    c.diag = diag;
    if ((rc = qpair(&lo, &hi, q->from, q->to, "period", diag)) < 0 ||
        (rc = qpair(&ylo, &yhi, q->yoy_from, q->yoy_to, "yoy", diag)) < 0 ||
        (rc = qpair(&plo, &phi, q->pop_from, q->pop_to, "pop", diag)) < 0 ||
        (rc = qdate(&as_of, q->as_of, "as_of", diag)) < 0)
        return rc;
    if (in->nevents) {
        c.evs = dj_calloc(in->nevents, sizeof *c.evs);
        if (!c.evs)
            return DJ_ENOMEM;
        for (i = 0; i < in->nevents; i++)
            c.evs[i] = &in->events[i];
        qsort(c.evs, in->nevents, sizeof *c.evs, cmp_ev);
    }
    if (in->ndeals && !(c.ddate = dj_calloc(in->ndeals, sizeof *c.ddate))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if ((rc = validate_rows(&c)) < 0 || (rc = prepare(&c)) < 0)
        goto done;
    if (c.npairs_cap && !(c.pairs = dj_calloc(c.npairs_cap, sizeof *c.pairs))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (!as_of)
        as_of = hi ? hi : latest_date(&c);
    if (lo && hi && !ylo) { /* default year-on-year */
        ylo = dj__report_minus_year(lo, 0);
        yhi = dj__report_minus_year(hi, 1);
    }
    if (lo && hi && !plo) { /* default period-on-period */
        int fm = lo / 100 % 100, fy = lo / 10000, ty = hi / 10000, tm = hi / 100 % 100;
        phi = dj__report_from_days(dj__report_days(lo) - 1);
        if (lo % 100 == 1 && hi % 100 == dj__report_days_in_month(ty, tm)) {
            int months = (ty * 12 + tm) - (fy * 12 + fm) + 1;
            int idx = fy * 12 + (fm - 1) - months; /* month index of the start */
            plo = (idx / 12) * 10000 + (idx % 12 + 1) * 100 + 1;
        } else {
            plo = dj__report_from_days(dj__report_days(lo) -
                                       (dj__report_days(hi) - dj__report_days(lo) + 1));
        }
        if (plo < 10000101)
            plo = phi = 0;
    }
    period(&c, &out->cur, lo, hi, as_of);
    /* A comparison period is measured as far past its end as the current
     * one is (by default: at its end). */
    if (ylo) {
        out->has_yoy = 1;
        period(&c, &out->yoy, ylo, yhi, shifted(yhi, hi, as_of));
        growth(&out->yoy_growth, &out->cur, &out->yoy);
    }
    if (plo) {
        out->has_pop = 1;
        period(&c, &out->pop, plo, phi, shifted(phi, hi, as_of));
        growth(&out->pop_growth, &out->cur, &out->pop);
    }
    if ((rc = c.rc) < 0 || (rc = outcomes(&c, out, lo, hi)) < 0 || (rc = c.rc) < 0)
        goto done;
done:
    dj_free(c.evs);
    dj_free(c.ddate);
    dj_free(c.upd);
    dj_free(c.udate);
    dj_free(c.projs);
    dj_free(c.pairs);
    return rc;
}

void dj_report_figures_fini(dj_report_figures *f)
{
    if (!f)
        return;
    DJ_FREE(f->events);
    f->nevents = 0;
}
