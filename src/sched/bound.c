/* bound.c - cheap bounds and infeasibility proofs.
 *
 * Breaks lower bound: for each participant alone, the fewest breaks of any
 * choice of slots for its required meetings that respects its availability,
 * fixed/locked slots and the morning/other split (a DP over slots); the sum
 * over participants is a valid bound because the real schedule gives every
 * participant one such choice. Precedences and the other participants are
 * relaxed away.
 *
 * Weight upper bound: total weight minus a lower bound on what must be lost:
 * participant p can hold at most c_p meetings (its free slots, its limit), so
 * it loses at least its (n_p - c_p) lightest requests; those losses are
 * summed over participants that share no request (disjoint sets), or halved
 * over all participants (each request touches two), whichever is larger;
 * pool capacity over all slots gives a third bound. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

int dj__sched_adjacency(int **off_out, int **list_out, const dj_sched *m)
{
    int *off = dj_calloc((size_t)m->np + 2, sizeof(int));
    int *list = dj_malloc(((size_t)m->nr * 2 + 1) * sizeof(int));
    int *fill = dj_calloc((size_t)m->np + 1, sizeof(int));
    int p, r;

    *off_out = NULL;
    *list_out = NULL;
    if (!off || !list || !fill) {
        dj_free(off);
        dj_free(list);
        dj_free(fill);
        return DJ_ENOMEM;
    }
    for (r = 0; r < m->nr; r++) {
        off[m->ra[r] + 1]++;
        off[m->rb[r] + 1]++;
    }
    for (p = 0; p < m->np; p++)
        off[p + 1] += off[p];
    for (r = 0; r < m->nr; r++) {
        list[off[m->ra[r]] + fill[m->ra[r]]++] = r;
        list[off[m->rb[r]] + fill[m->rb[r]]++] = r;
    }
    dj_free(fill);
    *off_out = off;
    *list_out = list;
    return DJ_OK;
}

int dj__sched_precedences(int **off_out, int **list_out, const dj_sched *m)
{
    int *off = dj_calloc((size_t)m->nr + 2, sizeof(int));
    int *list = dj_malloc(((size_t)m->nprec * 2 + 1) * sizeof(int));
    int *fill = dj_calloc((size_t)m->nr + 1, sizeof(int));
    int i, r;

    *off_out = NULL;
    *list_out = NULL;
    if (!off || !list || !fill) {
        dj_free(off);
        dj_free(list);
        dj_free(fill);
        return DJ_ENOMEM;
    }
    for (i = 0; i < m->nprec; i++) {
        off[m->pb[i] + 1]++;
        off[m->pa[i] + 1]++;
    }
    for (r = 0; r < m->nr; r++)
        off[r + 1] += off[r];
    for (i = 0; i < m->nprec; i++) {
        list[off[m->pb[i]] + fill[m->pb[i]]++] = i;
        list[off[m->pa[i]] + fill[m->pa[i]]++] = i;
    }
    dj_free(fill);
    *off_out = off;
    *list_out = list;
    return DJ_OK;
}

/* Fewest (maxi == 0) or most (maxi != 0) breaks for p's required meetings,
 * or -1 when no choice exists. For the fewest, any free slot where one of
 * p's optional requests could be held may be filled (an optional meeting
 * can close a gap), so the bound holds for schedules with optional
 * meetings too. */
static int participant_dp(const dj_sched *m, const int *reqs, int n, int p, int *dp, int *ndp,
                          int maxi)
{
    uint64_t allowed = 0, forced = 0, x0 = 0, optional = 0;
    int k = 0, c0 = 0, c1 = 0, i, t, best = -1, newseg = 0;
    int K;

    for (t = 0; t < m->ns; t++)
        if (m->slot_session[t] == m->slot_session[0])
            x0 |= (uint64_t)1 << t;
    for (i = 0; i < n; i++) {
        int r = reqs[i];
        uint64_t d;
        if (!m->rreq[r]) {
            if (!maxi)
                optional |= dj__sched_domain(m, r);
            continue;
        }
        d = dj__sched_domain(m, r);
        k++;
        allowed |= d;
        if (dj__popcount64(d) == 1)
            forced |= d;
        if ((d & ~x0) == 0)
            c0++;
        else if ((d & x0) == 0)
            c1++;
    }
    if (k <= 1)
        return k == 1 && allowed == 0 ? -1 : 0;
    if (k > m->ns)
        return -1;
    K = k + 1;
    /* state index: (chosen * K + chosen_in_x0) * 3 + phase; value = breaks or -1 */
#define IDX(a, b, ph) (((a)*K + (b)) * 3 + (ph))
    for (i = 0; i < K * K * 3; i++)
        dp[i] = -1;
    dp[IDX(0, 0, 0)] = 0;
    for (t = 0; t < m->ns; t++) {
        uint64_t bit = (uint64_t)1 << t;
        int inx0 = (x0 & bit) != 0;
        newseg |=
            t > 0 &&
            (m->slot_day[t] != m->slot_day[t - 1] ||
             (m->scope == DJ_SCHED_SCOPE_SESSION && m->slot_session[t] != m->slot_session[t - 1]));
        if (m->planned[p] & bit)
            continue; /* transparent; a new day starting here starts at the next slot */
        for (i = 0; i < K * K * 3; i++)
            ndp[i] = -1;
        for (int a = 0; a < K; a++)
            for (int b = 0; b <= a; b++)
                for (int ph = 0; ph < 3; ph++) {
                    int v = dp[IDX(a, b, ph)], ph0 = newseg ? 0 : ph;
                    if (v < 0)
                        continue;
                    if (!(forced & bit)) { /* leave t empty */
                        int nph = ph0 == 1 ? 2 : ph0;
                        int *d = &ndp[IDX(a, b, nph)];
                        if (*d < 0 || (maxi ? v > *d : v < *d))
                            *d = v;
                    }
                    if (!(forced & bit) && (optional & bit)) { /* an optional meeting */
                        int nv = v + (ph0 == 2);
                        int *d = &ndp[IDX(a, b, 1)];
                        if (*d < 0 || nv < *d)
                            *d = nv;
                    }
                    if ((allowed & bit) && a + 1 < K) {
                        int nv = v + (ph0 == 2);
                        int *d = &ndp[IDX(a + 1, b + inx0, 1)];
                        if (*d < 0 || (maxi ? nv > *d : nv < *d))
                            *d = nv;
                    }
                }
        memcpy(dp, ndp, (size_t)K * (size_t)K * 3 * sizeof(int));
        newseg = 0;
    }
    for (int b = 0; b <= k; b++)
        for (int ph = 0; ph < 3; ph++) {
            int v = dp[IDX(k, b, ph)];
            if (v >= 0 && b >= c0 && k - b >= c1 && (best < 0 || (maxi ? v > best : v < best)))
                best = v;
        }
#undef IDX
    return best;
}

static int participant_lb(const dj_sched *m, const int *reqs, int n, int p, int *dp, int *ndp)
{
    return participant_dp(m, reqs, n, p, dp, ndp, 0);
}

/* Does p certainly hold >= 2 meetings (all its requests required, at least
 * two)? Only such participants have a known breaks range for fairness. */
static int fair_member(const dj_sched *m, const int *reqs, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (!m->rreq[reqs[i]])
            return 0;
    return n >= 2;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

static int cmp_ll_desc(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a < b) - (a > b);
}

/* The (c + 1)-th largest of the n values v (n > c), or 0 when n <= c: the
 * best multiplier of a capacity-c constraint given the other multipliers
 * (minimises c * y + sum max(0, v_i - y)). v is reordered. */
static long long best_multiplier(long long *v, int n, int c)
{
    int i, pos = 0;
    for (i = 0; i < n; i++)
        if (v[i] > 0)
            v[pos++] = v[i];
    if (pos <= c)
        return 0;
    qsort(v, (size_t)pos, sizeof *v, cmp_ll_desc);
    return v[c];
}

/* LP-dual weight upper bound (docs/sched.md, "Weight upper bound").
 * Primal relaxation: max sum w_r x_r, 0 <= x_r <= 1, x_r = 0 for requests
 * with no usable slot, sum over p's requests x_r <= c_p (p's usable slots,
 * capped by its meeting limit), sum over pool requests x_r <= C (pool
 * table-slots). Any y_p, pi >= 0 give the dual value
 *   sum c_p y_p + C pi + sum_r max(0, w_r - y_a - y_b - pi [r uses pool])
 * which bounds every schedule's weight (weak duality). The multipliers are
 * improved by exact coordinate descent, a few passes, visiting participants
 * in `order` (NULL = index order); the caller keeps the smaller value. */
static int dual_ub(long long *out, const dj_sched *m, const int *off, const int *list,
                   const int *order)
{
    long long *y = dj_calloc((size_t)m->np + 1, sizeof *y);
    long long *v = dj_malloc(((size_t)m->nr + 1) * sizeof *v);
    int *cap = dj_malloc(((size_t)m->np + 1) * sizeof *cap);
    unsigned char *live = dj_malloc((size_t)m->nr + 1), *pool = dj_malloc((size_t)m->nr + 1);
    long long pi = 0, val, prev = -1;
    int p, r, i, pass, C = 0, t;

    if (!y || !v || !cap || !live || !pool) {
        dj_free(y);
        dj_free(v);
        dj_free(cap);
        dj_free(live);
        dj_free(pool);
        return DJ_ENOMEM;
    }
    for (t = 0; t < m->ns; t++)
        C += m->slot_cap[t];
    for (r = 0; r < m->nr; r++) {
        live[r] = dj__sched_domain(m, r) != 0;
        pool[r] = (unsigned char)dj__sched_uses_pool(m, r);
    }
    for (p = 0; p < m->np; p++) {
        uint64_t u = 0;
        for (i = off[p]; i < off[p + 1]; i++)
            if (live[list[i]])
                u |= dj__sched_domain(m, list[i]);
        cap[p] = dj__popcount64(u);
        if (m->max_meet[p] > 0 && m->max_meet[p] < cap[p])
            cap[p] = m->max_meet[p];
    }
    for (pass = 0; pass < 60; pass++) {
        int n = 0, j;
        for (j = 0; j < m->np; j++) {
            int k = 0;
            p = order ? order[j] : j;
            for (i = off[p]; i < off[p + 1]; i++) {
                r = list[i];
                if (live[r])
                    v[k++] = m->rw[r] - y[m->ra[r] == p ? m->rb[r] : m->ra[r]] - (pool[r] ? pi : 0);
            }
            y[p] = best_multiplier(v, k, cap[p]);
        }
        for (r = 0; r < m->nr; r++)
            if (live[r] && pool[r])
                v[n++] = m->rw[r] - y[m->ra[r]] - y[m->rb[r]];
        pi = best_multiplier(v, n, C);
        val = (long long)C * pi;
        for (p = 0; p < m->np; p++)
            val += (long long)cap[p] * y[p];
        for (r = 0; r < m->nr; r++)
            if (live[r]) {
                long long z = m->rw[r] - y[m->ra[r]] - y[m->rb[r]] - (pool[r] ? pi : 0);
                if (z > 0)
                    val += z;
            }
        if (prev >= 0 && val >= prev)
            break;
        prev = val;
    }
    *out = prev;
    dj_free(y);
    dj_free(v);
    dj_free(cap);
    dj_free(live);
    dj_free(pool);
    return DJ_OK;
}

/* Fewest breaks of each participant on its own (the DP), raised under hard
 * fairness to the largest such bound minus the spread for every member:
 * every member ends within fair_spread of the largest breaks, which is at
 * least the largest bound. dp/ndp have (ns+1)^2*3 entries. */
static void participant_lbs(int *plb, const dj_sched *m, const int *off, const int *list, int *dp,
                            int *ndp)
{
    int p, maxlb = 0;

    for (p = 0; p < m->np; p++) {
        int v = participant_lb(m, list + off[p], off[p + 1] - off[p], p, dp, ndp);
        plb[p] = v > 0 ? v : 0;
        if (m->fair_hard && fair_member(m, list + off[p], off[p + 1] - off[p]) && plb[p] > maxlb)
            maxlb = plb[p];
    }
    if (m->fair_hard)
        for (p = 0; p < m->np; p++)
            if (fair_member(m, list + off[p], off[p + 1] - off[p]) &&
                plb[p] < maxlb - m->fair_spread)
                plb[p] = maxlb - m->fair_spread;
}

int dj__sched_participant_lbs(int *plb, const dj_sched *m)
{
    int *off = NULL, *list = NULL, K = m->ns + 1, rc;
    int *dp = dj_malloc((size_t)K * (size_t)K * 3 * sizeof(int));
    int *ndp = dj_malloc((size_t)K * (size_t)K * 3 * sizeof(int));

    rc = dp && ndp ? dj__sched_adjacency(&off, &list, m) : DJ_ENOMEM;
    if (rc == DJ_OK)
        participant_lbs(plb, m, off, list, dp, ndp);
    dj_free(off);
    dj_free(list);
    dj_free(dp);
    dj_free(ndp);
    return rc;
}

/* The combinatorial weight bound: total weight minus the largest of three
 * valid losses - half the sum of every participant's excess (its lightest
 * requests beyond its usable slots or limit), the excess of participants
 * sharing no request, and the lightest pool requests beyond the
 * table-slots - and minus the requests with no usable slot. */
static int combinatorial_ub(long long *ub, const dj_sched *m, const int *off, const int *list)
{
    int *tmp = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    long long *excess = dj_calloc((size_t)m->np + 1, sizeof *excess);
    unsigned char *blocked = dj_calloc((size_t)m->np + 1, 1);
    long long total = 0, lost_half = 0, lost_ind = 0, lost_pool = 0, lost_dead = 0, lost;
    int npool = 0, cap = 0, t, p, r, i;

    if (!tmp || !excess || !blocked) {
        dj_free(tmp);
        dj_free(excess);
        dj_free(blocked);
        return DJ_ENOMEM;
    }
    for (r = 0; r < m->nr; r++) {
        total += m->rw[r];
        if (dj__sched_domain(m, r) == 0)
            lost_dead += m->rw[r];
    }
    for (p = 0; p < m->np; p++) {
        uint64_t u = 0;
        int n = 0, c;
        for (i = off[p]; i < off[p + 1]; i++) {
            uint64_t d = dj__sched_domain(m, list[i]);
            if (d) {
                u |= d;
                tmp[n++] = m->rw[list[i]];
            }
        }
        c = dj__popcount64(u);
        if (m->max_meet[p] > 0 && m->max_meet[p] < c)
            c = m->max_meet[p];
        if (n > c) {
            qsort(tmp, (size_t)n, sizeof(int), cmp_int);
            for (i = 0; i < n - c; i++)
                excess[p] += tmp[i];
        }
        lost_half += excess[p];
    }
    lost_half = (lost_half + 1) / 2;
    /* disjoint participants, largest excess first (selection by scan: only
     * participants with excess matter, usually few) */
    for (;;) {
        int bestp = -1;
        for (p = 0; p < m->np; p++)
            if (!blocked[p] && excess[p] > 0 && (bestp < 0 || excess[p] > excess[bestp]))
                bestp = p;
        if (bestp < 0)
            break;
        lost_ind += excess[bestp];
        blocked[bestp] = 1;
        for (i = off[bestp]; i < off[bestp + 1]; i++) {
            blocked[m->ra[list[i]]] = 1;
            blocked[m->rb[list[i]]] = 1;
        }
    }
    for (t = 0; t < m->ns; t++)
        cap += m->slot_cap[t];
    for (r = 0; r < m->nr; r++)
        if (dj__sched_uses_pool(m, r) && dj__sched_domain(m, r))
            tmp[npool++] = m->rw[r];
    if (npool > cap) {
        qsort(tmp, (size_t)npool, sizeof(int), cmp_int);
        for (i = 0; i < npool - cap; i++)
            lost_pool += tmp[i];
    }
    lost = lost_half > lost_ind ? lost_half : lost_ind;
    if (lost_pool > lost)
        lost = lost_pool;
    /* dead requests are excluded from the per-participant sets, so they add
     * to the per-participant bounds; the pool bound already skipped them */
    *ub = total - lost - lost_dead;
    dj_free(tmp);
    dj_free(excess);
    dj_free(blocked);
    return DJ_OK;
}

/* The LP dual bound, the better of two visiting orders of the coordinate
 * descent (it can stall depending on the order): index order, then fewest
 * requests first (leaves before hubs). */
static int best_dual_ub(long long *ub, const dj_sched *m, const int *off, const int *list)
{
    int maxdeg = 0, p, d, rc;
    int *order = dj_malloc(((size_t)m->np + 1) * sizeof *order), *cntd;
    long long dual;

    if (!order)
        return DJ_ENOMEM;
    if ((rc = dual_ub(ub, m, off, list, NULL)) < 0)
        goto done;
    for (p = 0; p < m->np; p++)
        if (off[p + 1] - off[p] > maxdeg)
            maxdeg = off[p + 1] - off[p];
    if (!(cntd = dj_calloc((size_t)maxdeg + 2, sizeof *cntd))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (p = 0; p < m->np; p++) /* counting sort by the number of requests */
        cntd[off[p + 1] - off[p] + 1]++;
    for (d = 0; d < maxdeg + 1; d++)
        cntd[d + 1] += cntd[d];
    for (p = 0; p < m->np; p++)
        order[cntd[off[p + 1] - off[p]]++] = p;
    dj_free(cntd);
    if ((rc = dual_ub(&dual, m, off, list, order)) >= 0 && dual < *ub)
        *ub = dual;
done:
    dj_free(order);
    return rc;
}

int dj_sched_bounds(int *breaks_lb, long long *weight_ub, const dj_sched *m)
{
    int *off = NULL, *list = NULL, rc, p;

    if ((rc = dj__sched_adjacency(&off, &list, m)) < 0)
        return rc;
    if (breaks_lb) {
        size_t K = (size_t)m->ns + 1;
        int *dp = dj_malloc(K * K * 3 * sizeof(int)), *ndp = dj_malloc(K * K * 3 * sizeof(int));
        int *plb = dj_calloc((size_t)m->np + 1, sizeof *plb);
        if (!dp || !ndp || !plb) {
            rc = DJ_ENOMEM;
        } else {
            participant_lbs(plb, m, off, list, dp, ndp);
            *breaks_lb = 0;
            for (p = 0; p < m->np; p++)
                *breaks_lb += plb[p];
        }
        dj_free(dp);
        dj_free(ndp);
        dj_free(plb);
    }
    if (rc >= 0 && weight_ub) {
        long long dual;
        if ((rc = combinatorial_ub(weight_ub, m, off, list)) >= 0 &&
            (rc = best_dual_ub(&dual, m, off, list)) >= 0 && dual < *weight_ub)
            *weight_ub = dual;
    }
    dj_free(off);
    dj_free(list);
    return rc;
}

/* What the proofs of dj_sched_check share. */
typedef struct checker {
    const dj_sched *m;
    int *off, *list; /* requests of each participant (CSR) */
    int *dp, *ndp;   /* DP scratch of participant_dp */
    int *lo, *hi;    /* [nr] earliest and latest slot of each request */
    dj_diag *diag;
} checker;

/* Every required meeting has a slot; fixed meetings fit the tables of
 * their slot; the required pool meetings fit the table-slots. */
static int check_domains(checker *c)
{
    const dj_sched *m = c->m;
    int r, t, npool = 0, cap = 0, rc = DJ_OK;
    int *fixcnt = dj_calloc((size_t)m->ns, sizeof(int));

    if (!fixcnt)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr && rc == DJ_OK; r++) {
        uint64_t d = dj__sched_domain(m, r);
        c->lo[r] = d ? __builtin_ctzll(d) : m->ns;
        c->hi[r] = d ? 63 - __builtin_clzll(d) : -1;
        if (!m->rreq[r])
            continue;
        if (!d) {
            rc = dj_diag_set(c->diag, DJ_EINFEASIBLE,
                             "meeting %d (%d-%d) has no usable slot (availability, session, "
                             "fixed slot, slots without tables)",
                             r + 1, m->ra[r] + 1, m->rb[r] + 1);
        } else if (dj__sched_uses_pool(m, r)) {
            npool++;
            if (dj__popcount64(d) == 1 && ++fixcnt[c->lo[r]] > m->slot_cap[c->lo[r]])
                rc = dj_diag_set(c->diag, DJ_EINFEASIBLE,
                                 "slot %d: more meetings that can only be held there (fixed, or "
                                 "the one slot left to them) than its tables (%d)",
                                 c->lo[r] + 1, m->slot_cap[c->lo[r]]);
        }
    }
    dj_free(fixcnt);
    if (rc < 0)
        return rc;
    for (t = 0; t < m->ns; t++)
        cap += m->slot_cap[t];
    if (npool > cap)
        return dj_diag_set(c->diag, DJ_EINFEASIBLE, "%d required meetings but only %d table-slots",
                           npool, cap);
    return DJ_OK;
}

/* Per participant: no two required meetings fixed at one slot, no more
 * required meetings than its limit, and the DP finds room for them. */
static int check_participants(checker *c)
{
    const dj_sched *m = c->m;
    int p, i, r;

    for (p = 0; p < m->np; p++) {
        int nreq = 0;
        uint64_t fixed = 0;
        for (i = c->off[p]; i < c->off[p + 1]; i++) {
            uint64_t d;
            r = c->list[i];
            if (!m->rreq[r])
                continue;
            nreq++;
            d = dj__sched_domain(m, r);
            if (dj__popcount64(d) == 1) {
                if (fixed & d)
                    return dj_diag_set(c->diag, DJ_EINFEASIBLE,
                                       "participant %d has two meetings fixed at slot %d", p + 1,
                                       c->lo[r] + 1);
                fixed |= d;
            }
        }
        if (m->max_meet[p] > 0 && nreq > m->max_meet[p])
            return dj_diag_set(c->diag, DJ_EINFEASIBLE,
                               "participant %d has %d required meetings, limit %d", p + 1, nreq,
                               m->max_meet[p]);
        if (participant_lb(m, c->list + c->off[p], c->off[p + 1] - c->off[p], p, c->dp, c->ndp) < 0)
            return dj_diag_set(c->diag, DJ_EINFEASIBLE,
                               "participant %d: %d required meetings do not fit its available "
                               "slots",
                               p + 1, nreq);
    }
    return DJ_OK;
}

/* Hard fairness: members' breaks lie in [L, L + spread] for one L, so the
 * largest forced minimum and the smallest possible maximum must be within
 * the spread. */
static int check_fairness(checker *c)
{
    const dj_sched *m = c->m;
    int maxlb = -1, minub = -1, plo = -1, phi = -1, p;

    if (!m->fair_hard)
        return DJ_OK;
    for (p = 0; p < m->np; p++) {
        int n = c->off[p + 1] - c->off[p], lbp, ubp;
        const int *reqs = c->list + c->off[p];
        if (!fair_member(m, reqs, n))
            continue;
        lbp = participant_dp(m, reqs, n, p, c->dp, c->ndp, 0);
        ubp = participant_dp(m, reqs, n, p, c->dp, c->ndp, 1);
        if (lbp > maxlb) {
            maxlb = lbp;
            plo = p;
        }
        if (ubp >= 0 && (minub < 0 || ubp < minub)) {
            minub = ubp;
            phi = p;
        }
    }
    if (plo >= 0 && phi >= 0 && maxlb - minub > m->fair_spread)
        return dj_diag_set(c->diag, DJ_EINFEASIBLE,
                           "fairness: participant %d has at least %d breaks but participant %d "
                           "at most %d (spread %d)",
                           plo + 1, maxlb, phi + 1, minub, m->fair_spread);
    return DJ_OK;
}

/* Precedence windows: earliest/latest slots, propagated to a fixpoint. */
static int check_precedences(checker *c)
{
    const dj_sched *m = c->m;
    int it, changed, i, r;

    for (it = 0, changed = 1; changed && it <= m->ns + 1; it++) {
        changed = 0;
        for (i = 0; i < m->nprec; i++) {
            int b = m->pb[i], a = m->pa[i];
            if (!m->rreq[b] || !m->rreq[a])
                continue;
            if (c->lo[a] < c->lo[b] + 1) {
                c->lo[a] = c->lo[b] + 1;
                changed = 1;
            }
            if (c->hi[b] > c->hi[a] - 1) {
                c->hi[b] = c->hi[a] - 1;
                changed = 1;
            }
        }
        for (r = 0; r < m->nr; r++)
            if (m->rreq[r] && c->lo[r] > c->hi[r])
                return dj_diag_set(c->diag, DJ_EINFEASIBLE,
                                   "precedences leave meeting %d no slot (cycle or window too "
                                   "short)",
                                   r + 1);
    }
    return DJ_OK;
}

int dj_sched_check(const dj_sched *m, dj_diag *diag)
{
    checker c;
    size_t K = (size_t)m->ns + 1;
    int rc;

    memset(&c, 0, sizeof c);
    c.m = m;
    c.diag = diag;
    if ((rc = dj__sched_adjacency(&c.off, &c.list, m)) < 0)
        return rc;
    c.dp = dj_malloc(K * K * 3 * sizeof(int));
    c.ndp = dj_malloc(K * K * 3 * sizeof(int));
    c.lo = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    c.hi = dj_malloc(((size_t)m->nr + 1) * sizeof(int));
    if (!c.dp || !c.ndp || !c.lo || !c.hi)
        rc = DJ_ENOMEM;
    else if ((rc = check_domains(&c)) == DJ_OK && (rc = check_participants(&c)) == DJ_OK &&
             (rc = check_fairness(&c)) == DJ_OK)
        rc = check_precedences(&c);
    dj_free(c.off);
    dj_free(c.list);
    dj_free(c.dp);
    dj_free(c.ndp);
    dj_free(c.lo);
    dj_free(c.hi);
    return rc;
}
