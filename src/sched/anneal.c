/* anneal.c - the annealer: greedy construction, then simulated annealing
 * over a penalised objective with incremental evaluation.
 *
 * State: slot[r] for every request (-1 = unscheduled), and derived counters
 * kept exact after every change by set_slot(): occupancy per participant and
 * slot, busy masks, meeting counts, breaks per participant, pool use per
 * slot, violated precedences, the fairness histogram. Cost (int64):
 *   s->hard * (double bookings + over-capacity + precedences + unscheduled
 *           required + over max-meetings [+ fairness excess when hard])
 *   + ww * unscheduled weight + WB * breaks [+ WF * fairness excess]
 *   + WM * meetings away from their preferred slot (opts prefer, re-plans)
 *   + WI * idle slots
 * so weight dominates breaks, which dominate the spread. Moves: relocate one
 * meeting, swap two meetings of one participant, insert a meeting ejecting
 * the meetings it collides with (they move to its old slot or drop out),
 * Kempe chains between two slots, swap two whole slots, rotate or reverse a
 * range of slots. Every move is logged so a rejected move is undone exactly.
 * The best state with no hard violation is kept. The hard penalty starts
 * just above any weight gain; a window of SA_FEAS_WINDOW iterations that
 * visits no valid state raises it by a quarter (up to SA_HARD_CAP times its
 * start), so the search cannot settle in invalid states that trade one
 * violation for a few breaks; each cooling cycle starts at the first
 * penalty again (long runs gain from roaming through invalid states).
 *
 * Determinism: all randomness comes from one splitmix64 seeded by the
 * caller, and the run stops on its work budget (sa_work: counted operations
 * times constants fitted once, docs/sched.md) or its iteration count, never
 * on the clock, which is only a safety cap (out->clock_cut). The
 * generator's final state is returned so that the later phases of
 * solve.c draw their seeds from the same stream. */
#include "sched/sched_int.h"
#include "util/alloc.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WB 16LL /* one break */
#define WW 16LL /* one unit of weight (a "want" = 10 units = 10 breaks), unless raised: see ww */
#define WF 8LL  /* one unit of fairness excess when soft */
#define WI 1LL  /* one idle slot: a gentle slope toward closing gaps */
#define WM 8LL  /* one meeting moved or dropped from its preferred slot (2 = one break) */

typedef struct logent {
    int r, from, to;
} logent;

typedef struct state {
    dj__sched_counters k; /* slots and the counters derived from them */
    long long vreq, vmax; /* required meetings unscheduled, meetings over limits */
    long long unsched_w;
    long long hard;    /* penalty of one hard violation: above any weight gain */
    int optional;      /* the model has optional requests */
    const int *prefer; /* NULL or the preferred slot per request (-1 = none) */
    long long moved;   /* requests with a preferred slot that are elsewhere or out */
    long long ww;      /* one unit of weight: WW, raised so that the lightest optional
                          meeting outweighs the two breaks it can open (state_init) */
    logent *log;
    int nlog, caplog;
    int *chain;     /* [nr] requests of the current Kempe chain */
    unsigned *mark; /* [nr] stamp per request */
    unsigned stamp;
    int logging;
    uint64_t rng;
    long long niter, nset, nscan; /* work: iterations, set_slot calls, entries scanned */
    long long best_unsched;       /* figures of the best valid state, for progress reports */
    int best_breaks;
} state;

static double now_ms(void)
{
    return dj__sched_now_ms();
}

#define SA_ITER_REF    400.0  /* typical reference ns of one iteration (cycle length) */
#define SA_FEAS_WINDOW 65536L /* iterations without a valid state before the penalty rises */
#define SA_HARD_CAP    16     /* the penalty rises to at most this many times its start */

static long long hard_viol(const state *s)
{
    long long v = s->k.vconf + s->k.vcap + s->k.vprec + s->vreq + s->vmax;
    if (s->k.m->fair_hard)
        v += dj__sched_spread_excess(&s->k);
    return v;
}

/* the objective proper (what "best" means) */
static long long obj_of(const state *s)
{
    long long c = s->hard * (s->k.vconf + s->k.vcap + s->k.vprec + s->vreq + s->vmax) +
                  s->ww * s->unsched_w + WB * s->k.breaks + WM * s->moved;
    int fe = dj__sched_spread_excess(&s->k);
    c += s->k.m->fair_hard ? s->hard * fe : WF * fe;
    return c;
}

/* what the search descends: the objective plus the idle-slot slope */
static long long cost_of(const state *s)
{
    return obj_of(s) + WI * s->k.idle;
}

/* The current state is the new best valid one: keep its figures. */
static void note_best(state *s)
{
    s->best_unsched = s->unsched_w;
    s->best_breaks = s->k.breaks;
}

static int prec_violated(const state *s, int i)
{
    int sb = s->k.slot[s->k.m->pb[i]], sa = s->k.slot[s->k.m->pa[i]];
    return sb >= 0 && sa >= 0 && sb >= sa;
}

static void part_update(state *s, int x, int t, int delta)
{
    const dj_sched *m = s->k.m;
    uint16_t *o = &s->k.occ[(size_t)x * (size_t)s->k.ns + (size_t)t];
    int oldc = s->k.cnt[x], oldb = s->k.brk[x], nb;
    int lim = m->max_meet[x];

    dj__sched_occ_step(o, &s->k.busy[x], &s->k.vconf, t, delta);
    s->k.cnt[x] = oldc + delta;
    if (lim > 0) {
        int ov0 = oldc > lim ? oldc - lim : 0, ov1 = s->k.cnt[x] > lim ? s->k.cnt[x] - lim : 0;
        s->vmax += ov1 - ov0;
    }
    nb = dj__sched_breaks_of(s->k.busy[x], m->planned[x], s->k.seg, s->k.nseg);
    s->k.brk[x] = nb;
    s->k.breaks += nb - oldb;
    {
        int ni = dj__sched_idle_of(s->k.busy[x], m->planned[x], s->k.seg, s->k.nseg);
        s->k.idle += ni - s->k.idl[x];
        s->k.idl[x] = ni;
    }
    if (oldc >= 2)
        s->k.hist[oldb]--;
    if (s->k.cnt[x] >= 2)
        s->k.hist[nb]++;
}

static int log_push(state *s, int r, int from, int to)
{
    if (s->nlog == s->caplog) {
        int ncap = s->caplog ? s->caplog * 2 : 64;
        logent *n = dj_realloc(s->log, (size_t)ncap * sizeof *n);
        if (!n)
            return DJ_ENOMEM;
        s->log = n;
        s->caplog = ncap;
    }
    s->log[s->nlog].r = r;
    s->log[s->nlog].from = from;
    s->log[s->nlog].to = to;
    s->nlog++;
    return DJ_OK;
}

/* Moves request r to slot nt (-1 = unschedule), keeping every counter exact. */
static void set_slot(state *s, int r, int nt)
{
    const dj_sched *m = s->k.m;
    int ot = s->k.slot[r], i;

    if (ot == nt)
        return;
    s->nset++;
    if (s->logging)
        (void)log_push(s, r, ot, nt); /* capacity is reserved up front */
    for (i = s->k.poff[r]; i < s->k.poff[r + 1]; i++)
        s->k.vprec -= prec_violated(s, s->k.plist[i]);
    if (ot >= 0) {
        part_update(s, m->ra[r], ot, -1);
        part_update(s, m->rb[r], ot, -1);
        if (s->k.usepool[r]) {
            if (s->k.pool[ot] > m->slot_cap[ot])
                s->k.vcap--;
            s->k.pool[ot]--;
        }
    } else {
        s->unsched_w -= m->rw[r];
        s->vreq -= m->rreq[r];
    }
    s->k.slot[r] = nt;
    if (s->prefer && s->prefer[r] >= 0)
        s->moved += (nt != s->prefer[r]) - (ot != s->prefer[r]);
    if (nt >= 0) {
        part_update(s, m->ra[r], nt, +1);
        part_update(s, m->rb[r], nt, +1);
        if (s->k.usepool[r]) {
            s->k.pool[nt]++;
            if (s->k.pool[nt] > m->slot_cap[nt])
                s->k.vcap++;
        }
    } else {
        s->unsched_w += m->rw[r];
        s->vreq += m->rreq[r];
    }
    for (i = s->k.poff[r]; i < s->k.poff[r + 1]; i++)
        s->k.vprec += prec_violated(s, s->k.plist[i]);
}

/* Undoes the logged moves after the first n (undo: all of them). */
static void undo_to(state *s, int n)
{
    int lg = s->logging;
    s->logging = 0;
    while (s->nlog > n) {
        s->nlog--;
        set_slot(s, s->log[s->nlog].r, s->log[s->nlog].from);
    }
    s->logging = lg;
}

static void undo(state *s)
{
    undo_to(s, 0);
}

static void state_free(state *s)
{
    dj__sched_counters_free(&s->k);
    dj_free(s->log);
    dj_free(s->chain);
    dj_free(s->mark);
}

static int state_init(state *s, const dj_sched *m, uint64_t seed, const int *prefer)
{
    int r, rc;

    memset(s, 0, sizeof *s);
    s->rng = seed ^ 0x5DEECE66DULL;
    s->prefer = prefer;
    for (r = 0; prefer && r < m->nr; r++)
        s->moved += prefer[r] >= 0; /* every request starts unscheduled */
    if ((rc = dj__sched_counters_init(&s->k, m)) < 0)
        return rc;
    s->caplog = m->nr + 64;
    s->log = dj_malloc((size_t)s->caplog * sizeof *s->log);
    s->chain = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    s->mark = dj_calloc((size_t)m->nr + 1, sizeof(unsigned));
    if (!s->log || !s->chain || !s->mark)
        return DJ_ENOMEM;
    s->ww = WW;
    for (r = 0; r < m->nr; r++) {
        s->optional |= !m->rreq[r];
        /* weight first: a meeting adds at most one break per side */
        if (!m->rreq[r] && m->rw[r] > 0 && m->rw[r] * s->ww <= 2 * WB)
            s->ww = 2 * WB / m->rw[r] + 1;
    }
    s->hard = 24;
    for (r = 0; r < m->nr; r++) {
        if (2 * s->ww * m->rw[r] > s->hard)
            s->hard = 2 * s->ww * m->rw[r];
        s->k.movable[r] = (unsigned char)(dj__popcount64(s->k.dom[r]) > 1 || !m->rreq[r]);
        s->unsched_w += m->rw[r];
        s->vreq += m->rreq[r];
    }
    return DJ_OK;
}

/* Annealing work so far in reference ns: least squares over iterations,
 * set_slot calls and scanned entries on the reference machine (docs). */
static double sa_work(const state *s)
{
    double w = 15.0 * (double)s->niter + 60.0 * (double)s->nset + 2.0 * (double)s->nscan;
    return w * (1.0 + (double)s->k.nr / 200000.0); /* cache misses on large events */
}

static inline uint64_t rnd(state *s)
{
    return dj__sched_rand(&s->rng);
}

static inline int rnd_below(state *s, int n)
{
    return (int)((rnd(s) >> 33) % (uint64_t)n);
}

/* k-th set bit of d (0-based); d has more than k bits */
static int nth_bit(uint64_t d, int k)
{
    while (k-- > 0)
        d &= d - 1;
    return __builtin_ctzll(d);
}

static int random_slot(state *s, int r)
{
    uint64_t d = s->k.dom[r];
    int n = dj__popcount64(d);
    if (n == 0)
        return -1;
    return nth_bit(d, rnd_below(s, n));
}

/* ---- construction ------------------------------------------------------- */

typedef struct ord {
    long long key;
    int r;
} ord;

static void sort_ord(ord *a, int n, ord *tmp)
{
    /* merge sort: stable and deterministic */
    int w, i;
    for (w = 1; w < n; w *= 2) {
        for (i = 0; i < n; i += 2 * w) {
            int lo = i, mid = i + w < n ? i + w : n, hi = i + 2 * w < n ? i + 2 * w : n;
            int x = lo, y = mid, k = lo;
            while (x < mid && y < hi)
                tmp[k++] = (a[y].key < a[x].key) ? a[y++] : a[x++];
            while (x < mid)
                tmp[k++] = a[x++];
            while (y < hi)
                tmp[k++] = a[y++];
        }
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
}

static int construct(state *s, const int *warm)
{
    const dj_sched *m = s->k.m;
    ord *o = dj_malloc(((size_t)s->k.nr + 1) * sizeof *o);
    ord *tmp = dj_malloc(((size_t)s->k.nr + 1) * sizeof *tmp);
    int i, r;

    if (!o || !tmp) {
        dj_free(o);
        dj_free(tmp);
        return DJ_ENOMEM;
    }
    if (warm) {
        for (r = 0; r < s->k.nr; r++) {
            int t = warm[r];
            if (t >= 0 && t < s->k.ns && (s->k.dom[r] >> t & 1))
                set_slot(s, r, t);
        }
    }
    for (i = 0, r = 0; r < s->k.nr; r++) {
        int a = m->ra[r], b = m->rb[r];
        int deg = (s->k.aoff[a + 1] - s->k.aoff[a]) + (s->k.aoff[b + 1] - s->k.aoff[b]);
        long long key = 0;
        if (s->k.slot[r] >= 0)
            continue;
        key = (long long)(dj__popcount64(s->k.dom[r]) > 1) << 60;
        key |= (long long)(!m->rreq[r]) << 59;
        key |= (long long)(1000000 - m->rw[r]) << 30;
        key |= (long long)(100000 - (deg > 100000 ? 100000 : deg)) << 6;
        key |= dj__popcount64(s->k.dom[r]);
        o[i].key = key;
        o[i].r = r;
        i++;
    }
    sort_ord(o, i, tmp);
    {
        int n = i;
        for (i = 0; i < n; i++) {
            long long best = 0, c;
            int bt = -1, nties = 0;
            uint64_t d;
            r = o[i].r;
            best = cost_of(s); /* leaving it unscheduled */
            if (m->rreq[r])
                best = -1;
            for (d = s->k.dom[r]; d; d &= d - 1) {
                int t = __builtin_ctzll(d);
                set_slot(s, r, t);
                c = cost_of(s);
                set_slot(s, r, -1);
                if (best < 0 || c < best) {
                    best = c;
                    bt = t;
                    nties = 1;
                } else if (c == best && bt >= 0 && rnd_below(s, ++nties) == 0) {
                    bt = t;
                }
            }
            if (bt >= 0)
                set_slot(s, r, bt);
        }
    }
    dj_free(o);
    dj_free(tmp);
    return DJ_OK;
}

/* ---- moves -------------------------------------------------------------- */

/* a random scheduled request of participant x other than r, or -1 */
static int other_meeting(state *s, int x, int r)
{
    int n = s->k.aoff[x + 1] - s->k.aoff[x], k, tries;
    if (n < 2)
        return -1;
    for (tries = 0; tries < 4; tries++) {
        k = s->k.alist[s->k.aoff[x] + rnd_below(s, n)];
        if (k != r && s->k.slot[k] >= 0 && s->k.movable[k])
            return k;
    }
    return -1;
}

/* the request of participant x scheduled at slot t other than r, or -1 */
static int meeting_at(state *s, int x, int t, int r)
{
    int i;
    if (s->k.occ[(size_t)x * (size_t)s->k.ns + (size_t)t] == 0)
        return -1;
    for (i = s->k.aoff[x]; i < s->k.aoff[x + 1]; i++) {
        int k = s->k.alist[i];
        if (k != r && s->k.slot[k] == t)
            return k;
    }
    return -1;
}

static void move_relocate(state *s, int r)
{
    int t;
    if (!s->k.m->rreq[r] && s->k.slot[r] >= 0 && rnd_below(s, 8) == 0)
        t = -1;
    else
        t = random_slot(s, r);
    if (t != s->k.slot[r])
        set_slot(s, r, t);
}

static void move_swap(state *s, int r)
{
    int x = rnd_below(s, 2) ? s->k.m->ra[r] : s->k.m->rb[r];
    int k = other_meeting(s, x, r), t1 = s->k.slot[r], t2;
    if (k < 0 || t1 < 0)
        return;
    t2 = s->k.slot[k];
    if (t1 == t2 || !(s->k.dom[r] >> t2 & 1) || !(s->k.dom[k] >> t1 & 1))
        return;
    set_slot(s, r, t2);
    set_slot(s, k, t1);
}

/* When participant x is over its meeting limit, drops one of its optional
 * meetings other than r, chosen at random (a limit is not a slot collision,
 * so without this a light meeting in the only slot it can take would keep
 * a heavier one out: dropping it first costs more than the temperature
 * allows). */
static void drop_over_limit(state *s, int x, int r)
{
    const dj_sched *m = s->k.m;
    int lim = m->max_meet[x], pick = -1, n = 0, i;

    if (lim <= 0 || s->k.cnt[x] <= lim)
        return;
    for (i = s->k.aoff[x]; i < s->k.aoff[x + 1]; i++) {
        int k = s->k.alist[i];
        if (k != r && s->k.slot[k] >= 0 && s->k.movable[k] && !m->rreq[k] && rnd_below(s, ++n) == 0)
            pick = k;
    }
    s->nscan += s->k.aoff[x + 1] - s->k.aoff[x];
    if (pick >= 0)
        set_slot(s, pick, -1);
}

/* The optional meetings that meeting k, just moved, now collides with in
 * its slot drop out (one step of an ejection chain: a required meeting
 * pushed out by an insertion must not stay double-booked where an
 * optional one was). */
static void drop_optional_at(state *s, int k)
{
    const dj_sched *m = s->k.m;
    int side, t = s->k.slot[k];

    if (t < 0)
        return;
    for (side = 0; side < 2; side++) {
        int j = meeting_at(s, side ? m->rb[k] : m->ra[k], t, k);
        if (j >= 0 && s->k.movable[j] && !m->rreq[j])
            set_slot(s, j, -1);
    }
}

/* When r's pool meeting has taken slot t over its table capacity, moves an
 * optional pool meeting of t found by sampling to r's old slot `old` (if
 * it can take it) or drops it: the same trap as the limit above. Only on
 * models with optional requests, so that all-required runs draw the same
 * random numbers as before. */
static void eject_over_capacity(state *s, int r, int t, int old)
{
    const dj_sched *m = s->k.m;
    int tries;

    if (!s->optional || !s->k.usepool[r] || s->k.pool[t] <= m->slot_cap[t])
        return;
    for (tries = 0; tries < 64; tries++) {
        int k = rnd_below(s, m->nr);
        s->nscan++;
        if (k == r || s->k.slot[k] != t || !s->k.usepool[k] || !s->k.movable[k] || m->rreq[k])
            continue;
        set_slot(s, k, old >= 0 && (s->k.dom[k] >> old & 1) ? old : -1);
        return;
    }
}

/* Puts r in a random slot of its domain, moving the meetings it collides
 * with to r's old slot or dropping them, and making room when r takes a
 * participant over its limit or the slot over its tables. */
static void move_insert(state *s, int r)
{
    const dj_sched *m = s->k.m;
    int t = random_slot(s, r), old = s->k.slot[r], e[2], i;
    if (t < 0 || t == old)
        return;
    e[0] = meeting_at(s, m->ra[r], t, r);
    e[1] = meeting_at(s, m->rb[r], t, r);
    if (e[1] == e[0])
        e[1] = -1;
    set_slot(s, r, t);
    for (i = 0; i < 2; i++) {
        int k = e[i];
        if (k < 0 || !s->k.movable[k])
            continue;
        if (old >= 0 && (s->k.dom[k] >> old & 1))
            set_slot(s, k, old);
        else if (!m->rreq[k])
            set_slot(s, k, -1);
        else
            set_slot(s, k, random_slot(s, k));
        drop_optional_at(s, k);
    }
    drop_over_limit(s, m->ra[r], r);
    drop_over_limit(s, m->rb[r], r);
    eject_over_capacity(s, r, t, old);
}

/* Kempe chain: flips r between its slot t1 and t2 together with every
 * meeting reachable through shared participants in those two slots, so no
 * new double booking appears. Aborts (no change) when the chain is longer
 * than `limit` or a member cannot take the other slot. */
static void move_kempe(state *s, int r, int t2, int limit)
{
    const dj_sched *m = s->k.m;
    int t1 = s->k.slot[r], n = 0, head = 0, i;

    if (t1 < 0 || t2 < 0 || t1 == t2)
        return;
    if (++s->stamp == 0) {
        memset(s->mark, 0, (size_t)s->k.nr * sizeof *s->mark);
        s->stamp = 1;
    }
    s->mark[r] = s->stamp;
    s->chain[n++] = r;
    while (head < n) {
        int k = s->chain[head++], tk = s->k.slot[k], other = tk == t1 ? t2 : t1, side;
        if (!(s->k.dom[k] >> other & 1) || !s->k.movable[k])
            return;
        for (side = 0; side < 2; side++) {
            int x = side ? m->rb[k] : m->ra[k];
            if (s->k.occ[(size_t)x * (size_t)s->k.ns + (size_t)other] == 0)
                continue;
            s->nscan += s->k.aoff[x + 1] - s->k.aoff[x];
            for (i = s->k.aoff[x]; i < s->k.aoff[x + 1]; i++) {
                int j = s->k.alist[i];
                if (s->k.slot[j] == other && s->mark[j] != s->stamp) {
                    if (n >= limit)
                        return;
                    s->mark[j] = s->stamp;
                    s->chain[n++] = j;
                }
            }
        }
    }
    for (i = 0; i < n; i++) {
        int k = s->chain[i];
        set_slot(s, k, s->k.slot[k] == t1 ? t2 : t1);
    }
}

/* swaps two whole slots (every movable meeting in them) when all allow it */
static void move_columns(state *s, int t1, int t2)
{
    int r, n = 0, i;
    if (t1 == t2)
        return;
    for (r = 0; r < s->k.nr && n < s->k.nr; r++) {
        int t = s->k.slot[r];
        s->nscan++;
        if (t != t1 && t != t2)
            continue;
        if (!s->k.movable[r] || !(s->k.dom[r] >> (t == t1 ? t2 : t1) & 1))
            return;
        s->chain[n++] = r;
    }
    for (i = 0; i < n; i++) {
        r = s->chain[i];
        set_slot(s, r, s->k.slot[r] == t1 ? t2 : t1);
    }
}

/* relabels the slots lo..hi: perm[t - lo] is the new slot of slot t (a
 * rotation or a reversal of the range); all-or-nothing on domains */
static void move_permute(state *s, int lo, int hi, int kind)
{
    int r, n = 0, i, len = hi - lo + 1;
    int perm[DJ_SCHED_MAX_SLOTS];
    if (len < 2)
        return;
    for (i = 0; i < len; i++) {
        if (kind == 0)
            perm[i] = lo + (i + 1) % len; /* rotate right */
        else if (kind == 1)
            perm[i] = lo + (i + len - 1) % len; /* rotate left */
        else
            perm[i] = hi - i; /* reverse */
    }
    for (r = 0; r < s->k.nr; r++) {
        int t = s->k.slot[r];
        s->nscan++;
        if (t < lo || t > hi)
            continue;
        if (!s->k.movable[r] || !(s->k.dom[r] >> perm[t - lo] & 1))
            return;
        s->chain[n++] = r;
    }
    for (i = 0; i < n; i++) {
        r = s->chain[i];
        set_slot(s, r, perm[s->k.slot[r] - lo]);
    }
}

/* a participant with breaks (or a conflict), found by sampling; -1 if none seen */
static int hot_participant(state *s)
{
    int tries;
    for (tries = 0; tries < 8; tries++) {
        int p = rnd_below(s, s->k.np);
        if (s->k.brk[p] > 0)
            return p;
    }
    return -1;
}

/* a slot for r near participant x's other meetings, else a random one */
static int near_slot(state *s, int r, int x)
{
    uint64_t b = s->k.busy[x], c = ((b << 1) | (b >> 1)) & ~b & s->k.dom[r];
    int n = dj__popcount64(c);
    if (n == 0)
        return random_slot(s, r);
    return nth_bit(c, rnd_below(s, n));
}
/* ---- the run ------------------------------------------------------------ */

static int save_best(int *best, const state *s)
{
    memcpy(best, s->k.slot, (size_t)s->k.nr * sizeof(int));
    return 1;
}

/* Loads a whole schedule into the state (no logging). */
static void load(state *s, const int *slot)
{
    int r;
    s->logging = 0;
    for (r = 0; r < s->k.nr; r++)
        if (s->k.slot[r] != slot[r])
            set_slot(s, r, slot[r]);
    s->logging = 1;
}

/* One annealing move around request r (participant x's side), logged. */
static void random_move(state *s, int r, int x)
{
    int kind = rnd_below(s, 32);
    if (kind < 6)
        move_relocate(s, r);
    else if (kind < 10)
        move_swap(s, r);
    else if (kind < 14)
        move_insert(s, r);
    else if (kind < 30)
        move_kempe(s, r, kind < 22 ? near_slot(s, r, x) : random_slot(s, r), 256);
    else if (kind == 30)
        move_columns(s, rnd_below(s, s->k.ns), rnd_below(s, s->k.ns));
    else {
        int lo = rnd_below(s, s->k.ns), hi = rnd_below(s, s->k.ns);
        if (lo > hi) {
            int tmp = lo;
            lo = hi;
            hi = tmp;
        }
        move_permute(s, lo, hi, rnd_below(s, 3));
    }
}

/* Temperature cycles: geometric cooling from T0 to T1 over one cycle, then
 * restart from the best state. Progress is measured in iterations, or with
 * a work budget in work (sa_work), and the length is a whole number of
 * cycles, so a run always ends cold. With work_max, a run that has found
 * nothing valid by its end goes on for whole cycles up to work_max: the
 * phases after it need a valid schedule and would leave that work unused.
 * Invariant: when at_best, the current state is a best state (best[] may
 * be stale); otherwise best[] holds the best state. */
static void anneal(state *s, int *best, dj__sched_sa_out *out, const dj__sched_sa_opts *o,
                   long long target, long long best_cost)
{
    const dj_sched *m = s->k.m;
    double T0 = (double)WB, T1 = (double)WB / 16.0, T;
    double cyc = (double)m->nr * 5000.0, len, prog = 0, cyc0 = 0, w0 = sa_work(s), next_tick = 0;
    long ncyc, it, maxit = o->iters;
    long long cur = cost_of(s);
    const int *fallback = o->fallback;
    int at_best = out->found, by_work = o->work > 0, r, seen_valid = 0, stale = 0;
    long long hard0 = s->hard, hard_max = s->hard * SA_HARD_CAP, cycle_best = best_cost;

    if (cyc < 200000)
        cyc = 200000;
    if (by_work) {
        len = o->work;
        cyc *= SA_ITER_REF; /* iterations to reference ns */
        maxit = LONG_MAX;
    } else
        len = (double)maxit;
    if (o->one_cycle)
        cyc = len; /* large: one slow cooling over the whole budget */
    ncyc = (long)(len / cyc);
    if (ncyc < 1)
        ncyc = 1;
    cyc = len / (double)ncyc;
    s->logging = 1;
    for (it = 0; m->nr > 0; it++) {
        long long nc, nobj;
        int feas, valid, x = -1;
        s->niter++;
        prog = by_work ? sa_work(s) - w0 : (double)it;
        if (prog >= len && !out->found && by_work && len + cyc <= o->work_max)
            len += cyc; /* nothing valid yet: one more cycle of the later phases' work */
        if (prog >= len || it >= maxit)
            break;
        if (it > 0 && it % SA_FEAS_WINDOW == 0) {
            if (!seen_valid && s->hard < hard_max) { /* stuck among invalid states */
                s->hard += s->hard / 4;
                cur = cost_of(s); /* valid states' objective is unchanged */
            }
            seen_valid = 0;
        }
        /* the safety cap, every 256 iterations: at 8,000 requests one
         * iteration takes ~14 us, so 1,024 overran the cap by up to 14 ms */
        if ((it & 255) == 0 && o->deadline_ms > 0 && now_ms() > o->deadline_ms) {
            out->clock_cut = 1; /* the run is cut short */
            break;
        }
        if ((it & 1023) == 0) {
            if (o->tick) { /* reads only: the run is unchanged */
                double now = now_ms();
                if (now >= next_tick) {
                    next_tick = now + 250;
                    o->tick(o->tick_ctx, sa_work(s) - w0, out->found ? s->best_unsched : -1,
                            out->found ? s->best_breaks : -1);
                }
            }
            if (!out->found && fallback && prog >= len / 2) {
                load(s, fallback);
                fallback = NULL;
                if (hard_viol(s) == 0) {
                    out->found = at_best = 1;
                    best_cost = obj_of(s);
                    note_best(s);
                    cyc0 = prog;
                }
                cur = cost_of(s);
            }
            if (out->found && best_cost <= target)
                break;
        }
        if (prog - cyc0 >= cyc) {
            /* a cycle that ends no better than it began is stale; enough of
             * them in a row end the run (counted in cycles, not on the
             * clock, so the run stays the same on any machine) */
            if (o->stale_cycles > 0 && out->found) {
                stale = cycle_best >= 0 && best_cost >= cycle_best ? stale + 1 : 0;
                cycle_best = best_cost;
                if (stale >= o->stale_cycles)
                    break;
            }
            cyc0 += cyc;
            s->hard = hard0; /* each cycle starts at the first penalty */
            if (out->found && !at_best) {
                load(s, best);
                at_best = 1;
            }
            cur = cost_of(s);
        }
        T = T0 * pow(T1 / T0, (prog - cyc0) / cyc);
        if (rnd_below(s, 2) == 0 && (x = hot_participant(s)) >= 0) {
            int n = s->k.aoff[x + 1] - s->k.aoff[x];
            r = s->k.alist[s->k.aoff[x] + rnd_below(s, n)];
        } else {
            r = rnd_below(s, m->nr);
            x = rnd_below(s, 2) ? m->ra[r] : m->rb[r];
        }
        if (!s->k.movable[r])
            continue;
        s->nlog = 0;
        random_move(s, r, x);
        if (s->nlog == 0)
            continue;
        nc = cost_of(s);
        if (!(nc <= cur ||
              (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0) < exp(-(double)(nc - cur) / T))) {
            undo(s);
            continue;
        }
        cur = nc;
        valid = hard_viol(s) == 0;
        seen_valid |= valid;
        nobj = obj_of(s);
        feas = (!out->found || nobj <= best_cost) && valid;
        if (at_best && !(feas && nobj <= best_cost)) {
            /* leaving a best state: step back, save it, step forward */
            int n = s->nlog, i;
            logent *tmp = s->log + s->caplog - n; /* spare tail of the log */
            memmove(tmp, s->log, (size_t)n * sizeof *tmp);
            s->nlog = 0;
            s->logging = 0;
            for (i = n - 1; i >= 0; i--)
                set_slot(s, tmp[i].r, tmp[i].from);
            save_best(best, s);
            for (i = 0; i < n; i++)
                set_slot(s, tmp[i].r, tmp[i].to);
            s->logging = 1;
            at_best = 0;
        }
        if (feas && (!out->found || nobj < best_cost)) {
            best_cost = nobj;
            note_best(s);
            out->found = 1;
            at_best = 1;
        } else if (feas && nobj == best_cost) {
            at_best = 1; /* as good as the best: either may be kept */
        }
    }
    if (!out->found && fallback) { /* the run ended before its half-way point */
        load(s, fallback);
        if (hard_viol(s) == 0) {
            out->found = at_best = 1;
            best_cost = obj_of(s);
            note_best(s);
        }
    }
    if (at_best)
        save_best(best, s);
    out->iters = it;
    out->optimal = out->found && best_cost <= target;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sa: iters %ld set %lld scan %lld work %.0f best %lld hard %lld\n", it, s->nset,
            s->nscan, (sa_work(s) - w0) / 1e6, best_cost, s->hard);
#endif
}

/* ---- weight first: the last pass -------------------------------------- */

/* The lightest optional meeting other than r and keep of participant x
 * (x >= 0) or, for x < 0, among the pool meetings at slot t; -1 when there
 * is none. */
static int lightest_optional(state *s, int x, int t, int r, int keep)
{
    const dj_sched *m = s->k.m;
    int i, n = x >= 0 ? s->k.aoff[x + 1] - s->k.aoff[x] : m->nr, pick = -1;
    s->nscan += n;
    for (i = 0; i < n; i++) {
        int k = x >= 0 ? s->k.alist[s->k.aoff[x] + i] : i;
        if (k == r || k == keep || s->k.slot[k] < 0 || !s->k.movable[k] || m->rreq[k] ||
            (x < 0 && (s->k.slot[k] != t || !s->k.usepool[k])))
            continue;
        if (pick < 0 || m->rw[k] < m->rw[pick])
            pick = k;
    }
    return pick;
}

/* Meeting k was just put at its slot: the optional meetings in its way
 * (its sides' other meeting there, the lightest of a side over its limit,
 * the lightest pool meeting of a slot over its tables) drop out, except
 * keep (the request being pushed in). */
static void clear_for(state *s, int k, int keep)
{
    const dj_sched *m = s->k.m;
    int side, t = s->k.slot[k], j;

    if (t < 0)
        return;
    drop_optional_at(s, k);
    for (side = 0; side < 2; side++) {
        int x = side ? m->rb[k] : m->ra[k];
        if (m->max_meet[x] > 0 && s->k.cnt[x] > m->max_meet[x] &&
            (j = lightest_optional(s, x, t, k, keep)) >= 0)
            set_slot(s, j, -1);
    }
    if (s->k.usepool[k] && s->k.pool[t] > m->slot_cap[t] &&
        (j = lightest_optional(s, -1, t, k, keep)) >= 0)
        set_slot(s, j, -1);
}

/* Clears the way of r, just put at slot t, from side `side` on: the
 * meeting of that side at t moves to another slot of its domain (clearing
 * its own way there) or, if optional, drops out, each choice tried in turn;
 * after both sides, what r's limit or the slot's tables need drops out.
 * 1 when the state is then valid with more weight than w0 (the changes are
 * kept), else 0 with everything from this side on undone. */
static int clear_side(state *s, int r, int t, int side, long long w0)
{
    const dj_sched *m = s->k.m;
    int k, n1 = s->nlog;
    uint64_t d;

    if (side == 2) {
        clear_for(s, r, r);
        if (hard_viol(s) == 0 && s->unsched_w < w0)
            return 1;
        undo_to(s, n1);
        return 0;
    }
    k = meeting_at(s, side ? m->rb[r] : m->ra[r], t, r);
    if (k < 0)
        return clear_side(s, r, t, side + 1, w0);
    if (!s->k.movable[k])
        return 0;
    for (d = s->k.dom[k] & ~((uint64_t)1 << t); d; d &= d - 1) {
        set_slot(s, k, __builtin_ctzll(d));
        clear_for(s, k, r);
        if (clear_side(s, r, t, side + 1, w0))
            return 1;
        undo_to(s, n1);
    }
    if (!m->rreq[k]) {
        set_slot(s, k, -1);
        if (clear_side(s, r, t, side + 1, w0))
            return 1;
        undo_to(s, n1);
    }
    return 0;
}

/* Tries to schedule the unscheduled request r at slot t by clearing its
 * way (clear_side): 1 when it is in and the schedule is valid and heavier,
 * else 0 with nothing changed. */
static int push_in(state *s, int r, int t)
{
    long long w0 = s->unsched_w;
    int n0 = s->nlog;

    set_slot(s, r, t);
    if (clear_side(s, r, t, 0, w0))
        return 1;
    undo_to(s, n0);
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Weight first (the objective is lexicographic, docs/sched.md): the cost
 * trades one unit of weight against one break, so the annealer may leave
 * out a meeting that the schedule had room for, or one kept out by lighter
 * ones. From the best valid state, every unscheduled request, heavier
 * first, takes the slot of least objective among those it fits without a
 * hard violation, if any; then each one still out, heavier first, is
 * pushed in where clearing its way gains weight (push_in), and what that
 * dropped gets the first pass again. The push pass stops after work_cap of
 * work (sa_work units), so it costs a bounded share of the run, or at the
 * safety cap deadline_ms (> 0), which sets *cut: a run the clock already
 * cut in the annealer would otherwise overrun its time limit here. */
static int fill_weight(state *s, int *best, double work_cap, double deadline_ms, int *cut)
{
    const dj_sched *m = s->k.m;
    uint64_t *key = dj_malloc((size_t)m->nr * sizeof *key);
    int *order = dj_malloc((size_t)m->nr * sizeof *order), n = 0, i, round;
    double w0 = sa_work(s);

    if (!order || !key) {
        dj_free(order);
        dj_free(key);
        return DJ_ENOMEM;
    }
    load(s, best);
    for (round = 0; round < 2; round++) {
        s->logging = 0;
        for (i = 0, n = 0; i < m->nr; i++) /* heavier first, then by index */
            if (s->k.slot[i] < 0 && s->k.dom[i])
                key[n++] = (uint64_t)(INT_MAX - m->rw[i]) << 32 | (uint32_t)i;
        qsort(key, (size_t)n, sizeof *key, cmp_u64);
        for (i = 0; i < n; i++)
            order[i] = (int)(key[i] & 0xffffffffu);
        for (i = 0; i < n; i++) { /* fits as things are */
            int r = order[i], bt = -1;
            long long bc = LLONG_MAX;
            uint64_t d;
            for (d = s->k.dom[r]; d; d &= d - 1) {
                int t = __builtin_ctzll(d);
                set_slot(s, r, t);
                if (hard_viol(s) == 0 && obj_of(s) < bc) {
                    bc = obj_of(s);
                    bt = t;
                }
                set_slot(s, r, -1);
            }
            if (bt >= 0)
                set_slot(s, r, bt);
        }
        if (round == 1)
            break;
        s->logging = 1;
        for (i = 0; i < n && sa_work(s) - w0 < work_cap; i++) { /* pushed in */
            uint64_t d;
            if (deadline_ms > 0 && now_ms() > deadline_ms) {
                *cut = 1;
                break;
            }
            for (d = s->k.dom[order[i]]; d && s->k.slot[order[i]] < 0; d &= d - 1) {
                s->nlog = 0;
                push_in(s, order[i], __builtin_ctzll(d));
            }
        }
    }
    s->nlog = 0;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "fill: work %.0f (cap %.0f) unscheduled weight %lld\n", (sa_work(s) - w0) / 1e6,
            work_cap / 1e6, s->unsched_w);
#endif
    dj_free(order);
    dj_free(key);
    note_best(s);
    save_best(best, s);
    s->logging = 1;
    return DJ_OK;
}

int dj__sched_anneal(int *best, dj__sched_sa_out *out, const dj_sched *m,
                     const dj__sched_sa_opts *o)
{
    state s;
    long long totw = 0, target, best_cost = -1;
    double w0;
    int r, rc;

    memset(out, 0, sizeof *out);
    if ((rc = state_init(&s, m, o->seed, o->prefer)) < 0)
        goto done;
    if ((rc = construct(&s, o->warm)) < 0)
        goto done;
    w0 = sa_work(&s);
    if (hard_viol(&s) == 0) {
        out->found = save_best(best, &s);
        best_cost = obj_of(&s);
        note_best(&s);
    }
    for (r = 0; r < m->nr; r++)
        totw += m->rw[r];
    target = s.ww * (totw - o->ub) + WB * o->lb; /* objective of a provably optimal schedule */
    out->optimal = out->found && best_cost <= target;
    if (!o->construct_only)
        anneal(&s, best, out, o, target, best_cost);
    if (out->found) {
        if ((rc = fill_weight(&s, best, 0.05 * (sa_work(&s) - w0) + 1e6, o->deadline_ms,
                              &out->clock_cut)) < 0)
            goto done;
        out->optimal = obj_of(&s) <= target;
    }
    out->work = sa_work(&s) - w0;
    out->rng = s.rng;
done:
    state_free(&s);
    return rc;
}
