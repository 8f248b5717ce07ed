/* gen.c - a realistic event generator and the first-come-first-served
 * baseline, both used by `duijie gen event`, tests and bench/sched.
 *
 * Generator: popularity follows a Zipf law (weight 1/rank over a random
 * permutation), so a few participants receive most requests, as at real
 * fairs; each participant sends requests_per requests to distinct others
 * (no pair twice in either direction). must_pct% are "must" (weight
 * DJ_SCHED_W_MUST), the rest "want" (DJ_SCHED_W_WANT); nothing is required,
 * so the solver chooses what fits. Slots: first half morning (session 0),
 * rest afternoon (session 1). 15% of participants arrive late or leave early
 * (1-3 unavailable slots at an end), 10% have a planned lunch break at the
 * last morning slot, 8% of requests are restricted to one session.
 * Deterministic for a seed (splitmix64). */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <string.h>

static int below(uint64_t *rng, int n)
{
    return (int)((dj__sched_rand(rng) >> 33) % (uint64_t)n);
}

int dj_sched_generate(dj_sched **out, const dj_sched_gen_opts *o)
{
    dj_sched *m = NULL;
    uint64_t rng = o->seed * 0x2545F4914F6CDD1DULL + 7;
    double *cum = NULL;
    int *perm = NULL, *sent = NULL;
    int np = o->participants, ns = o->slots, R = o->requests_per, i, k, rc;
    int nmorn = (ns + 1) / 2;
    int must = o->must_pct < 0 ? 20 : o->must_pct, booth = o->booth_pct < 0 ? 0 : o->booth_pct;

    *out = NULL;
    if (np < 2 || np > 1000000 || ns < 1 || ns > DJ_SCHED_MAX_SLOTS || o->tables < 0 || R < 0 ||
        R > 1000 || R >= np || must > 100 || booth > 100)
        return DJ_EINVAL;
    if ((rc = dj_sched_new(&m, ns, np, o->tables)) < 0)
        return rc;
    cum = dj_malloc((size_t)np * sizeof *cum);
    perm = dj_malloc((size_t)np * sizeof *perm);
    sent = dj_malloc(((size_t)np * (size_t)R + 1) * sizeof *sent);
    if (!cum || !perm || !sent) {
        rc = DJ_ENOMEM;
        goto fail;
    }
    for (k = 0; k < ns; k++)
        dj_sched_set_slot(m, k, 0, k < nmorn ? 0 : 1, o->tables);
    for (i = 0; i < np; i++)
        perm[i] = i;
    for (i = np - 1; i > 0; i--) {
        int j = below(&rng, i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    /* cum[i]: cumulative popularity of participants 0..i; participant i has
     * rank perm[i] + 1 */
    for (i = 0; i < np; i++)
        cum[i] = (i ? cum[i - 1] : 0.0) + 1.0 / (double)(perm[i] + 1);
    for (i = 0; i < np; i++) {
        int u = below(&rng, 100);
        dj_sched_set_participant(m, i, 0, below(&rng, 100) < booth);
        if (u < 15) {
            int len = 1 + below(&rng, 3), late = below(&rng, 2);
            for (k = 0; k < len && k < ns; k++)
                dj_sched_set_unavailable(m, i, late ? k : ns - 1 - k, 0);
        } else if (u < 25 && nmorn < ns && nmorn >= 2) {
            dj_sched_set_unavailable(m, i, nmorn - 1, 1);
        }
    }
    for (i = 0; i < np; i++) {
        int nsent = 0, tries = 0;
        while (nsent < R && tries < R * 50) {
            double x =
                (double)(dj__sched_rand(&rng) >> 11) * (1.0 / 9007199254740992.0) * cum[np - 1];
            int lo = 0, hi = np - 1, j, dup = 0, w, sess = DJ_SCHED_ANY;
            tries++;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (cum[mid] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            j = lo;
            if (j == i)
                continue;
            for (k = 0; k < nsent && !dup; k++)
                dup = sent[(size_t)i * (size_t)R + (size_t)k] == j;
            if (j < i)
                for (k = 0; k < R && !dup; k++)
                    dup = sent[(size_t)j * (size_t)R + (size_t)k] == i;
            if (dup)
                continue;
            sent[(size_t)i * (size_t)R + (size_t)nsent++] = j;
            w = below(&rng, 100) < must ? DJ_SCHED_W_MUST : DJ_SCHED_W_WANT;
            if (below(&rng, 100) < 8 && nmorn < ns)
                sess = below(&rng, 2);
            if ((rc = dj_sched_add_request(NULL, m, i, j, w, 0, sess, DJ_SCHED_ANY)) < 0)
                goto fail;
        }
        for (; nsent < R; nsent++)
            sent[(size_t)i * (size_t)R + (size_t)nsent] = -1;
    }
    dj_sched_set_fairness(m, 2, 0);
    dj_free(cum);
    dj_free(perm);
    dj_free(sent);
    *out = m;
    return DJ_OK;
fail:
    dj_free(cum);
    dj_free(perm);
    dj_free(sent);
    dj_sched_free(m);
    return rc;
}

int dj_sched_greedy(int *slot_out, const dj_sched *m)
{
    uint64_t *busy = dj_calloc((size_t)m->np + 1, sizeof *busy);
    int *cnt = dj_calloc((size_t)m->np + 1, sizeof *cnt);
    int *pool = dj_calloc((size_t)m->ns, sizeof *pool);
    int r, i;

    if (!busy || !cnt || !pool) {
        dj_free(busy);
        dj_free(cnt);
        dj_free(pool);
        return DJ_ENOMEM;
    }
    for (r = 0; r < m->nr; r++)
        slot_out[r] = -1;
    for (r = 0; r < m->nr; r++) {
        int a = m->ra[r], b = m->rb[r], usep = dj__sched_uses_pool(m, r);
        uint64_t d = dj__sched_domain(m, r) & ~busy[a] & ~busy[b];
        if ((m->max_meet[a] > 0 && cnt[a] >= m->max_meet[a]) ||
            (m->max_meet[b] > 0 && cnt[b] >= m->max_meet[b]))
            continue;
        for (; d; d &= d - 1) {
            int t = __builtin_ctzll(d), ok = !usep || pool[t] < m->slot_cap[t];
            for (i = 0; i < m->nprec && ok; i++) {
                if (m->pa[i] == r && slot_out[m->pb[i]] >= t)
                    ok = 0;
                if (m->pb[i] == r && slot_out[m->pa[i]] >= 0 && slot_out[m->pa[i]] <= t)
                    ok = 0;
            }
            if (!ok)
                continue;
            slot_out[r] = t;
            busy[a] |= (uint64_t)1 << t;
            busy[b] |= (uint64_t)1 << t;
            cnt[a]++;
            cnt[b]++;
            if (usep)
                pool[t]++;
            break;
        }
    }
    dj_free(busy);
    dj_free(cnt);
    dj_free(pool);
    return DJ_OK;
}
