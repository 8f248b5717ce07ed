/* sat.c - fewer breaks by SAT (CaDiCaL), for instances whose requests are
 * all required (B2BSP), starting from a valid schedule.
 *
 * The published B2BSP optima come from SAT/MaxSAT encodings (Bofill et al.,
 * JAIR 2022); a CDCL solver proves what local search can only hope for, so
 * after the annealer and the tabu search this phase asks CaDiCaL (Debian's
 * libcadical-dev, through its C API) for a timetable with fewer breaks than
 * the best one known, and again with fewer, until it answers "no" (the
 * breaks are then proven optimal) or its budget ends.
 *
 * Encoding (docs/sched.md, "SAT phase"):
 * - x[r][t] for every slot t of r's domain: exactly one per request;
 * - busy[p][t] <-> OR of p's x[.][t], with at most one of them (one meeting
 *   per participant per slot);
 * - precedences: x[a][t] -> OR x[b][t'] over t' < t;
 * - breaks, exactly: per participant and segment (day or session), started
 *   s[t] (a meeting at or before t), ends e[t] (a meeting at or after t) and
 *   g[t] <-> idle at t, occupied just before t (a meeting, or a planned
 *   pause after the first meeting) and a meeting after t: one g per break;
 * - a totalizer per participant over its g's (its break count in unary,
 *   both directions, capped); its own fewest breaks (the DP of bound.c) as
 *   unit clauses; a totalizer over the breaks above those (upward only):
 *   "total <= K" is an assumption, so one solver serves every K;
 * - blocks (redundant, for propagation): a participant without breaks has
 *   exactly one start s, and s fixes which of its slots are busy;
 * - pool capacity per slot (sequential counter): up front for the slots
 *   (nearly) full in the start, lazily for the others; hard fairness
 *   (max - min breaks <= spread) lazily: added when a model violates them
 *   (counterexample-guided).
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

/* reference ns of one conflict per clause of the formula (a conflict costs
 * propagation over the clause database: fitted like the other phases'
 * constants on forum-13crafc/forum-14, 0.1-0.35 M clauses, 80-230 us per
 * conflict; -DDJ_SCHED_TRACE prints work and time) */
#define SAT_CONFLICT_NS 0.8
#define SAT_TIGHT       1 /* slots within this of full in the start get capacity up front */

/* Per-participant break counters and the total counter. */
static int encode_breaks(dj__sat *s)
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
static int encode_blocks(dj__sat *s)
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

int dj__sched_sat(int *sol, int *sol_breaks, int *proven, const dj_sched *m, int lb, double budget,
                  double deadline_ms, uint64_t seed, int *cut, double *spent)
{
    dj__sat s;
    double end = *spent + budget, per = 0;
    int *cand = NULL, rc, r, k;

    *proven = 0;
    if (*sol_breaks <= lb || budget <= 0 || dj__sat_too_big(m))
        return DJ_OK;
    memset(&s, 0, sizeof s);
    s.tight = SAT_TIGHT;
    s.cap = *sol_breaks; /* counters distinguish 0 .. cap (">= cap" = no better) */
    if ((rc = dj__sat_setup(&s, m, seed, deadline_ms, 0)) < 0)
        goto done;
    rc = DJ_ENOMEM;
    if (!(cand = dj_malloc(((size_t)m->nr + 1) * sizeof *cand)))
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses requests+busy %lld\n", s.clauses);
#endif
    if ((rc = encode_breaks(&s)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses +breaks %lld\n", s.clauses);
#endif
    if ((rc = encode_blocks(&s)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses +blocks %lld\n", s.clauses);
#endif
    if ((rc = dj__sat_tight_capacity(&s, sol)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses +capacity %lld\n", s.clauses);
#endif
    if (!dj__sat_arm(&s, end, spent, SAT_CONFLICT_NS, &per))
        goto done;
    for (k = *sol_breaks - 1; k >= lb && k >= s.lbsum;) {
        int res, again;
        if (k - s.lbsum + 1 <= s.ntotal)
            ccadical_assume(s.s, -s.total[k - s.lbsum + 1]);
        res = ccadical_solve(s.s);
#ifdef DJ_SCHED_TRACE
        fprintf(stderr, "sat: k %d res %d learned %lld ms %.0f\n", k, res, s.learned,
                dj__sched_now_ms());
#endif
        if (res == 20) { /* no schedule with <= k breaks: the best is optimal */
            *proven = 1;
            break;
        }
        if (res != 10)
            break; /* budget or clock */
        dj__sat_decode(&s, cand);
        again = dj__sat_repair(&s, cand, &rc);
        if (rc < 0)
            goto done;
        if (again)
            continue; /* same k, with the rule the model broke */
        {
            dj_sched_eval ev;
            if (dj_sched_verify(&ev, m, cand, NULL, NULL) != DJ_OK)
                break; /* cannot happen: every rule is encoded or repaired */
            if (ev.breaks < *sol_breaks) {
                for (r = 0; r < m->nr; r++)
                    sol[r] = cand[r];
                *sol_breaks = ev.breaks;
            }
            k = *sol_breaks - 1;
        }
    }
    rc = DJ_OK;
done:
    *spent += per * (double)s.learned;
    if (s.cut)
        *cut = 1;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: vars %d clauses %lld learned %lld breaks %d proven %d\n", s.nvars,
            s.clauses, s.learned, *sol_breaks, *proven);
#endif
    dj__sat_free(&s);
    dj_free(cand);
    return rc;
}
