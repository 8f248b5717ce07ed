/* events_schedule.c - `duijie event schedule`: solving the plan
 * (events_plan.c), gap filling, table assignment, the checks before
 * writing, the one transaction that writes the timetable back, and the
 * report. */
#include "app/events_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    for (i = 0; i < r->nnotes; i++)
        dj_free(r->notes[i]);
    dj_free(r->notes);
    r->notes = NULL;
    r->nnotes = 0;
}

static int uses_pool(const dj_sched *m, int r)
{
    int a, b;
    dj_sched_request(m, r, &a, &b, NULL, NULL);
    return dj_sched_booth_of(m, a) < 0 && dj_sched_booth_of(m, b) < 0;
}

/* Who is busy when, meeting counts and pool use of slot[]. */
static int compute_usage(ev_plan *pl, const int *slot)
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
 * (plus booth owners blocked by dj__ev_plan_build) is exact for free slots. */
static int unavailable(const ev_plan *pl, int p, int t)
{
    return (int)((pl->e->part[p].unavail >> t) & 1);
}

static int at_limit(const ev_plan *pl, int p)
{
    return pl->e->part[p].max >= 0 && pl->cnt[p] >= pl->e->part[p].max;
}

/* Whether request r may take slot t by the pairs' 先于, given the slots of
 * the others (slot[]: -1 = out); *other (may be NULL) gets the scheduled
 * request that forbids it. */
static int order_allows(const ev_plan *pl, const int *slot, int r, int t, int *other)
{
    int k;
    for (k = 0; k < pl->nprec; k++) {
        int b = pl->prec[2 * k], a = pl->prec[2 * k + 1];
        if ((b == r && slot[a] >= 0 && t >= slot[a]) || (a == r && slot[b] >= 0 && t <= slot[b])) {
            if (other)
                *other = b == r ? a : b;
            return 0;
        }
    }
    return 1;
}

/* After the solver: a request left out although both sides are free and
 * available in a slot with a table left, and under their limits, gains
 * weight for free (the first criterion); place it there. The final
 * dj_sched_verify() checks the result. */
static int fill_gaps(ev_plan *pl, int *slot)
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
                unavailable(pl, b, t) || (pool && pl->pool[t] >= pl->poolcap[t]) ||
                !dj__ev_plan_allows(pl, r, t) || !order_allows(pl, slot, r, t, NULL))
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

/* " (its slot 3 only)", " (afternoons only)", " (its slot 3, an afternoon
 * one, only)" or "": the slots the pair's 指定时段 and 场次 allow r. */
static const char *where_allowed(char *buf, size_t cap, const ev_plan *pl, int r)
{
    const dj_enum_item *sess = dj_enum_session.items; /* by session number */
    const ev_group *g =
        pl->mreq_grp[r] >= 0 && pl->mreq_meet[r] < 0 ? &pl->g[pl->mreq_grp[r]] : NULL;
    buf[0] = '\0';
    if (g && g->fixed != DJ_SCHED_ANY && g->session != DJ_SCHED_ANY &&
        pl->e->slot[g->fixed].session != g->session) /* the event changed since the request */
        snprintf(buf, cap, " (its slot %d is not in its 场次, %ss)", pl->e->slot[g->fixed].seq,
                 sess[g->session].en);
    else if (g && g->fixed != DJ_SCHED_ANY && g->session != DJ_SCHED_ANY)
        snprintf(buf, cap, " (its slot %d, %s %s one, only)", pl->e->slot[g->fixed].seq,
                 g->session == 1 ? "an" : "a", sess[g->session].en);
    else if (g && g->fixed != DJ_SCHED_ANY)
        snprintf(buf, cap, " (its slot %d only)", pl->e->slot[g->fixed].seq);
    else if (g && g->session != DJ_SCHED_ANY)
        snprintf(buf, cap, " (%ss only)", sess[g->session].en);
    return buf;
}

/* Why request r stayed unscheduled, from the usage of the final timetable
 * (slot[]) over the slots its pair's 场次 and 指定时段 allow. */
static void unsched_reason(char *out, size_t cap, const ev_plan *pl, const int *slot, int r)
{
    const ev *e = pl->e;
    int a, b, t, n_avail = 0, n_free_a = 0, n_free_b = 0, n_both = 0, n_table = 0, n_order = 0;
    int n_over = 0, other = -1; /* n_over: allowed slots over where both were available */
    char in[64];

    dj_sched_request(pl->m, r, &a, &b, NULL, NULL);
    if (at_limit(pl, a) || at_limit(pl, b)) {
        int p = at_limit(pl, a) ? a : b;
        snprintf(out, cap, "%s has reached its limit of %d meetings", e->part[p].org,
                 e->part[p].max);
        return;
    }
    where_allowed(in, sizeof in, pl, r);
    for (t = 0; t < e->ns; t++) {
        uint64_t bit = (uint64_t)1 << t;
        int av = !unavailable(pl, a, t) && !unavailable(pl, b, t);
        int fa = !unavailable(pl, a, t) && !(pl->busy[a] & bit);
        int fb = !unavailable(pl, b, t) && !(pl->busy[b] & bit);
        if (!dj__ev_plan_allows(pl, r, t))
            continue;
        n_over +=
            ((pl->over >> t) & 1) && !((e->part[a].unavail | e->part[b].unavail) & ~pl->over & bit);
        n_avail += av;
        n_free_a += fa;
        n_free_b += fb;
        if (fa && fb) {
            int table = !uses_pool(pl->m, r) || pl->pool[t] < pl->poolcap[t];
            n_both++;
            n_table += table;
            n_order += table && order_allows(pl, slot, r, t, &other);
        }
    }
    if (!n_avail && n_over && pl->mreq_grp[r] >= 0 && pl->g[pl->mreq_grp[r]].fixed != DJ_SCHED_ANY)
        snprintf(out, cap, "its slot %d (指定时段) is over",
                 e->slot[pl->g[pl->mreq_grp[r]].fixed].seq);
    else if (!n_avail && n_over)
        snprintf(out, cap, "every slot where both are available%s is over", in);
    else if (!n_avail)
        snprintf(out, cap, "no slot where both are available%s", in);
    else if (!n_free_a)
        snprintf(out, cap, "%s is fully booked%s", e->part[a].org, in);
    else if (!n_free_b)
        snprintf(out, cap, "%s is fully booked%s", e->part[b].org, in);
    else if (!n_both)
        snprintf(out, cap, "no slot where both are still free%s", in);
    else if (!n_table && e->npool == 0)
        snprintf(out, cap,
                 "the event has no pool tables (洽谈桌数 0) and neither has an exhibitor's booth");
    else if (!n_table)
        snprintf(out, cap, "no table left where both are free%s", in);
    else if (!n_order && other >= 0) {
        int oa, ob;
        dj_sched_request(pl->m, other, &oa, &ob, NULL, NULL);
        snprintf(out, cap, "no free slot in its order (先于) with the meeting of %s and %s",
                 e->part[oa].org, e->part[ob].org);
    } else
        snprintf(out, cap, "not placed by the solver");
}

/* The model table of request r's previous meeting when it stood in slot t
 * at a table of the model, else -1. */
static int prev_table(const ev_plan *pl, int r, int t)
{
    const ev_meet *pm = pl->prev[r] >= 0 ? &pl->e->meet[pl->prev[r]] : NULL;
    return pm && pm->slot == t && pm->table >= 0 ? pl->e->table[pm->table].model : -1;
}

/* Tables: kept meetings keep the stored one when the model agrees; the
 * others take, when still free, the table their pair's meeting had in the
 * same slot before this re-plan, else the solver's, else the lowest free one.
 * Pool tables held by kept meetings the model does not see as pool meetings
 * are reserved. */

static int assign_tables(int *table, const ev_plan *pl, const int *slot, const int *pref)
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
        for (pass = 0; pass < 4; pass++) {
            for (r = 0; r < nr; r++) {
                int a, b, want, lo;
                if (slot[r] != t || table[r] >= 0)
                    continue;
                if (pl->ktab[r] == KTAB_OFF_POOL)
                    continue;    /* no table of the model: it keeps its stored one */
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
                want = pass == 1 ? prev_table(pl, r, t) : pref ? pref[r] : -1;
                if (pass <= 2) { /* the previous table, then the solver's, when free */
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
static int check_tables(const ev_plan *pl, const int *slot, const int *table, dj_diag *diag)
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

/* Writing a timetable replaces the event's meetings that are scheduled and
 * not kept - deleted, but cancelled under --fill-only or once the event is
 * published when their pair gets no new meeting - and inserts one for
 * every new meeting of the model; but a meeting the plan leaves as it was
 * (its pair's previous meeting, unlocked, same slot and table) stays
 * (stay[i] = 1), with its row and id. */
static int replaced(const ev_plan *pl, const unsigned char *stay, int i)
{
    return !pl->kept[i] && pl->e->meet[i].status == MT_SCHEDULED && !stay[i];
}

static int stays(const ev_plan *pl, const int *slot, const int *table, int r)
{
    const ev_meet *pm = pl->prev[r] >= 0 ? &pl->e->meet[pl->prev[r]] : NULL;
    /* a locked one (--replan-all) is written anew, unlocked */
    return pm && !pm->locked && slot[r] == pm->slot && table[r] >= 0 &&
           pl->e->tmap[table[r]] == pm->table;
}

static int new_meeting(const ev_plan *pl, const int *slot, const int *table, int r)
{
    return slot[r] >= 0 && pl->mreq_meet[r] < 0 && pl->mreq_grp[r] >= 0 &&
           !stays(pl, slot, table, r);
}

/* Marks the meetings that stay (stay: [nm], zeroed) and counts them. */
static void mark_stays(const ev_plan *pl, const int *slot, const int *table, unsigned char *stay,
                       dj_app_sched_report *rep)
{
    int nr = dj_sched_nrequests(pl->m), r;
    for (r = 0; r < nr; r++)
        if (slot[r] >= 0 && pl->mreq_meet[r] < 0 && pl->mreq_grp[r] >= 0 &&
            stays(pl, slot, table, r)) {
            stay[pl->prev[r]] = 1;
            rep->unchanged++;
        }
}

/* --dry-run: what write_plan would delete and insert. */
static void count_plan(const ev_plan *pl, const int *slot, const int *table,
                       const unsigned char *stay, dj_app_sched_report *rep)
{
    int nr = dj_sched_nrequests(pl->m), r, i;
    for (i = 0; i < pl->e->nm; i++)
        rep->removed += replaced(pl, stay, i);
    for (r = 0; r < nr; r++)
        rep->inserted += new_meeting(pl, slot, table, r);
}

static int write_plan(dj_app *app, const ev_plan *pl, const int *slot, const int *table,
                      const unsigned char *stay, const dj_app_sched_opts *o,
                      dj_app_sched_report *rep, dj_diag *diag)
{
    const ev *e = pl->e;
    int nr = dj_sched_nrequests(pl->m), r, i, rc;
    dj_buf detail;

    unsigned char *continued = dj_calloc((size_t)e->nm + 1, 1);

    if (!continued)
        return DJ_ENOMEM;
    for (r = 0; r < nr; r++) /* the pair's new meeting takes over its calendar entry */
        if (slot[r] >= 0 && pl->prev[r] >= 0)
            continued[pl->prev[r]] = 1;
    if ((rc = dj_store_begin(app->st, diag)) < 0) {
        dj_free(continued);
        return rc;
    }
    for (i = 0; i < e->nm && rc >= 0; i++) {
        dj_field w = F("id", dj_v_int(e->meet[i].id));
        dj_field c = F("status", dj_v_text("cancelled"));
        if (!replaced(pl, stay, i))
            continue;
        /* after the timetable was sent (published, or --fill-only), a meeting
         * whose pair gets none is cancelled, not deleted, so that calendars
         * fed the ICS remove it; planning runs delete it, or reports would
         * count their drops as cancellations (docs/sched.md) */
        rc = continued[i] || (rep->keep != DJ_APP_FILL_ONLY && !rep->published)
                 ? dj_store_delete(app->st, "meetings", &w, 1, NULL, diag)
                 : dj_store_update(app->st, "meetings", e->meet[i].id, &c, 1, diag);
        rep->removed++;
    }
    dj_free(continued);
    if (rc < 0)
        goto fail;
    for (r = 0; r < nr; r++) { /* a meeting that stays gets its pair's request */
        const ev_meet *pm = pl->prev[r] >= 0 ? &e->meet[pl->prev[r]] : NULL;
        dj_field f = F("request_id", dj_v_int(0));
        if (!pm || !stay[pl->prev[r]] || pl->mreq_grp[r] < 0)
            continue;
        f.v = dj_v_int(e->req[pl->g[pl->mreq_grp[r]].rep].id);
        if ((rc = dj_store_update(app->st, "meetings", pm->id, &f, 1, diag)) < 0)
            goto fail;
    }
    for (r = 0; r < nr; r++) {
        const ev_group *g;
        const ev_req *q;
        dj_field f[8];
        if (!new_meeting(pl, slot, table, r))
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
                  "{\"seed\":%llu,\"replan_all\":%s,\"fill_only\":%s,\"published\":%s,"
                  "\"kept\":%d,\"unchanged\":%d,"
                  "\"removed\":%d,"
                  "\"inserted\":%d,"
                  "\"requests\":%d,\"scheduled\":%d,\"weight\":%lld,\"weight_ub\":%lld,"
                  "\"breaks\":%d,\"breaks_lb\":%d}",
                  (unsigned long long)o->seed, rep->keep == DJ_APP_REPLAN_ALL ? "true" : "false",
                  rep->keep == DJ_APP_FILL_ONLY ? "true" : "false",
                  rep->published ? "true" : "false", rep->kept, rep->unchanged, rep->removed,
                  rep->inserted, rep->requests, rep->scheduled, rep->weight, rep->weight_ub,
                  rep->breaks, rep->breaks_lb);
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

/* The solver's wall-clock cap within the run's time limit: what is left
 * after loading and planning (spent_ms), less as much again for checking
 * and writing the timetable, which costs about the same (both are linear
 * in the event); never below half the limit. The work budget stays the
 * whole limit, so a run is as deterministic as before unless the clock cuts
 * it. 0 (no cap of our own) without a limit. */
/* *over = the slots that are over by from (dj_app_sched_opts.from_slot):
 * those before slot number from, or with DJ_APP_FROM_NOW those that have
 * started by the clock, in the event's time zone. Slots are in seq order, so
 * the set is always a prefix. DJ_EINVAL names a slot the event lacks. */
static int slots_over(uint64_t *over, const ev *e, int from, dj_diag *diag)
{
    int t;

    *over = 0;
    if (from == DJ_APP_FROM_NOW) {
        char now[32];
        int off;
        time_t clock = time(NULL);
        struct tm tm;
        if (dj_app_tz_offset(&off, e->tz) < 0)
            return dj_diag_set(diag, DJ_EINVAL,
                               "event %s: unknown time zone '%s', so 'now' cannot be placed among "
                               "its slots: give --from-slot a slot number",
                               e->code, e->tz);
        clock += (time_t)off * 60;
        gmtime_r(&clock, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M", &tm); /* the form of starts_at */
        for (t = 0; t < e->ns && strncmp(e->slot[t].starts, now, 16) < 0; t++)
            *over |= (uint64_t)1 << t;
        return DJ_OK;
    }
    if (from <= 0)
        return DJ_OK;
    for (t = 0; t < e->ns && e->slot[t].seq < from; t++)
        *over |= (uint64_t)1 << t;
    if (t == e->ns || e->slot[t].seq != from) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "from-slot");
        return dj_diag_set(diag, DJ_EINVAL, "event %s has no slot %d (its slots are %d to %d)",
                           e->code, from, e->ns ? e->slot[0].seq : 0,
                           e->ns ? e->slot[e->ns - 1].seq : 0);
    }
    return DJ_OK;
}

static double solver_clock_cap(double limit_s, double spent_ms)
{
    double cap = limit_s - 2 * spent_ms / 1e3;
    if (limit_s <= 0)
        return 0;
    return cap > limit_s / 2 ? cap : limit_s / 2;
}

int dj_app_event_schedule(dj_app *app, const char *event, const dj_app_sched_opts *o,
                          dj_app_sched_report *rep, dj_diag *diag)
{
    double t0 = dj__ev_now_ms();
    ev e;
    ev_plan pl;
    dj_sched_opts so;
    dj_sched_result res;
    dj_sched_eval eval;
    int *slot = NULL, *table = NULL, nr, r, i, rc;
    unsigned char *stay = NULL; /* [nm] replaced meetings the plan leaves as they were */

    memset(rep, 0, sizeof *rep);
    memset(&pl, 0, sizeof pl);
    dj_sched_result_init(&res);
    if (!dj_app_can(app->actor.role, DJ_ACT_RUN_EVENT))
        return dj_diag_set(diag, DJ_EPERM, "role may not schedule events");
    if ((rc = dj__ev_load(&e, app, event, diag)) < 0)
        goto done;
    rep->event_id = e.id;
    if (snprintf(rep->code, sizeof rep->code, "%s", e.code) >= (int)sizeof rep->code) {
        /* longer than 编号 allows: cut at a character */
        rep->code[dj_utf8_floor(rep->code, sizeof rep->code - 1)] = '\0';
    }
    pl.e = &e;
    if ((rc = slots_over(&pl.over, &e, o->from_slot, diag)) < 0)
        goto done;
    for (i = 0; i < e.ns && ((pl.over >> i) & 1); i++)
        ;
    rep->over = i;
    rep->from_seq = i < e.ns ? e.slot[i].seq : 0;
    rep->first_seq = e.ns ? e.slot[0].seq : 0;
    rep->last_seq = e.ns ? e.slot[e.ns - 1].seq : 0;
    rep->published = e.published;
    rep->keep = o->keep != DJ_APP_KEEP_AUTO ? o->keep
                : e.published               ? DJ_APP_FILL_ONLY
                                            : DJ_APP_KEEP_LOCKED;
    if ((rc = dj__ev_plan_build(&pl, rep->keep, rep, diag)) < 0)
        goto done;
    memset(&so, 0, sizeof so);
    so.time_limit_s = o->time_limit_s;
    so.clock_cap_s = solver_clock_cap(o->time_limit_s, dj__ev_now_ms() - t0);
    so.seed = o->seed;
    so.progress = o->progress;
    so.progress_ctx = o->progress_ctx;
    so.max_iters = o->max_iters;
    so.prefer = pl.prefer; /* leave meetings where they are when that costs nothing */
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
    /* the model's rules on the slots; tables are checked by check_tables:
     * they are the event's real tables, and a pool table held by a kept
     * exhibitor meeting (outside the model's count) is skipped, so a new
     * meeting may sit at a table number the model's smaller pool lacks */
    if ((rc = dj_sched_verify(&eval, pl.m, slot, NULL, diag)) < 0) {
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
    rep->clock_cut = res.clock_cut;
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
            unsched_reason(u->reason, sizeof u->reason, &pl, slot, r);
        }
    }
    rep->dry_run = o->dry_run != 0;
    if (!(stay = dj_calloc((size_t)e.nm + 1, 1))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    mark_stays(&pl, slot, table, stay, rep);
    if (o->dry_run)
        count_plan(&pl, slot, table, stay, rep);
    else if ((rc = write_plan(app, &pl, slot, table, stay, o, rep, diag)) < 0)
        goto done;
    rc = DJ_OK;
done:
    rep->total_ms = dj__ev_now_ms() - t0;
    dj_free(stay);
    dj_free(slot);
    dj_free(table);
    dj_sched_result_fini(&res);
    dj__ev_plan_fini(&pl);
    dj__ev_fini(&e);
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

/* The weight left between the schedule and its upper bound, in % of the
 * bound (0 when the bound is 0). */
static double weight_gap_pct(const dj_app_sched_report *rep)
{
    return rep->weight_ub > 0
               ? 100.0 * (double)(rep->weight_ub - rep->weight) / (double)rep->weight_ub
               : 0;
}

/* The CLI flag that names a run's mode (rep->keep). */
static const char *keep_name(int keep)
{
    return keep == DJ_APP_REPLAN_ALL  ? "replan-all"
           : keep == DJ_APP_FILL_ONLY ? "fill-only"
                                      : "keep-locked";
}

int dj_app_sched_report_json(dj_buf *out, const dj_app_sched_report *rep)
{
    int i;
    dj_buf_puts(out, "{\"event\":");
    dj_buf_json_str(out, rep->code, strlen(rep->code));
    dj_buf_printf(out,
                  ",\"event_id\":%lld,\"status\":\"%s\",\"request_rows\":%d,\"skipped_rows\":%d,"
                  "\"closed_rows\":%d,\"vetoed_rows\":%d,\"requests\":%d,\"must\":%d,\"must_"
                  "scheduled\":%d,\"scheduled\":%d,"
                  "\"unscheduled\":%d,\"kept\":%d,\"mode\":\"%s\",\"published\":%s,"
                  "\"dry_run\":%s,\"unchanged\":%d,\"removed\":%d,\"inserted\":%d,"
                  "\"weight\":%lld,\"weight_ub\":%lld,\"weight_gap\":%lld,\"breaks\":%d,"
                  "\"breaks_lb\":%d,\"breaks_gap\":%d,\"max_breaks\":%d,\"min_breaks\":%d,"
                  "\"iters\":%ld,\"clock_cut\":%s,\"solve_ms\":%.1f,\"ms\":%.1f,"
                  "\"slots_over\":%d,\"from_slot\":%d,\"unscheduled_requests\":[",
                  (long long)rep->event_id, status_name(rep->status), rep->request_rows,
                  rep->skipped_rows, rep->closed_rows, rep->vetoed_rows, rep->requests, rep->must,
                  rep->must_scheduled, rep->scheduled, rep->nunsched, rep->kept,
                  keep_name(rep->keep), rep->published ? "true" : "false",
                  rep->dry_run ? "true" : "false", rep->unchanged, rep->removed, rep->inserted,
                  rep->weight, rep->weight_ub, rep->weight_ub - rep->weight, rep->breaks,
                  rep->breaks_lb, rep->breaks - rep->breaks_lb, rep->max_breaks, rep->min_breaks,
                  rep->iters, rep->clock_cut ? "true" : "false", rep->solve_ms, rep->total_ms,
                  rep->over, rep->from_seq);
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
    dj_buf_puts(out, "],\"notes\":[");
    for (i = 0; i < rep->nnotes; i++) {
        if (i)
            dj_buf_putc(out, ',');
        dj_buf_json_str(out, rep->notes[i], strlen(rep->notes[i]));
    }
    dj_buf_puts(out, "]}\n");
    return dj_buf_rc(out);
}

int dj_app_sched_report_text(dj_buf *out, const dj_app_sched_report *rep)
{
    int i;
    dj_buf_printf(out, "event %s: %d requests (%d must) from %d request rows, %d rows skipped",
                  rep->code, rep->requests, rep->must, rep->request_rows, rep->skipped_rows);
    if (rep->skipped_rows)
        dj_buf_printf(out, " (%d declined or cancelled, %d in pairs a 不要 row vetoes)",
                      rep->closed_rows, rep->vetoed_rows);
    dj_buf_putc(out, '\n');
    dj_buf_printf(out, "scheduled %d of %d (must %d of %d); kept %d fixed meetings (--%s%s)\n",
                  rep->scheduled, rep->requests, rep->must_scheduled, rep->must, rep->kept,
                  keep_name(rep->keep),
                  rep->published ? "; published: a dropped meeting is cancelled" : "");
    dj_buf_printf(out,
                  "weight %lld, upper bound %lld: gap %lld (%.1f %%); breaks %d, lower bound %d: "
                  "gap %d; max %d, min %d; %s\n",
                  rep->weight, rep->weight_ub, rep->weight_ub - rep->weight, weight_gap_pct(rep),
                  rep->breaks, rep->breaks_lb, rep->breaks - rep->breaks_lb, rep->max_breaks,
                  rep->min_breaks,
                  rep->status == DJ_SCHED_OPTIMAL ? "optimal (no better timetable exists)"
                                                  : "feasible (a better one may exist: the gaps "
                                                    "bound what it could gain)");
    dj_buf_printf(out,
                  "meetings: %d unchanged, %d %s, %d %s; solver %.0f ms (%ld iterations), "
                  "total %.0f ms\n",
                  rep->unchanged, rep->removed, rep->dry_run ? "would be removed" : "removed",
                  rep->inserted,
                  rep->dry_run ? "would be written (dry run: nothing written)" : "written",
                  rep->solve_ms, rep->iters, rep->total_ms);
    if (rep->over && rep->from_seq)
        dj_buf_printf(out,
                      "the %d slot%s before slot %d %s over: %s meetings stay as they are; new "
                      "meetings go in slots %d to %d\n",
                      rep->over, rep->over == 1 ? "" : "s", rep->from_seq,
                      rep->over == 1 ? "is" : "are", rep->over == 1 ? "its" : "their",
                      rep->from_seq, rep->last_seq);
    else if (rep->over)
        dj_buf_printf(out, "every slot (%d to %d) is over: no new meeting can be placed\n",
                      rep->first_seq, rep->last_seq);
    if (rep->clock_cut)
        dj_buf_puts(out, "the wall clock cut the solver short (this machine is slower or busier "
                         "than its work budget assumes): another run with the same seed may "
                         "differ\n");
    for (i = 0; i < rep->nnotes; i++)
        dj_buf_printf(out, "note: %s\n", rep->notes[i]);
    if (rep->nunsched)
        dj_buf_printf(out, "unscheduled (%d):\n", rep->nunsched);
    for (i = 0; i < rep->nunsched; i++) {
        const dj_app_unsched *u = &rep->unsched[i];
        dj_buf_printf(out, "  #%lld %s %s -> %s: %s\n", (long long)u->request_id,
                      u->must ? "must" : "want", u->from, u->to, u->reason);
    }
    return dj_buf_rc(out);
}
