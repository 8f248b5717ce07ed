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
 * Encoding (docs/sched.md, "SAT phase"; the counters and blocks are in
 * sat_enc.c, shared with the search near the bound):
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

int dj__sched_sat(int *sol, int *sol_breaks, int *proven, const dj_sched *m, int lb, double budget,
                  double deadline_ms, uint64_t seed, int *cut, double *spent)
{
    dj__sat s;
    double end = *spent + budget, per = 0;
    int rc, r, k;

    *proven = 0;
    if (*sol_breaks <= lb || budget <= 0 || dj__sat_too_big(m))
        return DJ_OK;
    memset(&s, 0, sizeof s);
    s.tight = SAT_TIGHT;
    s.cap = *sol_breaks; /* counters distinguish 0 .. cap (">= cap" = no better) */
    if ((rc = dj__sat_setup(&s, m, seed, deadline_ms, 0)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses requests+busy %lld\n", s.clauses);
#endif
    if ((rc = dj__sat_encode_breaks(&s)) < 0)
        goto done;
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: clauses +breaks %lld\n", s.clauses);
#endif
    if ((rc = dj__sat_encode_blocks(&s)) < 0)
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
        dj__sat_decode(&s);
        again = dj__sat_repair(&s, s.cand, &rc);
        if (rc < 0)
            goto done;
        if (again)
            continue; /* same k, with the rule the model broke */
        {
            dj_sched_eval ev;
            if (dj_sched_verify(&ev, m, s.cand, NULL, NULL) != DJ_OK)
                break; /* cannot happen: every rule is encoded or repaired */
            if (ev.breaks < *sol_breaks) {
                for (r = 0; r < m->nr; r++)
                    sol[r] = s.cand[r];
                *sol_breaks = ev.breaks;
            }
            k = *sol_breaks - 1;
        }
    }
    rc = DJ_OK;
done:
    dj__sat_settle(&s, per, spent, cut);
#ifdef DJ_SCHED_TRACE
    fprintf(stderr, "sat: vars %d clauses %lld learned %lld breaks %d proven %d\n", s.nvars,
            s.clauses, s.learned, *sol_breaks, *proven);
#endif
    dj__sat_free(&s);
    return rc;
}
