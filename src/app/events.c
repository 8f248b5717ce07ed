/* events.c - brokerage events over the store: loading an event into the
 * timetable engine (dj_sched), scheduling it and writing the meetings back,
 * agendas (text/HTML/CSV/ICS through dj_sched_render_agenda, XLSX with
 * libxlsxwriter) and the timetable grid of `duijie event show`.
 *
 * The model of an event (see docs/sched.md, "Scheduling an event from the
 * database"):
 *  - slots = event_slots in seq order; day = the date of starts_at, session
 *    = morning 0 / afternoon 1 / evening 2; breaks are counted per session
 *    (the lunch gap is never a break);
 *  - pool tables = event_tables without booth_org, in id order (model
 *    tables 0..P-1); a participant whose table_id is a booth table meets at
 *    its booth (model table P + its booth index);
 *  - participants in id order, with max_meetings and the unavailable slots;
 *  - one model request per unordered pair among the pending/accepted
 *    must/want request rows; a 'no' row (pending or accepted) vetoes its
 *    pair; weight DJ_APP_W_MUST if any row of the pair is must, else
 *    DJ_APP_W_WANT; never hard ("every must if feasible", not "fail");
 *  - kept meetings (held, no-show, and locked unless replan_all) become
 *    locked requests: the pair's request when there is one, else an extra
 *    request of weight 1. They override unavailability and raise
 *    max_meetings to their count, since they exist whatever the data says.
 * Invariants: every array of struct ev is indexed as loaded (ids ascending
 * for tables, participants, requests, meetings; seq for slots); a kept
 * meeting is never written; nothing is written unless dj_sched_verify()
 * accepts the whole timetable (kept meetings included) and no table holds two
 * meetings in a slot. */
#include "app/app_events.h"

#include "app/app_int.h"
#include "duijie/dj_sched.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define F(c, v) ((dj_field){(c), (v)})

enum { PREF_WANT = 0, PREF_MUST = 1, PREF_NO = 2 };
enum { RQ_PENDING = 0, RQ_ACCEPTED = 1, RQ_DECLINED = 2, RQ_CANCELLED = 3 };
enum { MT_SCHEDULED = 0, MT_HELD = 1, MT_NOSHOW = 2, MT_CANCELLED = 3 };

typedef struct ev_slot {
    int64_t id;
    int seq, day, session;
    char *starts, *ends;
} ev_slot;

typedef struct ev_table {
    int64_t id, booth_org;
    char *label;
    int model; /* model table index, -1 = not in the model (a booth of no participant) */
} ev_table;

typedef struct ev_part {
    int64_t id, org_id, table_id;
    char *org;
    int max; /* 0 = no limit */
    uint64_t unavail;
    int booth_table; /* index into ev.table, or -1 */
} ev_part;

typedef struct ev_req {
    int64_t id;
    int from, to; /* participant indices */
    int pref, status;
} ev_req;

typedef struct ev_meet {
    int64_t id;
    int a, b, slot, table; /* participant, slot and table indices; table -1 = none */
    int locked, status;
} ev_meet;

typedef struct ev {
    int64_t id;
    char *code, *name, *tz;
    ev_slot *slot;
    ev_table *table;
    ev_part *part;
    ev_req *req;
    ev_meet *meet;
    int ns, nt, np, nr, nm, npool, nbooths;
    int cap_s, cap_t, cap_p, cap_r, cap_m;
    int *tmap; /* model table -> index into table */
    int rc;    /* error met inside a row callback */
    dj_diag *diag;
} ev;

/* ---- small helpers ------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int grow(void **arr, int *cap, int n, size_t size)
{
    void *p;
    int nc;
    if (n < *cap)
        return DJ_OK;
    nc = *cap ? *cap * 2 : 16;
    if (!(p = dj_realloc(*arr, (size_t)nc * size)))
        return DJ_ENOMEM;
    *arr = p;
    *cap = nc;
    return DJ_OK;
}

static char *dup_col(const dj_row *r, const char *col)
{
    dj_value v = dj_row_get(r, col);
    if (v.type == DJ_V_TEXT)
        return dj_strndup(v.s, v.len);
    return dj_strdup("");
}

static int text_is(const dj_row *r, const char *col, const char *s)
{
    dj_value v = dj_row_get(r, col);
    return v.type == DJ_V_TEXT && v.len == strlen(s) && memcmp(v.s, s, v.len) == 0;
}

static void ev_fini(ev *e)
{
    int i;
    dj_free(e->code);
    dj_free(e->name);
    dj_free(e->tz);
    for (i = 0; i < e->ns; i++) {
        dj_free(e->slot[i].starts);
        dj_free(e->slot[i].ends);
    }
    for (i = 0; i < e->nt; i++)
        dj_free(e->table[i].label);
    for (i = 0; i < e->np; i++)
        dj_free(e->part[i].org);
    dj_free(e->slot);
    dj_free(e->table);
    dj_free(e->part);
    dj_free(e->req);
    dj_free(e->meet);
    dj_free(e->tmap);
    memset(e, 0, sizeof *e);
}

static int part_index(const ev *e, int64_t id)
{
    int lo = 0, hi = e->np - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (e->part[mid].id == id)
            return mid;
        if (e->part[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int table_index(const ev *e, int64_t id)
{
    int lo = 0, hi = e->nt - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (e->table[mid].id == id)
            return mid;
        if (e->table[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int slot_index_by_id(const ev *e, int64_t id)
{
    int i;
    for (i = 0; i < e->ns; i++)
        if (e->slot[i].id == id)
            return i;
    return -1;
}

/* ---- loading ------------------------------------------------------------- */

int dj_app_event_find(dj_app *app, const char *code_or_id, int64_t *id_out, dj_diag *diag)
{
    dj_field w = F("code", dj_v_text(code_or_id));
    int rc;
    const char *s;

    *id_out = 0;
    rc = dj_store_find_id(app->st, "events", &w, 1, id_out, diag);
    if (rc != DJ_ENOTFOUND)
        return rc;
    for (s = code_or_id; *s >= '0' && *s <= '9'; s++)
        ;
    if (*code_or_id && !*s && strlen(code_or_id) < 18) {
        w = F("id", dj_v_int(strtoll(code_or_id, NULL, 10)));
        rc = dj_store_find_id(app->st, "events", &w, 1, id_out, diag);
        if (rc != DJ_ENOTFOUND)
            return rc;
    }
    if (diag)
        snprintf(diag->field, sizeof diag->field, "event");
    return dj_diag_set(diag, DJ_ENOTFOUND, "no event with code or id '%s'", code_or_id);
}

static int event_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    if (!(e->code = dup_col(r, "code")) || !(e->name = dup_col(r, "name")) ||
        !(e->tz = dup_col(r, "tz")))
        return DJ_ENOMEM;
    return 0;
}

static int slot_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    ev_slot *s;
    if (grow((void **)&e->slot, &e->cap_s, e->ns, sizeof *e->slot) < 0)
        return DJ_ENOMEM;
    s = &e->slot[e->ns];
    memset(s, 0, sizeof *s);
    s->id = dj_row_int(r, "id", 0);
    s->seq = (int)dj_row_int(r, "seq", 0);
    s->session = text_is(r, "session", "afternoon") ? 1 : text_is(r, "session", "evening") ? 2 : 0;
    s->starts = dup_col(r, "starts_at");
    s->ends = dup_col(r, "ends_at");
    e->ns++; /* counted before the check so ev_fini frees what was allocated */
    if (!s->starts || !s->ends)
        return DJ_ENOMEM;
    return 0;
}

static int table_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    ev_table *t;
    if (grow((void **)&e->table, &e->cap_t, e->nt, sizeof *e->table) < 0)
        return DJ_ENOMEM;
    t = &e->table[e->nt];
    t->id = dj_row_int(r, "id", 0);
    t->booth_org = dj_row_int(r, "booth_org", 0);
    t->model = -1;
    t->label = dup_col(r, "label");
    e->nt++;
    return t->label ? 0 : DJ_ENOMEM;
}

/* "3;4;11" (slot seqs) -> bit mask of slot indices */
static int parse_unavailable(uint64_t *out, const ev *e, const char *s)
{
    *out = 0;
    while (*s) {
        long v = 0;
        int digits = 0, i;
        while (*s == ' ')
            s++;
        for (; *s >= '0' && *s <= '9' && v < 1000000; s++, digits++)
            v = v * 10 + (*s - '0');
        while (*s == ' ')
            s++;
        if (!digits || (*s && *s != ';'))
            return DJ_EINVAL;
        for (i = 0; i < e->ns && e->slot[i].seq != v; i++)
            ;
        if (i == e->ns)
            return DJ_EINVAL;
        *out |= (uint64_t)1 << i;
        if (*s == ';')
            s++;
    }
    return DJ_OK;
}

static int part_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    ev_part *p;
    const char *un = dj_row_text(r, "unavailable");
    if (grow((void **)&e->part, &e->cap_p, e->np, sizeof *e->part) < 0)
        return DJ_ENOMEM;
    p = &e->part[e->np];
    memset(p, 0, sizeof *p);
    p->id = dj_row_int(r, "id", 0);
    p->org_id = dj_row_int(r, "org_id", 0);
    p->table_id = dj_row_int(r, "table_id", 0);
    p->max = (int)dj_row_int(r, "max_meetings", 0);
    p->booth_table = -1;
    e->np++;
    if (parse_unavailable(&p->unavail, e, un) < 0) {
        if (e->diag)
            snprintf(e->diag->field, sizeof e->diag->field, "unavailable");
        return dj_diag_set(e->diag, DJ_EINVAL,
                           "participant %lld: unavailable '%s' is not a list of the event's slots",
                           (long long)p->id, un);
    }
    return 0;
}

static int part_name_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    int i = part_index(e, dj_row_int(r, "id", 0));
    if (i < 0 || e->part[i].org)
        return 0;
    return (e->part[i].org = dup_col(r, "org")) ? 0 : DJ_ENOMEM;
}

static int pref_of(const dj_row *r)
{
    return text_is(r, "preference", "must") ? PREF_MUST
           : text_is(r, "preference", "no") ? PREF_NO
                                            : PREF_WANT;
}

static int req_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    ev_req *q;
    if (grow((void **)&e->req, &e->cap_r, e->nr, sizeof *e->req) < 0)
        return DJ_ENOMEM;
    q = &e->req[e->nr];
    q->id = dj_row_int(r, "id", 0);
    q->from = part_index(e, dj_row_int(r, "from_id", 0));
    q->to = part_index(e, dj_row_int(r, "to_id", 0));
    q->pref = pref_of(r);
    q->status = text_is(r, "status", "accepted")    ? RQ_ACCEPTED
                : text_is(r, "status", "declined")  ? RQ_DECLINED
                : text_is(r, "status", "cancelled") ? RQ_CANCELLED
                                                    : RQ_PENDING;
    if (q->from < 0 || q->to < 0 || q->from == q->to)
        return 0; /* another event's participant cannot happen (FKs); skip defensively */
    e->nr++;
    return 0;
}

static int meet_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    ev_meet *m;
    int64_t tid = dj_row_int(r, "table_id", 0);
    if (grow((void **)&e->meet, &e->cap_m, e->nm, sizeof *e->meet) < 0)
        return DJ_ENOMEM;
    m = &e->meet[e->nm];
    m->id = dj_row_int(r, "id", 0);
    m->a = part_index(e, dj_row_int(r, "a_id", 0));
    m->b = part_index(e, dj_row_int(r, "b_id", 0));
    m->slot = slot_index_by_id(e, dj_row_int(r, "slot_id", 0));
    m->table = tid ? table_index(e, tid) : -1;
    m->locked = dj_row_int(r, "locked", 0) != 0;
    m->status = text_is(r, "status", "held")        ? MT_HELD
                : text_is(r, "status", "no-show")   ? MT_NOSHOW
                : text_is(r, "status", "cancelled") ? MT_CANCELLED
                                                    : MT_SCHEDULED;
    if (m->a < 0 || m->b < 0 || m->slot < 0 || m->a == m->b)
        return 0;
    e->nm++;
    return 0;
}

static int ev_load(ev *e, dj_app *app, const char *event, dj_diag *diag)
{
    dj_field w;
    int rc, i;

    memset(e, 0, sizeof *e);
    e->diag = diag;
    if ((rc = dj_app_event_find(app, event, &e->id, diag)) < 0)
        return rc;
    w = F("id", dj_v_int(e->id));
    if ((rc = dj_store_each(app->st, "events", &w, 1, NULL, 1, 0, event_cb, e, diag)) < 0)
        return rc;
    if (!e->code)
        return dj_diag_set(diag, DJ_ENOTFOUND, "event %lld vanished", (long long)e->id);
    w = F("event_id", dj_v_int(e->id));
    if ((rc = dj_store_each(app->st, "event_slots", &w, 1, "seq", 0, 0, slot_cb, e, diag)) < 0 ||
        (rc = dj_store_each(app->st, "event_tables", &w, 1, NULL, 0, 0, table_cb, e, diag)) < 0 ||
        (rc = dj_store_each(app->st, "participants", &w, 1, NULL, 0, 0, part_cb, e, diag)) < 0 ||
        (rc = dj_store_each(app->st, "v_participants", &w, 1, NULL, 0, 0, part_name_cb, e, diag)) <
            0 ||
        (rc = dj_store_each(app->st, "meeting_requests", &w, 1, NULL, 0, 0, req_cb, e, diag)) < 0 ||
        (rc = dj_store_each(app->st, "meetings", &w, 1, NULL, 0, 0, meet_cb, e, diag)) < 0)
        return rc;
    for (i = 0; i < e->np; i++) {
        int t = e->part[i].table_id ? table_index(e, e->part[i].table_id) : -1;
        if (!e->part[i].org && !(e->part[i].org = dj_strdup("?")))
            return DJ_ENOMEM;
        if (t >= 0 && e->table[t].booth_org)
            e->part[i].booth_table = t;
    }
    for (i = 0; i < e->ns; i++) { /* days by the date of starts_at */
        e->slot[i].day = i == 0 ? 0 : e->slot[i - 1].day;
        if (i > 0 && strncmp(e->slot[i].starts, e->slot[i - 1].starts, 10) != 0)
            e->slot[i].day++;
    }
    if (e->ns < 1)
        return dj_diag_set(diag, DJ_EINVAL,
                           "event %s has no time slots (give it morning/afternoon slots)", e->code);
    if (e->ns > DJ_SCHED_MAX_SLOTS)
        return dj_diag_set(diag, DJ_EINVAL, "event %s has %d slots; at most %d are supported",
                           e->code, e->ns, DJ_SCHED_MAX_SLOTS);
    return DJ_OK;
}

/* The model skeleton shared by scheduling and rendering: slots, pool tables,
 * booths (and, with limits, max meetings and unavailability). Fills
 * e->tmap and e->table[].model. */
static int build_base(dj_sched **out, ev *e, int limits)
{
    dj_sched *m = NULL;
    int i, t, rc;

    *out = NULL;
    e->npool = 0;
    for (i = 0; i < e->nt; i++)
        if (!e->table[i].booth_org)
            e->table[i].model = e->npool++;
    if ((rc = dj_sched_new(&m, e->ns, e->np, e->npool)) < 0)
        return rc;
    dj_sched_set_scope(m, DJ_SCHED_SCOPE_SESSION);
    for (t = 0; t < e->ns; t++)
        if ((rc = dj_sched_set_slot(m, t, e->slot[t].day, e->slot[t].session, e->npool)) < 0)
            goto fail;
    for (i = 0; i < e->np; i++) {
        ev_part *p = &e->part[i];
        if ((rc = dj_sched_set_participant(m, i, limits ? p->max : 0, p->booth_table >= 0)) < 0)
            goto fail;
        if (p->booth_table >= 0)
            e->table[p->booth_table].model = e->npool + dj_sched_booth_of(m, i);
        for (t = 0; limits && t < e->ns; t++)
            if ((p->unavail >> t) & 1)
                if ((rc = dj_sched_set_unavailable(m, i, t, 0)) < 0)
                    goto fail;
    }
    e->nbooths = dj_sched_nbooths(m);
    dj_free(e->tmap);
    if (!(e->tmap = dj_malloc(((size_t)e->npool + (size_t)e->nbooths + 1) * sizeof(int)))) {
        rc = DJ_ENOMEM;
        goto fail;
    }
    for (i = 0; i < e->nt; i++)
        if (e->table[i].model >= 0)
            e->tmap[e->table[i].model] = i;
    *out = m;
    return DJ_OK;
fail:
    dj_sched_free(m);
    return rc;
}

/* ---- scheduling ---------------------------------------------------------- */

void dj_app_sched_report_fini(dj_app_sched_report *r)
{
    int i;
    if (!r)
        return;
    for (i = 0; i < r->nunsched; i++) {
        dj_free(r->unsched[i].from);
        dj_free(r->unsched[i].to);
    }
    dj_free(r->unsched);
    r->unsched = NULL;
    r->nunsched = 0;
}

/* A pair group of request rows: rows[lo..hi) of the sorted order. */
typedef struct group {
    int a, b; /* participants (rep row's from, to) */
    int rep;  /* representative row: the first must row, else the first row */
    int must;
    int kept; /* index of the kept meeting served by this group, -1 */
    int mreq; /* model request, -1 */
} group;

/* Sort key of a request row: its unordered pair, then its id. */
typedef struct rowkey {
    int lo, hi, row;
    int64_t id;
} rowkey;

static int row_cmp(const void *x, const void *y)
{
    const rowkey *p = x, *q = y;
    if (p->lo != q->lo)
        return p->lo < q->lo ? -1 : 1;
    if (p->hi != q->hi)
        return p->hi < q->hi ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id;
}

static int same_pair(int a, int b, int c, int d)
{
    return (a == c && b == d) || (a == d && b == c);
}

typedef struct plan {
    ev *e;
    dj_sched *m;
    group *g;
    int ng;
    int *kept;      /* [nm] 1 = kept */
    int *mreq_meet; /* [model requests] kept meeting index or -1 */
    int *mreq_grp;  /* [model requests] group or -1 */
    int *ktab;      /* [model requests] model table a kept meeting must keep, or -1 */
    int nmreq, cap_mreq;
    int poolcap[DJ_SCHED_MAX_SLOTS]; /* the model's pool capacity per slot */
    /* usage of the current timetable (fill_gaps, unsched_reason) */
    uint64_t *busy; /* [np] */
    int *cnt;       /* [np] */
    int pool[DJ_SCHED_MAX_SLOTS];
} plan;

/* Adds a model request; its index is returned (>= 0) or an error. */
static int add_mreq(plan *pl, int a, int b, int w, int meet, int grp)
{
    int id, rc;
    if (pl->nmreq >= pl->cap_mreq) { /* three parallel arrays of one capacity */
        int c = pl->cap_mreq ? pl->cap_mreq * 2 : 64;
        int *p1 = dj_realloc(pl->mreq_meet, (size_t)c * sizeof(int));
        if (!p1)
            return DJ_ENOMEM;
        pl->mreq_meet = p1;
        if (!(p1 = dj_realloc(pl->mreq_grp, (size_t)c * sizeof(int))))
            return DJ_ENOMEM;
        pl->mreq_grp = p1;
        if (!(p1 = dj_realloc(pl->ktab, (size_t)c * sizeof(int))))
            return DJ_ENOMEM;
        pl->ktab = p1;
        pl->cap_mreq = c;
    }
    /* a kept meeting is required (a lock alone only pins the slot if scheduled) */
    if ((rc = dj_sched_add_request(&id, pl->m, a, b, w, meet >= 0, DJ_SCHED_ANY, DJ_SCHED_ANY)) < 0)
        return rc;
    pl->mreq_meet[id] = meet;
    pl->mreq_grp[id] = grp;
    pl->ktab[id] = -1;
    pl->nmreq = id + 1;
    return id;
}

static void plan_fini(plan *pl)
{
    dj_sched_free(pl->m);
    dj_free(pl->g);
    dj_free(pl->kept);
    dj_free(pl->mreq_meet);
    dj_free(pl->mreq_grp);
    dj_free(pl->ktab);
    dj_free(pl->busy);
    dj_free(pl->cnt);
}

/* Groups the live request rows by pair; a 'no' row vetoes its pair. */
static int make_groups(plan *pl, dj_app_sched_report *rep)
{
    ev *e = pl->e;
    rowkey *key = NULL;
    int *order = NULL, n = 0, i, j;

    if (!(order = dj_malloc(((size_t)e->nr + 1) * sizeof(int))) ||
        !(key = dj_malloc(((size_t)e->nr + 1) * sizeof *key)) ||
        !(pl->g = dj_calloc((size_t)e->nr + 1, sizeof(group)))) {
        dj_free(order);
        dj_free(key);
        return DJ_ENOMEM;
    }
    for (i = 0; i < e->nr; i++) {
        const ev_req *q = &e->req[i];
        if (q->status == RQ_DECLINED || q->status == RQ_CANCELLED) {
            rep->skipped_rows++;
            continue;
        }
        key[n].lo = q->from < q->to ? q->from : q->to;
        key[n].hi = q->from < q->to ? q->to : q->from;
        key[n].id = q->id;
        key[n++].row = i;
    }
    qsort(key, (size_t)n, sizeof *key, row_cmp);
    for (i = 0; i < n; i++)
        order[i] = key[i].row;
    dj_free(key);
    for (i = 0; i < n; i = j) {
        const ev_req *q = &e->req[order[i]];
        int veto = 0, rows = 0, k;
        group *g = &pl->g[pl->ng];
        for (j = i; j < n && same_pair(q->from, q->to, e->req[order[j]].from, e->req[order[j]].to);
             j++)
            veto |= e->req[order[j]].pref == PREF_NO;
        for (k = i; k < j; k++)
            rows += e->req[order[k]].pref != PREF_NO;
        if (veto) {
            rep->skipped_rows += j - i;
            continue;
        }
        rep->request_rows += rows;
        g->rep = order[i];
        for (k = i; k < j; k++)
            if (e->req[order[k]].pref == PREF_MUST) {
                g->must = 1;
                g->rep = order[k];
                break;
            }
        g->a = e->req[g->rep].from;
        g->b = e->req[g->rep].to;
        g->kept = g->mreq = -1;
        pl->ng++;
    }
    dj_free(order);
    rep->requests = pl->ng;
    for (i = 0; i < pl->ng; i++)
        rep->must += pl->g[i].must;
    return DJ_OK;
}

static int find_group(const plan *pl, int a, int b)
{
    int i;
    for (i = 0; i < pl->ng; i++) /* linear: called once per kept meeting */
        if (same_pair(pl->g[i].a, pl->g[i].b, a, b) && pl->g[i].kept < 0)
            return i;
    return -1;
}

/* Orientation of a kept meeting so the model's booth rule (booth of the
 * first side, else of the second) names the booth it sits at: returns 1
 * when b must come first. */
static int kept_flip(const ev *e, const ev_meet *km)
{
    const ev_part *pa = &e->part[km->a], *pb = &e->part[km->b];
    return km->table >= 0 && pa->booth_table >= 0 && pb->booth_table == km->table;
}

/* Builds the model: base, kept meetings (locks, availability and limit
 * overrides, pool capacity), and one request per group. */
static int build_plan(plan *pl, int replan_all, dj_app_sched_report *rep, dj_diag *diag)
{
    ev *e = pl->e;
    int i, t, rc;
    int *kcount = NULL, *poolcap = pl->poolcap;
    uint64_t *kbusy = NULL;

    if ((rc = build_base(&pl->m, e, 1)) < 0)
        return rc;
    if (!(pl->kept = dj_calloc((size_t)e->nm + 1, sizeof(int))) ||
        !(kcount = dj_calloc((size_t)e->np + 1, sizeof(int))) ||
        !(kbusy = dj_calloc((size_t)e->np + 1, sizeof(uint64_t)))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (t = 0; t < e->ns; t++)
        poolcap[t] = e->npool;
    if ((rc = make_groups(pl, rep)) < 0)
        goto done;
    for (i = 0; i < e->nm; i++) {
        ev_meet *km = &e->meet[i];
        uint64_t bit = (uint64_t)1 << km->slot;
        int j;
        if (km->status == MT_CANCELLED)
            continue;
        if (!(km->status == MT_HELD || km->status == MT_NOSHOW || (km->locked && !replan_all)))
            continue;
        pl->kept[i] = 1;
        rep->kept++;
        if ((kbusy[km->a] | kbusy[km->b]) & bit) {
            rc = dj_diag_set(
                diag, DJ_ECONSTRAINT, "kept meetings clash: %s has two kept meetings in slot %d",
                e->part[(kbusy[km->a] & bit) ? km->a : km->b].org, e->slot[km->slot].seq);
            goto done;
        }
        for (j = 0; j < i; j++)
            if (pl->kept[j] && km->table >= 0 && e->meet[j].slot == km->slot &&
                e->meet[j].table == km->table) {
                rc = dj_diag_set(diag, DJ_ECONSTRAINT,
                                 "kept meetings clash: table %s holds two kept meetings in slot %d",
                                 e->table[km->table].label, e->slot[km->slot].seq);
                goto done;
            }
        kbusy[km->a] |= bit;
        kbusy[km->b] |= bit;
        kcount[km->a]++;
        kcount[km->b]++;
        if (km->table >= 0) {
            const ev_table *tb = &e->table[km->table];
            int exhibitors = e->part[km->a].booth_table >= 0 || e->part[km->b].booth_table >= 0;
            if (!tb->booth_org && exhibitors)
                poolcap[km->slot]--; /* sits at a pool table the model does not count */
            if (tb->booth_org && !exhibitors && tb->model >= 0) {
                int owner;
                for (owner = 0; owner < e->np && e->part[owner].booth_table != km->table; owner++)
                    ;
                if (owner < e->np) /* someone else's booth: its owner cannot meet there */
                    e->part[owner].unavail |= bit;
            }
        }
    }
    /* kept meetings override availability and raise limits */
    for (i = 0; i < e->np; i++) {
        int max = e->part[i].max;
        if (max > 0 && kcount[i] > max)
            max = kcount[i];
        if ((rc = dj_sched_set_participant(pl->m, i, max, e->part[i].booth_table >= 0)) < 0)
            goto done;
        for (t = 0; t < e->ns; t++) {
            uint64_t bit = (uint64_t)1 << t;
            if ((e->part[i].unavail & bit) && !(kbusy[i] & bit) &&
                (rc = dj_sched_set_unavailable(pl->m, i, t, 0)) < 0)
                goto done;
        }
    }
    for (t = 0; t < e->ns; t++)
        if ((rc = dj_sched_set_slot(pl->m, t, e->slot[t].day, e->slot[t].session,
                                    poolcap[t] < 0 ? 0 : poolcap[t])) < 0)
            goto done;
    /* kept meetings claim their pair's group */
    for (i = 0; i < e->nm; i++)
        if (pl->kept[i]) {
            int g = find_group(pl, e->meet[i].a, e->meet[i].b);
            if (g >= 0)
                pl->g[g].kept = i;
        }
    /* groups, then kept meetings without a live request */
    for (i = 0; i < pl->ng; i++) {
        group *g = &pl->g[i];
        int a = g->a, b = g->b, id;
        if (g->kept >= 0) {
            const ev_meet *km = &e->meet[g->kept];
            a = kept_flip(e, km) ? km->b : km->a;
            b = kept_flip(e, km) ? km->a : km->b;
        }
        if ((id = add_mreq(pl, a, b, g->must ? DJ_APP_W_MUST : DJ_APP_W_WANT, g->kept, i)) < 0) {
            rc = id;
            goto done;
        }
        g->mreq = id;
    }
    for (i = 0; i < e->nm; i++) {
        const ev_meet *km = &e->meet[i];
        int g, id;
        if (!pl->kept[i])
            continue;
        for (g = 0; g < pl->ng && pl->g[g].kept != i; g++)
            ;
        id = g < pl->ng ? pl->g[g].mreq : -1;
        if (id < 0) {
            int flip = kept_flip(e, km);
            if ((id = add_mreq(pl, flip ? km->b : km->a, flip ? km->a : km->b, 1, i, -1)) < 0) {
                rc = id;
                goto done;
            }
        }
        if ((rc = dj_sched_lock(pl->m, id, km->slot)) < 0)
            goto done;
        /* the stored table stays when the model agrees with it */
        if (km->table >= 0 && e->table[km->table].model >= 0) {
            int mt = e->table[km->table].model, ra, rb;
            dj_sched_request(pl->m, id, &ra, &rb, NULL, NULL);
            if ((mt < e->npool) == (e->part[ra].booth_table < 0 && e->part[rb].booth_table < 0))
                pl->ktab[id] = mt;
        }
    }
    rc = DJ_OK;
done:
    dj_free(kcount);
    dj_free(kbusy);
    return rc;
}

static int uses_pool(const dj_sched *m, int r)
{
    int a, b;
    dj_sched_request(m, r, &a, &b, NULL, NULL);
    return dj_sched_booth_of(m, a) < 0 && dj_sched_booth_of(m, b) < 0;
}

/* Who is busy when, meeting counts and pool use of slot[]. */
static int compute_usage(plan *pl, const int *slot)
{
    const dj_sched *m = pl->m;
    int nr = dj_sched_nrequests(m), r;

    if (!pl->busy && !(pl->busy = dj_calloc((size_t)pl->e->np + 1, sizeof(uint64_t))))
        return DJ_ENOMEM;
    if (!pl->cnt && !(pl->cnt = dj_calloc((size_t)pl->e->np + 1, sizeof(int))))
        return DJ_ENOMEM;
    memset(pl->busy, 0, ((size_t)pl->e->np + 1) * sizeof(uint64_t));
    memset(pl->cnt, 0, ((size_t)pl->e->np + 1) * sizeof(int));
    memset(pl->pool, 0, sizeof pl->pool);
    for (r = 0; r < nr; r++) {
        int a, b;
        if (slot[r] < 0)
            continue;
        dj_sched_request(m, r, &a, &b, NULL, NULL);
        pl->busy[a] |= (uint64_t)1 << slot[r];
        pl->busy[b] |= (uint64_t)1 << slot[r];
        pl->cnt[a]++;
        pl->cnt[b]++;
        pl->pool[slot[r]] += uses_pool(m, r);
    }
    return DJ_OK;
}

/* Is p available in slot t in the model? Kept meetings override the stored
 * unavailability, but their slots are busy anyway, so the stored mask
 * (plus booth owners blocked by build_plan) is exact for free slots. */
static int unavailable(const plan *pl, int p, int t)
{
    return (int)((pl->e->part[p].unavail >> t) & 1);
}

static int at_limit(const plan *pl, int p)
{
    return pl->e->part[p].max > 0 && pl->cnt[p] >= pl->e->part[p].max;
}

/* After the solver: a request left out although both sides are free and
 * available in a slot with a table left, and under their limits, gains
 * weight for free (the first criterion); place it there. The final
 * dj_sched_verify() checks the result. */
static int fill_gaps(plan *pl, int *slot)
{
    const dj_sched *m = pl->m;
    int nr = dj_sched_nrequests(m), r, t, rc;

    if ((rc = compute_usage(pl, slot)) < 0)
        return rc;
    for (r = 0; r < nr; r++) {
        int a, b, pool;
        if (slot[r] >= 0)
            continue;
        dj_sched_request(m, r, &a, &b, NULL, NULL);
        if (at_limit(pl, a) || at_limit(pl, b))
            continue;
        pool = uses_pool(m, r);
        for (t = 0; t < pl->e->ns; t++) {
            uint64_t bit = (uint64_t)1 << t;
            if (((pl->busy[a] | pl->busy[b]) & bit) || unavailable(pl, a, t) ||
                unavailable(pl, b, t) || (pool && pl->pool[t] >= pl->poolcap[t]))
                continue;
            slot[r] = t;
            pl->busy[a] |= bit;
            pl->busy[b] |= bit;
            pl->cnt[a]++;
            pl->cnt[b]++;
            pl->pool[t] += pool;
            break;
        }
    }
    return DJ_OK;
}

/* Why request r stayed unscheduled, from the usage of the final timetable. */
static void unsched_reason(char *out, size_t cap, const plan *pl, int r)
{
    const ev *e = pl->e;
    int a, b, t, n_avail = 0, n_free_a = 0, n_free_b = 0, n_both = 0, n_table = 0;

    dj_sched_request(pl->m, r, &a, &b, NULL, NULL);
    if (at_limit(pl, a) || at_limit(pl, b)) {
        int p = at_limit(pl, a) ? a : b;
        snprintf(out, cap, "%s has reached its limit of %d meetings", e->part[p].org,
                 e->part[p].max);
        return;
    }
    for (t = 0; t < e->ns; t++) {
        uint64_t bit = (uint64_t)1 << t;
        int av = !unavailable(pl, a, t) && !unavailable(pl, b, t);
        int fa = !unavailable(pl, a, t) && !(pl->busy[a] & bit);
        int fb = !unavailable(pl, b, t) && !(pl->busy[b] & bit);
        n_avail += av;
        n_free_a += fa;
        n_free_b += fb;
        if (fa && fb) {
            n_both++;
            n_table += !uses_pool(pl->m, r) || pl->pool[t] < pl->poolcap[t];
        }
    }
    if (!n_avail)
        snprintf(out, cap, "no slot where both are available");
    else if (!n_free_a)
        snprintf(out, cap, "%s is fully booked", e->part[a].org);
    else if (!n_free_b)
        snprintf(out, cap, "%s is fully booked", e->part[b].org);
    else if (!n_both)
        snprintf(out, cap, "no slot where both are still free");
    else if (!n_table)
        snprintf(out, cap, "no table left in the slots where both are free");
    else
        snprintf(out, cap, "not placed by the solver");
}

/* Tables: kept meetings keep the stored one when the model agrees; the
 * others take the solver's table when still free, else the lowest free one.
 * Pool tables held by kept meetings the model does not see as pool meetings
 * are reserved. */
static int assign_tables(int *table, const plan *pl, const int *slot, const int *pref)
{
    const ev *e = pl->e;
    const dj_sched *m = pl->m;
    int nr = dj_sched_nrequests(m), ntab = e->npool + e->nbooths, r, t, pass;
    unsigned char *used = dj_calloc((size_t)ntab + 1, 1);

    if (!used)
        return DJ_ENOMEM;
    for (r = 0; r < nr; r++)
        table[r] = -1;
    for (t = 0; t < e->ns; t++) {
        int i;
        memset(used, 0, (size_t)ntab + 1);
        for (i = 0; i < e->nm; i++) { /* stored tables of kept meetings */
            const ev_meet *km = &e->meet[i];
            if (pl->kept[i] && km->slot == t && km->table >= 0 && e->table[km->table].model >= 0)
                used[e->table[km->table].model] = 1;
        }
        for (pass = 0; pass < 3; pass++) {
            for (r = 0; r < nr; r++) {
                int a, b, want, lo;
                if (slot[r] != t || table[r] >= 0)
                    continue;
                if (pass == 0) { /* kept with an agreeing stored table */
                    if (pl->ktab[r] >= 0)
                        table[r] = pl->ktab[r];
                    continue;
                }
                dj_sched_request(m, r, &a, &b, NULL, NULL);
                if (dj_sched_booth_of(m, a) >= 0 || dj_sched_booth_of(m, b) >= 0) {
                    int bo = dj_sched_booth_of(m, a) >= 0 ? dj_sched_booth_of(m, a)
                                                          : dj_sched_booth_of(m, b);
                    if (pass == 1) {
                        table[r] = e->npool + bo;
                        used[table[r]] = 1;
                    }
                    continue;
                }
                want = pref ? pref[r] : -1;
                if (pass == 1) { /* the solver's choice when free */
                    if (want >= 0 && want < e->npool && !used[want]) {
                        table[r] = want;
                        used[want] = 1;
                    }
                    continue;
                }
                for (lo = 0; lo < e->npool && used[lo]; lo++)
                    ;
                if (lo >= e->npool) {
                    dj_free(used);
                    return DJ_ECONSTRAINT;
                }
                table[r] = lo;
                used[lo] = 1;
            }
        }
    }
    dj_free(used);
    return DJ_OK;
}

/* Every (slot, table) of the timetable as written - kept meetings with their
 * stored tables, new ones with theirs - is used at most once. */
static int check_tables(const plan *pl, const int *slot, const int *table, dj_diag *diag)
{
    const ev *e = pl->e;
    int nr = dj_sched_nrequests(pl->m), r, i;
    int cells = e->ns * (e->nt + 1);
    unsigned char *used = dj_calloc((size_t)cells + 1, 1);

    if (!used)
        return DJ_ENOMEM;
    for (i = 0; i < e->nm; i++)
        if (pl->kept[i] && e->meet[i].table >= 0)
            used[e->meet[i].slot * (e->nt + 1) + e->meet[i].table] = 1;
    for (r = 0; r < nr; r++) {
        int ti;
        if (slot[r] < 0 || pl->mreq_meet[r] >= 0)
            continue;
        ti = e->tmap[table[r]];
        if (used[slot[r] * (e->nt + 1) + ti]++) {
            dj_free(used);
            return dj_diag_set(diag, DJ_ECONSTRAINT,
                               "refusing to write: table %s would hold two meetings in slot %d",
                               e->table[ti].label, e->slot[slot[r]].seq);
        }
    }
    dj_free(used);
    return DJ_OK;
}

static int write_plan(dj_app *app, const plan *pl, const int *slot, const int *table,
                      const dj_app_sched_opts *o, dj_app_sched_report *rep, dj_diag *diag)
{
    const ev *e = pl->e;
    int nr = dj_sched_nrequests(pl->m), r, i, rc;
    dj_buf detail;

    if ((rc = dj_store_begin(app->st, diag)) < 0)
        return rc;
    for (i = 0; i < e->nm; i++) {
        dj_field w = F("id", dj_v_int(e->meet[i].id));
        if (pl->kept[i] || e->meet[i].status != MT_SCHEDULED)
            continue;
        if ((rc = dj_store_delete(app->st, "meetings", &w, 1, NULL, diag)) < 0)
            goto fail;
        rep->removed++;
    }
    for (r = 0; r < nr; r++) {
        const group *g;
        const ev_req *q;
        dj_field f[8];
        if (slot[r] < 0 || pl->mreq_meet[r] >= 0 || pl->mreq_grp[r] < 0)
            continue;
        g = &pl->g[pl->mreq_grp[r]];
        q = &e->req[g->rep];
        f[0] = F("event_id", dj_v_int(e->id));
        f[1] = F("request_id", dj_v_int(q->id));
        f[2] = F("a_id", dj_v_int(e->part[q->from].id));
        f[3] = F("b_id", dj_v_int(e->part[q->to].id));
        f[4] = F("slot_id", dj_v_int(e->slot[slot[r]].id));
        f[5] = F("table_id", dj_v_int(e->table[e->tmap[table[r]]].id));
        f[6] = F("locked", dj_v_int(0));
        f[7] = F("status", dj_v_text("scheduled"));
        if ((rc = dj_store_upsert(app->st, "meetings", f, 8, NULL, NULL, diag)) < 0)
            goto fail;
        rep->inserted++;
    }
    dj_buf_init(&detail, 4096);
    dj_buf_printf(&detail,
                  "{\"seed\":%llu,\"replan_all\":%s,\"kept\":%d,\"removed\":%d,\"inserted\":%d,"
                  "\"requests\":%d,\"scheduled\":%d,\"weight\":%lld,\"weight_ub\":%lld,"
                  "\"breaks\":%d,\"breaks_lb\":%d}",
                  (unsigned long long)o->seed, o->replan_all ? "true" : "false", rep->kept,
                  rep->removed, rep->inserted, rep->requests, rep->scheduled, rep->weight,
                  rep->weight_ub, rep->breaks, rep->breaks_lb);
    if ((rc = dj_buf_rc(&detail)) < 0 ||
        (rc = dj_store_audit(app->st, app->actor.login, "event.schedule", "events", e->id,
                             dj_buf_cstr(&detail), diag)) < 0) {
        dj_buf_fini(&detail);
        goto fail;
    }
    dj_buf_fini(&detail);
    return dj_store_commit(app->st, diag);
fail:
    dj_store_rollback(app->st);
    rep->removed = rep->inserted = 0;
    return rc;
}

int dj_app_event_schedule(dj_app *app, const char *event, const dj_app_sched_opts *o,
                          dj_app_sched_report *rep, dj_diag *diag)
{
    double t0 = now_ms();
    ev e;
    plan pl;
    dj_sched_opts so;
    dj_sched_result res;
    dj_sched_eval eval;
    int *slot = NULL, *table = NULL, nr, r, i, rc;

    memset(rep, 0, sizeof *rep);
    memset(&pl, 0, sizeof pl);
    dj_sched_result_init(&res);
    if (!dj_app_can(app->actor.role, DJ_ACT_RUN_EVENT))
        return dj_diag_set(diag, DJ_EPERM, "role may not schedule events");
    if ((rc = ev_load(&e, app, event, diag)) < 0)
        goto done;
    rep->event_id = e.id;
    snprintf(rep->code, sizeof rep->code, "%s", e.code);
    pl.e = &e;
    if ((rc = build_plan(&pl, o->replan_all, rep, diag)) < 0)
        goto done;
    memset(&so, 0, sizeof so);
    so.time_limit_s = o->time_limit_s;
    so.seed = o->seed;
    so.max_iters = o->max_iters;
    if ((rc = dj_sched_solve(&res, pl.m, &so)) < 0)
        goto done;
    if (res.status == DJ_SCHED_INFEASIBLE || res.status == DJ_SCHED_UNKNOWN) {
        rc = dj_diag_set(diag, DJ_EINFEASIBLE, "no valid timetable: %s",
                         res.reason[0] ? res.reason : "none found");
        goto done;
    }
    nr = dj_sched_nrequests(pl.m);
    if (!(slot = dj_malloc(((size_t)nr + 1) * sizeof(int))) ||
        !(table = dj_malloc(((size_t)nr + 1) * sizeof(int)))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    memcpy(slot, res.slot, (size_t)nr * sizeof(int));
    for (r = 0; r < nr; r++) /* belt and braces: kept meetings are where they are */
        if (pl.mreq_meet[r] >= 0 && slot[r] != e.meet[pl.mreq_meet[r]].slot) {
            rc = dj_diag_set(diag, DJ_ECONSTRAINT,
                             "refusing to write: the solver moved kept meeting %lld",
                             (long long)e.meet[pl.mreq_meet[r]].id);
            goto done;
        }
    if ((rc = fill_gaps(&pl, slot)) < 0)
        goto done;
    if ((rc = assign_tables(table, &pl, slot, res.table)) < 0) {
        dj_diag_set(diag, rc, "no table left for a meeting (stored tables of kept meetings)");
        goto done;
    }
    if ((rc = dj_sched_verify(&eval, pl.m, slot, table, diag)) < 0) {
        char why[sizeof diag->message];
        snprintf(why, sizeof why, "%s", diag ? diag->message : "");
        rc = dj_diag_set(diag, rc, "refusing to write an invalid timetable: %s", why);
        goto done;
    }
    if ((rc = check_tables(&pl, slot, table, diag)) < 0)
        goto done;
    rep->status = res.status;
    rep->weight = eval.weight;
    rep->weight_ub = res.weight_ub;
    rep->breaks = eval.breaks;
    rep->breaks_lb = res.breaks_lb;
    rep->max_breaks = eval.max_breaks;
    rep->min_breaks = eval.min_breaks;
    rep->iters = res.iters;
    rep->solve_ms = res.ms;
    if (rep->weight >= rep->weight_ub && rep->breaks <= rep->breaks_lb)
        rep->status = DJ_SCHED_OPTIMAL;
    for (i = 0; i < pl.ng; i++) {
        r = pl.g[i].mreq;
        if (slot[r] >= 0) {
            rep->scheduled++;
            rep->must_scheduled += pl.g[i].must;
        } else {
            rep->nunsched++;
        }
    }
    if (rep->nunsched) {
        int k = 0;
        if (!(rep->unsched = dj_calloc((size_t)rep->nunsched, sizeof *rep->unsched))) {
            rep->nunsched = 0;
            rc = DJ_ENOMEM;
            goto done;
        }
        for (i = 0; i < pl.ng; i++) {
            dj_app_unsched *u;
            const ev_req *q = &e.req[pl.g[i].rep];
            r = pl.g[i].mreq;
            if (slot[r] >= 0)
                continue;
            u = &rep->unsched[k++];
            u->request_id = q->id;
            u->from_id = e.part[q->from].id;
            u->to_id = e.part[q->to].id;
            u->must = pl.g[i].must;
            u->from = dj_strdup(e.part[q->from].org);
            u->to = dj_strdup(e.part[q->to].org);
            if (!u->from || !u->to) {
                rc = DJ_ENOMEM;
                goto done;
            }
            unsched_reason(u->reason, sizeof u->reason, &pl, r);
        }
    }
    if (!o->dry_run && (rc = write_plan(app, &pl, slot, table, o, rep, diag)) < 0)
        goto done;
    rc = DJ_OK;
done:
    rep->total_ms = now_ms() - t0;
    dj_free(slot);
    dj_free(table);
    dj_sched_result_fini(&res);
    plan_fini(&pl);
    ev_fini(&e);
    return rc;
}

static const char *status_name(int s)
{
    switch (s) {
    case DJ_SCHED_OPTIMAL:
        return "optimal";
    case DJ_SCHED_FEASIBLE:
        return "feasible";
    case DJ_SCHED_INFEASIBLE:
        return "infeasible";
    default:
        return "unknown";
    }
}

int dj_app_sched_report_json(dj_buf *out, const dj_app_sched_report *rep)
{
    int i;
    dj_buf_puts(out, "{\"event\":");
    dj_buf_json_str(out, rep->code, strlen(rep->code));
    dj_buf_printf(out,
                  ",\"event_id\":%lld,\"status\":\"%s\",\"request_rows\":%d,\"skipped_rows\":%d,"
                  "\"requests\":%d,\"must\":%d,\"must_scheduled\":%d,\"scheduled\":%d,"
                  "\"unscheduled\":%d,\"kept\":%d,\"removed\":%d,\"inserted\":%d,"
                  "\"weight\":%lld,\"weight_ub\":%lld,\"breaks\":%d,\"breaks_lb\":%d,"
                  "\"max_breaks\":%d,\"min_breaks\":%d,\"iters\":%ld,\"solve_ms\":%.1f,"
                  "\"ms\":%.1f,\"unscheduled_requests\":[",
                  (long long)rep->event_id, status_name(rep->status), rep->request_rows,
                  rep->skipped_rows, rep->requests, rep->must, rep->must_scheduled, rep->scheduled,
                  rep->nunsched, rep->kept, rep->removed, rep->inserted, rep->weight,
                  rep->weight_ub, rep->breaks, rep->breaks_lb, rep->max_breaks, rep->min_breaks,
                  rep->iters, rep->solve_ms, rep->total_ms);
    for (i = 0; i < rep->nunsched; i++) {
        const dj_app_unsched *u = &rep->unsched[i];
        dj_buf_printf(out, "%s{\"request_id\":%lld,\"from\":", i ? "," : "",
                      (long long)u->request_id);
        dj_buf_json_str(out, u->from, strlen(u->from));
        dj_buf_puts(out, ",\"to\":");
        dj_buf_json_str(out, u->to, strlen(u->to));
        dj_buf_printf(out, ",\"preference\":\"%s\",\"reason\":", u->must ? "must" : "want");
        dj_buf_json_str(out, u->reason, strlen(u->reason));
        dj_buf_putc(out, '}');
    }
    dj_buf_puts(out, "]}\n");
    return dj_buf_rc(out);
}

int dj_app_sched_report_text(dj_buf *out, const dj_app_sched_report *rep)
{
    int i;
    dj_buf_printf(out, "event %s: %d requests (%d must) from %d request rows, %d rows skipped\n",
                  rep->code, rep->requests, rep->must, rep->request_rows, rep->skipped_rows);
    dj_buf_printf(out, "scheduled %d of %d (must %d of %d); kept %d fixed meetings\n",
                  rep->scheduled, rep->requests, rep->must_scheduled, rep->must, rep->kept);
    dj_buf_printf(out,
                  "weight %lld (upper bound %lld); breaks %d (lower bound %d), max %d, "
                  "min %d; %s\n",
                  rep->weight, rep->weight_ub, rep->breaks, rep->breaks_lb, rep->max_breaks,
                  rep->min_breaks, status_name(rep->status));
    dj_buf_printf(out,
                  "meetings: %d removed, %d written; solver %.0f ms (%ld iterations), "
                  "total %.0f ms\n",
                  rep->removed, rep->inserted, rep->solve_ms, rep->iters, rep->total_ms);
    if (rep->nunsched)
        dj_buf_printf(out, "unscheduled (%d):\n", rep->nunsched);
    for (i = 0; i < rep->nunsched; i++) {
        const dj_app_unsched *u = &rep->unsched[i];
        dj_buf_printf(out, "  #%lld %s %s -> %s: %s\n", (long long)u->request_id,
                      u->must ? "must" : "want", u->from, u->to, u->reason);
    }
    return dj_buf_rc(out);
}

/* ---- rendering: agendas, XLSX, the grid ---------------------------------- */

int dj_app_tz_offset(int *minutes_out, const char *tz)
{
    static const struct {
        const char *name;
        int min;
    } zones[] = {{"Asia/Shanghai", 480},
                 {"Asia/Chongqing", 480},
                 {"Asia/Chungking", 480},
                 {"Asia/Harbin", 480},
                 {"Asia/Urumqi", 360},
                 {"Asia/Kashgar", 360},
                 {"Asia/Hong_Kong", 480},
                 {"Asia/Macau", 480},
                 {"Asia/Taipei", 480},
                 {"Asia/Singapore", 480},
                 {"Asia/Kuala_Lumpur", 480},
                 {"Asia/Manila", 480},
                 {"Asia/Tokyo", 540},
                 {"Asia/Seoul", 540},
                 {"Asia/Bangkok", 420},
                 {"Asia/Ho_Chi_Minh", 420},
                 {"Asia/Jakarta", 420},
                 {"Asia/Kolkata", 330},
                 {"Asia/Dubai", 240},
                 {"PRC", 480},
                 {"UTC", 0},
                 {"Etc/UTC", 0},
                 {"GMT", 0}};
    size_t i;

    *minutes_out = 0;
    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcmp(tz, zones[i].name)) {
            *minutes_out = zones[i].min;
            return DJ_OK;
        }
    /* "UTC+08:00", "UTC-5", "UTC+0530" */
    if (!strncmp(tz, "UTC", 3) && (tz[3] == '+' || tz[3] == '-')) {
        const char *s = tz + 4;
        int h = 0, mm = 0, n = 0;
        for (; *s >= '0' && *s <= '9' && n < 2; s++, n++)
            h = h * 10 + (*s - '0');
        if (n == 0)
            return DJ_EINVAL;
        if (*s == ':')
            s++;
        if (*s) {
            if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && !s[2]))
                return DJ_EINVAL;
            mm = (s[0] - '0') * 10 + (s[1] - '0');
        }
        if (h > 14 || mm > 59)
            return DJ_EINVAL;
        *minutes_out = (tz[3] == '-' ? -1 : 1) * (h * 60 + mm);
        return DJ_OK;
    }
    return DJ_EINVAL;
}

/* The current timetable as a model: one request per non-cancelled meeting,
 * slot[] and table[] from the database. */
typedef struct shown {
    dj_sched *m;
    int *slot, *table, *meet; /* [n]: model request -> ... ; meet = index into e->meet */
    int n;
} shown;

static void shown_fini(shown *s)
{
    dj_sched_free(s->m);
    dj_free(s->slot);
    dj_free(s->table);
    dj_free(s->meet);
}

static int build_shown(shown *s, ev *e)
{
    int i, rc;
    memset(s, 0, sizeof *s);
    if ((rc = build_base(&s->m, e, 0)) < 0)
        return rc;
    if (!(s->slot = dj_malloc(((size_t)e->nm + 1) * sizeof(int))) ||
        !(s->table = dj_malloc(((size_t)e->nm + 1) * sizeof(int))) ||
        !(s->meet = dj_malloc(((size_t)e->nm + 1) * sizeof(int))))
        return DJ_ENOMEM;
    for (i = 0; i < e->nm; i++) {
        const ev_meet *mt = &e->meet[i];
        int id;
        if (mt->status == MT_CANCELLED)
            continue;
        if ((rc = dj_sched_add_request(&id, s->m, mt->a, mt->b, 1, 0, DJ_SCHED_ANY, DJ_SCHED_ANY)) <
            0)
            return rc;
        s->slot[id] = mt->slot;
        s->table[id] = mt->table >= 0 ? e->table[mt->table].model : -1;
        s->meet[id] = i;
        s->n = id + 1;
    }
    return DJ_OK;
}

static int find_participant(int *p_out, const ev *e, const char *who, dj_diag *diag)
{
    int i;
    const char *s;
    for (i = 0; i < e->np; i++)
        if (!strcmp(e->part[i].org, who)) {
            *p_out = i;
            return DJ_OK;
        }
    for (s = who; *s >= '0' && *s <= '9'; s++)
        ;
    if (*who && !*s && strlen(who) < 18 && (i = part_index(e, strtoll(who, NULL, 10))) >= 0) {
        *p_out = i;
        return DJ_OK;
    }
    if (diag)
        snprintf(diag->field, sizeof diag->field, "participant");
    return dj_diag_set(diag, DJ_ENOTFOUND, "'%s' is not a participant of event %s", who, e->code);
}

static const char *status_zh(int st)
{
    return st == MT_HELD ? "已举行" : st == MT_NOSHOW ? "缺席" : "";
}

/* XLSX: one sheet 日程, a row per slot and a column per table; a cell holds
 * "甲方 × 乙方" (plus the status of held / no-show meetings). */
static int write_xlsx(const ev *e, const shown *s, const char *path, dj_diag *diag)
{
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *wrap;
    dj_buf cell;
    int i, t, ntab = e->npool + e->nbooths, rc = DJ_OK;
    lxw_error err;

    if (!(wb = workbook_new(path)) || !(ws = workbook_add_worksheet(wb, "日程"))) {
        if (wb)
            workbook_close(wb);
        return dj_diag_set(diag, DJ_EIO, "cannot create %s", path);
    }
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    worksheet_write_string(ws, 0, 0, "时段 Slot", bold);
    worksheet_write_string(ws, 0, 1, "时间 Time", bold);
    for (t = 0; t < ntab; t++)
        worksheet_write_string(ws, 0, (lxw_col_t)(t + 2), e->table[e->tmap[t]].label, bold);
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, 14, NULL);
    if (ntab)
        worksheet_set_column(ws, 2, (lxw_col_t)(ntab + 1), 28, wrap);
    worksheet_freeze_panes(ws, 1, 2);
    dj_buf_init(&cell, 1 << 16);
    for (i = 0; i < e->ns; i++) {
        const ev_slot *sl = &e->slot[i];
        dj_buf_reset(&cell);
        dj_buf_printf(&cell, "%s-%s", strlen(sl->starts) >= 16 ? sl->starts + 11 : sl->starts,
                      strlen(sl->ends) >= 16 ? sl->ends + 11 : sl->ends);
        worksheet_write_number(ws, (lxw_row_t)(i + 1), 0, sl->seq, NULL);
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, dj_buf_cstr(&cell), NULL);
    }
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        int col = s->table[i] >= 0 ? s->table[i] + 2 : -1;
        if (col < 0)
            continue; /* no table: listed in the text agenda, not in the grid */
        dj_buf_reset(&cell);
        dj_buf_printf(&cell, "%s × %s", e->part[mt->a].org, e->part[mt->b].org);
        if (*status_zh(mt->status))
            dj_buf_printf(&cell, "（%s）", status_zh(mt->status));
        worksheet_write_string(ws, (lxw_row_t)(mt->slot + 1), (lxw_col_t)col, dj_buf_cstr(&cell),
                               wrap);
    }
    if ((rc = dj_buf_rc(&cell)) < 0)
        dj_diag_set(diag, rc, "XLSX cell too large");
    dj_buf_fini(&cell);
    err = workbook_close(wb);
    if (rc == DJ_OK && err != LXW_NO_ERROR)
        rc = dj_diag_set(diag, DJ_EIO, "writing %s: %s", path, lxw_strerror(err));
    return rc;
}

int dj_app_event_agenda(dj_app *app, const char *event, const char *participant, int format,
                        const char *path, dj_buf *out, dj_diag *diag)
{
    ev e;
    shown s;
    dj_sched_names nm;
    const char **pname = NULL, **tlabel = NULL, **starts = NULL, **ends = NULL;
    long long *pid = NULL;
    char stamp[24], now[24];
    int rc, p = -1, i, off = 0;

    memset(&s, 0, sizeof s);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read agendas");
    if (format < DJ_APP_AGENDA_TEXT || format > DJ_APP_AGENDA_XLSX)
        return dj_diag_set(diag, DJ_EINVAL, "unknown agenda format %d", format);
    if (format == DJ_APP_AGENDA_XLSX && (!path || !strcmp(path, "-")))
        return dj_diag_set(diag, DJ_EINVAL, "an XLSX agenda needs an output file (-o FILE.xlsx)");
    if (format == DJ_APP_AGENDA_XLSX && participant)
        return dj_diag_set(diag, DJ_EINVAL,
                           "the XLSX agenda is the whole event's grid; drop --participant");
    if ((rc = ev_load(&e, app, event, diag)) < 0)
        goto done;
    if (participant && (rc = find_participant(&p, &e, participant, diag)) < 0)
        goto done;
    if (format == DJ_APP_AGENDA_ICS && dj_app_tz_offset(&off, e.tz) < 0) {
        rc = dj_diag_set(diag, DJ_EINVAL,
                         "event %s: time zone '%s' is not supported for ICS (use a fixed-offset "
                         "zone such as Asia/Shanghai or UTC+08:00)",
                         e.code, e.tz);
        goto done;
    }
    if ((rc = build_shown(&s, &e)) < 0)
        goto done;
    if (format == DJ_APP_AGENDA_XLSX) {
        rc = write_xlsx(&e, &s, path, diag);
        goto done;
    }
    pname = dj_calloc((size_t)e.np + 1, sizeof *pname);
    pid = dj_calloc((size_t)e.np + 1, sizeof *pid);
    tlabel = dj_calloc((size_t)(e.npool + e.nbooths) + 1, sizeof *tlabel);
    starts = dj_calloc((size_t)e.ns + 1, sizeof *starts);
    ends = dj_calloc((size_t)e.ns + 1, sizeof *ends);
    if (!pname || !pid || !tlabel || !starts || !ends) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < e.np; i++) {
        pname[i] = e.part[i].org;
        pid[i] = (long long)e.part[i].id;
    }
    for (i = 0; i < e.npool + e.nbooths; i++)
        tlabel[i] = e.table[e.tmap[i]].label;
    for (i = 0; i < e.ns; i++) {
        starts[i] = e.slot[i].starts;
        ends[i] = e.slot[i].ends;
    }
    dj_store_now(now); /* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYYMMDDTHHMMSSZ" */
    snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", now, now + 5, now + 8, now + 11,
             now + 14, now + 17);
    memset(&nm, 0, sizeof nm);
    nm.event_name = e.name;
    nm.event_id = (long long)e.id;
    nm.tzid = e.tz;
    nm.utc_offset_min = off;
    nm.dtstamp = stamp;
    nm.participant = pname;
    nm.participant_id = pid;
    nm.table_label = tlabel;
    nm.slot_start = starts;
    nm.slot_end = ends;
    rc = dj_sched_render_agenda(out, s.m, s.slot, s.table, &nm, p,
                                format == DJ_APP_AGENDA_HTML  ? DJ_SCHED_FMT_HTML
                                : format == DJ_APP_AGENDA_CSV ? DJ_SCHED_FMT_CSV
                                : format == DJ_APP_AGENDA_ICS ? DJ_SCHED_FMT_ICS
                                                              : DJ_SCHED_FMT_TEXT);
    if (rc < 0)
        dj_diag_set(diag, rc, "cannot render the agenda of event %s", e.code);
done:
    dj_free(pname);
    dj_free(pid);
    dj_free(tlabel);
    dj_free(starts);
    dj_free(ends);
    shown_fini(&s);
    ev_fini(&e);
    return rc;
}

static const char *meet_status_en(int st)
{
    return st == MT_HELD ? "held" : st == MT_NOSHOW ? "no-show" : "scheduled";
}

static void show_json(dj_buf *out, const ev *e, const shown *s)
{
    int i;
    dj_buf_printf(out, "{\"event\":");
    dj_buf_json_str(out, e->code, strlen(e->code));
    dj_buf_printf(out, ",\"event_id\":%lld,\"name\":", (long long)e->id);
    dj_buf_json_str(out, e->name, strlen(e->name));
    dj_buf_puts(out, ",\"tz\":");
    dj_buf_json_str(out, e->tz, strlen(e->tz));
    dj_buf_puts(out, ",\"slots\":[");
    for (i = 0; i < e->ns; i++) {
        static const char *const sess[] = {"morning", "afternoon", "evening"};
        dj_buf_printf(out,
                      "%s{\"seq\":%d,\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"session\":\"%s\"}",
                      i ? "," : "", e->slot[i].seq, e->slot[i].starts, e->slot[i].ends,
                      sess[e->slot[i].session]);
    }
    dj_buf_puts(out, "],\"tables\":[");
    for (i = 0; i < e->npool + e->nbooths; i++) {
        const ev_table *t = &e->table[e->tmap[i]];
        dj_buf_printf(out, "%s{\"id\":%lld,\"label\":", i ? "," : "", (long long)t->id);
        dj_buf_json_str(out, t->label, strlen(t->label));
        dj_buf_printf(out, ",\"booth\":%s}", t->booth_org ? "true" : "false");
    }
    dj_buf_puts(out, "],\"participants\":[");
    for (i = 0; i < e->np; i++) {
        dj_buf_printf(out, "%s{\"id\":%lld,\"org\":", i ? "," : "", (long long)e->part[i].id);
        dj_buf_json_str(out, e->part[i].org, strlen(e->part[i].org));
        dj_buf_putc(out, '}');
    }
    dj_buf_puts(out, "],\"meetings\":[");
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        dj_buf_printf(out, "%s{\"id\":%lld,\"slot\":%d,\"table\":", i ? "," : "", (long long)mt->id,
                      e->slot[mt->slot].seq);
        if (mt->table >= 0)
            dj_buf_json_str(out, e->table[mt->table].label, strlen(e->table[mt->table].label));
        else
            dj_buf_puts(out, "null");
        dj_buf_printf(out, ",\"a_id\":%lld,\"b_id\":%lld,\"a\":", (long long)e->part[mt->a].id,
                      (long long)e->part[mt->b].id);
        dj_buf_json_str(out, e->part[mt->a].org, strlen(e->part[mt->a].org));
        dj_buf_puts(out, ",\"b\":");
        dj_buf_json_str(out, e->part[mt->b].org, strlen(e->part[mt->b].org));
        dj_buf_printf(out, ",\"locked\":%s,\"status\":\"%s\"}", mt->locked ? "true" : "false",
                      meet_status_en(mt->status));
    }
    dj_buf_puts(out, "]}\n");
}

/* Text grid: a row per slot, a column per table that holds a meeting;
 * cells "12x34" name the two participant ids (legend below), with '*' for
 * a locked meeting, '+' held, '!' no-show. Booth columns are "@<id>" (the
 * exhibitor's participant id). Only ASCII in the grid so columns align. */
static int show_text(dj_buf *out, const ev *e, const shown *s)
{
    int ntab = e->npool + e->nbooths, i, t, c;
    int *width = dj_calloc((size_t)ntab + 1, sizeof(int));
    char **cellv = dj_calloc((size_t)e->ns * (size_t)(ntab + 1) + 1, sizeof(char *));
    char tmp[64];
    unsigned char *seen = dj_calloc((size_t)e->np + 1, 1);
    int nomeet = 0, rc = DJ_OK;

    if (!width || !cellv || !seen) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < s->n; i++) {
        const ev_meet *mt = &e->meet[s->meet[i]];
        size_t k;
        seen[mt->a] = seen[mt->b] = 1;
        if (s->table[i] < 0) {
            nomeet++;
            continue;
        }
        k = (size_t)mt->slot * (size_t)(ntab + 1) + (size_t)s->table[i];
        snprintf(tmp, sizeof tmp, "%s%lldx%lld%s", cellv[k] ? "!!" : "",
                 (long long)e->part[mt->a].id, (long long)e->part[mt->b].id,
                 mt->status == MT_HELD     ? "+"
                 : mt->status == MT_NOSHOW ? "!"
                 : mt->locked              ? "*"
                                           : "");
        dj_free(cellv[k]);
        if (!(cellv[k] = dj_strdup(tmp))) {
            rc = DJ_ENOMEM;
            goto done;
        }
        if ((int)strlen(tmp) > width[s->table[i]])
            width[s->table[i]] = (int)strlen(tmp);
    }
    dj_buf_printf(out, "%s  %s (%d slots, %d tables, %d booths, %d meetings)\n", e->code, e->name,
                  e->ns, e->npool, e->nbooths, s->n);
    dj_buf_printf(out, "%-3s %-11s", "#", "time");
    for (t = 0; t < ntab; t++) {
        const ev_table *tb = &e->table[e->tmap[t]];
        if (!width[t])
            continue;
        if (tb->booth_org) {
            int p;
            for (p = 0; p < e->np && e->part[p].booth_table != e->tmap[t]; p++)
                ;
            snprintf(tmp, sizeof tmp, "@%lld", p < e->np ? (long long)e->part[p].id : 0LL);
        } else {
            snprintf(tmp, sizeof tmp, "%.20s", tb->label);
        }
        if ((int)strlen(tmp) > width[t])
            width[t] = (int)strlen(tmp);
        dj_buf_printf(out, " %-*s", width[t], tmp);
    }
    dj_buf_putc(out, '\n');
    for (i = 0; i < e->ns; i++) {
        const ev_slot *sl = &e->slot[i];
        snprintf(tmp, sizeof tmp, "%.5s-%.5s", strlen(sl->starts) >= 16 ? sl->starts + 11 : "",
                 strlen(sl->ends) >= 16 ? sl->ends + 11 : "");
        dj_buf_printf(out, "%-3d %-11s", sl->seq, tmp);
        for (t = 0; t < ntab; t++) {
            const char *cv = cellv[(size_t)i * (size_t)(ntab + 1) + (size_t)t];
            if (width[t])
                dj_buf_printf(out, " %-*s", width[t], cv ? cv : ".");
        }
        dj_buf_putc(out, '\n');
    }
    dj_buf_puts(out, "cells: participant ids; + held, ! no-show, * locked\n");
    if (nomeet)
        dj_buf_printf(out, "%d meetings without a table are not in the grid\n", nomeet);
    for (c = 0; c < e->np; c++)
        if (seen[c])
            dj_buf_printf(out, "%5lld  %s%s\n", (long long)e->part[c].id, e->part[c].org,
                          e->part[c].booth_table >= 0 ? "  (booth)" : "");
done:
    if (cellv)
        for (i = 0; i < e->ns * (ntab + 1); i++)
            dj_free(cellv[i]);
    dj_free(cellv);
    dj_free(width);
    dj_free(seen);
    return rc;
}

int dj_app_event_show(dj_app *app, const char *event, int json, dj_buf *out, dj_diag *diag)
{
    ev e;
    shown s;
    int rc;

    memset(&s, 0, sizeof s);
    if (!dj_app_can(app->actor.role, DJ_ACT_READ))
        return dj_diag_set(diag, DJ_EPERM, "role may not read events");
    if ((rc = ev_load(&e, app, event, diag)) < 0 || (rc = build_shown(&s, &e)) < 0)
        goto done;
    if (json)
        show_json(out, &e, &s);
    else if ((rc = show_text(out, &e, &s)) < 0)
        goto done;
    rc = dj_buf_rc(out);
done:
    shown_fini(&s);
    ev_fini(&e);
    return rc;
}
