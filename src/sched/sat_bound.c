/* sat_bound.c - SAT at the bound (dj__sched_sat_at_bound) and near it
 * (dj__sched_sat_near), for instances whose requests are all required: is
 * there a schedule whose breaks equal the lower bound, or exceed it by at
 * most d?
 *
 * At the bound (dj__sched_sat_at_bound): a schedule with breaks = the sum
 * of the participants' own bounds has every participant exactly at its own
 * bound, so the formula needs no totalizers: a participant with bound 0
 * whose possible slots lie in one segment and who has no planned pause is
 * one block (exactly one start, the start fixes its busy slots: no
 * started/ends chains, no gap indicators); the others keep the gap
 * indicators, all false (bound 0) or at most plb[p] of them (a totalizer
 * capped at plb[p] + 1). Pool capacity over the busy literals of the slot
 * when every meeting there uses the pool ("busy participants <= 2 x
 * tables", ~80 literals instead of ~300, a totalizer). The formula is exact
 * (capacity added lazily only relaxes it; hard fairness holds at the bound
 * because plb[] is raised for it), so "unsatisfiable" proves lb + 1.
 *
 * Near the bound (dj__sched_sat_near): breaks <= lbsum + d means excesses
 * over the own bounds summing to <= d: sat.c's counters (capped at plb[p] +
 * dmax + 1), blocks conditional on "no break", and "total excess <= d" as
 * an assumption, asked for d upward so that one solver serves every d. Also
 * exact (capacity and fairness are added lazily): each "unsatisfiable"
 * proves the next K, and the first model is optimal.
 *
 * Determinism: the solver is seeded and stopped by a budget counted in
 * learned clauses (one per conflict, reported by the learn callback), never
 * by time; the wall clock is only the safety cap (*cut). Every schedule
 * written back is re-checked by dj_sched_verify. */
#include "duijie/dj_sched.h"

#include "sched/sat_int.h"
#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

/* reference ns of one conflict per clause of the formula at the bound
 * (fewer, shorter clauses: 25-50 us per conflict on its 65-100 k clauses,
 * forum-13crafc and forum-14) */
#define SAT_AT_BOUND_CONFLICT_NS 0.5
#define SAT_AT_BOUND_TIGHT       3 /* slots within this of full get capacity up front (measured) */

/* ---- at the bound ---------------------------------------------------------
 * A schedule whose breaks equal the sum of the participants' own bounds has
 * every participant exactly at its own bound (none can be below). */

/* Participant p without a break: one block of consecutive slots, exactly
 * one start. Returns 0 when the block rule is not valid for p. */
static int at_bound_block(dj__sat *s, int p, const uint64_t *seg, int nseg, int *starts)
{
    int c = dj__sat_block_starts(s, p, seg, nseg, starts);
    if (c < 0)
        return 0;
    add(s, starts, c); /* no block fits: the empty clause */
    dj__sat_at_most_one(s, starts, c);
    return 1;
}

/* Every participant at exactly its own bound: blocks where valid, else the
 * break indicators with at most plb[p] of them. */
static int encode_at_bound(dj__sat *s)
{
    const dj_sched *m = s->m;
    uint64_t seg[DJ_SCHED_MAX_SLOTS];
    int nseg = dj__sched_segments(m, seg), p, n, nn, i, rc = DJ_OK;
    int *g = dj_malloc(((size_t)m->ns + 1) * sizeof *g);
    int *out = dj_malloc(((size_t)m->ns + 2) * 2 * sizeof *out);

    if (!g || !out) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (p = 0; p < m->np; p++) {
        if (s->nmeet[p] < 2)
            continue;
        if (at_bound_block(s, p, seg, nseg, g)) {
            s->nblocks++;
            continue;
        }
        if ((n = dj__sat_encode_gaps(s, p, seg, nseg, g)) <= s->plb[p])
            continue;
        if (s->plb[p] == 0) {
            for (i = 0; i < n; i++) {
                int l = -g[i];
                add(s, &l, 1);
            }
            continue;
        }
        if ((rc = dj__sat_count_tree(s, out, &nn, g, n, s->plb[p] + 1, 0)) < 0)
            goto done;
        if (nn > s->plb[p]) {
            int l = -out[s->plb[p] + 1];
            add(s, &l, 1);
        }
    }
done:
    dj_free(g);
    dj_free(out);
    return rc;
}

/* The sum of the participants' own bounds, or DJ_ENOMEM. */
static int own_bounds_sum(const dj_sched *m)
{
    int *plb = dj_malloc(((size_t)m->np + 1) * sizeof *plb), p, sum = 0, rc;

    if (!plb)
        return DJ_ENOMEM;
    rc = dj__sched_participant_lbs(plb, m);
    for (p = 0; p < m->np && rc == DJ_OK; p++)
        sum += plb[p];
    dj_free(plb);
    return rc < 0 ? rc : sum;
}

/* Solve the formula at the bound, repairing capacity the models break:
 * *found (sol[] written) or *unreachable, or neither (budget). */
static int at_bound_solve(dj__sat *s, int *sol, int *found, int *unreachable)
{
    int rc = DJ_OK;
#ifdef DJ_SCHED_TRACE
    double t0 = dj__sched_now_ms();
#endif

    for (;;) {
        int res = ccadical_solve(s->s), again;
        dj_sched_eval ev;
#ifdef DJ_SCHED_TRACE
        fprintf(stderr, "atlb: res %d learned %lld clauses %lld ms %.0f\n", res, s->learned,
                s->clauses, dj__sched_now_ms() - t0);
#endif
        if (res == 20) { /* exact formula: no schedule at the bound */
            *unreachable = 1;
            return DJ_OK;
        }
        if (res != 10)
            return DJ_OK; /* budget or clock */
        dj__sat_decode(s);
        again = dj__sat_repair(s, s->cand, &rc);
        if (rc < 0)
            return rc;
        if (again)
            continue; /* a slot overfilled: its capacity is now encoded */
        /* fairness holds at the bound; verify re-checks every rule */
        if (dj_sched_verify(&ev, s->m, s->cand, NULL, NULL) == DJ_OK && ev.breaks <= s->lbsum) {
            memcpy(sol, s->cand, (size_t)s->m->nr * sizeof *sol);
            *found = 1;
        }
        return DJ_OK;
    }
}

int dj__sched_sat_at_bound(int *sol, int *found, int *unreachable, const dj_sched *m, int lb,
                           const int *start, double budget, double deadline_ms, uint64_t seed,
                           int *cut, double *spent)
{
    dj__sat s;
    double end = *spent + budget, per = 0;
    int rc;

    *found = *unreachable = 0;
    if (budget <= 0 || dj__sat_too_big(m))
        return DJ_OK;
    if ((rc = own_bounds_sum(m)) != lb)
        return rc < 0 ? rc : DJ_OK; /* lb raised already: a proof at the sum says nothing */
    memset(&s, 0, sizeof s);
    s.busy_cap = 1;
    s.tight = SAT_AT_BOUND_TIGHT;
    s.fair_added = 1; /* never added: at the bound fairness holds (plb[] is raised for it) */
    /* elim off: measured, fewer conflicts to the first model (docs/sched.md) */
    if ((rc = dj__sat_setup(&s, m, seed, deadline_ms, 1)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "atlb: clauses requests+busy %lld\n", s.clauses);
#endif
    if ((rc = encode_at_bound(&s)) < 0 || (start && (rc = dj__sat_tight_capacity(&s, start)) < 0))
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "atlb: clauses %lld vars %d blocks %d\n", s.clauses, s.nvars, s.nblocks);
#endif
    rc = DJ_OK;
    if (!dj__sat_arm(&s, end, spent, SAT_AT_BOUND_CONFLICT_NS, &per))
        goto done;
    rc = at_bound_solve(&s, sol, found, unreachable);
done:
    dj__sat_settle(&s, per, spent, cut);
    dj__sat_free(&s);
    return rc;
}

/* ---- near the bound -------------------------------------------------------
 * A schedule with at most lbsum + d breaks has every participant at its own
 * bound plus an excess, and the excesses sum to at most d: the counters of
 * sat.c (exact, capped at plb[p] + dmax + 1, own bounds as units), blocks
 * conditional on "no break", and "total excess <= d" as an assumption, so
 * one solver serves d = lb - lbsum, lb - lbsum + 1, ... upward. */

/* One step at K = lbsum + d: 1 = a model (sol[] and *sol_breaks written,
 * repaired and re-checked), 0 = none (proof), 2 = budget or clock,
 * DJ_ENOMEM. */
static int near_step(dj__sat *s, int k, int *sol, int *sol_breaks)
{
    int rc = DJ_OK;
#ifdef DJ_SCHED_TRACE
    double t0 = dj__sched_now_ms();
#endif

    for (;;) {
        int res, again;
        dj_sched_eval ev;
        if (k - s->lbsum + 1 <= s->ntotal)
            ccadical_assume(s->s, -s->total[k - s->lbsum + 1]);
        res = ccadical_solve(s->s);
#ifdef DJ_SCHED_TRACE
        fprintf(stderr, "near: k %d res %d learned %lld clauses %lld ms %.0f\n", k, res, s->learned,
                s->clauses, dj__sched_now_ms() - t0);
#endif
        if (res == 20)
            return 0; /* exact formula: no schedule with <= k breaks */
        if (res != 10)
            return 2;
        dj__sat_decode(s);
        again = dj__sat_repair(s, s->cand, &rc);
        if (rc < 0)
            return rc;
        if (again)
            continue; /* capacity or fairness the model broke, now encoded */
        if (dj_sched_verify(&ev, s->m, s->cand, NULL, NULL) != DJ_OK)
            return 2; /* cannot happen: every rule is encoded or repaired */
        if (ev.breaks < *sol_breaks) {
            memcpy(sol, s->cand, (size_t)s->m->nr * sizeof *sol);
            *sol_breaks = ev.breaks;
        }
        return 1;
    }
}

int dj__sched_sat_near(int *sol, int *sol_breaks, int *lb, const dj_sched *m, int dmax,
                       double budget, double deadline_ms, uint64_t seed, int *cut, double *spent)
{
    dj__sat s;
    double end = *spent + budget, per = 0;
    int rc, k;

    if (budget <= 0 || *sol_breaks <= *lb || dj__sat_too_big(m))
        return DJ_OK;
    memset(&s, 0, sizeof s);
    s.busy_cap = 1;
    s.tight = SAT_AT_BOUND_TIGHT;
    if ((rc = dj__sat_setup(&s, m, seed, deadline_ms, 1)) < 0)
        goto done;
    rc = DJ_OK;
    if (*lb < s.lbsum || *lb > s.lbsum + dmax)
        goto done;
    /* counters up to the largest K asked: the best - 1, at most lbsum + dmax */
    k = *sol_breaks - 1 < s.lbsum + dmax ? *sol_breaks - 1 : s.lbsum + dmax;
    s.cap = k + 1;
    if ((rc = dj__sat_encode_breaks(&s)) < 0 || (rc = dj__sat_encode_blocks(&s)) < 0 ||
        (rc = dj__sat_tight_capacity(&s, sol)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "near: lbsum %d lb %d kmax %d clauses %lld vars %d\n", s.lbsum, *lb, k,
            s.clauses, s.nvars);
#endif
    rc = DJ_OK;
    if (!dj__sat_arm(&s, end, spent, SAT_AT_BOUND_CONFLICT_NS, &per))
        goto done;
    for (; *lb <= k; ++*lb) {
        if ((rc = near_step(&s, *lb, sol, sol_breaks)) != 0)
            break; /* a model (optimal: every K below was refuted), budget or error */
    }
    rc = rc < 0 ? rc : DJ_OK;
done:
    dj__sat_settle(&s, per, spent, cut);
    dj__sat_free(&s);
    return rc;
}
