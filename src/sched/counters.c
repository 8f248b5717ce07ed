/* counters.c - the incremental counters shared by the two local searches
 * (anneal.c, tabu.c): allocation, the static per-request facts (domain,
 * pool use), the adjacency and precedence lists, and the fairness spread of
 * the histogram. Each search keeps them exact after every move itself (its
 * own set_slot), since the two differ in what a move may violate. */
#include "sched/sched_int.h"
#include "util/alloc.h"

#include <string.h>

int dj__sched_counters_init(dj__sched_counters *k, const dj_sched *m)
{
    int r, rc;

    memset(k, 0, sizeof *k);
    k->m = m;
    k->ns = m->ns;
    k->np = m->np;
    k->nr = m->nr;
    k->nseg = dj__sched_segments(m, k->seg);
    k->slot = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    k->occ = dj_calloc((size_t)m->np * (size_t)m->ns + 1, sizeof(uint16_t));
    k->busy = dj_calloc((size_t)m->np + 1, sizeof(uint64_t));
    k->dom = dj_malloc(((size_t)m->nr + 1) * sizeof(uint64_t));
    k->cnt = dj_calloc((size_t)m->np + 1, sizeof(int));
    k->brk = dj_calloc((size_t)m->np + 1, sizeof(int));
    k->idl = dj_calloc((size_t)m->np + 1, sizeof(int));
    k->pool = dj_calloc((size_t)m->ns + 1, sizeof(int));
    k->hist = dj_calloc((size_t)m->ns + 2, sizeof(int));
    k->usepool = dj_malloc((size_t)m->nr + 1);
    k->movable = dj_malloc((size_t)m->nr + 1);
    if (!k->slot || !k->occ || !k->busy || !k->dom || !k->cnt || !k->brk || !k->idl || !k->pool ||
        !k->hist || !k->usepool || !k->movable)
        return DJ_ENOMEM;
    if ((rc = dj__sched_adjacency(&k->aoff, &k->alist, m)) < 0)
        return rc;
    if ((rc = dj__sched_precedences(&k->poff, &k->plist, m)) < 0)
        return rc;
    for (r = 0; r < m->nr; r++) {
        k->slot[r] = -1;
        k->dom[r] = dj__sched_domain(m, r);
        k->usepool[r] = (unsigned char)dj__sched_uses_pool(m, r);
    }
    return DJ_OK;
}

void dj__sched_counters_free(dj__sched_counters *k)
{
    dj_free(k->slot);
    dj_free(k->occ);
    dj_free(k->busy);
    dj_free(k->dom);
    dj_free(k->cnt);
    dj_free(k->brk);
    dj_free(k->idl);
    dj_free(k->pool);
    dj_free(k->hist);
    dj_free(k->usepool);
    dj_free(k->movable);
    dj_free(k->poff);
    dj_free(k->plist);
    dj_free(k->aoff);
    dj_free(k->alist);
}

int dj__sched_spread_excess(const dj__sched_counters *k)
{
    int lo = -1, hi = -1, b;
    for (b = 0; b <= k->ns; b++)
        if (k->hist[b]) {
            if (lo < 0)
                lo = b;
            hi = b;
        }
    if (lo < 0 || hi - lo <= k->m->fair_spread)
        return 0;
    return hi - lo - k->m->fair_spread;
}
