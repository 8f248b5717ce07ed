

/* window.c - window search for all-required (B2BSP-like) instances: choose
 * for every participant the contiguous block of slots ("window") its
 * meetings go into, then let the exact search (cp.c) place the meetings
 * inside the windows.
 *
 * Why: a participant has no break when its meetings exactly fill one run of
 * slots. Searching over windows (two numbers per participant) instead of over
 * meeting slots (one per meeting) makes "zero breaks" a property of the
 * search space rather than something the annealer must stumble upon, and the
 * annealer's local moves never cross the plateaus between compact days.
 *
 * Model: participant p with n_p >= 2 meetings has a window [lo_p, hi_p]; the
 * slots of the window that are not p's planned pauses number n_p + charge_p,
 * so p can have at most charge_p breaks there (each break has at least one
 * empty slot). Participants with one meeting never have breaks and keep the
 * whole day. A meeting r = (a, b) may only use slots in dom(r) & W_a & W_b.
 * Relaxed feasibility, kept incrementally: for every participant, the
 * largest matching of its meetings to distinct slots of their restricted
 * domains; def_p = n_p - that size. Simulated annealing over windows
 * (shift, grow or shrink one end, jump) descends
 *   cost = 8 * sum def_p + sum charge_p (+ 8 per unit of charge above the
 *          hard fairness spread),
 * i.e. iterative deepening on the break budget done by the temperature.
 * Whenever sum def_p == 0 and sum charge_p is below the best schedule found,
 * the configuration is realised: the exact search runs on a copy of the
 * model whose unavailability also excludes every slot outside the windows
 * (so its propagation - perfect matchings per participant, pool capacity,
 * precedences - works inside the windows) under a node limit. A realised
 * schedule satisfies every hard rule of the original model (its domains are
 * subsets) and has at most sum charge_p breaks; its true breaks are counted.
 * The search stops at `target` breaks (the lower bound) or on its budget.
 *
 * Determinism: one splitmix64 stream from the seed; the budget is counted
 * work (matching steps at WIN_OP_NS reference ns each, plus the exact
 * search's DJ__SCHED_CP_WORK), the clock only a safety cap. Tried
 * configurations are remembered by a 64-bit hash so the exact search is not
 * repeated on one configuration.
 *
 * Status: solve.c does not call it by default (WIN_SHARE = 0): measured, it
 * made the forum results worse (docs/sched.md, 4c) - the per-participant
 * matching relaxation accepts windows that the exact search rejects at its
 * root almost every time. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <limits.h>
#include <math.h>
#include <string.h>
#ifdef DJ_SCHED_TRACE
#include <stdio.h>
#endif

#define WIN_OP_NS    7.0  /* reference ns per counted operation (fitted, see solve.c) */
#define WIN_DEF_W    8    /* one unmatched meeting, in units of charge */
#define WIN_CP_NODES 3000 /* node limit of one realisation */
#define WIN_MEMO     4096 /* tried configurations remembered */
#define WIN_WIDEN    1    /* slots by which a realisation may leave a window */

typedef struct win {
    const dj_sched *m;
    int ns, np, nr;
    int *aoff, *alist;
    uint64_t full;
    uint64_t *dom;  /* [nr] */
    int *n;         /* [np] meetings */
    int *lo, *hi;   /* [np] */
    uint64_t *W;    /* [np] window masks */
    int *def, *chg; /* [np] */
    int *mv;        /* participants with >= 2 meetings */
    int nmv;
    int chg_cap;
    long long sdef, schg, pen;
    unsigned *mark;
    unsigned stamp;
    int *nb; /* [np] scratch: neighbours */
    uint64_t rng;
    long long ops;
} win;

static int rnd_below(win *w, int n)
{
    return n <= 1 ? 0 : (int)(dj__sched_rand(&w->rng) % (uint64_t)n);
}

static uint64_t range_mask(int lo, int hi)
{
    uint64_t up = hi >= 63 ? ~(uint64_t)0 : (((uint64_t)1 << (hi + 1)) - 1);
    return up & ~(((uint64_t)1 << lo) - 1);
}

static int kuhn(const uint64_t *dom, int q, int *owner, uint64_t *seen, long long *ops)
{
    uint64_t d = dom[q] & ~*seen;
    for (; d; d &= d - 1) {
        int t = __builtin_ctzll(d);
        (*ops)++;
        *seen |= (uint64_t)1 << t;
        if (owner[t] < 0 || kuhn(dom, owner[t], owner, seen, ops)) {
            owner[t] = q;
            return 1;
        }
    }
    return 0;
}

/* unmatched meetings of p given the windows */
static int deficiency(win *w, int p)
{
    const dj_sched *m = w->m;
    uint64_t dom[DJ_SCHED_MAX_SLOTS];
    int owner[DJ_SCHED_MAX_SLOTS], n = 0, i, got = 0, extra = 0;

    for (i = w->aoff[p]; i < w->aoff[p + 1]; i++) {
        int r = w->alist[i];
        uint64_t d = w->dom[r] & w->W[m->ra[r]] & w->W[m->rb[r]];
        if (!d || n >= w->ns) {
            extra++;
            continue;
        }
        dom[n++] = d;
    }
    w->ops += n + 1;
    for (i = 0; i < w->ns; i++)
        owner[i] = -1;
    for (i = 0; i < n; i++) {
        uint64_t seen = 0;
        got += kuhn(dom, i, owner, &seen, &w->ops);
    }
    return extra + (n - got);
}

static int charge_of(const win *w, int p)
{
    int c;
    if (w->n[p] < 2)
        return 0;
    c = dj__popcount64(w->W[p] & ~w->m->planned[p]) - w->n[p];
    return c > 0 ? c : 0;
}

static long long pen_of(const win *w, int c)
{
    return c > w->chg_cap ? (long long)WIN_DEF_W * (c - w->chg_cap) : 0;
}

static long long cost(const win *w)
{
    return WIN_DEF_W * w->sdef + w->schg + w->pen;
}

/* Sets p's window to [lo, hi] and updates def/charge of p and its partners.
 * Returns the number of participants touched (in w->nb). */
static int set_window(win *w, int p, int lo, int hi)
{
    const dj_sched *m = w->m;
    int i, k = 0, c;

    w->lo[p] = lo;
    w->hi[p] = hi;
    w->W[p] = range_mask(lo, hi) & w->full;
    c = charge_of(w, p);
    w->schg += c - w->chg[p];
    w->pen += pen_of(w, c) - pen_of(w, w->chg[p]);
    w->chg[p] = c;
    w->stamp++;
    w->mark[p] = w->stamp;
    w->nb[k++] = p;
    for (i = w->aoff[p]; i < w->aoff[p + 1]; i++) {
        int r = w->alist[i], q = m->ra[r] == p ? m->rb[r] : m->ra[r];
        if (w->mark[q] != w->stamp) {
            w->mark[q] = w->stamp;
            w->nb[k++] = q;
        }
    }
    for (i = 0; i < k; i++) {
        int q = w->nb[i], d = deficiency(w, q);
        w->sdef += d - w->def[q];
        w->def[q] = d;
    }
    return k;
}

static void win_free(win *w)
{
    dj_free(w->aoff);
    dj_free(w->alist);
    dj_free(w->dom);
    dj_free(w->n);
    dj_free(w->lo);
    dj_free(w->hi);
    dj_free(w->W);
    dj_free(w->def);
    dj_free(w->chg);
    dj_free(w->mv);
    dj_free(w->mark);
    dj_free(w->nb);
}

static uint64_t config_hash(const win *w)
{
    uint64_t h = 0x84222325CBF29CE4ULL;
    int i;
    for (i = 0; i < w->nmv; i++) {
        int p = w->mv[i];
        h = (h ^ (uint64_t)(w->lo[p] * 64 + w->hi[p] + 1)) * 0x100000001B3ULL;
    }
    return h;
}

/* Realises the current windows with the exact search; on success slot[]
 * holds the schedule and *breaks its breaks. */
static int realise(win *w, int *slot, int *breaks, uint64_t *unav, int *slack, double deadline,
                   double max_work, double *work, int *cut)
{
    const dj_sched *m = w->m;
    dj_sched mm = *m;
    dj__sched_cp_out co;
    uint64_t seg[DJ_SCHED_MAX_SLOTS], busy;
    int p, r, rc, nseg, total = 0, i;

    for (p = 0; p < m->np; p++) {
        uint64_t wide = w->W[p] | w->W[p] << WIN_WIDEN | w->W[p] >> WIN_WIDEN;
        for (i = 1; i < WIN_WIDEN; i++)
            wide |= w->W[p] << i | w->W[p] >> i;
        unav[p] = m->unavail[p] | (w->n[p] >= 2 ? ~wide & w->full : 0);
        slack[p] = w->n[p] >= 2 ? w->chg[p] : -1;
    }
    mm.unavail = unav;
    for (r = 0; r < m->nr; r++)
        slot[r] = -1;
    rc = dj__sched_cp_compact(&co, slot, &mm, NULL, slack, -1, deadline, WIN_CP_NODES, max_work,
                              dj__sched_rand(&w->rng));
    if (rc < 0)
        return rc;
    *work += co.work;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "window: cp nodes %ld complete %d found %d\n", co.nodes, co.complete, co.found);
#endif
    if (co.clock_cut)
        *cut = 1;
    if (!co.found)
        return 0;
    nseg = dj__sched_segments(m, seg);
    for (p = 0; p < m->np; p++) {
        busy = 0;
        for (i = w->aoff[p]; i < w->aoff[p + 1]; i++)
            busy |= (uint64_t)1 << slot[w->alist[i]];
        total += dj__sched_breaks_of(busy, m->planned[p], seg, nseg);
    }
    *breaks = total;
    return 1;
}

int dj__sched_window(int *sol, int *sol_breaks, const dj_sched *m, const int *start, int target,
                     double budget, double deadline, uint64_t seed, int *cut, double *spent)
{
    win w;
    int *cand = NULL, rc = DJ_OK, p, r, i, best = -1;
    uint64_t *unav = NULL, *memo = NULL;
    int *slack = NULL;
    double work = 0, T, T0 = 3.0, T1 = 0.15, cyc;
    long long cur, it = 0, low = LLONG_MAX;
    long long ops0;

    *sol_breaks = -1;
    memset(&w, 0, sizeof w);
    w.m = m;
    w.ns = m->ns;
    w.np = m->np;
    w.nr = m->nr;
    w.rng = seed ^ 0x3C6EF372FE94F82BULL;
    w.full = range_mask(0, m->ns - 1);
    w.chg_cap = m->fair_hard ? m->fair_spread : m->ns;
    if ((rc = dj__sched_adjacency(&w.aoff, &w.alist, m)) < 0)
        return rc;
    w.dom = dj_malloc(((size_t)m->nr + 1) * sizeof *w.dom);
    w.n = dj_calloc((size_t)m->np + 1, sizeof *w.n);
    w.lo = dj_calloc((size_t)m->np + 1, sizeof *w.lo);
    w.hi = dj_calloc((size_t)m->np + 1, sizeof *w.hi);
    w.W = dj_calloc((size_t)m->np + 1, sizeof *w.W);
    w.def = dj_calloc((size_t)m->np + 1, sizeof *w.def);
    w.chg = dj_calloc((size_t)m->np + 1, sizeof *w.chg);
    w.mv = dj_malloc(((size_t)m->np + 1) * sizeof *w.mv);
    w.mark = dj_calloc((size_t)m->np + 1, sizeof *w.mark);
    w.nb = dj_malloc(((size_t)m->np + 1) * sizeof *w.nb);
    cand = dj_malloc(((size_t)m->nr + 1) * sizeof *cand);
    unav = dj_malloc(((size_t)m->np + 1) * sizeof *unav);
    memo = dj_calloc(WIN_MEMO, sizeof *memo);
    slack = dj_malloc(((size_t)m->np + 1) * sizeof *slack);
    if (!w.dom || !w.n || !w.lo || !w.hi || !w.W || !w.def || !w.chg || !w.mv || !w.mark || !w.nb ||
        !cand || !unav || !memo || !slack) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (r = 0; r < m->nr; r++)
        w.dom[r] = dj__sched_domain(m, r);
    for (p = 0; p < m->np; p++) {
        w.n[p] = w.aoff[p + 1] - w.aoff[p];
        w.W[p] = w.full;
        w.lo[p] = 0;
        w.hi[p] = m->ns - 1;
        if (w.n[p] >= 2)
            w.mv[w.nmv++] = p;
    }
    if (w.nmv == 0)
        goto done;
    for (p = 0; p < m->np; p++)
        w.def[p] = deficiency(&w, p);
    for (p = 0; p < m->np; p++)
        w.sdef += w.def[p];
    /* initial windows: the span of p's meetings in start[], else the first
     * run of n_p slots where p is available */
    for (i = 0; i < w.nmv; i++) {
        int lo = -1, hi = -1;
        p = w.mv[i];
        if (start) {
            int k;
            for (k = w.aoff[p]; k < w.aoff[p + 1]; k++) {
                int t = start[w.alist[k]];
                if (t < 0)
                    continue;
                if (lo < 0 || t < lo)
                    lo = t;
                if (t > hi)
                    hi = t;
            }
        }
        if (lo < 0) {
            uint64_t av = ~m->unavail[p] & w.full;
            lo = av ? __builtin_ctzll(av) : 0;
            hi = lo + w.n[p] - 1 < m->ns ? lo + w.n[p] - 1 : m->ns - 1;
        }
        (void)set_window(&w, p, lo, hi);
    }
    cur = cost(&w);
    cyc = budget / 4.0;
    ops0 = w.ops;
    for (it = 0;; it++) {
        int olo, ohi, lo, hi, kind, len;
        long long nc;
        double prog = work + (double)(w.ops - ops0) * WIN_OP_NS;
        if (prog >= budget)
            break;
        if ((it & 255) == 0 && deadline > 0 && dj__sched_now_ms() > deadline) {
            *cut = 1;
            break;
        }
        if (w.sdef == 0 && (best < 0 || w.schg < best) && w.schg <= low) {
            uint64_t h = config_hash(&w);
            int slotk = (int)(h % WIN_MEMO), br = 0, ok;
            if (memo[slotk] != h) {
                memo[slotk] = h;
                low = w.schg;
                ok = realise(&w, cand, &br, unav, slack, deadline, budget - prog, &work, cut);
#ifdef DJ_SCHED_TRACE
                fprintf(stderr, "window: it %lld realise charge %lld -> %d breaks %d\n", it, w.schg,
                        ok, br);
#endif
                if (ok < 0) {
                    rc = ok;
                    goto done;
                }
                if (ok && (best < 0 || br < best)) {
                    best = br;
                    memcpy(sol, cand, (size_t)m->nr * sizeof *sol);
                    *sol_breaks = br;
                    if (br <= target)
                        break;
                }
                if (*cut)
                    break;
            }
        }
        T = T0 * pow(T1 / T0, fmod(prog, cyc) / cyc);
        /* pick a participant: half the time one that is short of slots */
        p = w.mv[rnd_below(&w, w.nmv)];
        if (w.sdef > 0 && rnd_below(&w, 2) == 0)
            for (i = 0; i < 8 && w.def[p] == 0; i++)
                p = w.mv[rnd_below(&w, w.nmv)];
        else if (rnd_below(&w, 2) == 0)
            for (i = 0; i < 8 && w.chg[p] == 0; i++)
                p = w.mv[rnd_below(&w, w.nmv)];
        olo = w.lo[p];
        ohi = w.hi[p];
        lo = olo;
        hi = ohi;
        len = ohi - olo;
        kind = rnd_below(&w, 8);
        if (kind < 3) { /* shift */
            int d = rnd_below(&w, 2) ? 1 : -1;
            if (kind == 2)
                d *= 1 + rnd_below(&w, 3);
            lo += d;
            hi += d;
        } else if (kind == 3)
            lo--;
        else if (kind == 4)
            hi++;
        else if (kind == 5)
            lo++;
        else if (kind == 6)
            hi--;
        else {
            lo = rnd_below(&w, m->ns - len);
            hi = lo + len;
        }
        if (lo < 0 || hi >= m->ns || lo > hi || (lo == olo && hi == ohi))
            continue;
        (void)set_window(&w, p, lo, hi);
        nc = cost(&w);
        if (nc <= cur || (double)(dj__sched_rand(&w.rng) >> 11) * (1.0 / 9007199254740992.0) <
                             exp(-(double)(nc - cur) / T)) {
            cur = nc;
            continue;
        }
        (void)set_window(&w, p, olo, ohi);
    }
done:
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "window: iters %lld ops %lld cost %lld def %lld charge %lld best %d\n", it,
            w.ops, cost(&w), w.sdef, w.schg, best);
#endif
    work += (double)(w.ops) * WIN_OP_NS;
    *spent += work;
    win_free(&w);
    dj_free(cand);
    dj_free(unav);
    dj_free(memo);
    dj_free(slack);
    return rc;
}
