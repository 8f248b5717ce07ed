/* cp.c - exact depth-first search with propagation over the required
 * meetings (B2BSP-style instances), used to find a first valid schedule, to
 * prove that none exists, and to re-solve neighbourhoods (LNS) for breaks.
 *
 * Variables: one slot domain (bit mask) per request. Propagation to a
 * fixpoint after every decision: a meeting with one slot left is placed and
 * removes that slot from every other meeting of both participants; a slot
 * whose pool tables are all taken leaves the domains of the other pool
 * meetings; precedences keep bounds consistency (before < after); and each
 * participant's open meetings must still have a system of distinct slots
 * (a bipartite matching, i.e. alldifferent feasibility). Branching: the open
 * meeting with the fewest slots (then the busiest participants), slots next
 * to the participants' placed meetings first. Hard fairness (when every
 * request is searched or placed) is checked on complete schedules and
 * bounded at every node.
 *
 * Node bounds (breaks_range.c): per participant, the fewest and the most
 * breaks of any busy set holding its placed slots plus one slot per open
 * meeting from the union of their domains (partners and tables relaxed
 * away), kept per frame and recomputed only for participants whose meetings
 * changed. With an objective bound (LNS) a node is pruned when the fewest,
 * summed, reach `bound`; under hard fairness when some participant's fewest
 * exceed another's most by more than the spread.
 *
 * Restarts: node limits follow the Luby sequence; a run that ends without
 * reaching its limit has explored the whole tree, so "no schedule" is then a
 * proof. Work (for deterministic budgets) is counted in copied and scanned
 * entries and nodes, never by the clock (DJ__SCHED_CP_WORK). Invariants: frames[d] holds the state
 * at depth d; only frames at or below the current depth are live. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <string.h>
#include <time.h>

typedef struct cpf {
    uint64_t *D;            /* [nr] domains */
    unsigned char *done;    /* [nr] placed and propagated */
    int *pool;              /* [ns] pool meetings placed per slot */
    unsigned char *lo, *hi; /* [np] breaks range of each searched participant (when ranges;
                               at most 32 breaks in 64 slots) */
} cpf;

typedef struct cp {
    const dj_sched *m;
    int nr, ns, np;
    const int *aoff, *alist;
    int *poff, *plist;
    unsigned char *usepool, *active; /* active: request takes part in the search */
    cpf *fr;
    int maxdepth;
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg;
    long nodes, limit;
    long long ops;   /* work: entries copied or scanned */
    long prev_nodes; /* nodes of the earlier restarts */
    double max_work; /* reference ns, <= 0: none */
    int work_hit;    /* the run stopped on max_work */
    double deadline;
    uint64_t rng;
    int bound; /* prune nodes forcing >= bound breaks; < 0: no objective */
    int *sol;  /* [nr] result; fixed slots of inactive requests */
    int found;
    int hit_limit;    /* the current run stopped on its node limit or the clock */
    int clock_hit;    /* ... on the clock (the safety cap) */
    int use_breaks;   /* value ordering toward compact days */
    const int *slack; /* NULL, or [np]: compact mode (see compact_ok); < 0 = free */
    int fair;         /* hard fairness applies to the searched part (see dj__sched_cp_compact) */
    /* node bounds (ranges = an objective bound or hard fairness) */
    int ranges;
    int *tp, ntp;           /* participants with a meeting in the search */
    int *nmeet;             /* [np] meetings p will hold (searched + fixed) */
    unsigned char *dirty;   /* [np] scratch of node_ranges */
    int fixed_breaks;       /* breaks of the participants outside the search */
    int fixed_lo, fixed_hi; /* fewest / most breaks among those with >= 2 meetings */
} cp;

/* Work of the node bounds per (slot, count) cell, in DJ__SCHED_CP_WORK
 * entries: 6 per DP, fitted with -DDJ_SCHED_TRACE on the LNS of the B2BSP
 * originals, and two DPs (fewest and most). */
#define CP_RANGE_OPS 12
enum { CP_NONE = 1 << 29 }; /* "no completion" in the node bounds */

double dj__sched_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int kuhn(const uint64_t *dom, int q, int *owner, uint64_t *seen)
{
    uint64_t d = dom[q] & ~*seen;
    for (; d; d &= d - 1) {
        int t = __builtin_ctzll(d);
        *seen |= (uint64_t)1 << t;
        if (owner[t] < 0 || kuhn(dom, owner[t], owner, seen)) {
            owner[t] = q;
            return 1;
        }
    }
    return 0;
}

/* Does every open meeting of p get its own slot? (alldifferent
 * feasibility: a bipartite matching of open meetings to slots) */
static int participant_matchable(const cp *c, const cpf *f, int p)
{
    int owner[DJ_SCHED_MAX_SLOTS], n = 0, i;
    uint64_t dom[DJ_SCHED_MAX_SLOTS + 1], uni = 0;

    ((cp *)c)->ops += c->aoff[p + 1] - c->aoff[p] + 1; /* the scan; the matching below */
    for (i = c->aoff[p]; i < c->aoff[p + 1]; i++) {
        int r = c->alist[i];
        if (!c->active[r] || f->done[r])
            continue;
        if (n >= c->ns)
            return 0;
        dom[n++] = f->D[r];
        uni |= f->D[r];
    }
    if (n <= 1)
        return 1;
    ((cp *)c)->ops += 4 * n * n;
    if (dj__popcount64(uni) < n)
        return 0;
    for (i = 0; i < c->ns; i++)
        owner[i] = -1;
    for (i = 0; i < n; i++) {
        uint64_t seen = 0;
        if (!kuhn(dom, i, owner, &seen))
            return 0;
    }
    return 1;
}

static int shrink(const cp *c, cpf *f, int r, uint64_t keep, int *changed)
{
    (void)c;
    if ((f->D[r] & keep) != f->D[r]) {
        f->D[r] &= keep;
        *changed = 1;
        if (f->D[r] == 0)
            return 0;
    }
    return 1;
}

/* Compact mode (window search): participant p with slack[p] >= 0 and at
 * least two meetings must have all of them in one span of slots holding at
 * most n_p + slack[p] slots that are not its planned pauses (so it has at
 * most slack[p] breaks). Keeps in its open meetings' domains only the slots
 * of spans that contain its placed meetings and still offer n_p slots;
 * two pointers over the span starts, O(slots). Returns 0 on a wipe-out. */
static int compact_ok(cp *c, cpf *f, int p, int *changed)
{
    const dj_sched *m = c->m;
    uint64_t placed = 0, uni = 0, allow = 0, npl = ~m->unavail[p];
    int i, n = 0, s, e = -1, cnt = 0, K;

    for (i = c->aoff[p]; i < c->aoff[p + 1]; i++) {
        int k = c->alist[i];
        n++;
        if (!c->active[k]) {
            if (c->sol[k] >= 0)
                placed |= (uint64_t)1 << c->sol[k];
        } else if (f->done[k])
            placed |= f->D[k];
        else
            uni |= f->D[k];
    }
    if (n < 2)
        return 1;
    c->ops += n + 2 * c->ns;
    uni |= placed;
    K = n + c->slack[p];
    for (s = 0; s < c->ns; s++) {
        uint64_t span;
        if (e < s - 1) {
            e = s - 1;
            cnt = 0;
        }
        while (e + 1 < c->ns && cnt + (int)(npl >> (e + 1) & 1) <= K) {
            e++;
            cnt += (int)(npl >> e & 1);
        }
        if (e >= s) {
            span = (e >= 63 ? ~(uint64_t)0 : (((uint64_t)1 << (e + 1)) - 1)) &
                   ~(((uint64_t)1 << s) - 1);
            if ((placed & ~span) == 0 && dj__popcount64(uni & span) >= n)
                allow |= span;
            cnt -= (int)(npl >> s & 1);
        }
    }
    if (!allow) {
        return 0;
    }
    for (i = c->aoff[p]; i < c->aoff[p + 1]; i++) {
        int k = c->alist[i];
        if (c->active[k] && !f->done[k] && !shrink(c, f, k, allow, changed))
            return 0;
    }
    return 1;
}

/* Propagates f to a fixpoint; returns 0 on a wipe-out. */
static int propagate(cp *c, cpf *f)
{
    const dj_sched *m = c->m;
    int changed = 1, r, i, p;

    while (changed) {
        changed = 0;
        c->ops += c->nr + m->nprec;
        for (r = 0; r < c->nr; r++) {
            int t, side;
            uint64_t bit;
            if (!c->active[r] || f->done[r] || dj__popcount64(f->D[r]) != 1)
                continue;
            f->done[r] = 1;
            changed = 1;
            bit = f->D[r];
            t = __builtin_ctzll(bit);
            for (side = 0; side < 2; side++) {
                int x = side ? m->rb[r] : m->ra[r];
                for (i = c->aoff[x]; i < c->aoff[x + 1]; i++) {
                    int k = c->alist[i];
                    if (k != r && c->active[k] && !shrink(c, f, k, ~bit, &changed))
                        return 0;
                }
            }
            if (c->usepool[r] && ++f->pool[t] >= m->slot_cap[t]) {
                if (f->pool[t] > m->slot_cap[t])
                    return 0;
                for (int k = 0; k < c->nr; k++)
                    if (k != r && c->active[k] && c->usepool[k] && !f->done[k] &&
                        !shrink(c, f, k, ~bit, &changed))
                        return 0;
            }
        }
        for (i = 0; i < m->nprec; i++) {
            /* an inactive side is fixed at sol[] (unscheduled: no rule) */
            int b = m->pb[i], a = m->pa[i], lo, hi;
            uint64_t db, da;
            if (!c->active[b] && !c->active[a])
                continue;
            if ((!c->active[b] && c->sol[b] < 0) || (!c->active[a] && c->sol[a] < 0))
                continue;
            db = c->active[b] ? f->D[b] : (uint64_t)1 << c->sol[b];
            da = c->active[a] ? f->D[a] : (uint64_t)1 << c->sol[a];
            lo = __builtin_ctzll(db);
            hi = 63 - __builtin_clzll(da);
            if ((c->active[a] &&
                 !shrink(c, f, a, lo >= 63 ? 0 : ~(((uint64_t)2 << lo) - 1), &changed)) ||
                (c->active[b] &&
                 !shrink(c, f, b, hi <= 0 ? 0 : (((uint64_t)1 << hi) - 1), &changed)))
                return 0;
        }
        if (!changed && c->slack)
            for (p = 0; p < c->np; p++)
                if (c->slack[p] >= 0 && !compact_ok(c, f, p, &changed))
                    return 0;
        if (!changed)
            for (p = 0; p < c->np; p++)
                if (!participant_matchable(c, f, p)) {
                    return 0;
                }
    }
    return 1;
}

/* p's placed slots (*placed: its decided meetings and those outside the
 * search) and the union of its open meetings' domains (*uni); returns how
 * many are open. */
static int part_state(const cp *c, const cpf *f, int p, uint64_t *placed, uint64_t *uni)
{
    int i, open = 0;
    *placed = *uni = 0;
    for (i = c->aoff[p]; i < c->aoff[p + 1]; i++) {
        int k = c->alist[i];
        if (!c->active[k]) {
            if (c->sol[k] >= 0)
                *placed |= (uint64_t)1 << c->sol[k];
        } else if (f->done[k])
            *placed |= f->D[k];
        else {
            *uni |= f->D[k];
            open++;
        }
    }
    return open;
}

/* p's placed slots (part_state). */
static uint64_t busy_of(const cp *c, const cpf *f, int p)
{
    uint64_t placed, uni;
    part_state(c, f, p, &placed, &uni);
    return placed;
}

/* Fills f->lo/hi from the parent frame (NULL at the root), recomputing the
 * participants whose meetings' domains or states changed. Returns 0 when
 * one of them has no completion, else 1. */
static int node_ranges(cp *c, cpf *f, const cpf *parent)
{
    int i;
    if (parent) {
        c->ops += c->nr + 2 * c->np;
        memcpy(f->lo, parent->lo, (size_t)c->np * sizeof *f->lo);
        memcpy(f->hi, parent->hi, (size_t)c->np * sizeof *f->hi);
        for (i = 0; i < c->nr; i++)
            if (c->active[i] && (f->D[i] != parent->D[i] || f->done[i] != parent->done[i]))
                c->dirty[c->m->ra[i]] = c->dirty[c->m->rb[i]] = 1;
    }
    for (i = 0; i < c->ntp; i++) {
        int p = c->tp[i], open, lo, hi;
        uint64_t placed, uni;
        if (parent && !c->dirty[p])
            continue;
        c->dirty[p] = 0;
        c->ops += c->aoff[p + 1] - c->aoff[p];
        open = part_state(c, f, p, &placed, &uni);
        c->ops += (long long)CP_RANGE_OPS * c->ns * (open + 1);
        if (!dj__sched_breaks_range(placed, uni, open, c->m->planned[p], c->seg, c->nseg, &lo, &hi))
            return 0; /* flags left set only cost a recomputation at the next node */
        f->lo[p] = (unsigned char)lo;
        f->hi[p] = (unsigned char)hi;
    }
    return 1;
}

/* May a completion of this node meet the bounds? The fewest breaks,
 * summed, must stay below the objective bound; under hard fairness the
 * largest fewest and the smallest most, over participants with at least
 * two meetings, must lie within the spread. */
static int ranges_ok(const cp *c, const cpf *f)
{
    const dj_sched *m = c->m;
    int i, total = c->fixed_breaks, maxlo = c->fixed_lo, minhi = c->fixed_hi;
    for (i = 0; i < c->ntp; i++) {
        int p = c->tp[i];
        total += f->lo[p];
        if (c->nmeet[p] >= 2) {
            if (f->lo[p] > maxlo)
                maxlo = f->lo[p];
            if (f->hi[p] < minhi)
                minhi = f->hi[p];
        }
    }
    if (c->bound >= 0 && total >= c->bound)
        return 0;
    return !(c->fair && maxlo >= 0 && minhi < CP_NONE && maxlo - minhi > m->fair_spread);
}

static int leaf_ok(cp *c, const cpf *f)
{
    const dj_sched *m = c->m;
    int p, r, lo = -1, hi = -1, total = 0;
    if (c->fair || c->bound >= 0) {
        for (p = 0; p < c->np; p++) {
            uint64_t b = busy_of(c, f, p);
            int br = dj__sched_breaks_of(b, m->planned[p], c->seg, c->nseg);
            total += br;
            if (dj__popcount64(b) >= 2) {
                if (lo < 0 || br < lo)
                    lo = br;
                if (br > hi)
                    hi = br;
            }
        }
        if (c->fair && lo >= 0 && hi - lo > m->fair_spread)
            return 0;
        if (c->bound >= 0 && total >= c->bound)
            return 0;
        if (c->bound >= 0)
            c->bound = total;
    }
    for (r = 0; r < c->nr; r++)
        if (c->active[r])
            c->sol[r] = __builtin_ctzll(f->D[r]);
    return 1;
}

/* 1 = a solution in c->sol, 0 = none below this node, -1 = stopped. */
static int dfs(cp *c, int depth)
{
    cpf *f = &c->fr[depth], *g;
    int r, best = -1, bestn = 99, bestdeg = -1, nt, i, ord[DJ_SCHED_MAX_SLOTS];
    long sc[DJ_SCHED_MAX_SLOTS];
    uint64_t d, ba = 0, bb = 0;

    if ((++c->nodes & 255) == 0 && c->deadline > 0 && dj__sched_now_ms() > c->deadline) {
        c->hit_limit = 1;
        c->clock_hit = 1;
        return -1;
    }
    if (c->nodes > c->limit) {
        c->hit_limit = 1;
        return -1;
    }
    if (c->max_work > 0 && DJ__SCHED_CP_WORK(c->ops, c->prev_nodes + c->nodes) > c->max_work) {
        c->hit_limit = 1;
        c->work_hit = 1;
        return -1;
    }
    if (c->ranges && (!node_ranges(c, f, depth > 0 ? &c->fr[depth - 1] : NULL) || !ranges_ok(c, f)))
        return 0;
    for (r = 0; r < c->nr; r++) {
        int n, deg;
        if (!c->active[r] || f->done[r])
            continue;
        n = dj__popcount64(f->D[r]);
        deg = (c->aoff[c->m->ra[r] + 1] - c->aoff[c->m->ra[r]]) +
              (c->aoff[c->m->rb[r] + 1] - c->aoff[c->m->rb[r]]);
        if (n < bestn || (n == bestn && deg > bestdeg) ||
            (n == bestn && deg == bestdeg && (dj__sched_rand(&c->rng) & 3) == 0)) {
            best = r;
            bestn = n;
            bestdeg = deg;
        }
    }
    if (best < 0) {
        if (!leaf_ok(c, f))
            return 0;
        c->found = 1;
        return c->bound >= 0 ? 0 : 1; /* B&B: keep looking for fewer breaks */
    }
    if (depth + 1 >= c->maxdepth)
        return 0; /* cannot happen: every level places a meeting */
    if (c->use_breaks) {
        ba = busy_of(c, f, c->m->ra[best]);
        bb = busy_of(c, f, c->m->rb[best]);
    }
    nt = 0;
    for (d = f->D[best]; d; d &= d - 1) {
        int t = __builtin_ctzll(d);
        uint64_t near = ((uint64_t)1 << t) << 1 | ((uint64_t)1 << t) >> 1;
        long s = (long)(dj__sched_rand(&c->rng) & 7);
        if (c->use_breaks)
            s += 16 * (long)(ba && (ba & near) == 0) + 16 * (long)(bb && (bb & near) == 0);
        ord[nt] = t;
        sc[nt] = s;
        nt++;
    }
    for (i = 1; i < nt; i++) { /* insertion sort by score */
        int t = ord[i], j = i;
        long s = sc[i];
        while (j > 0 && sc[j - 1] > s) {
            ord[j] = ord[j - 1];
            sc[j] = sc[j - 1];
            j--;
        }
        ord[j] = t;
        sc[j] = s;
    }
    g = &c->fr[depth + 1];
    for (i = 0; i < nt; i++) {
        int res;
        c->ops += c->nr;
        memcpy(g->D, f->D, (size_t)c->nr * sizeof *g->D);
        memcpy(g->done, f->done, (size_t)c->nr);
        memcpy(g->pool, f->pool, (size_t)c->ns * sizeof *g->pool);
        g->D[best] = (uint64_t)1 << ord[i];
        if (!propagate(c, g))
            continue;
        res = dfs(c, depth + 1);
        if (res != 0)
            return res;
    }
    return 0;
}

static long luby(long i)
{
    long k = 1;
    while (((long)1 << k) - 1 < i)
        k++;
    while (((long)1 << k) - 1 != i) {
        i -= ((long)1 << (k - 1)) - 1;
        k = 1;
        while (((long)1 << k) - 1 < i)
            k++;
    }
    return (long)1 << (k - 1);
}

/* What the node bounds need (c->active and c->sol set): the participants
 * with a meeting in the search and how many meetings each will hold, the
 * breaks of the others at their fixed slots, the scratch flags, and the
 * frames' lo/hi arrays in *blk (2 x maxdepth x np bytes, the caller frees).
 * Returns DJ_OK or DJ_ENOMEM. */
static int ranges_init(cp *c, unsigned char **blk)
{
    const dj_sched *m = c->m;
    int p, i;

    *blk = dj_malloc(2 * (size_t)c->maxdepth * ((size_t)m->np + 1) * sizeof **blk);
    c->tp = dj_malloc(((size_t)m->np + 1) * sizeof *c->tp);
    c->nmeet = dj_malloc(((size_t)m->np + 1) * sizeof *c->nmeet);
    c->dirty = dj_calloc((size_t)m->np + 1, 1);
    if (!*blk || !c->tp || !c->nmeet || !c->dirty)
        return DJ_ENOMEM;
    c->ntp = c->fixed_breaks = 0;
    c->fixed_lo = -1;
    c->fixed_hi = CP_NONE;
    for (p = 0; p < m->np; p++) {
        uint64_t busy = 0;
        int act = 0, b;
        c->nmeet[p] = 0;
        for (i = c->aoff[p]; i < c->aoff[p + 1]; i++) {
            int k = c->alist[i];
            act |= c->active[k];
            c->nmeet[p] += c->active[k] || c->sol[k] >= 0;
            if (!c->active[k] && c->sol[k] >= 0)
                busy |= (uint64_t)1 << c->sol[k];
        }
        if (act) {
            c->tp[c->ntp++] = p;
            continue;
        }
        b = dj__sched_breaks_of(busy, m->planned[p], c->seg, c->nseg);
        c->fixed_breaks += b;
        if (c->nmeet[p] >= 2) {
            if (b > c->fixed_lo)
                c->fixed_lo = b;
            if (b < c->fixed_hi)
                c->fixed_hi = b;
        }
    }
    for (i = 0; i < c->maxdepth; i++) {
        c->fr[i].lo = *blk + (size_t)i * (size_t)m->np;
        c->fr[i].hi = *blk + ((size_t)c->maxdepth + (size_t)i) * (size_t)m->np;
    }
    c->ops += c->nr + c->np;
    c->ranges = 1;
    return DJ_OK;
}

int dj__sched_cp(dj__sched_cp_out *out, int *slot, const dj_sched *m, const unsigned char *active,
                 int bound, double deadline_ms, long max_nodes, double max_work, uint64_t seed)
{
    return dj__sched_cp_compact(out, slot, m, active, NULL, bound, deadline_ms, max_nodes, max_work,
                                seed);
}

int dj__sched_cp_compact(dj__sched_cp_out *out, int *slot, const dj_sched *m,
                         const unsigned char *active, const int *slack, int bound,
                         double deadline_ms, long max_nodes, double max_work, uint64_t seed)
{
    cp c;
    int *aoff = NULL, *alist = NULL, rc, r, nact = 0, i, run;
    uint64_t *Dblk = NULL;
    unsigned char *doneblk = NULL;
    int *poolblk = NULL;
    unsigned char *rangeblk = NULL;
    long spent = 0;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    if ((rc = dj__sched_adjacency(&aoff, &alist, m)) < 0)
        return rc;
    c.m = m;
    c.nr = m->nr;
    c.ns = m->ns;
    c.np = m->np;
    c.aoff = aoff;
    c.alist = alist;
    c.rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    c.nseg = dj__sched_segments(m, c.seg);
    c.sol = slot;
    c.use_breaks = 1;
    c.slack = slack;
    c.max_work = max_work;
    c.usepool = dj_malloc((size_t)m->nr + 1);
    c.active = dj_malloc((size_t)m->nr + 1);
    if (!c.usepool || !c.active) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (r = 0; r < m->nr; r++) {
        c.usepool[r] = (unsigned char)dj__sched_uses_pool(m, r);
        c.active[r] = (unsigned char)(active ? active[r] != 0 : 1);
        nact += c.active[r];
    }
    c.maxdepth = nact + 2;
    c.fr = dj_calloc((size_t)c.maxdepth, sizeof *c.fr);
    Dblk = dj_malloc((size_t)c.maxdepth * (size_t)(m->nr + 1) * sizeof *Dblk);
    doneblk = dj_malloc((size_t)c.maxdepth * (size_t)(m->nr + 1));
    poolblk = dj_malloc((size_t)c.maxdepth * (size_t)m->ns * sizeof *poolblk);
    if (!c.fr || !Dblk || !doneblk || !poolblk) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < c.maxdepth; i++) {
        c.fr[i].D = Dblk + (size_t)i * (size_t)(m->nr + 1);
        c.fr[i].done = doneblk + (size_t)i * (size_t)(m->nr + 1);
        c.fr[i].pool = poolblk + (size_t)i * (size_t)m->ns;
    }
    /* Hard fairness is a rule of the whole schedule: with a request that is
     * neither searched nor placed (an optional meeting left to the annealer)
     * it says nothing about this part, since that meeting may still close a
     * gap or give a participant its second meeting. */
    c.fair = m->fair_hard;
    for (r = 0; r < m->nr; r++)
        if (!c.active[r] && slot[r] < 0)
            c.fair = 0;
    if ((bound >= 0 || c.fair) && (rc = ranges_init(&c, &rangeblk)) < 0)
        goto done;
    rc = DJ_OK;
    for (run = 1;; run++) {
        cpf *f = &c.fr[0];
        int res;
        memset(f->pool, 0, (size_t)m->ns * sizeof *f->pool);
        for (r = 0; r < m->nr; r++) {
            f->done[r] = 0;
            f->D[r] = c.active[r] ? dj__sched_domain(m, r) : 0;
        }
        /* meetings outside the search are fixed where slot[] says */
        for (r = 0; r < m->nr; r++) {
            int t = slot[r];
            if (c.active[r] || t < 0)
                continue;
            if (c.usepool[r])
                f->pool[t]++;
            for (int side = 0; side < 2; side++) {
                int x = side ? m->rb[r] : m->ra[r];
                for (i = aoff[x]; i < aoff[x + 1]; i++)
                    if (c.active[alist[i]])
                        f->D[alist[i]] &= ~((uint64_t)1 << t);
            }
        }
        for (r = 0; r < m->nr; r++)
            if (c.active[r] && c.usepool[r])
                for (int t = 0; t < m->ns; t++)
                    if (f->pool[t] >= m->slot_cap[t])
                        f->D[r] &= ~((uint64_t)1 << t);
        c.bound = bound;
        c.deadline = deadline_ms;
        c.hit_limit = 0;
        c.nodes = 0;
        c.prev_nodes = spent;
        c.limit = bound >= 0 ? max_nodes : 64 * luby(run);
        if (max_nodes > 0 && bound < 0 && c.limit > max_nodes - spent)
            c.limit = max_nodes - spent;
        for (r = 0; r < m->nr; r++)
            if (c.active[r] && f->D[r] == 0)
                break;
        if (r < m->nr || !propagate(&c, f)) {
            if (!out->found)
                out->complete = 1;
            break;
        }
        res = dfs(&c, 0);
        spent += c.nodes;
        if (c.found)
            out->found = 1;
        if (res == 1)
            break;
        if (!c.hit_limit) {
            out->complete = 1;
            break;
        }
        if (c.clock_hit) {
            out->clock_cut = 1;
            break;
        }
        if (c.work_hit)
            break;
        if (bound >= 0 || (max_nodes > 0 && spent >= max_nodes))
            break;
    }
done:
    out->nodes = spent;
    out->ops = c.ops;
    out->work = DJ__SCHED_CP_WORK(c.ops, spent);
    dj_free(aoff);
    dj_free(alist);
    dj_free(c.usepool);
    dj_free(c.active);
    dj_free(c.fr);
    dj_free(Dblk);
    dj_free(doneblk);
    dj_free(poolblk);
    dj_free(rangeblk);
    dj_free(c.tp);
    dj_free(c.nmeet);
    dj_free(c.dirty);
    return rc;
}
