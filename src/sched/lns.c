/* lns.c - large-neighbourhood search for breaks on instances whose
 * requests are all required: frees the meetings of a few participants (one
 * with breaks and some of its partners, or everything in a few slots),
 * re-solves them with the exact search of cp.c as branch and bound on total
 * breaks, and keeps improvements. best[] stays a valid schedule throughout.
 * Deterministic: the neighbourhoods come from the caller's generator and
 * every step is paid in reference ns of work; the clock is a safety cap. */
#include "sched/sched_int.h"
#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

#define LNS_COMPACT 0 /* compact spans in the neighbourhoods: measured, no gain (docs/sched.md) */

/* What the LNS reads of the model, precomputed. */
typedef struct lns_ctx {
    int *aoff, *alist;      /* requests of each participant (CSR) */
    unsigned char *movable; /* [nr] more than one slot in its domain */
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg;
} lns_ctx;

static void ctx_free(lns_ctx *c)
{
    dj_free(c->aoff);
    dj_free(c->alist);
    dj_free(c->movable);
}

static int ctx_init(lns_ctx *c, const dj_sched *m)
{
    int r;
    memset(c, 0, sizeof *c);
    c->nseg = dj__sched_segments(m, c->seg);
    c->movable = dj_malloc((size_t)m->nr + 1);
    if (!c->movable)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++)
        c->movable[r] = (unsigned char)(dj__popcount64(dj__sched_domain(m, r)) > 1 || !m->rreq[r]);
    return dj__sched_adjacency(&c->aoff, &c->alist, m);
}

static int total_breaks(const dj_sched *m, const int *slot, uint64_t *busy, const uint64_t *seg,
                        int nseg, int *pbrk)
{
    int r, p, total = 0;
    memset(busy, 0, (size_t)m->np * sizeof *busy);
    for (r = 0; r < m->nr; r++)
        if (slot[r] >= 0) {
            busy[m->ra[r]] |= (uint64_t)1 << slot[r];
            busy[m->rb[r]] |= (uint64_t)1 << slot[r];
        }
    for (p = 0; p < m->np; p++) {
        pbrk[p] = dj__sched_breaks_of(busy[p], m->planned[p], seg, nseg);
        total += pbrk[p];
    }
    return total;
}

int dj__sched_lns(int *best, const dj_sched *m, double budget, double deadline, int lb,
                  uint64_t *rng, int *cut, double *spent)
{
    lns_ctx c;
    const lns_ctx *s = &c;
    uint64_t *busy = dj_malloc(((size_t)m->np + 1) * sizeof *busy);
    int *pbrk = dj_malloc(((size_t)m->np + 1) * sizeof *pbrk);
    int *cand = dj_malloc(((size_t)m->nr + 1) * sizeof *cand);
    int *hot = dj_malloc(((size_t)m->np + 1) * sizeof *hot);
    unsigned char *act = dj_malloc((size_t)m->nr + 1);
    int *slack = dj_malloc(((size_t)m->np + 1) * sizeof *slack);
    int rc = DJ_OK, cur = 0, step = 0;
#ifdef DJ_SCHED_TRACE
    double tl0 = dj__sched_now_ms();
    long long tn = 0, to = 0;
#endif
    double step_cost = 20.0 * (double)(m->nr + m->np); /* choose, copy, count breaks */

    if ((rc = ctx_init(&c, m)) < 0)
        goto out;
    if (!busy || !pbrk || !cand || !hot || !act || !slack) {
        rc = DJ_ENOMEM;
        goto out;
    }
    cur = total_breaks(m, best, busy, s->seg, s->nseg, pbrk);
    for (step = 0; cur > lb && *spent + step_cost < budget; step++) {
        int nhot = 0, p, r, i, nact = 0;
        dj__sched_cp_out co;
        if (deadline > 0 && dj__sched_now_ms() > deadline) {
            *cut = 1;
            break;
        }
        *spent += step_cost; /* choosing and copying the neighbourhood */
        memset(act, 0, (size_t)m->nr);
        for (p = 0; p < m->np; p++)
            if (pbrk[p] > 0)
                hot[nhot++] = p;
        if (nhot > 0 && dj__sched_rand(rng) % 4 != 0) {
            int k, parts = 1 + (int)(dj__sched_rand(rng) % 3);
            p = hot[dj__sched_rand(rng) % (uint64_t)nhot];
            for (k = 0; k <= parts; k++) {
                for (i = s->aoff[p]; i < s->aoff[p + 1]; i++)
                    if (s->movable[s->alist[i]])
                        act[s->alist[i]] = 1;
                /* next: a partner of p, preferring one with breaks */
                {
                    int n = s->aoff[p + 1] - s->aoff[p], j, q = -1;
                    for (j = 0; j < 4 && n > 0; j++) {
                        int rr = s->alist[s->aoff[p] + (int)(dj__sched_rand(rng) % (uint64_t)n)];
                        q = m->ra[rr] == p ? m->rb[rr] : m->ra[rr];
                        if (pbrk[q] > 0)
                            break;
                    }
                    if (q < 0)
                        break;
                    p = q;
                }
            }
        } else {
            int k, nsl = 2 + (int)(dj__sched_rand(rng) % 2);
            uint64_t sl = 0;
            for (k = 0; k < nsl; k++)
                sl |= (uint64_t)1 << (dj__sched_rand(rng) % (uint64_t)m->ns);
            for (r = 0; r < m->nr; r++)
                if (best[r] >= 0 && (sl >> best[r] & 1) && s->movable[r])
                    act[r] = 1;
        }
        for (r = 0; r < m->nr; r++)
            nact += act[r];
        if (nact == 0)
            continue;
        memcpy(cand, best, (size_t)m->nr * sizeof *cand);
        /* compact spans: no participant's span may hold more free slots
         * than it does now (window.c's constraint, cp.c compact_ok) */
        for (p = 0; p < m->np; p++) {
            uint64_t x = busy[p], lo, hi, span;
            slack[p] = -1;
            if (dj__popcount64(x) < 2)
                continue;
            lo = x & (~x + 1);
            hi = (uint64_t)1 << (63 - __builtin_clzll(x));
            span = (hi << 1) - lo;
            slack[p] = dj__popcount64(span & ~m->unavail[p]) - dj__popcount64(x);
        }
        rc = dj__sched_cp_compact(&co, cand, m, act, LNS_COMPACT ? slack : NULL, cur, deadline,
                                  4000, budget - *spent, dj__sched_rand(rng));
        if (rc < 0)
            goto out;
        *spent += co.work;
#ifdef DJ_SCHED_TRACE
        tn += co.nodes;
        to += co.ops;
#endif
        if (co.clock_cut)
            *cut = 1; /* keep what it found (valid), then stop */
        if (co.found) {
            int nb = total_breaks(m, cand, busy, s->seg, s->nseg, pbrk);
            if (nb < cur) {
                memcpy(best, cand, (size_t)m->nr * sizeof *best);
                cur = nb;
            } else {
                (void)total_breaks(m, best, busy, s->seg, s->nseg, pbrk);
            }
        }
        if (*cut)
            break;
    }
out:
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "lns: steps %d nodes %lld ops %lld ms %.0f breaks %d\n", step, tn, to,
            dj__sched_now_ms() - tl0, cur);
#endif
    ctx_free(&c);
    dj_free(busy);
    dj_free(pbrk);
    dj_free(cand);
    dj_free(hot);
    dj_free(act);
    dj_free(slack);
    return rc;
}
