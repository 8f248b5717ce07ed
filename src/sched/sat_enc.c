/* sat_enc.c - the encoding machinery of the SAT searches (sat_int.h):
 * cardinality constraints (at most one, sequential counters, totalizers),
 * the request and busy variables, exact break indicators, the break
 * counters with the total above the own bounds, block rules, pool capacity
 * (up front or lazily, over x literals or busy literals), hard fairness,
 * decoding, and the budget in learned clauses (the learn callback counts
 * them, the terminate callback stops the solver: deterministic, never
 * timed; the clock is only the safety cap). */
#include "duijie/dj_sched.h"

#include "sched/sat_int.h"
#include "util/alloc.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* At most one of lits: pairwise for few, else a sequential (ladder) encoding. */
void dj__sat_at_most_one(dj__sat *s, const int *lits, int n)
{
    int i, j, prev = 0;

    if (n <= 5) {
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                add2(s, -lits[i], -lits[j]);
        return;
    }
    for (i = 0; i < n; i++) {
        int cur = i + 1 < n ? newvar(s) : 0; /* cur: one of lits[0..i] is true */
        if (cur)
            add2(s, -lits[i], cur);
        if (prev) {
            add2(s, -prev, -lits[i]);
            if (cur)
                add2(s, -prev, cur);
        }
        prev = cur;
    }
}

/* At most k of lits (sequential counter, Sinz 2005): r[i][j] = "at least
 * j+1 of lits[0..i]". */
int dj__sat_at_most_k(dj__sat *s, const int *lits, int n, int k)
{
    int i, j, *r;

    if (k >= n)
        return DJ_OK;
    if (k == 0) {
        for (i = 0; i < n; i++) {
            int l = -lits[i];
            add(s, &l, 1);
        }
        return DJ_OK;
    }
    r = dj_malloc((size_t)n * (size_t)k * sizeof *r);
    if (!r)
        return DJ_ENOMEM;
    for (i = 0; i < n; i++)
        for (j = 0; j < k; j++)
            r[i * k + j] = newvar(s);
    for (i = 0; i < n; i++) {
        add2(s, -lits[i], r[i * k]);
        if (i > 0) {
            for (j = 0; j < k; j++)
                add2(s, -r[(i - 1) * k + j], r[i * k + j]);
            for (j = 1; j < k; j++)
                add3(s, -lits[i], -r[(i - 1) * k + j - 1], r[i * k + j]);
            add2(s, -lits[i], -r[(i - 1) * k + k - 1]);
        }
    }
    dj_free(r);
    return DJ_OK;
}

/* Totalizer node over two unary counters a[1..na], b[1..nb] (a[i] = ">= i"),
 * capped at cap: writes out[1..*nout]. exact: also "out[k] -> >= k". */
int dj__sat_totalize(dj__sat *s, int *out, int *nout, const int *a, int na, const int *b, int nb,
                     int cap, int exact)
{
    int n = na + nb < cap ? na + nb : cap, i, j;

    for (i = 1; i <= n; i++)
        out[i] = newvar(s);
    for (i = 0; i <= na; i++)
        for (j = 0; j <= nb; j++) {
            int k = i + j < n ? i + j : n;
            if (k == 0)
                continue;
            if (i == 0)
                add2(s, -b[j], out[k]);
            else if (j == 0)
                add2(s, -a[i], out[k]);
            else
                add3(s, -a[i], -b[j], out[k]);
        }
    if (exact)
        for (i = 0; i <= na; i++)
            for (j = 0; j <= nb; j++) {
                int k = i + j + 1, l[3], c = 0;
                if (k > n)
                    continue;
                if (i < na)
                    l[c++] = a[i + 1];
                if (j < nb)
                    l[c++] = b[j + 1];
                l[c++] = -out[k];
                add(s, l, c);
            }
    *nout = n;
    return DJ_OK;
}

/* Unary count of lits[0..n) capped at cap, written to out[1..*nout]: a
 * balanced tree of totalizer nodes. tmp has room for the intermediate
 * counters. */
int dj__sat_count_tree(dj__sat *s, int *out, int *nout, const int *lits, int n, int cap, int exact)
{
    int mid, *a, *b, na, nb, rc;

    if (n == 1) {
        out[1] = lits[0];
        *nout = cap >= 1 ? 1 : 0;
        return DJ_OK;
    }
    mid = n / 2;
    a = dj_malloc((size_t)(n + 2) * 2 * sizeof *a);
    if (!a)
        return DJ_ENOMEM;
    b = a + n + 2;
    if ((rc = dj__sat_count_tree(s, a, &na, lits, mid, cap, exact)) < 0 ||
        (rc = dj__sat_count_tree(s, b, &nb, lits + mid, n - mid, cap, exact)) < 0) {
        dj_free(a);
        return rc;
    }
    rc = dj__sat_totalize(s, out, nout, a, na, b, nb, cap, exact);
    dj_free(a);
    return rc;
}

static void learn_cb(void *state, int *clause)
{
    (void)clause;
    ((dj__sat *)state)->learned++;
}

static int terminate_cb(void *state)
{
    dj__sat *s = state;
    if (s->learned >= s->limit)
        return 1;
    if (s->deadline > 0 && (s->learned & 63) == 0 && dj__sched_now_ms() > s->deadline) {
        s->cut = 1;
        return 1;
    }
    return 0;
}

/* x vars, exactly one slot per request, precedences. */
static int encode_requests(dj__sat *s)
{
    const dj_sched *m = s->m;
    int r, t, i, n = 0, *lits;

    s->xoff = dj_malloc(((size_t)m->nr + 1) * sizeof *s->xoff);
    lits = dj_malloc(((size_t)m->ns + 1) * sizeof *lits);
    if (!s->xoff || !lits) {
        dj_free(lits);
        return DJ_ENOMEM;
    }
    for (r = 0; r < m->nr; r++) {
        s->xoff[r] = n;
        n += dj__popcount64(dj__sched_domain(m, r));
    }
    s->xoff[m->nr] = n;
    s->xvar = dj_malloc(((size_t)n + 1) * sizeof *s->xvar);
    s->xts = dj_malloc(((size_t)n + 1) * sizeof *s->xts);
    if (!s->xvar || !s->xts) {
        dj_free(lits);
        return DJ_ENOMEM;
    }
    for (r = 0; r < m->nr; r++) {
        uint64_t d = dj__sched_domain(m, r);
        int c = 0;
        for (t = 0; t < m->ns; t++)
            if (d >> t & 1) {
                s->xvar[s->xoff[r] + c] = newvar(s);
                s->xts[s->xoff[r] + c] = t;
                lits[c] = s->xvar[s->xoff[r] + c];
                c++;
            }
        add(s, lits, c); /* empty domain: the empty clause, unsatisfiable */
        dj__sat_at_most_one(s, lits, c);
    }
    for (i = 0; i < m->nprec; i++) {
        int b = m->pb[i], a = m->pa[i], j, k;
        for (j = s->xoff[a]; j < s->xoff[a + 1]; j++) {
            int c = 0;
            lits[c++] = -s->xvar[j];
            for (k = s->xoff[b]; k < s->xoff[b + 1]; k++)
                if (s->xts[k] < s->xts[j])
                    lits[c++] = s->xvar[k];
            add(s, lits, c);
        }
    }
    dj_free(lits);
    return DJ_OK;
}

/* busy[p][t] with one meeting per participant per slot. */
static int encode_busy(dj__sat *s, const int *aoff, const int *alist)
{
    const dj_sched *m = s->m;
    int p, t, i, j, *lits = dj_malloc(((size_t)m->nr + 1) * sizeof *lits);

    if (!lits)
        return DJ_ENOMEM;
    for (p = 0; p < m->np; p++)
        for (t = 0; t < m->ns; t++) {
            int c = 0, b;
            for (i = aoff[p]; i < aoff[p + 1]; i++) {
                int r = alist[i];
                for (j = s->xoff[r]; j < s->xoff[r + 1]; j++)
                    if (s->xts[j] == t)
                        lits[c++] = s->xvar[j];
            }
            if (c == 0) {
                BUSY(s, p, t) = -s->tru;
                continue;
            }
            dj__sat_at_most_one(s, lits, c);
            if (c == 1) {
                BUSY(s, p, t) = lits[0];
                continue;
            }
            b = newvar(s);
            BUSY(s, p, t) = b;
            for (i = 0; i < c; i++)
                add2(s, -lits[i], b);
            lits[c] = -b;
            add(s, lits, c + 1);
        }
    dj_free(lits);
    return DJ_OK;
}

/* Break indicators g of participant p (exact), appended to g[]; returns
 * their number. */
int dj__sat_encode_gaps(dj__sat *s, int p, const uint64_t *seg, int nseg, int *g)
{
    const dj_sched *m = s->m;
    int i, t, n = 0, ns = m->ns;
    int st[DJ_SCHED_MAX_SLOTS], en[DJ_SCHED_MAX_SLOTS], idx[DJ_SCHED_MAX_SLOTS];

    for (i = 0; i < nseg; i++) {
        int len = 0, k;
        for (t = 0; t < ns; t++)
            if (seg[i] >> t & 1)
                idx[len++] = t;
        if (len < 3)
            continue;
        /* started: st[k] <-> busy[k] or st[k-1]; ends: en[k] <-> busy[k] or en[k+1] */
        for (k = 0; k < len; k++) {
            int b = BUSY(s, p, idx[k]);
            st[k] = newvar(s);
            add2(s, -b, st[k]);
            if (k > 0) {
                add2(s, -st[k - 1], st[k]);
                add3(s, -st[k], b, st[k - 1]);
            } else {
                add2(s, -st[k], b);
            }
        }
        for (k = len - 1; k >= 0; k--) {
            int b = BUSY(s, p, idx[k]);
            en[k] = newvar(s);
            add2(s, -b, en[k]);
            if (k + 1 < len) {
                add2(s, -en[k + 1], en[k]);
                add3(s, -en[k], b, en[k + 1]);
            } else {
                add2(s, -en[k], b);
            }
        }
        for (k = 1; k + 1 < len; k++) {
            int tt = idx[k], b = BUSY(s, p, tt), prev, gv;
            if (m->planned[p] >> tt & 1)
                continue; /* a planned pause is never idle time */
            prev = (m->planned[p] >> idx[k - 1] & 1) ? st[k - 1] : BUSY(s, p, idx[k - 1]);
            if (b == s->tru || prev == -s->tru)
                continue;
            gv = newvar(s);
            add4(s, -prev, b, -en[k + 1], gv);
            add2(s, -gv, -b);
            add2(s, -gv, prev);
            add2(s, -gv, en[k + 1]);
            g[n++] = gv;
        }
    }
    return n;
}

/* Pool capacity of slot t, added when a model overfills it. */
static int add_capacity(dj__sat *s, int t)
{
    const dj_sched *m = s->m;
    int r, j, c = 0, rc, *lits = dj_malloc(((size_t)m->nr + 1) * sizeof *lits);

    if (!lits)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++)
        if (dj__sched_uses_pool(m, r))
            for (j = s->xoff[r]; j < s->xoff[r + 1]; j++)
                if (s->xts[j] == t)
                    lits[c++] = s->xvar[j];
    rc = dj__sat_at_most_k(s, lits, c, m->slot_cap[t]);
    s->cap_added[t] = 1;
    dj_free(lits);
    return rc;
}

/* Hard fairness: if someone has >= v breaks, everyone (with >= 2 meetings)
 * has >= v - spread. */
static void add_fairness(dj__sat *s)
{
    const dj_sched *m = s->m;
    int v, p;

    s->fair_added = 1;
    for (v = m->fair_spread + 1; v <= s->cap; v++) {
        int lv = newvar(s), need = v - m->fair_spread;
        for (p = 0; p < m->np; p++)
            if (s->nmeet[p] >= 2 && s->cntn[p] >= v)
                add2(s, -CNT(s, p, v), lv);
        for (p = 0; p < m->np; p++) {
            if (s->nmeet[p] < 2)
                continue;
            if (s->cntn[p] >= need) {
                add2(s, -lv, CNT(s, p, need));
            } else {
                int l = -lv; /* p can never have that many breaks */
                add(s, &l, 1);
                break;
            }
        }
    }
}

/* Pool capacity of slot t over the participants' busy literals: when every
 * meeting possible at t uses the pool, its meetings are half the busy
 * participants (one meeting per participant per slot), so "meetings <= k"
 * is "busy participants <= 2k" - ~80 literals instead of ~300. Returns 0
 * when some meeting at t has a booth (the caller falls back to
 * add_capacity). */
static int busy_capacity(dj__sat *s, int t, int *rc)
{
    const dj_sched *m = s->m;
    int r, j, p, c = 0, nn, *lits, *out;

    *rc = DJ_OK;
    for (r = 0; r < m->nr; r++)
        for (j = s->xoff[r]; j < s->xoff[r + 1]; j++)
            if (s->xts[j] == t && !dj__sched_uses_pool(m, r))
                return 0;
    lits = dj_malloc(((size_t)m->np + 1) * sizeof *lits);
    out = dj_malloc(((size_t)m->np + 2) * 2 * sizeof *out);
    if (!lits || !out) {
        dj_free(lits);
        dj_free(out);
        *rc = DJ_ENOMEM;
        return 1;
    }
    for (p = 0; p < m->np; p++)
        if (BUSY(s, p, t) != -s->tru)
            lits[c++] = BUSY(s, p, t);
    if (c > 2 * m->slot_cap[t]) {
        *rc = dj__sat_count_tree(s, out, &nn, lits, c, 2 * m->slot_cap[t] + 1, 0);
        if (*rc == DJ_OK && nn > 2 * m->slot_cap[t]) {
            int l = -out[2 * m->slot_cap[t] + 1];
            add(s, &l, 1);
        }
    }
    s->cap_added[t] = 1;
    dj_free(lits);
    dj_free(out);
    return 1;
}

static int capacity(dj__sat *s, int t)
{
    int rc;
    if (s->busy_cap && busy_capacity(s, t, &rc))
        return rc;
    return add_capacity(s, t);
}

/* Pool capacity up front for the slots that are (nearly) full in sol[]:
 * the first models would overfill them, and each repair restarts the
 * search. The other slots get theirs lazily (dj__sat_repair()). */
int dj__sat_tight_capacity(dj__sat *s, const int *sol)
{
    const dj_sched *m = s->m;
    int t, r, rc = DJ_OK, *use = dj_calloc((size_t)m->ns + 1, sizeof *use);

    if (!use)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++)
        if (sol[r] >= 0 && dj__sched_uses_pool(m, r))
            use[sol[r]]++;
    for (t = 0; t < m->ns && rc == DJ_OK; t++)
        if (use[t] + s->tight >= m->slot_cap[t])
            rc = capacity(s, t);
    dj_free(use);
    return rc;
}

void dj__sat_decode(dj__sat *s)
{
    int r, j;
    for (r = 0; r < s->m->nr; r++) {
        s->cand[r] = -1;
        for (j = s->xoff[r]; j < s->xoff[r + 1]; j++)
            if (ccadical_val(s->s, s->xvar[j]) > 0) {
                s->cand[r] = s->xts[j];
                break;
            }
    }
}

/* Lazily added rules the model breaks: 1 if any was added (solve again). */
int dj__sat_repair(dj__sat *s, const int *slot, int *rc)
{
    const dj_sched *m = s->m;
    int t, r, again = 0, *use = dj_calloc((size_t)m->ns, sizeof *use);

    *rc = DJ_OK;
    if (!use) {
        *rc = DJ_ENOMEM;
        return 0;
    }
    for (r = 0; r < m->nr; r++)
        if (slot[r] >= 0 && dj__sched_uses_pool(m, r))
            use[slot[r]]++;
    for (t = 0; t < m->ns; t++)
        if (use[t] > m->slot_cap[t] && !s->cap_added[t]) {
#ifdef DJ_SCHED_TRACE
            fprintf(stderr, "sat: capacity of slot %d (%d > %d)\n", t, use[t], m->slot_cap[t]);
#endif
            if ((*rc = capacity(s, t)) < 0)
                break;
            again = 1;
        }
    dj_free(use);
    if (*rc == DJ_OK && m->fair_hard && !s->fair_added) {
        dj_sched_eval ev;
        if (dj_sched_verify(&ev, m, slot, NULL, NULL) == DJ_OK)
            return again;
        /* not valid and no capacity problem left to add: fairness is */
        if (!again) {
#ifdef DJ_SCHED_TRACE
            fprintf(stderr, "sat: fairness\n");
#endif
            add_fairness(s);
            again = 1;
        }
    }
    return again;
}

void dj__sat_free(dj__sat *s)
{
    if (s->s)
        ccadical_release(s->s);
    dj_free(s->xoff);
    dj_free(s->xvar);
    dj_free(s->xts);
    dj_free(s->busy);
    dj_free(s->cnt);
    dj_free(s->cntn);
    dj_free(s->total);
    dj_free(s->cap_added);
    dj_free(s->nmeet);
    dj_free(s->plb);
    dj_free(s->cand);
}

/* Too many (request, slot) pairs to encode in a budget that suits the rest. */
int dj__sat_too_big(const dj_sched *m)
{
    long long nx = 0;
    int r;
    for (r = 0; r < m->nr; r++)
        nx += dj__popcount64(dj__sched_domain(m, r));
    return nx > SAT_MAX_X;
}

/* What both searches share: each participant's own bound and meetings, the
 * solver (no_elim: variable elimination off) and the requests and busy
 * literals. s is zeroed by the caller. */
int dj__sat_setup(dj__sat *s, const dj_sched *m, uint64_t seed, double deadline_ms, int no_elim)
{
    int *aoff = NULL, *alist = NULL, p, rc = DJ_ENOMEM;

    s->m = m;
    s->deadline = deadline_ms;
    s->busy = dj_malloc((size_t)m->np * (size_t)m->ns * sizeof *s->busy);
    s->cap_added = dj_calloc((size_t)m->ns + 1, sizeof *s->cap_added);
    s->nmeet = dj_calloc((size_t)m->np + 1, sizeof *s->nmeet);
    s->plb = dj_calloc((size_t)m->np + 1, sizeof *s->plb);
    s->cand = dj_malloc(((size_t)m->nr + 1) * sizeof *s->cand);
    if (!s->busy || !s->cap_added || !s->nmeet || !s->plb || !s->cand)
        goto done;
    if ((rc = dj__sched_participant_lbs(s->plb, m)) < 0)
        goto done;
    for (p = 0; p < m->np; p++)
        s->lbsum += s->plb[p];
    if ((rc = dj__sched_adjacency(&aoff, &alist, m)) < 0)
        goto done;
    for (p = 0; p < m->np; p++)
        s->nmeet[p] = aoff[p + 1] - aoff[p];
    rc = DJ_ENOMEM;
    if (!(s->s = ccadical_init()))
        goto done;
    ccadical_set_option(s->s, "seed", (int)(seed & 0x7fffffff));
    ccadical_set_option(s->s, "phase", 0);
    ccadical_set_option(s->s, "quiet", 1);
    if (no_elim)
        ccadical_set_option(s->s, "elim", 0);
    s->tru = newvar(s);
    ccadical_add(s->s, s->tru);
    ccadical_add(s->s, 0);
    if ((rc = encode_requests(s)) == DJ_OK)
        rc = encode_busy(s, aoff, alist);
done:
    dj_free(aoff);
    dj_free(alist);
    return rc;
}

/* Charges the setup (SAT_SETUP_NS per clause) to *spent and arms the
 * solver to stop after the learned clauses that the rest of the budget (up
 * to `end`) pays for at conflict_ns x clauses each; *per receives that
 * cost. Returns 0 when the setup used the budget up. */
int dj__sat_arm(dj__sat *s, double end, double *spent, double conflict_ns, double *per)
{
    *spent += SAT_SETUP_NS * (double)s->clauses;
    if (*spent >= end)
        return 0;
    *per = conflict_ns * (double)s->clauses;
    s->limit = (long long)((end - *spent) / *per);
    ccadical_set_learn(s->s, s, INT_MAX, learn_cb);
    ccadical_set_terminate(s->s, s, terminate_cb);
    return 1;
}

int dj__sat_block_starts(dj__sat *s, int p, const uint64_t *seg, int nseg, int *starts)
{
    const dj_sched *m = s->m;
    int n = s->nmeet[p], c = 0, i, t, u, nin = 0;
    uint64_t possible = 0, in = 0;

    if (n < 2 || s->plb[p] > 0 || m->planned[p])
        return -1;
    for (t = 0; t < m->ns; t++)
        if (BUSY(s, p, t) != -s->tru)
            possible |= (uint64_t)1 << t;
    for (i = 0; i < nseg; i++)
        if (seg[i] & possible) {
            in = seg[i];
            nin++;
        }
    if (nin != 1)
        return -1;
    for (t = 0; t + n <= m->ns; t++) {
        int ok = 1, sv;
        for (u = t; u < t + n && ok; u++)
            ok = BUSY(s, p, u) != -s->tru && (in >> u & 1);
        if (!ok)
            continue;
        sv = newvar(s);
        starts[c++] = sv;
        for (u = 0; u < m->ns; u++)
            if (BUSY(s, p, u) != -s->tru)
                add2(s, -sv, (u >= t && u < t + n) ? BUSY(s, p, u) : -BUSY(s, p, u));
    }
    return c;
}

/* Per-participant break counters and the total counter. */
int dj__sat_encode_breaks(dj__sat *s)
{
    const dj_sched *m = s->m;
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg = dj__sched_segments(m, seg), p, n, rc = DJ_OK;
    int *g = dj_malloc(((size_t)m->ns + 1) * sizeof *g);
    int *out = dj_malloc(((size_t)m->ns + 2) * 2 * sizeof *out);

    s->cnt = dj_calloc((size_t)m->np * (size_t)(s->cap + 1), sizeof *s->cnt);
    s->cntn = dj_calloc((size_t)m->np + 1, sizeof *s->cntn);
    s->total = dj_calloc((size_t)s->cap + 2, sizeof *s->total);
    if (!g || !out || !s->cnt || !s->cntn || !s->total) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (p = 0; p < m->np; p++) {
        int nn, k;
        if (s->nmeet[p] < 2 || (n = dj__sat_encode_gaps(s, p, seg, nseg, g)) == 0)
            continue;
        /* p never has more than its own bound plus the whole excess the
         * first K allows, so its counter stops one above that */
        if ((rc = dj__sat_count_tree(s, out, &nn, g, n, s->plb[p] + s->cap - s->lbsum, 1)) < 0)
            goto done;
        s->cntn[p] = nn;
        for (k = 1; k <= nn; k++)
            CNT(s, p, k) = out[k];
        for (k = 1; k <= s->plb[p] && k <= nn; k++) /* a proven fact, for propagation */
            add(s, &CNT(s, p, k), 1);
    }
    /* the total of the breaks above each participant's own bound: its
     * excess counters merged one by one (a chain of totalizer nodes) */
    {
        int *acc = dj_malloc(((size_t)s->cap + 2) * sizeof *acc);
        int *nxt = dj_malloc(((size_t)s->cap + 2) * sizeof *nxt);
        int nacc = 0, nlev, ecap = s->cap - s->lbsum;
        if (!acc || !nxt) {
            dj_free(acc);
            dj_free(nxt);
            rc = DJ_ENOMEM;
            goto done;
        }
        for (p = 0; p < m->np && ecap > 0; p++) {
            int ne = s->cntn[p] - s->plb[p];
            const int *ex = &CNT(s, p, s->plb[p]); /* ex[i] = "excess >= i" */
            if (ne <= 0)
                continue;
            if (ne > ecap)
                ne = ecap;
            if (nacc == 0) {
                memcpy(acc + 1, ex + 1, (size_t)ne * sizeof *acc);
                nacc = ne;
            } else {
                dj__sat_totalize(s, nxt, &nlev, acc, nacc, ex, ne, ecap, 0);
                memcpy(acc + 1, nxt + 1, (size_t)nlev * sizeof *acc);
                nacc = nlev;
            }
        }
        memcpy(s->total + 1, acc + 1, (size_t)nacc * sizeof *acc);
        s->ntotal = nacc;
        dj_free(acc);
        dj_free(nxt);
    }
done:
    dj_free(g);
    dj_free(out);
    return rc;
}

/* Participants without breaks hold their meetings in one block of
 * consecutive slots: "p has no break" -> exactly one block start
 * (dj__sat_block_starts, only where that rule is valid). Redundant
 * (implied by the gap encoding), but it lets the solver decide a whole
 * block at once. */
int dj__sat_encode_blocks(dj__sat *s)
{
    const dj_sched *m = s->m;
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg = dj__sched_segments(m, seg), p, c;
    int *starts = dj_malloc(((size_t)m->ns + 1) * sizeof *starts);

    if (!starts)
        return DJ_ENOMEM;
    for (p = 0; p < m->np; p++) {
        if (s->cntn[p] == 0 || (c = dj__sat_block_starts(s, p, seg, nseg, starts)) < 0)
            continue;
        starts[c] = CNT(s, p, 1); /* a break, or one of the starts */
        add(s, starts, c + 1);
        dj__sat_at_most_one(s, starts, c);
    }
    dj_free(starts);
    return DJ_OK;
}

void dj__sat_settle(const dj__sat *s, double per, double *spent, int *cut)
{
    *spent += per * (double)s->learned;
    if (s->cut)
        *cut = 1;
}
