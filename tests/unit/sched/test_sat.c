/* test_sat.c - the SAT break search (sat.c): it must reach the optimum that
 * brute force finds on small random all-required instances (pool capacity,
 * sessions, two days, breaks per day or per session, unavailability,
 * planned pauses, precedences, hard fairness -
 * the rules it adds lazily included), prove it when the optimum is above
 * the lower bound, keep the start when nothing is better, and be
 * reproducible. The formula at the bound (dj__sched_sat_at_bound) must find
 * a schedule at the lower bound whenever brute force has one, answer "none"
 * only when there is none, and be reproducible too; so must the search near
 * the bound (dj__sched_sat_near) for every K up to lb + dmax. */
#include "duijie/dj_error.h"
#include "duijie/dj_sched.h"
#include "sched/sched_int.h"

#include <criterion/criterion.h>
#include <string.h>

#define MAXR 8

static uint64_t next(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

/* Every valid schedule of the searched meetings (act; NULL = all) with the
 * others at fix[], fewer than `bound` breaks when bound >= 0: the fewest
 * breaks, or -1 when there is none; worst (NULL or MAXR ints) receives one
 * of them with the most breaks (as a start: the hardest one). */
static int brute_sub(const dj_sched *m, const unsigned char *act, const int *fix, int bound,
                     int *worst)
{
    int slot[MAXR] = {0}, idx[MAXR], na = 0, r, i, best = -1, most = -1;
    dj_sched_eval ev;
    for (r = 0; r < m->nr; r++) {
        slot[r] = !act || act[r] ? 0 : fix[r];
        if (!act || act[r])
            idx[na++] = r;
    }
    for (;;) {
        if (dj_sched_verify(&ev, m, slot, NULL, NULL) == DJ_OK &&
            (bound < 0 || ev.breaks < bound)) {
            if (best < 0 || ev.breaks < best)
                best = ev.breaks;
            if (worst && ev.breaks > most) {
                most = ev.breaks;
                memcpy(worst, slot, sizeof slot);
            }
        }
        for (i = 0; i < na; i++) {
            if (++slot[idx[i]] < m->ns)
                break;
            slot[idx[i]] = 0;
        }
        if (i == na)
            return best;
    }
}

/* Fewest breaks over every valid schedule (-1: none), and one valid
 * schedule with the most breaks as the start (the hardest start). */
static int brute_force(const dj_sched *m, int *worst)
{
    return brute_sub(m, NULL, NULL, -1, worst);
}

/* Random instance number inst (6 required requests, 5-7 participants, 5-6
 * slots, two tables): sessions, or two days; breaks per day or per
 * session; unavailable slots and planned pauses; a precedence; hard
 * fairness. */
static dj_sched *random_instance(int inst, uint64_t *xs)
{
    dj_sched *m = NULL;
    int ns = 5 + inst % 2, np = 5 + inst % 3, nreq = 6, r, t, p;
    uint64_t x = *xs;

    cr_assert_eq(dj_sched_new(&m, ns, np, 2), DJ_OK);
    for (t = 0; t < ns; t++) /* instances 3, 8, ...: two days of one session each */
        cr_assert_eq(dj_sched_set_slot(m, t, inst % 5 == 3 && t >= ns / 2,
                                       inst % 5 == 3 ? 0 : t >= ns / 2, 2),
                     DJ_OK);
    if (inst % 3 == 2) /* breaks counted per session: the lunch gap is not one */
        dj_sched_set_scope(m, DJ_SCHED_SCOPE_SESSION);
    for (p = 0; p < np; p++)
        if (next(&x) % 3 == 0)
            cr_assert_eq(
                dj_sched_set_unavailable(m, p, (int)(next(&x) % (uint64_t)ns), next(&x) % 4 == 0),
                DJ_OK);
    for (r = 0; r < nreq; r++) {
        int a = (int)(next(&x) % (uint64_t)np), b = (int)(next(&x) % (uint64_t)(np - 1));
        int sess = next(&x) % 6 == 0 ? (int)(next(&x) & 1) : DJ_SCHED_ANY;
        if (b >= a)
            b++;
        cr_assert_eq(dj_sched_add_request(NULL, m, a, b, DJ_SCHED_W_MUST, 1, sess, DJ_SCHED_ANY),
                     DJ_OK);
    }
    if (inst % 4 == 1)
        cr_assert_eq(dj_sched_add_precedence(m, 0, nreq - 1), DJ_OK);
    if (inst % 2 == 0)
        dj_sched_set_fairness(m, 1, 1);
    *xs = x;
    return m;
}

Test(sat, reaches_the_brute_force_optimum_and_proves_it)
{
    uint64_t x = 2024;
    int inst, tried = 0, proofs = 0;

    for (inst = 0; inst < 60; inst++) {
        dj_sched *m = random_instance(inst, &x);
        int nreq = dj_sched_nrequests(m);
        int sol[MAXR], again[MAXR], opt, breaks, breaks2, proven = 0, proven2 = 0, cut = 0, lb = 0;
        long long ub;
        double spent = 0, spent2 = 0;
        dj_sched_eval ev;

        opt = brute_force(m, sol);
        if (opt < 0) {
            dj_sched_free(m);
            continue;
        }
        tried++;
        cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        breaks = ev.breaks;
        memcpy(again, sol, sizeof sol);
        breaks2 = breaks;
        cr_assert_eq(dj__sched_sat(sol, &breaks, &proven, m, lb, 1e10, -1, 3, &cut, &spent), DJ_OK);
        cr_assert_eq(cut, 0);
        cr_assert_eq(breaks, opt, "instance %d: sat %d, brute force %d", inst, breaks, opt);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK, "instance %d", inst);
        cr_assert_eq(ev.breaks, opt);
        if (opt > lb) {
            cr_assert_eq(proven, 1, "instance %d: optimum %d above lb %d not proven", inst, opt,
                         lb);
            proofs++;
        }
        /* reproducible: same start and seed, same schedule and work */
        cr_assert_eq(dj__sched_sat(again, &breaks2, &proven2, m, lb, 1e10, -1, 3, &cut, &spent2),
                     DJ_OK);
        cr_assert_eq(memcmp(sol, again, (size_t)nreq * sizeof *sol), 0, "instance %d", inst);
        cr_assert(spent == spent2);
        dj_sched_free(m);
    }
    cr_assert_geq(tried, 35, "only %d instances had a schedule", tried);
    cr_assert_geq(proofs, 3, "only %d optima above the lower bound were proven", proofs);
}

/* Three slots: A meets B and C, D meets E only in slot 1 (D is away in 0
 * and 2). With one pool table A's meetings take slots 0 and 2 and A has a
 * break - which no participant taken alone shows (lb 0). */
static dj_sched *pool_case(int tables)
{
    dj_sched *m = NULL;
    cr_assert_eq(dj_sched_new(&m, 3, 5, tables), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 3, 0, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 3, 2, 0), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 3, 4, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    return m;
}

Test(sat, proves_a_break_forced_by_the_table_pool)
{
    dj_sched *m = pool_case(1);
    int sol[3] = {0, 2, 1}, breaks, proven = 0, cut = 0, lb = -1;
    long long ub;
    double spent = 0;
    dj_sched_eval ev;

    cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
    cr_assert_eq(lb, 0);
    cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
    breaks = ev.breaks;
    cr_assert_eq(breaks, 1);
    cr_assert_eq(dj__sched_sat(sol, &breaks, &proven, m, lb, 1e10, -1, 1, &cut, &spent), DJ_OK);
    cr_assert_eq(breaks, 1);
    cr_assert_eq(proven, 1, "no schedule without a break exists: the solver must say so");
    cr_assert_eq(sol[2], 1);
    dj_sched_free(m);
    /* with two tables the break disappears */
    m = pool_case(2);
    proven = 0;
    cr_assert_eq(dj__sched_sat(sol, &breaks, &proven, m, lb, 1e10, -1, 1, &cut, &spent), DJ_OK);
    cr_assert_eq(breaks, 0);
    cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    dj_sched_free(m);
}

/* Six slots, sessions 0 0 0 1 1 1, two tables. D (3) meets E (4) and F (5)
 * in the afternoon; the start has D at 3 and 5 (a break), and D-F at 4
 * would leave nobody with a break. A (0) meets B (1) and C (2, in the
 * afternoon) and has no break either, although its two meetings are not
 * one block of consecutive slots:
 * - breaks counted per session: B is there only in slot 0, C not in slot
 *   3, A meets them at 0 and 5 (the lunch gap is not a break);
 * - a planned pause of A in slots 2-3 (day scope): B is there only in
 *   slot 1, C not in slot 5, A meets them at 1 and 4.
 * The encoding's block rule (a participant without breaks holds one block)
 * must not exclude A's schedule: it once did, and "proved" 1 optimal. */
static dj_sched *gap_case(int session_scope, int *start)
{
    dj_sched *m = NULL;
    int t, b_at = session_scope ? 0 : 1, c_not = session_scope ? 3 : 5;
    cr_assert_eq(dj_sched_new(&m, 6, 6, 2), DJ_OK);
    for (t = 0; t < 6; t++)
        cr_assert_eq(dj_sched_set_slot(m, t, 0, t < 3 ? 0 : 1, 2), DJ_OK);
    if (session_scope)
        dj_sched_set_scope(m, DJ_SCHED_SCOPE_SESSION);
    else
        for (t = 2; t <= 3; t++)
            cr_assert_eq(dj_sched_set_unavailable(m, 0, t, 1), DJ_OK);
    for (t = 0; t < 6; t++)
        if (t != b_at)
            cr_assert_eq(dj_sched_set_unavailable(m, 1, t, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 2, c_not, 0), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 1, 1, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 3, 4, DJ_SCHED_W_MUST, 1, 1, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 3, 5, DJ_SCHED_W_MUST, 1, 1, DJ_SCHED_ANY), DJ_OK);
    start[0] = b_at;
    start[1] = session_scope ? 5 : 4;
    start[2] = 3;
    start[3] = 5;
    return m;
}

Test(sat, no_false_proof_when_a_participant_without_breaks_is_not_one_block)
{
    int session_scope;
    for (session_scope = 0; session_scope <= 1; session_scope++) {
        int sol[4], breaks, proven = 0, cut = 0, lb = -1;
        dj_sched *m = gap_case(session_scope, sol);
        long long ub;
        double spent = 0;
        dj_sched_eval ev;

        cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
        cr_assert_eq(lb, 0);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        breaks = ev.breaks;
        cr_assert_eq(breaks, 1, "scope %d: the start has D's break only", session_scope);
        cr_assert_eq(dj__sched_sat(sol, &breaks, &proven, m, lb, 1e10, -1, 1, &cut, &spent), DJ_OK);
        cr_assert_eq(breaks, 0, "scope %d: 0 breaks exist, sat ended at %d (proven %d)",
                     session_scope, breaks, proven);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        cr_assert_eq(ev.breaks, 0);
        dj_sched_free(m);
    }
}

/* The formula at the bound (every participant at its own fewest breaks):
 * on random instances it must find a schedule with breaks = lb whenever
 * brute force says one exists, and may answer "none" only when none
 * exists; with or without a start (the start only decides which slots get
 * their pool capacity up front). */
Test(sat, at_the_bound_finds_the_optimum_at_lb_and_never_a_false_none)
{
    uint64_t x = 77;
    int inst, at_lb = 0, none = 0;

    for (inst = 0; inst < 120; inst++) {
        dj_sched *m = random_instance(inst, &x);
        int sol[MAXR], worst[MAXR], opt, lb = -1, with_start;
        long long ub;

        opt = brute_force(m, worst);
        cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
        for (with_start = 0; with_start <= (opt >= 0); with_start++) {
            int found = -1, unreachable = -1, cut = 0;
            double spent = 0;
            dj_sched_eval ev;
            cr_assert_eq(dj__sched_sat_at_bound(sol, &found, &unreachable, m, lb,
                                                with_start ? worst : NULL, 1e10, -1, 5, &cut,
                                                &spent),
                         DJ_OK);
            cr_assert_eq(cut, 0);
            cr_assert(!(found && unreachable));
            if (opt == lb) {
                cr_assert_eq(found, 1, "instance %d: a schedule at lb %d exists", inst, lb);
                cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
                cr_assert_eq(ev.breaks, lb);
                at_lb += !with_start;
                if (with_start) { /* reproducible: same schedule and work */
                    int again[MAXR], found2 = 0, unreachable2 = 0;
                    double spent2 = 0;
                    cr_assert_eq(dj__sched_sat_at_bound(again, &found2, &unreachable2, m, lb, worst,
                                                        1e10, -1, 5, &cut, &spent2),
                                 DJ_OK);
                    cr_assert_eq(found2, 1);
                    cr_assert_eq(memcmp(sol, again, (size_t)dj_sched_nrequests(m) * sizeof *sol), 0,
                                 "instance %d", inst);
                    cr_assert(spent == spent2);
                }
            } else if (opt < 0) { /* no schedule at all */
                cr_assert_eq(found, 0, "instance %d: no schedule exists", inst);
            } else {
                cr_assert_eq(found, 0, "instance %d: optimum %d above lb %d", inst, opt, lb);
                cr_assert_eq(unreachable, 1, "instance %d: optimum %d above lb %d not proven", inst,
                             opt, lb);
                none += !with_start;
            }
        }
        dj_sched_free(m);
    }
    cr_assert_geq(at_lb, 80, "only %d instances with the optimum at the bound", at_lb);
    cr_assert_geq(none, 5, "only %d instances where the bound is unreachable", none);
}

Test(sat, at_the_bound_pool_and_gap_cases)
{
    int sol[4], start[4], found, unreachable, cut = 0, session_scope;
    double spent = 0;
    dj_sched_eval ev;
    dj_sched *m = pool_case(1);

    /* one table: A must have a break, lb 0 is unreachable */
    cr_assert_eq(
        dj__sched_sat_at_bound(sol, &found, &unreachable, m, 0, NULL, 1e10, -1, 1, &cut, &spent),
        DJ_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(unreachable, 1);
    /* with the bound raised to 1 by that proof, asking again proves nothing */
    cr_assert_eq(
        dj__sched_sat_at_bound(sol, &found, &unreachable, m, 1, NULL, 1e10, -1, 1, &cut, &spent),
        DJ_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(unreachable, 0);
    dj_sched_free(m);
    m = pool_case(2);
    cr_assert_eq(
        dj__sched_sat_at_bound(sol, &found, &unreachable, m, 0, NULL, 1e10, -1, 1, &cut, &spent),
        DJ_OK);
    cr_assert_eq(found, 1);
    cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
    cr_assert_eq(ev.breaks, 0);
    dj_sched_free(m);
    /* A holds two runs without a break: the block rule must not apply */
    for (session_scope = 0; session_scope <= 1; session_scope++) {
        m = gap_case(session_scope, start);
        cr_assert_eq(dj__sched_sat_at_bound(sol, &found, &unreachable, m, 0, start, 1e10, -1, 1,
                                            &cut, &spent),
                     DJ_OK);
        cr_assert_eq(found, 1, "scope %d", session_scope);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        cr_assert_eq(ev.breaks, 0);
        dj_sched_free(m);
    }
}

/* Near the bound (dj__sched_sat_near): upward from the lower bound, at most
 * dmax (1-3) above the sum of the own bounds, from the worst valid start.
 * Every K it refutes must be below the optimum (never a false "none"); when
 * the optimum is within reach (<= min(start - 1, lb + dmax)) it must find
 * it, with the bound raised to it; otherwise it keeps the start and proves
 * every K it was allowed to ask. Started one above the bound when that is
 * proven, the same; reproducible. Without any schedule it proves every K. */
static void near_check(const dj_sched *m, int inst, int opt, const int *worst, int lbsum, int lb0,
                       int dmax, int *found, int *raised)
{
    int sol[MAXR], again[MAXR], breaks, breaks2, lb = lb0, lb2 = lb0, kmax, cut = 0;
    int nreq = dj_sched_nrequests(m);
    double spent = 0, spent2 = 0;
    dj_sched_eval ev;

    if (opt >= 0) {
        memcpy(sol, worst, sizeof sol);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        breaks = ev.breaks;
    } else {
        memset(sol, 0, sizeof sol); /* no valid schedule: only the bound can move */
        breaks = lbsum + dmax + 1;
    }
    breaks2 = breaks;
    memcpy(again, sol, sizeof sol);
    kmax = breaks - 1 < lbsum + dmax ? breaks - 1 : lbsum + dmax; /* the largest K asked */
    cr_assert_eq(dj__sched_sat_near(sol, &breaks, &lb, m, dmax, 1e10, -1, 7, &cut, &spent), DJ_OK);
    cr_assert_eq(cut, 0);
    cr_assert(opt < 0 || lb <= opt, "instance %d: bound %d above the optimum %d", inst, lb, opt);
    if (opt >= 0 && opt <= kmax) {
        cr_assert_eq(breaks, opt, "instance %d (dmax %d): near %d, brute force %d", inst, dmax,
                     breaks, opt);
        cr_assert_eq(lb, opt);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK);
        cr_assert_eq(ev.breaks, opt);
        ++*found;
    } else {
        cr_assert_eq(breaks, breaks2, "instance %d: nothing within reach", inst);
        cr_assert_eq(lb, kmax + 1 > lb0 ? kmax + 1 : lb0, "instance %d: every K <= %d refutable",
                     inst, kmax);
        *raised += lb > lb0;
    }
    cr_assert_eq(dj__sched_sat_near(again, &breaks2, &lb2, m, dmax, 1e10, -1, 7, &cut, &spent2),
                 DJ_OK);
    cr_assert_eq(memcmp(sol, again, (size_t)nreq * sizeof *sol), 0, "instance %d", inst);
    cr_assert_eq(lb, lb2);
    cr_assert(spent == spent2);
}

Test(sat, near_the_bound_finds_optima_within_reach_and_never_a_false_none)
{
    uint64_t x = 4242;
    int inst, found = 0, raised = 0, above = 0;

    for (inst = 0; inst < 120; inst++) {
        dj_sched *m = random_instance(inst, &x);
        int worst[MAXR], opt, lb = -1, dmax = 1 + inst % 3;
        long long ub;

        opt = brute_force(m, worst);
        cr_assert_eq(dj_sched_bounds(&lb, &ub, m), DJ_OK);
        near_check(m, inst, opt, worst, lb, lb, dmax, &found, &raised);
        if (opt > lb) { /* from a proven lb + 1, as after SAT at the bound */
            near_check(m, inst, opt, worst, lb, lb + 1, dmax, &found, &raised);
            above++;
        }
        dj_sched_free(m);
    }
    cr_assert_geq(above, 10, "only %d optima above the bound", above);
    cr_assert_geq(found, 60, "only %d optima found", found);
    cr_assert_geq(raised, 10, "only %d bounds raised without a model", raised);
}

/* The exact search (cp.c) with its node bounds (breaks_range.c): on the
 * random instances, with hard fairness of spread 0 or 1 on most, it must
 * exhaust the search and find a schedule exactly when brute force has one,
 * and as branch and bound end at the brute-force optimum: a wrong node
 * bound would cut a schedule away. */
Test(cp, exact_search_agrees_with_brute_force_on_existence_and_optimum)
{
    uint64_t x = 77;
    int inst, have = 0, none = 0;

    for (inst = 0; inst < 160; inst++) {
        dj_sched *m = random_instance(inst, &x);
        int sol[MAXR], worst[MAXR], opt, r;
        dj__sched_cp_out out;
        dj_sched_eval ev;

        if (inst % 4 == 3)
            dj_sched_set_fairness(m, 0, 1);
        opt = brute_force(m, worst);
        for (r = 0; r < MAXR; r++)
            sol[r] = -1;
        cr_assert_eq(dj__sched_cp(&out, sol, m, NULL, -1, -1, 0, 0, 5), DJ_OK);
        cr_assert_eq(out.complete || out.found, 1, "instance %d: search not finished", inst);
        cr_assert_eq(out.found, opt >= 0, "instance %d: exact search %d, brute force %d", inst,
                     out.found, opt);
        if (opt < 0) {
            none++;
            dj_sched_free(m);
            continue;
        }
        have++;
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK, "instance %d", inst);
        /* branch and bound from "fewer than 1000 breaks" down to the optimum */
        for (r = 0; r < MAXR; r++)
            sol[r] = -1;
        cr_assert_eq(dj__sched_cp(&out, sol, m, NULL, 1000, -1, 1000000, 0, 5), DJ_OK);
        cr_assert_eq(out.found, 1, "instance %d", inst);
        cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK, "instance %d", inst);
        cr_assert_eq(ev.breaks, opt, "instance %d: branch and bound %d, brute force %d", inst,
                     ev.breaks, opt);
        dj_sched_free(m);
    }
    cr_assert_geq(have, 60, "only %d instances had a schedule", have);
    cr_assert_geq(none, 10, "only %d instances had none", none);
}

/* LNS neighbourhoods: a random part of the meetings searched, the others
 * fixed where a valid schedule has them, with and without a bound (the
 * fewest breaks below it): the exact search agrees with brute force. */
Test(cp, neighbourhoods_with_fixed_meetings_agree_with_brute_force)
{
    uint64_t x = 4242;
    int inst, checked = 0, none = 0;
    for (inst = 0; inst < 160; inst++) {
        dj_sched *m = random_instance(inst, &x);
        int worst[MAXR], opt, k;
        if (inst % 4 == 3)
            dj_sched_set_fairness(m, 0, 1);
        opt = brute_force(m, worst);
        if (opt < 0) {
            dj_sched_free(m);
            continue;
        }
        for (k = 0; k < 4; k++) {
            unsigned char act[MAXR];
            int fix[MAXR], sol[MAXR], r, want, bound;
            dj__sched_cp_out out;
            dj_sched_eval ev;
            cr_assert_eq(dj_sched_verify(&ev, m, worst, NULL, NULL), DJ_OK);
            bound = k == 0 ? -1 : k == 1 ? 1000 : ev.breaks + (k == 2);
            for (r = 0; r < m->nr; r++) {
                act[r] = (unsigned char)((next(&x) & 1) || r == k);
                fix[r] = act[r] ? -1 : worst[r];
            }
            want = brute_sub(m, act, fix, bound, NULL);
            memcpy(sol, fix, sizeof sol);
            cr_assert_eq(dj__sched_cp(&out, sol, m, act, bound, -1, bound < 0 ? 0 : 10000000, 0, 3),
                         DJ_OK);
            cr_assert_eq(out.found, want >= 0, "instance %d/%d: found %d, brute force %d", inst, k,
                         out.found, want);
            none += want < 0;
            if (!out.found)
                continue;
            checked++;
            for (r = 0; r < m->nr; r++)
                if (!act[r])
                    cr_assert_eq(sol[r], fix[r]);
            cr_assert_eq(dj_sched_verify(&ev, m, sol, NULL, NULL), DJ_OK, "instance %d/%d", inst,
                         k);
            if (bound >= 0)
                cr_assert_eq(ev.breaks, want, "instance %d/%d", inst, k);
        }
        dj_sched_free(m);
    }
    cr_assert_geq(checked, 150);
    cr_assert_geq(none, 20);
}

/* A's required meetings are fixed at slots 0 and 2 (a break), D's at 0
 * and 1 (none): with spread 0 no placement of the required meetings alone
 * is fair, but A's optional meeting in slot 1 closes A's gap. The exact
 * search over the required meetings must not call that a proof. */
Test(cp, optional_meetings_can_mend_hard_fairness)
{
    dj_sched *m = NULL;
    dj_sched_result res;
    dj_sched_opts o;
    dj_sched_eval ev;
    int want[5] = {0, 2, 0, 1, 1};
    cr_assert_eq(dj_sched_new(&m, 3, 7, 4), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, 0), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, 2), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 3, 4, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, 0), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 3, 5, DJ_SCHED_W_MUST, 1, DJ_SCHED_ANY, 1), DJ_OK);
    cr_assert_eq(dj_sched_add_request(NULL, m, 0, 6, 10, 0, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    dj_sched_set_fairness(m, 0, 1);
    cr_assert_eq(dj_sched_verify(&ev, m, want, NULL, NULL), DJ_OK);
    memset(&o, 0, sizeof o);
    o.time_limit_s = 0.2;
    o.clock_cap_s = 30;
    o.seed = 1;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, &o), DJ_OK);
    cr_assert_neq(res.status, DJ_SCHED_INFEASIBLE, "%s", res.reason);
    cr_assert_eq(dj_sched_verify(&ev, m, res.slot, res.table, NULL), DJ_OK);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}
