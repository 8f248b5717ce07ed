/* tabu.c - tabu search over meeting -> slot with the hard rules relaxed and
 * penalised (strategic oscillation), for instances whose requests are all
 * required (B2BSP).
 *
 * State: slot[r] in r's domain for every request (never unscheduled), and
 * counters kept exact by tb_set(): occupancy per participant and slot, busy
 * masks (a slot is busy while its occupancy is >= 1), breaks and idle slots
 * per participant, pool use per slot, violated precedences and the fairness
 * histogram. Violations V = double bookings (occupancy above 1) + pool
 * overflow + violated precedences (+ fairness excess when hard). Cost:
 *   w * V + TB_WB * breaks + idle slots (+ soft fairness excess)
 * where w adapts: raised while the current state is infeasible, lowered
 * while it is feasible, so the search oscillates around the feasible region
 * instead of being walled in by it.
 *
 * Each iteration evaluates every relocation (a meeting to another slot of
 * its domain) and every swap of two meetings of one participant, for the
 * meetings of "hot" participants (with breaks or a double booking) and the
 * meetings in an overfull slot or a violated precedence, from the counters
 * without applying the move (tb_eval), and takes the best non-tabu move. It also evaluates Kempe
 * chains (tb_chain: a meeting of a hot participant to a free slot of that participant's span or a
 * slot next to it, together with every meeting in the two slots reachable through shared
 * participants, each to the other slot), by applying and undoing them with tb_set (tb_try). Tabu:
 * after r leaves slot o, r may not return to o for a random tenure (every member of an applied
 * chain); aspiration: a tabu move is allowed when it gives a new best feasible schedule. After a
 * stall the search restarts from the best feasible schedule with a few random relocations.
 *
 * Determinism: one splitmix64 stream; it stops on its work budget (counted,
 * TB_WORK reference ns per counter update and per iteration), at the lower
 * bound, or at the wall-clock safety cap (*cut). The schedule written back
 * satisfies every hard rule (re-checked by dj_sched_verify). */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define TB_WB      4LL /* one break, in idle slots */
#define TB_WMIN    2LL
#define TB_WMAX    400LL
#define TB_WSTART  16LL
#define TB_ADAPT   8     /* iterations between adaptations of w */
#define TB_STALL   5000L /* iterations without a new best before a restart */
#define TB_HOT     2     /* participants with breaks whose meetings are candidates */
#define TB_UPD_NS  75.0  /* reference ns of one counter update (tb_set) */
#define TB_EVAL_NS 65.0  /* reference ns of one evaluated move (tb_eval) */
#define TB_ITER_NS 400.0 /* reference ns of one iteration's bookkeeping */
#define TB_CHAIN   48    /* longest Kempe chain tried */

typedef struct tb {
    dj__sched_counters k; /* slots and the counters derived from them */
    long long nupd, nev;  /* work: counter updates, evaluated moves */
} tb;

static long long tb_viol(const tb *s)
{
    return s->k.vconf + s->k.vcap + s->k.vprec +
           (s->k.m->fair_hard ? dj__sched_spread_excess(&s->k) : 0);
}

static long long tb_cost(const tb *s, long long w)
{
    long long c = w * tb_viol(s) + TB_WB * s->k.breaks + s->k.idle;
    if (!s->k.m->fair_hard)
        c += TB_WB * dj__sched_spread_excess(&s->k);
    return c;
}

/* what "best" means among feasible states: breaks, then soft spread */
static long long tb_key(const tb *s)
{
    return s->k.breaks * 64 + (s->k.m->fair_hard ? 0 : dj__sched_spread_excess(&s->k));
}

static void tb_part(tb *s, int x, int t, int delta)
{
    uint16_t *o = &s->k.occ[(size_t)x * (size_t)s->k.ns + (size_t)t];
    int oldb = s->k.brk[x], nb, ni;
    dj__sched_occ_step(o, &s->k.busy[x], &s->k.vconf, t, delta);
    nb = dj__sched_breaks_of(s->k.busy[x], s->k.m->planned[x], s->k.seg, s->k.nseg);
    ni = dj__sched_idle_of(s->k.busy[x], s->k.m->planned[x], s->k.seg, s->k.nseg);
    s->k.breaks += nb - oldb;
    s->k.idle += ni - s->k.idl[x];
    s->k.idl[x] = ni;
    s->k.brk[x] = nb;
    if (s->k.cnt[x] >= 2) {
        s->k.hist[oldb]--;
        s->k.hist[nb]++;
    }
}

static int tb_prec(const tb *s, int i)
{
    return s->k.slot[s->k.m->pb[i]] >= s->k.slot[s->k.m->pa[i]];
}

/* moves r (scheduled) to slot nt, keeping every counter exact */
static void tb_set(tb *s, int r, int nt)
{
    const dj_sched *m = s->k.m;
    int ot = s->k.slot[r], i;
    if (ot == nt)
        return;
    s->nupd++;
    for (i = s->k.poff[r]; i < s->k.poff[r + 1]; i++)
        s->k.vprec -= tb_prec(s, s->k.plist[i]);
    tb_part(s, m->ra[r], ot, -1);
    tb_part(s, m->rb[r], ot, -1);
    if (s->k.usepool[r]) {
        if (s->k.pool[ot] > m->slot_cap[ot])
            s->k.vcap--;
        s->k.pool[ot]--;
    }
    s->k.slot[r] = nt;
    tb_part(s, m->ra[r], nt, +1);
    tb_part(s, m->rb[r], nt, +1);
    if (s->k.usepool[r]) {
        s->k.pool[nt]++;
        if (s->k.pool[nt] > m->slot_cap[nt])
            s->k.vcap++;
    }
    for (i = s->k.poff[r]; i < s->k.poff[r + 1]; i++)
        s->k.vprec += tb_prec(s, s->k.plist[i]);
}

static inline int tb_over(int used, int cap)
{
    return used > cap ? used - cap : 0;
}

/* The cost, violations and key of the state after moving r1 to t1 (and r2
 * to t2 when r2 >= 0), computed from the counters without changing them:
 * local copies of the occupancy of the (at most four) touched slots of each
 * touched participant and of the pool. */
static long long tb_eval(tb *s, long long w, int r1, int t1, int r2, int t2, long long *viol_out,
                         long long *key_out)
{
    const dj_sched *m = s->k.m;
    int mv_r[2], mv_f[2], mv_t[2], nmv = 0;
    int px[4], npx = 0, i, j, k;
    int nbk[4];
    long long dconf = 0, dcap = 0, dprec = 0, dbrk = 0, didle = 0, ex = 0, viol, cost;

    mv_r[nmv] = r1, mv_f[nmv] = s->k.slot[r1], mv_t[nmv++] = t1;
    if (r2 >= 0)
        mv_r[nmv] = r2, mv_f[nmv] = s->k.slot[r2], mv_t[nmv++] = t2;
    s->nev++;
    for (i = 0; i < nmv; i++)
        for (j = 0; j < 2; j++) {
            int x = j ? m->rb[mv_r[i]] : m->ra[mv_r[i]];
            for (k = 0; k < npx && px[k] != x; k++)
                ;
            if (k == npx)
                px[npx++] = x;
        }
    for (k = 0; k < npx; k++) {
        int x = px[k], sl[4], oc[4], nsl = 0, a;
        uint64_t b = s->k.busy[x];
        const uint16_t *occ = &s->k.occ[(size_t)x * (size_t)s->k.ns];
        for (i = 0; i < nmv; i++) {
            int rr = mv_r[i], e[2];
            if (m->ra[rr] != x && m->rb[rr] != x)
                continue;
            e[0] = mv_f[i], e[1] = mv_t[i];
            for (j = 0; j < 2; j++) {
                for (a = 0; a < nsl && sl[a] != e[j]; a++)
                    ;
                if (a == nsl) {
                    sl[nsl] = e[j];
                    oc[nsl++] = occ[e[j]];
                    dconf -= occ[e[j]] > 1 ? occ[e[j]] - 1 : 0;
                }
                oc[a] += j ? 1 : -1;
            }
        }
        for (a = 0; a < nsl; a++) {
            dconf += oc[a] > 1 ? oc[a] - 1 : 0;
            if (oc[a] > 0)
                b |= (uint64_t)1 << sl[a];
            else
                b &= ~((uint64_t)1 << sl[a]);
        }
        if (b == s->k.busy[x]) {
            nbk[k] = s->k.brk[x];
            continue;
        }
        nbk[k] = dj__sched_breaks_of(b, m->planned[x], s->k.seg, s->k.nseg);
        dbrk += nbk[k] - s->k.brk[x];
        didle += dj__sched_idle_of(b, m->planned[x], s->k.seg, s->k.nseg) - s->k.idl[x];
    }
    {
        int sl[4], pc[4], nsl = 0, a;
        for (i = 0; i < nmv; i++) {
            int e[2];
            if (!s->k.usepool[mv_r[i]])
                continue;
            e[0] = mv_f[i], e[1] = mv_t[i];
            for (j = 0; j < 2; j++) {
                for (a = 0; a < nsl && sl[a] != e[j]; a++)
                    ;
                if (a == nsl) {
                    sl[nsl] = e[j];
                    pc[nsl] = s->k.pool[e[j]];
                    dcap -= tb_over(s->k.pool[e[j]], m->slot_cap[e[j]]);
                    nsl++;
                }
                pc[a] += j ? 1 : -1;
            }
        }
        for (a = 0; a < nsl; a++)
            dcap += tb_over(pc[a], m->slot_cap[sl[a]]);
    }
    if (s->k.poff[r1 + 1] > s->k.poff[r1] || (r2 >= 0 && s->k.poff[r2 + 1] > s->k.poff[r2])) {
        for (i = 0; i < nmv; i++)
            for (j = s->k.poff[mv_r[i]]; j < s->k.poff[mv_r[i] + 1]; j++) {
                int q = s->k.plist[j];
                if (i == 1 && (m->pb[q] == r1 || m->pa[q] == r1))
                    continue; /* counted with r1 */
                dprec -= tb_prec(s, q);
            }
        for (i = 0; i < nmv; i++)
            s->k.slot[mv_r[i]] = mv_t[i];
        for (i = 0; i < nmv; i++)
            for (j = s->k.poff[mv_r[i]]; j < s->k.poff[mv_r[i] + 1]; j++) {
                int q = s->k.plist[j];
                if (i == 1 && (m->pb[q] == r1 || m->pa[q] == r1))
                    continue;
                dprec += tb_prec(s, q);
            }
        for (i = nmv - 1; i >= 0; i--)
            s->k.slot[mv_r[i]] = mv_f[i];
    }
    {
        for (k = 0; k < npx; k++)
            if (s->k.cnt[px[k]] >= 2) {
                s->k.hist[s->k.brk[px[k]]]--;
                s->k.hist[nbk[k]]++;
            }
        ex = dj__sched_spread_excess(&s->k);
        for (k = 0; k < npx; k++)
            if (s->k.cnt[px[k]] >= 2) {
                s->k.hist[nbk[k]]--;
                s->k.hist[s->k.brk[px[k]]]++;
            }
    }
    viol = s->k.vconf + dconf + s->k.vcap + dcap + s->k.vprec + dprec + (m->fair_hard ? ex : 0);
    cost = w * viol + TB_WB * (s->k.breaks + dbrk) + s->k.idle + didle;
    if (!m->fair_hard)
        cost += TB_WB * ex;
    *viol_out = viol;
    *key_out = (s->k.breaks + dbrk) * 64 + (m->fair_hard ? 0 : ex);
    return cost;
}

static void tb_free(tb *s)
{
    dj__sched_counters_free(&s->k);
}

/* loads start[] (every request at a slot of its domain) */
static int tb_init(tb *s, const dj_sched *m, const int *start)
{
    int r, i, p, rc;
    memset(s, 0, sizeof *s);
    if ((rc = dj__sched_counters_init(&s->k, m)) < 0)
        return rc;
    for (r = 0; r < m->nr; r++) {
        int t = start[r], x;
        s->k.movable[r] = (unsigned char)(dj__popcount64(s->k.dom[r]) > 1);
        s->k.slot[r] = t;
        for (x = 0; x < 2; x++) {
            p = x ? m->rb[r] : m->ra[r];
            s->k.cnt[p]++;
            if (s->k.occ[(size_t)p * (size_t)s->k.ns + (size_t)t]++ >= 1)
                s->k.vconf++;
            s->k.busy[p] |= (uint64_t)1 << t;
        }
        if (s->k.usepool[r] && ++s->k.pool[t] > m->slot_cap[t])
            s->k.vcap++;
    }
    for (i = 0; i < m->nprec; i++)
        s->k.vprec += tb_prec(s, i);
    for (p = 0; p < m->np; p++) {
        s->k.brk[p] = dj__sched_breaks_of(s->k.busy[p], m->planned[p], s->k.seg, s->k.nseg);
        s->k.idl[p] = dj__sched_idle_of(s->k.busy[p], m->planned[p], s->k.seg, s->k.nseg);
        s->k.breaks += s->k.brk[p];
        s->k.idle += s->k.idl[p];
        if (s->k.cnt[p] >= 2)
            s->k.hist[s->k.brk[p]]++;
    }
    return DJ_OK;
}

static inline int tb_rand(uint64_t *rng, int n)
{
    return (int)((dj__sched_rand(rng) >> 33) % (uint64_t)n);
}

/* is r in a double booking, an overfull slot or a violated precedence? */
static int tb_conflicted(const tb *s, int r)
{
    const dj_sched *m = s->k.m;
    int t = s->k.slot[r], i;
    if (s->k.occ[(size_t)m->ra[r] * (size_t)s->k.ns + (size_t)t] > 1 ||
        s->k.occ[(size_t)m->rb[r] * (size_t)s->k.ns + (size_t)t] > 1)
        return 1;
    if (s->k.usepool[r] && s->k.pool[t] > m->slot_cap[t])
        return 1;
    for (i = s->k.poff[r]; i < s->k.poff[r + 1]; i++)
        if (tb_prec(s, s->k.plist[i]))
            return 1;
    return 0;
}

/* A multi-meeting move: n meetings mr[i] to slots mt[i]. */
typedef struct tb_mv {
    int n;
    int *r, *t;
} tb_mv;

/* cost, violations and key after the move, by applying and undoing it
 * (old[] receives the current slots); returns -1 when a target is outside
 * a domain or a meeting is fixed */
static long long tb_try(tb *s, long long w, const tb_mv *mv, int *old, long long *viol,
                        long long *key)
{
    long long c;
    int i;
    for (i = 0; i < mv->n; i++)
        if (!s->k.movable[mv->r[i]] || !(s->k.dom[mv->r[i]] >> mv->t[i] & 1))
            return -1;
    for (i = 0; i < mv->n; i++) {
        old[i] = s->k.slot[mv->r[i]];
        tb_set(s, mv->r[i], mv->t[i]);
    }
    c = tb_cost(s, w);
    *viol = tb_viol(s);
    *key = tb_key(s);
    for (i = mv->n - 1; i >= 0; i--)
        tb_set(s, mv->r[i], old[i]);
    return c;
}

/* the Kempe chain of r between its slot and t2: every meeting in those two
 * slots reachable from r through shared participants, each to the other
 * slot. 0 when too long. mark[] holds stamps. */
static int tb_chain(tb_mv *mv, const tb *s, int r, int t2, int *mark, int stamp)
{
    const dj_sched *m = s->k.m;
    int t1 = s->k.slot[r], h = 0, j, side;
    mv->n = 0;
    mv->r[mv->n] = r, mv->t[mv->n++] = t2;
    mark[r] = stamp;
    for (h = 0; h < mv->n; h++) {
        int q = mv->r[h];
        for (side = 0; side < 2; side++) {
            int x = side ? m->rb[q] : m->ra[q];
            for (j = s->k.aoff[x]; j < s->k.aoff[x + 1]; j++) {
                int k = s->k.alist[j], tk = s->k.slot[k];
                if (mark[k] == stamp || (tk != t1 && tk != t2))
                    continue;
                if (mv->n >= TB_CHAIN)
                    return 0;
                mark[k] = stamp;
                mv->r[mv->n] = k, mv->t[mv->n++] = tk == t1 ? t2 : t1;
            }
        }
    }
    return 1;
}

static int tb_is_tabu(const tb *s, const int *tabu, const tb_mv *mv, long long iter)
{
    int i;
    for (i = 0; i < mv->n; i++)
        if (tabu[(size_t)mv->r[i] * (size_t)s->k.ns + (size_t)mv->t[i]] > iter)
            return 1;
    return 0;
}

int dj__sched_tabu(int *sol, int *sol_breaks, const dj_sched *m, int target, double budget,
                   double deadline_ms, uint64_t seed, int *cut, double *spent)
{
    tb s;
    int *best = NULL, *cand = NULL, *tabu = NULL, *hot = NULL, *mark = NULL, *old = NULL;
    int *mvbuf = NULL, stamp = 0, hp[TB_HOT] = {0};
    tb_mv mv, bmv;
    unsigned char *inc = NULL;
    long long w = TB_WSTART, best_key, iter, last_best = 0, nfeas = 0, ninf = 0;
    uint64_t rng = seed ^ 0x7ABu;
    int rc, r;
    double used = 0;
    dj_sched_eval ev;

    *sol_breaks = -1;
    if (m->nr == 0 || dj_sched_verify(&ev, m, sol, NULL, NULL) != DJ_OK)
        return DJ_OK; /* needs a valid start */
    if ((rc = tb_init(&s, m, sol)) < 0)
        goto out;
    best = dj_malloc(((size_t)m->nr + 1) * sizeof *best);
    cand = dj_malloc(((size_t)m->nr + 1) * sizeof *cand);
    tabu = dj_calloc((size_t)m->nr * (size_t)m->ns + 1, sizeof *tabu);
    inc = dj_malloc((size_t)m->nr + 1);
    hot = dj_malloc(((size_t)m->np + 1) * sizeof *hot);
    mark = dj_calloc((size_t)m->nr + 1, sizeof *mark);
    old = dj_malloc(((size_t)m->nr + 1) * sizeof *old);
    mvbuf = dj_malloc(((size_t)m->nr + 1) * 4 * sizeof *mvbuf);
    if (!best || !cand || !tabu || !inc || !hot || !mark || !old || !mvbuf) {
        rc = DJ_ENOMEM;
        goto out;
    }
    mv.r = mvbuf, mv.t = mvbuf + m->nr, bmv.r = mvbuf + 2 * m->nr, bmv.t = mvbuf + 3 * m->nr;
    mv.n = bmv.n = 0;
    memcpy(best, sol, (size_t)m->nr * sizeof *best);
    best_key = tb_key(&s);
    for (iter = 1; s.k.breaks > target || tb_viol(&s) > 0; iter++) {
        long long bc = -1;
        int nc = 0, i, bm1 = -1, bt1 = -1, bm2 = -1, bt2 = -1, nties = 0, p, o, nh, k, nhp = 0;
        int bmulti = 0;
        used = TB_UPD_NS * (double)s.nupd + TB_EVAL_NS * (double)s.nev + TB_ITER_NS * (double)iter;
        if (used >= budget)
            break;
        if ((iter & 63) == 0 && deadline_ms > 0 && dj__sched_now_ms() > deadline_ms) {
            *cut = 1;
            break;
        }
        /* candidates: the meetings of TB_HOT random participants with
         * breaks, and every conflicted meeting */
        memset(inc, 0, (size_t)m->nr);
        nh = 0;
        for (p = 0; p < m->np; p++)
            if (s.k.brk[p] > 0)
                hot[nh++] = p;
        for (k = 0; k < TB_HOT && nh > 0; k++) {
            int q = tb_rand(&rng, nh);
            p = hot[q];
            hot[q] = hot[--nh];
            hp[nhp++] = p;
            for (i = s.k.aoff[p]; i < s.k.aoff[p + 1]; i++)
                if (!inc[s.k.alist[i]] && s.k.movable[s.k.alist[i]]) {
                    inc[s.k.alist[i]] = 1;
                    cand[nc++] = s.k.alist[i];
                }
        }
        if (tb_viol(&s) > 0)
            for (r = 0; r < m->nr; r++)
                if (!inc[r] && s.k.movable[r] && tb_conflicted(&s, r)) {
                    inc[r] = 1;
                    cand[nc++] = r;
                }
        if (nc == 0)
            break;
        for (i = 0; i < nc; i++) {
            uint64_t d;
            int j, side;
            r = cand[i];
            o = s.k.slot[r];
            /* relocations */
            for (d = s.k.dom[r] & ~((uint64_t)1 << o); d; d &= d - 1) {
                int t = __builtin_ctzll(d);
                long long c, v, key;
                int tb_ok = tabu[(size_t)r * (size_t)s.k.ns + (size_t)t] <= iter, asp;
                c = tb_eval(&s, w, r, t, -1, -1, &v, &key);
                asp = !tb_ok && key < best_key && v == 0;
                if (!tb_ok && !asp)
                    continue;
                if (bc < 0 || c < bc) {
                    bc = c;
                    bm1 = r, bt1 = t, bm2 = -1, bmulti = 0;
                    nties = 1;
                } else if (c == bc && tb_rand(&rng, ++nties) == 0) {
                    bm1 = r, bt1 = t, bm2 = -1, bmulti = 0;
                }
            }
            /* swaps with a later meeting of either participant */
            for (side = 0; side < 2; side++) {
                p = side ? m->rb[r] : m->ra[r];
                for (j = s.k.aoff[p]; j < s.k.aoff[p + 1]; j++) {
                    int k2 = s.k.alist[j], t2 = s.k.slot[k2];
                    long long c, v, key;
                    int tb_ok, asp;
                    if ((inc[k2] && k2 <= r) || t2 == o || !s.k.movable[k2] ||
                        !(s.k.dom[r] >> t2 & 1) || !(s.k.dom[k2] >> o & 1))
                        continue; /* (a candidate pair is seen from its larger index) */
                    tb_ok = tabu[(size_t)r * (size_t)s.k.ns + (size_t)t2] <= iter &&
                            tabu[(size_t)k2 * (size_t)s.k.ns + (size_t)o] <= iter;
                    c = tb_eval(&s, w, r, t2, k2, o, &v, &key);
                    asp = !tb_ok && key < best_key && v == 0;
                    if (!tb_ok && !asp)
                        continue;
                    if (bc < 0 || c < bc) {
                        bc = c;
                        bm1 = r, bt1 = t2, bm2 = k2, bt2 = o, bmulti = 0;
                        nties = 1;
                    } else if (c == bc && tb_rand(&rng, ++nties) == 0) {
                        bm1 = r, bt1 = t2, bm2 = k2, bt2 = o, bmulti = 0;
                    }
                }
            }
        }
        /* Kempe chains from the hot participants' meetings to the free
         * slots of their span and the slots next to it */
        for (k = 0; k < nhp; k++) {
            uint64_t b;
            int first, last, j;
            p = hp[k];
            b = s.k.busy[p];
            if (!b)
                continue;
            first = __builtin_ctzll(b);
            last = 63 - __builtin_clzll(b);
            for (j = s.k.aoff[p]; j < s.k.aoff[p + 1]; j++) {
                int q = s.k.alist[j];
                uint64_t tg;
                if (!s.k.movable[q])
                    continue;
                /* targets: free slots of p's span and the slots next to it */
                tg = 0;
                if (last > first)
                    tg = (((uint64_t)1 << last) - ((uint64_t)1 << first)) & ~b;
                if (first > 0)
                    tg |= (uint64_t)1 << (first - 1);
                if (last + 1 < s.k.ns)
                    tg |= (uint64_t)1 << (last + 1);
                for (tg &= s.k.dom[q] & ~((uint64_t)1 << s.k.slot[q]); tg; tg &= tg - 1) {
                    int t2 = __builtin_ctzll(tg), asp;
                    long long c, v, key;
                    if (!tb_chain(&mv, &s, q, t2, mark, ++stamp) || mv.n < 2)
                        continue;
                    c = tb_try(&s, w, &mv, old, &v, &key);
                    if (c < 0)
                        continue;
                    asp = key < best_key && v == 0;
                    if (tb_is_tabu(&s, tabu, &mv, iter) && !asp)
                        continue;
                    if (bc < 0 || c < bc || (c == bc && tb_rand(&rng, ++nties) == 0)) {
                        if (bc < 0 || c < bc)
                            nties = 1;
                        bc = c;
                        bmulti = 1, bm1 = 0;
                        bmv.n = mv.n;
                        memcpy(bmv.r, mv.r, (size_t)mv.n * sizeof *mv.r);
                        memcpy(bmv.t, mv.t, (size_t)mv.n * sizeof *mv.t);
                    }
                }
            }
        }
        if (bm1 < 0)
            continue; /* everything tabu: the tenures run out */
        {
            int ten = 4 + tb_rand(&rng, 8) + (int)(tb_viol(&s) > 8 ? 8 : tb_viol(&s));
            if (bmulti) {
                for (i = 0; i < bmv.n; i++)
                    old[i] = s.k.slot[bmv.r[i]];
                for (i = 0; i < bmv.n; i++) {
                    tabu[(size_t)bmv.r[i] * (size_t)s.k.ns + (size_t)old[i]] = (int)iter + ten;
                    tb_set(&s, bmv.r[i], bmv.t[i]);
                }
            } else {
                tabu[(size_t)bm1 * (size_t)s.k.ns + (size_t)s.k.slot[bm1]] = (int)iter + ten;
                tb_set(&s, bm1, bt1);
                if (bm2 >= 0) {
                    tabu[(size_t)bm2 * (size_t)s.k.ns + (size_t)s.k.slot[bm2]] = (int)iter + ten;
                    tb_set(&s, bm2, bt2);
                }
            }
            assert(tb_cost(&s, w) == bc); /* the delta evaluation is exact */
        }
        /* strategic oscillation of w */
        if (tb_viol(&s) > 0)
            ninf++;
        else
            nfeas++;
        if (iter % TB_ADAPT == 0) {
            if (ninf == TB_ADAPT && w < TB_WMAX)
                w += w / 4 + 1;
            else if (nfeas == TB_ADAPT && w > TB_WMIN)
                w -= w / 8 + 1;
            if (w < TB_WMIN)
                w = TB_WMIN;
            ninf = nfeas = 0;
        }
        if (tb_viol(&s) == 0 && tb_key(&s) < best_key) {
            best_key = tb_key(&s);
            memcpy(best, s.k.slot, (size_t)m->nr * sizeof *best);
            last_best = iter;
        } else if (iter - last_best > TB_STALL) {
            /* restart from the best feasible state, perturbed */
            int np = 3 + tb_rand(&rng, 6);
            for (r = 0; r < m->nr; r++)
                if (s.k.slot[r] != best[r])
                    tb_set(&s, r, best[r]);
            for (k = 0; k < np; k++) {
                int rr = tb_rand(&rng, m->nr), nd;
                if (!s.k.movable[rr])
                    continue;
                nd = dj__popcount64(s.k.dom[rr]);
                {
                    uint64_t d = s.k.dom[rr];
                    int kk = tb_rand(&rng, nd);
                    while (kk-- > 0)
                        d &= d - 1;
                    tb_set(&s, rr, __builtin_ctzll(d));
                }
            }
            last_best = iter;
        }
    }
    used = TB_UPD_NS * (double)s.nupd + TB_EVAL_NS * (double)s.nev + TB_ITER_NS * (double)iter;
    *spent += used;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "tabu: iters %lld upd %lld ev %lld w %lld best %lld\n", iter, s.nupd, s.nev, w,
            best_key / 64);
#endif
    rc = DJ_OK;
    if (dj_sched_verify(&ev, m, best, NULL, NULL) == DJ_OK) {
        memcpy(sol, best, (size_t)m->nr * sizeof *best);
        *sol_breaks = ev.breaks;
    }
out:
    tb_free(&s);
    dj_free(best);
    dj_free(cand);
    dj_free(tabu);
    dj_free(inc);
    dj_free(hot);
    dj_free(mark);
    dj_free(old);
    dj_free(mvbuf);
    return rc;
}
