/* events_plan.c - the model of an event to schedule (events_int.h describes
 * it): request rows grouped by pair (a 'no' vetoes the pair), kept meetings
 * locked in, participants' limits and availability, one model request per
 * pair group. */
#include "app/events_int.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Adds a model request; its index is returned (>= 0) or an error. A kept
 * meeting's request (meet >= 0) or an extra one (grp < 0) has no session
 * or slot of its own: the lock places it. */
static int add_mreq(ev_plan *pl, int a, int b, int w, int meet, int grp)
{
    int session = meet < 0 && grp >= 0 ? pl->g[grp].session : DJ_SCHED_ANY;
    int fixed = meet < 0 && grp >= 0 ? pl->g[grp].fixed : DJ_SCHED_ANY;
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
    if ((rc = dj_sched_add_request(&id, pl->m, a, b, w, meet >= 0, session, fixed)) < 0)
        return rc;
    pl->mreq_meet[id] = meet;
    pl->mreq_grp[id] = grp;
    pl->ktab[id] = -1;
    pl->nmreq = id + 1;
    return id;
}

void dj__ev_plan_fini(ev_plan *pl)
{
    dj_sched_free(pl->m);
    dj_free(pl->g);
    dj_free(pl->kept);
    dj_free(pl->mreq_meet);
    dj_free(pl->mreq_grp);
    dj_free(pl->ktab);
    dj_free(pl->busy);
    dj_free(pl->cnt);
    dj_free(pl->prev);
    dj_free(pl->prefer);
    dj_free(pl->prec);
}

/* Appends a copy of msg to the report's notes. */
static int add_note(dj_app_sched_report *rep, const char *msg)
{
    char **grown = dj_realloc(rep->notes, ((size_t)rep->nnotes + 1) * sizeof *grown);
    if (!grown)
        return DJ_ENOMEM;
    rep->notes = grown;
    if (!(rep->notes[rep->nnotes] = dj_strdup(msg)))
        return DJ_ENOMEM;
    rep->nnotes++;
    return DJ_OK;
}

/* Adds to rep->notes that the rows of g's pair name different 场次, 指定时段
 * or 先于 (rows[lo..hi), 'no' rows aside), and which one is used. */
static int note_disagreement(const ev_plan *pl, const ev_group *g, const int *rows, int lo, int hi,
                             int seq, dj_app_sched_report *rep)
{
    const dj_enum_item *sess = dj_enum_session.items; /* by session number */
    const ev *e = pl->e;
    char msg[600];
    int k;

    for (k = lo; k < hi; k++) {
        const ev_req *q = &e->req[rows[k]];
        if (q->pref == PREF_NO)
            continue;
        if (q->session >= 0 && g->session != DJ_SCHED_ANY && q->session != g->session)
            snprintf(msg, sizeof msg, "%s and %s: request rows name 场次 %s and %s; %s is used",
                     e->part[g->a].org, e->part[g->b].org, sess[g->session].zh, sess[q->session].zh,
                     sess[g->session].zh);
        else if (q->slot_seq > 0 && seq > 0 && q->slot_seq != seq)
            snprintf(msg, sizeof msg, "%s and %s: request rows name 指定时段 %d and %d; %d is used",
                     e->part[g->a].org, e->part[g->b].org, seq, q->slot_seq, seq);
        else if (q->before >= 0 && g->before >= 0 &&
                 (q->before != g->before || q->from != g->owner))
            snprintf(msg, sizeof msg,
                     "%s and %s: request rows name different 先于 (%s's meeting with %s, "
                     "%s's with %s); the first is used",
                     e->part[g->a].org, e->part[g->b].org, e->part[g->owner].org,
                     e->part[g->before].org, e->part[q->from].org, e->part[q->before].org);
        else
            continue;
        return add_note(rep, msg); /* one note per pair */
    }
    return DJ_OK;
}

/* The pair's 场次, 指定时段 and 先于: each of its first row that names one,
 * the representative first, then rows[lo..hi) in order. A slot number the
 * event no longer has (its slots were re-imported fewer) is refused, naming
 * the pair: a silent "any slot" would break the promise the row records. */
static int group_constraints(ev_plan *pl, ev_group *g, const int *rows, int lo, int hi,
                             dj_app_sched_report *rep, dj_diag *diag)
{
    const ev *e = pl->e;
    int k, seq = e->req[g->rep].slot_seq, t, rc;

    g->owner = e->req[g->rep].before >= 0 ? e->req[g->rep].from : -1;
    g->before = e->req[g->rep].before;
    for (k = lo; k < hi && g->before < 0; k++)
        if (e->req[rows[k]].pref != PREF_NO && e->req[rows[k]].before >= 0) {
            g->owner = e->req[rows[k]].from;
            g->before = e->req[rows[k]].before;
        }
    g->session = e->req[g->rep].session >= 0 ? e->req[g->rep].session : DJ_SCHED_ANY;
    for (k = lo; k < hi && g->session == DJ_SCHED_ANY; k++)
        if (e->req[rows[k]].pref != PREF_NO && e->req[rows[k]].session >= 0)
            g->session = e->req[rows[k]].session;
    for (k = lo; k < hi && seq <= 0; k++)
        if (e->req[rows[k]].pref != PREF_NO)
            seq = e->req[rows[k]].slot_seq;
    if ((rc = note_disagreement(pl, g, rows, lo, hi, seq, rep)) < 0)
        return rc;
    g->fixed = DJ_SCHED_ANY;
    if (seq <= 0)
        return DJ_OK;
    for (t = 0; t < e->ns && e->slot[t].seq != seq; t++)
        ;
    if (t == e->ns) {
        if (diag)
            snprintf(diag->field, sizeof diag->field, "指定时段");
        return dj_diag_set(diag, DJ_ECONSTRAINT,
                           "the request of %s and %s names slot %d, which event %s does not have "
                           "(%d slots): change or clear its 指定时段",
                           e->part[g->a].org, e->part[g->b].org, seq, e->code, e->ns);
    }
    g->fixed = t;
    return DJ_OK;
}

int dj__ev_plan_allows(const ev_plan *pl, int r, int t)
{
    const ev_group *g = pl->mreq_grp[r] >= 0 ? &pl->g[pl->mreq_grp[r]] : NULL;
    if (!g || pl->mreq_meet[r] >= 0)
        return 1;
    return (g->fixed == DJ_SCHED_ANY || g->fixed == t) &&
           (g->session == DJ_SCHED_ANY || g->session == pl->e->slot[t].session);
}

/* Groups the live request rows by pair; a 'no' row vetoes its pair. */
static int make_groups(ev_plan *pl, dj_app_sched_report *rep, dj_diag *diag)
{
    ev *e = pl->e;
    rowkey *key = NULL;
    int *order = NULL, n = 0, i, j, rc;

    if (!(order = dj_malloc(((size_t)e->nr + 1) * sizeof(int))) ||
        !(key = dj_malloc(((size_t)e->nr + 1) * sizeof *key)) ||
        !(pl->g = dj_calloc((size_t)e->nr + 1, sizeof(ev_group)))) {
        dj_free(order);
        dj_free(key);
        return DJ_ENOMEM;
    }
    for (i = 0; i < e->nr; i++) {
        const ev_req *q = &e->req[i];
        if (q->status == RQ_DECLINED || q->status == RQ_CANCELLED) {
            rep->skipped_rows++;
            rep->closed_rows++;
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
        ev_group *g = &pl->g[pl->ng];
        for (j = i; j < n && same_pair(q->from, q->to, e->req[order[j]].from, e->req[order[j]].to);
             j++)
            veto |= e->req[order[j]].pref == PREF_NO;
        for (k = i; k < j; k++)
            rows += e->req[order[k]].pref != PREF_NO;
        if (veto) {
            rep->skipped_rows += j - i;
            rep->vetoed_rows += j - i;
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
        if ((rc = group_constraints(pl, g, order, i, j, rep, diag)) < 0) {
            dj_free(order);
            return rc;
        }
        pl->ng++;
    }
    dj_free(order);
    rep->requests = pl->ng;
    for (i = 0; i < pl->ng; i++)
        rep->must += pl->g[i].must;
    return DJ_OK;
}

/* The group of pair {a, b}, or -1. */
static int pair_group(const ev_plan *pl, int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a, l = 0, r = pl->ng;
    while (l < r) { /* groups are in (lo, hi) order, one per pair (make_groups) */
        int mid = l + (r - l) / 2, glo = pl->g[mid].a < pl->g[mid].b ? pl->g[mid].a : pl->g[mid].b;
        int ghi = pl->g[mid].a < pl->g[mid].b ? pl->g[mid].b : pl->g[mid].a;
        if (glo < lo || (glo == lo && ghi < hi))
            l = mid + 1;
        else
            r = mid;
    }
    return l < pl->ng && same_pair(pl->g[l].a, pl->g[l].b, a, b) ? l : -1;
}

/* The group of pair {a, b} not yet claimed by a kept meeting, or -1. */
static int find_group(const ev_plan *pl, int a, int b)
{
    int g = pair_group(pl, a, b);
    return g >= 0 && pl->g[g].kept < 0 ? g : -1;
}

/* Orientation of a kept meeting so the model's booth rule (booth of the
 * first side, else of the second) names the booth it sits at: returns 1
 * when b must come first. */
static int kept_flip(const ev *e, const ev_meet *km)
{
    const ev_part *pa = &e->part[km->a], *pb = &e->part[km->b];
    return km->table >= 0 && pa->booth_table >= 0 && pb->booth_table == km->table;
}

/* Whether a meeting stays fixed whatever the mode: held and no-show always,
 * a scheduled one in a slot that is over (it took place or not: marking it
 * is another command), locked unless re-planning all. */
static int is_fixed(const ev_plan *pl, const ev_meet *km, int keep)
{
    return km->status == MT_HELD || km->status == MT_NOSHOW ||
           (km->status == MT_SCHEDULED && ((pl->over >> km->slot) & 1)) ||
           (km->status == MT_SCHEDULED && km->locked && keep != DJ_APP_REPLAN_ALL);
}

/* With fill-only, whether a scheduled meeting may stay as it is: its pair
 * still has a live request (one whose requests were all withdrawn or
 * vetoed goes), it sits at a table, both sides are available in its slot
 * and the slot is in the pair's 场次 and 指定时段; the limits are checked
 * over all of them by fill_over_limits. A meeting that may not stay is
 * planned again (preferring its slot). */
static int fill_may_stay(const ev_plan *pl, const ev_meet *km)
{
    const ev *e = pl->e;
    uint64_t bit = (uint64_t)1 << km->slot;
    int g = find_group(pl, km->a, km->b);
    return km->status == MT_SCHEDULED && !km->locked && km->table >= 0 &&
           !((e->part[km->a].unavail | e->part[km->b].unavail) & bit) && g >= 0 &&
           (pl->g[g].fixed == DJ_SCHED_ANY || pl->g[g].fixed == km->slot) &&
           (pl->g[g].session == DJ_SCHED_ANY || pl->g[g].session == e->slot[km->slot].session);
}

/* Two meetings that stay in the wrong order for a pair's 先于 (the meeting
 * of owner and before in the same slot or earlier): with fill-only both
 * are planned again, ordered (add_precedences) and preferring their slots,
 * so the solver moves the one that costs least; a held, no-show or locked
 * one stays as it is. When neither may move the order is history and the
 * report notes it. */
static int fill_order(const ev_plan *pl, int keep, unsigned char *fill, dj_app_sched_report *rep)
{
    const ev *e = pl->e;
    int i, rc = DJ_OK, *mg = dj_malloc(((size_t)pl->ng + 1) * sizeof(int)); /* group -> meeting */

    if (!mg)
        return DJ_ENOMEM;
    for (i = 0; i < pl->ng; i++)
        mg[i] = -1;
    for (i = 0; i < e->nm; i++) {
        int g = fill[i] || is_fixed(pl, &e->meet[i], keep)
                    ? pair_group(pl, e->meet[i].a, e->meet[i].b)
                    : -1;
        if (g >= 0 && mg[g] < 0)
            mg[g] = i;
    }
    for (i = 0; i < pl->ng && rc >= 0; i++) {
        const ev_group *g = &pl->g[i];
        int j = g->before >= 0 ? pair_group(pl, g->owner, g->before) : -1;
        int first = mg[i], later = j >= 0 && j != i ? mg[j] : -1;
        char msg[600];
        if (first < 0 || later < 0 || e->meet[first].slot < e->meet[later].slot)
            continue;
        if (fill[first] || fill[later]) {
            fill[first] = fill[later] = 0; /* a fixed one stays fixed */
            continue;
        }
        snprintf(msg, sizeof msg,
                 "%s meets %s in slot %d, not before %s (slot %d) as its 先于 asks; both "
                 "meetings are kept as they are",
                 e->part[g->owner].org, e->part[g->owner == g->a ? g->b : g->a].org,
                 e->slot[e->meet[first].slot].seq, e->part[g->before].org,
                 e->slot[e->meet[later].slot].seq);
        rc = add_note(rep, msg);
    }
    dj_free(mg);
    return rc;
}

/* Drops from fill[] the meetings of every participant that fixed and
 * fill-only meetings together take over its 最多洽谈 (0 = none but kept):
 * the solver decides which of them it keeps. */
static int fill_over_limits(const ev_plan *pl, int keep, unsigned char *fill)
{
    const ev *e = pl->e;
    int i, *cnt = dj_calloc((size_t)e->np + 1, sizeof(int));

    if (!cnt)
        return DJ_ENOMEM;
    for (i = 0; i < e->nm; i++)
        if (fill[i] || is_fixed(pl, &e->meet[i], keep)) {
            cnt[e->meet[i].a]++;
            cnt[e->meet[i].b]++;
        }
    for (i = 0; i < e->nm; i++) {
        const ev_meet *km = &e->meet[i];
        int ma = e->part[km->a].max, mb = e->part[km->b].max;
        if (fill[i] && ((ma >= 0 && cnt[km->a] > ma) || (mb >= 0 && cnt[km->b] > mb)))
            fill[i] = 0;
    }
    dj_free(cnt);
    return DJ_OK;
}

/* Marks the kept meetings (is_fixed, and with fill-only those that may
 * stay) and what they hold: kbusy/kcount per participant, pool tables they
 * take outside the model's count, booths they borrow. Two kept meetings of
 * one participant or one table in a slot are refused. */
static int mark_kept(ev_plan *pl, int keep, uint64_t *kbusy, int *kcount, dj_app_sched_report *rep,
                     dj_diag *diag)
{
    ev *e = pl->e;
    int i, rc, *at = NULL; /* [ns * nt] kept meeting at (slot, table), -1 */
    unsigned char *fill = dj_calloc((size_t)e->nm + 1, 1); /* fill-only meetings that stay */

    if (!fill)
        return DJ_ENOMEM;
    for (i = 0; keep == DJ_APP_FILL_ONLY && i < e->nm; i++)
        fill[i] = (unsigned char)fill_may_stay(pl, &e->meet[i]);
    if ((rc = fill_order(pl, keep, fill, rep)) < 0 || (rc = fill_over_limits(pl, keep, fill)) < 0)
        goto done;
    if (!(at = dj_malloc(((size_t)e->ns * (size_t)e->nt + 1) * sizeof(int)))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < e->ns * e->nt; i++)
        at[i] = -1;
    for (i = 0; i < e->nm; i++) {
        ev_meet *km = &e->meet[i];
        uint64_t bit = (uint64_t)1 << km->slot;
        if (!fill[i] && !is_fixed(pl, km, keep))
            continue;
        pl->kept[i] = 1;
        rep->kept++;
        if ((kbusy[km->a] | kbusy[km->b]) & bit) {
            rc = dj_diag_set(
                diag, DJ_ECONSTRAINT, "kept meetings clash: %s has two kept meetings in slot %d",
                e->part[(kbusy[km->a] & bit) ? km->a : km->b].org, e->slot[km->slot].seq);
            goto done;
        }
        if (km->table >= 0 && at[km->slot * e->nt + km->table] >= 0) {
            rc = dj_diag_set(diag, DJ_ECONSTRAINT,
                             "kept meetings clash: table %s holds two kept meetings in slot %d",
                             e->table[km->table].label, e->slot[km->slot].seq);
            goto done;
        }
        if (km->table >= 0)
            at[km->slot * e->nt + km->table] = i;
        kbusy[km->a] |= bit;
        kbusy[km->b] |= bit;
        kcount[km->a]++;
        kcount[km->b]++;
        if (km->table >= 0) {
            const ev_table *tb = &e->table[km->table];
            int exhibitors = e->part[km->a].booth_table >= 0 || e->part[km->b].booth_table >= 0;
            if (!tb->booth_org && exhibitors)
                pl->poolcap[km->slot]--; /* sits at a pool table the model does not count */
            if (tb->booth_org && e->part[km->a].booth_table != km->table &&
                e->part[km->b].booth_table != km->table && tb->model >= 0) {
                int owner;
                for (owner = 0; owner < e->np && e->part[owner].booth_table != km->table; owner++)
                    ;
                if (owner < e->np) /* someone else's booth: its owner cannot meet there */
                    e->part[owner].unavail |= bit;
            }
        }
    }
    rc = DJ_OK;
done:
    dj_free(at);
    dj_free(fill);
    return rc;
}

/* Participants and slots of the model; nobody is available in a slot that
 * is over; kept meetings override availability and raise limits. */
static int set_participants_and_slots(ev_plan *pl, const uint64_t *kbusy, const int *kcount)
{
    ev *e = pl->e;
    int i, t, rc;

    for (i = 0; i < e->np; i++)
        e->part[i].unavail |= pl->over; /* read again by fill_gaps and the reasons */
    for (i = 0; i < e->np; i++) {
        int max = e->part[i].max, none = max == 0; /* 最多洽谈 0: no meeting but kept ones */
        if (max >= 0 && kcount[i] > max)
            max = kcount[i];
        if ((rc = dj_sched_set_participant(pl->m, i, max < 0 ? 0 : max,
                                           e->part[i].booth_table >= 0)) < 0)
            return rc;
        for (t = 0; t < e->ns; t++) {
            uint64_t bit = (uint64_t)1 << t;
            if (((e->part[i].unavail & bit) || none) && !(kbusy[i] & bit) &&
                (rc = dj_sched_set_unavailable(pl->m, i, t, 0)) < 0)
                return rc;
        }
    }
    for (t = 0; t < e->ns; t++)
        if ((rc = dj_sched_set_slot(pl->m, t, e->slot[t].day, e->slot[t].session,
                                    pl->poolcap[t] < 0 ? 0 : pl->poolcap[t])) < 0)
            return rc;
    return DJ_OK;
}

/* One model request per pair group, turned the way its kept meeting sits. */
static int add_group_requests(ev_plan *pl)
{
    ev *e = pl->e;
    int i;

    for (i = 0; i < pl->ng; i++) {
        ev_group *g = &pl->g[i];
        int a = g->a, b = g->b, id;
        if (g->kept >= 0) {
            const ev_meet *km = &e->meet[g->kept];
            a = kept_flip(e, km) ? km->b : km->a;
            b = kept_flip(e, km) ? km->a : km->b;
        }
        if ((id = add_mreq(pl, a, b, g->must ? DJ_APP_W_MUST : DJ_APP_W_WANT, g->kept, i)) < 0)
            return id;
        g->mreq = id;
    }
    return DJ_OK;
}

/* Locks kept meeting i at its slot: as model request id (its group's), or as
 * an extra request of weight 1 when id < 0; records the table it keeps. */
static int lock_kept(ev_plan *pl, int i, int id)
{
    ev *e = pl->e;
    const ev_meet *km = &e->meet[i];
    int rc;

    if (id < 0) {
        int flip = kept_flip(e, km);
        if ((id = add_mreq(pl, flip ? km->b : km->a, flip ? km->a : km->b, 1, i, -1)) < 0)
            return id;
    }
    if ((rc = dj_sched_lock(pl->m, id, km->slot)) < 0)
        return rc;
    if (e->part[km->a].booth_table < 0 && e->part[km->b].booth_table < 0 &&
        (km->table < 0 || e->table[km->table].booth_org)) {
        /* two visitors met at someone's booth or at no table: no pool table */
        if ((rc = dj_sched_set_off_pool(pl->m, id)) < 0)
            return rc;
        pl->ktab[id] = KTAB_OFF_POOL;
    } else if (km->table >= 0 && e->table[km->table].model >= 0) {
        int mt = e->table[km->table].model, ra, rb, booth;
        dj_sched_request(pl->m, id, &ra, &rb, NULL, NULL);
        booth = e->part[ra].booth_table >= 0 ? e->part[ra].booth_table : e->part[rb].booth_table;
        /* the model's table for it: the pool, or the booth of its first side that has one
         * (at a third party's booth the model seats it at its own, which is free anyway) */
        if (booth < 0 ? mt < e->npool : mt == e->table[booth].model)
            pl->ktab[id] = mt;
    }
    return DJ_OK;
}

/* The model's requests: one per pair group (a kept meeting claims its
 * pair's group), then the kept meetings without a live request (weight 1);
 * every kept meeting is locked at its slot and keeps its stored table when
 * the model agrees with it. */
static int add_requests(ev_plan *pl)
{
    ev *e = pl->e;
    int i, rc, *kgrp; /* [nm] group claimed by kept meeting i, or -1 */

    if (!(kgrp = dj_malloc(((size_t)e->nm + 1) * sizeof(int))))
        return DJ_ENOMEM;
    for (i = 0; i < e->nm; i++) {
        kgrp[i] = pl->kept[i] ? find_group(pl, e->meet[i].a, e->meet[i].b) : -1;
        if (kgrp[i] >= 0)
            pl->g[kgrp[i]].kept = i;
    }
    rc = add_group_requests(pl);
    for (i = 0; rc >= 0 && i < e->nm; i++)
        if (pl->kept[i])
            rc = lock_kept(pl, i, kgrp[i] >= 0 ? pl->g[kgrp[i]].mreq : -1);
    dj_free(kgrp);
    return rc < 0 ? rc : DJ_OK;
}

/* The pairs' 先于 as model precedences: the meeting of a group comes
 * before the one of (owner, before) when that pair has a live request. Two
 * kept meetings are history (or stay under --fill-only) and are not
 * ordered; a kept meeting and a new one are. */
static int add_precedences(ev_plan *pl)
{
    int i, rc;

    if (!(pl->prec = dj_malloc(((size_t)pl->ng * 2 + 1) * sizeof(int))))
        return DJ_ENOMEM;
    for (i = 0; i < pl->ng; i++) {
        const ev_group *g = &pl->g[i];
        int j = g->before >= 0 ? pair_group(pl, g->owner, g->before) : -1;
        if (j < 0 || j == i || (g->kept >= 0 && pl->g[j].kept >= 0))
            continue;
        if ((rc = dj_sched_add_precedence(pl->m, g->mreq, pl->g[j].mreq)) < 0)
            return rc;
        pl->prec[2 * pl->nprec] = g->mreq;
        pl->prec[2 * pl->nprec + 1] = pl->g[j].mreq;
        pl->nprec++;
    }
    return DJ_OK;
}

/* For each model request, the meeting of its pair that the plan replaces
 * (scheduled and not kept; the first of them) and its slot: a re-plan
 * prefers to leave it there. */
static int mark_previous(ev_plan *pl)
{
    ev *e = pl->e;
    int i;

    if (!(pl->prev = dj_malloc(((size_t)pl->nmreq + 1) * sizeof(int))) ||
        !(pl->prefer = dj_malloc(((size_t)pl->nmreq + 1) * sizeof(int))))
        return DJ_ENOMEM;
    for (i = 0; i < pl->nmreq; i++)
        pl->prev[i] = pl->prefer[i] = -1;
    for (i = 0; i < e->nm; i++) {
        const ev_meet *mt = &e->meet[i];
        int g = mt->status == MT_SCHEDULED && !pl->kept[i] ? find_group(pl, mt->a, mt->b) : -1;
        int r = g >= 0 ? pl->g[g].mreq : -1;
        if (r >= 0 && pl->prev[r] < 0) {
            pl->prev[r] = i;
            pl->prefer[r] = mt->slot;
        }
    }
    return DJ_OK;
}

/* Builds the model: base, kept meetings (locks, availability and limit
 * overrides, pool capacity), one request per group, each request's
 * previous meeting. */
int dj__ev_plan_build(ev_plan *pl, int keep, dj_app_sched_report *rep, dj_diag *diag)
{
    ev *e = pl->e;
    int t, rc, *kcount = NULL;
    uint64_t *kbusy = NULL;

    if ((rc = dj__ev_build_base(&pl->m, e)) < 0)
        return rc;
    if (!(pl->kept = dj_calloc((size_t)e->nm + 1, sizeof(int))) ||
        !(kcount = dj_calloc((size_t)e->np + 1, sizeof(int))) ||
        !(kbusy = dj_calloc((size_t)e->np + 1, sizeof(uint64_t)))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (t = 0; t < e->ns; t++)
        pl->poolcap[t] = e->npool;
    if ((rc = make_groups(pl, rep, diag)) >= 0 &&
        (rc = mark_kept(pl, keep, kbusy, kcount, rep, diag)) >= 0 &&
        (rc = set_participants_and_slots(pl, kbusy, kcount)) >= 0 && (rc = add_requests(pl)) >= 0 &&
        (rc = add_precedences(pl)) >= 0)
        rc = mark_previous(pl);
done:
    dj_free(kcount);
    dj_free(kbusy);
    return rc < 0 ? rc : DJ_OK;
}
