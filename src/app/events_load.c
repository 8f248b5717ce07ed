/* events_load.c - loading an event (slots, tables, participants, requests,
 * meetings) from the store into struct ev, and building the scheduler's
 * model from it. The model's rules are in events_int.h. */
#include "app/events_int.h"

#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- small helpers ------------------------------------------------------- */

double dj__ev_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
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

void dj__ev_fini(ev *e)
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

int dj__ev_part_index(const ev *e, int64_t id)
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

int dj__ev_find_participant(int *p_out, const ev *e, const char *who, dj_diag *diag)
{
    int i, by_id = who[0] == '#'; /* "#5": participant 5, even beside an org named "5" */
    const char *s, *num = who + by_id;
    for (i = 0; i < e->np && !by_id; i++)
        if (!strcmp(e->part[i].org, who)) {
            *p_out = i;
            return DJ_OK;
        }
    for (s = num; *s >= '0' && *s <= '9'; s++)
        ;
    if (*num && !*s && strlen(num) < 18 &&
        (i = dj__ev_part_index(e, strtoll(num, NULL, 10))) >= 0) {
        *p_out = i;
        return DJ_OK;
    }
    if (diag)
        snprintf(diag->field, sizeof diag->field, "participant");
    return dj_diag_set(diag, DJ_ENOTFOUND, "'%s' is not a participant of event %s", who, e->code);
}

/* ---- loading ------------------------------------------------------------- */

int dj_app_event_find(dj_app *app, const char *code_or_id, int64_t *id_out, dj_diag *diag)
{
    int rc = dj__app_record_find(app, "events", code_or_id, id_out, diag);
    if (rc != DJ_ENOTFOUND)
        return rc;
    /* the record the command acts on: said as every command says it
     * (dj_cli_not_found), with no field to blame */
    return dj_diag_set(diag, DJ_ENOTFOUND, "event '%s' not found", code_or_id);
}

/* FNV-1a 64 of s continued from h (0: from the offset basis), then a
 * separator: byte by byte, so an event's ICS UIDs are the same on every
 * machine and in every version (they are what calendars know it by). */
static uint64_t fnv1a(const char *s, uint64_t h)
{
    if (!h)
        h = 0xcbf29ce484222325ull;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull;
}

static int event_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    if (!(e->code = dup_col(r, "code")) || !(e->name = dup_col(r, "name")) ||
        !(e->tz = dup_col(r, "tz")))
        return DJ_ENOMEM;
    e->published = dj_row_get(r, "published_at").type != DJ_V_NULL;
    /* ICS UIDs must not meet another installation's: the event id alone
     * does (every database has an event 1); its code and the second it was
     * created, neither of which changes, tell the event apart */
    snprintf(e->uid_host, sizeof e->uid_host, "e%016llx.duijie",
             (unsigned long long)fnv1a(dj_row_text(r, "created_at"), fnv1a(e->code, 0)));
    return 0;
}

static int slot_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    int rc;
    ev_slot *s;
    DJ_ARRAY_GROW(rc, e->slot, e->cap_s, (size_t)e->ns);
    if (rc < 0)
        return rc;
    s = &e->slot[e->ns];
    memset(s, 0, sizeof *s);
    s->id = dj_row_int(r, "id", 0);
    s->seq = (int)dj_row_int(r, "seq", 0);
    s->session = text_is(r, "session", "afternoon") ? 1 : text_is(r, "session", "evening") ? 2 : 0;
    s->starts = dup_col(r, "starts_at");
    s->ends = dup_col(r, "ends_at");
    e->ns++; /* counted before the check so dj__ev_fini frees what was allocated */
    if (!s->starts || !s->ends)
        return DJ_ENOMEM;
    return 0;
}

static int table_cb(const dj_row *r, void *ctx)
{
    ev *e = ctx;
    int rc;
    ev_table *t;
    DJ_ARRAY_GROW(rc, e->table, e->cap_t, (size_t)e->nt);
    if (rc < 0)
        return rc;
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
    int rc;
    ev_part *p;
    const char *un = dj_row_text(r, "unavailable");
    DJ_ARRAY_GROW(rc, e->part, e->cap_p, (size_t)e->np);
    if (rc < 0)
        return rc;
    p = &e->part[e->np];
    memset(p, 0, sizeof *p);
    p->id = dj_row_int(r, "id", 0);
    p->org_id = dj_row_int(r, "org_id", 0);
    p->table_id = dj_row_int(r, "table_id", 0);
    p->max = (int)dj_row_int(r, "max_meetings", -1);
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
    int i = dj__ev_part_index(e, dj_row_int(r, "id", 0));
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
    int rc;
    ev_req *q;
    dj_value sess;
    DJ_ARRAY_GROW(rc, e->req, e->cap_r, (size_t)e->nr);
    if (rc < 0)
        return rc;
    q = &e->req[e->nr];
    q->id = dj_row_int(r, "id", 0);
    q->from = dj__ev_part_index(e, dj_row_int(r, "from_id", 0));
    q->to = dj__ev_part_index(e, dj_row_int(r, "to_id", 0));
    q->pref = pref_of(r);
    sess = dj_row_get(r, "session"); /* 0 morning, 1 afternoon, 2 evening: the slots' numbers */
    q->session = sess.type == DJ_V_TEXT ? dj_enum_find(&dj_enum_session, sess.s, sess.len) : -1;
    q->slot_seq = (int)dj_row_int(r, "slot", 0);
    q->before = dj__ev_part_index(e, dj_row_int(r, "before_id", 0));
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
    int rc;

    DJ_ARRAY_GROW(rc, e->meet, e->cap_m, (size_t)e->nm);
    if (rc < 0)
        return rc;
    m = &e->meet[e->nm];
    m->id = dj_row_int(r, "id", 0);
    m->a = dj__ev_part_index(e, dj_row_int(r, "a_id", 0));
    m->b = dj__ev_part_index(e, dj_row_int(r, "b_id", 0));
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

int dj__ev_load(ev *e, dj_app *app, const char *event, dj_diag *diag)
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
 * booths (limits and availability are the planner's: events_plan.c). Fills
 * e->tmap and e->table[].model. */
int dj__ev_build_base(dj_sched **out, ev *e)
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
        if ((rc = dj_sched_set_participant(m, i, 0, p->booth_table >= 0)) < 0)
            goto fail;
        if (p->booth_table >= 0)
            e->table[p->booth_table].model = e->npool + dj_sched_booth_of(m, i);
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
