/* test_bounds.c - the weight upper bound (LP dual, hand-checked and against
 * brute force), the fairness infeasibility proof, the break lower bound
 * (under hard fairness, with optional meetings, with a pause at the start
 * of a day), and the exact search's infeasibility proof. */
#include "duijie/dj_error.h"
#include "duijie/dj_sched.h"
#include "helper_dzn.h"
#include "helper_solve.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dj_sched *model(int ns, int np, int tables)
{
    dj_sched *m = NULL;
    cr_assert_eq(dj_sched_new(&m, ns, np, tables), DJ_OK);
    return m;
}

static void req(dj_sched *m, int a, int b, int w, int required, int fixed)
{
    cr_assert_eq(dj_sched_add_request(NULL, m, a, b, w, required, DJ_SCHED_ANY, fixed), DJ_OK);
}

Test(bounds, dual_weight_bound_is_exact_on_a_hand_checked_case)
{
    /* One slot, so everyone holds at most one meeting. Hub H=0 asks leaves
     * L1..L3 (1..3), each leaf also asks its own M (4..6); all weights 10.
     * Every request touches a leaf and a leaf meets at most once, so at
     * most 3 meetings: the optimum is 30. The old bound (total 60 minus
     * max(half of the excesses 20+10+10+10, independent excess 20)) gave
     * 35; the LP dual y_L = 10, y_H = y_M = 0 certifies 3 * 10 = 30. */
    dj_sched *m = model(1, 7, 10);
    dj_sched_result res;
    long long ub = 0;
    int i;
    for (i = 1; i <= 3; i++) {
        req(m, 0, i, 10, 0, DJ_SCHED_ANY);
        req(m, i, 3 + i, 10, 0, DJ_SCHED_ANY);
    }
    cr_assert_eq(dj_sched_bounds(NULL, &ub, m), DJ_OK);
    cr_assert_eq(ub, 30);
    test_solve(&res, m, 1, 100000);
    cr_assert_eq(res.weight, 30);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(bounds, dual_weight_bound_counts_meeting_limits)
{
    /* hub 0 may hold 2 meetings (limit) in 4 slots; requests 100, 50, 10,
     * 10: at most 150 */
    dj_sched *m = model(4, 5, 10);
    long long ub = 0;
    cr_assert_eq(dj_sched_set_participant(m, 0, 2, 0), DJ_OK);
    req(m, 0, 1, 100, 0, DJ_SCHED_ANY);
    req(m, 0, 2, 50, 0, DJ_SCHED_ANY);
    req(m, 0, 3, 10, 0, DJ_SCHED_ANY);
    req(m, 0, 4, 10, 0, DJ_SCHED_ANY);
    cr_assert_eq(dj_sched_bounds(NULL, &ub, m), DJ_OK);
    cr_assert_eq(ub, 150);
    dj_sched_free(m);
}

/* best weight over every assignment of requests to slots or nothing */
static long long brute_force(const dj_sched *m, int nr, int ns)
{
    int slot[16], i;
    long long best = 0;
    for (i = 0; i < nr; i++)
        slot[i] = -1;
    for (;;) {
        dj_sched_eval ev;
        if (dj_sched_verify(&ev, m, slot, NULL, NULL) == DJ_OK && ev.weight > best)
            best = ev.weight;
        for (i = 0; i < nr; i++) {
            if (++slot[i] < ns)
                break;
            slot[i] = -1;
        }
        if (i == nr)
            return best;
    }
}

Test(bounds, weight_bound_is_never_below_the_brute_force_optimum)
{
    uint64_t s = 12345;
    int inst, tight = 0;
    for (inst = 0; inst < 40; inst++) {
        int ns = 2, np = 6, nr = 7, i, k;
        dj_sched *m = model(ns, np, 1 + inst % 3);
        long long ub = 0, opt;
        for (i = 0; i < np; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((s >> 60) == 0)
                dj_sched_set_unavailable(m, i, (int)(s >> 40) % ns, 0);
            if ((s >> 56 & 7) == 1)
                dj_sched_set_participant(m, i, 1, 0);
        }
        for (k = 0; k < nr;) {
            int a, b;
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            a = (int)((s >> 33) % (uint64_t)np);
            b = (int)((s >> 45) % (uint64_t)np);
            if (a == b)
                continue;
            req(m, a, b, (s >> 20 & 1) ? 100 : 10, 0, DJ_SCHED_ANY);
            k++;
        }
        cr_assert_eq(dj_sched_bounds(NULL, &ub, m), DJ_OK);
        opt = brute_force(m, nr, ns);
        cr_assert_geq(ub, opt, "instance %d: bound %lld below the optimum %lld", inst, ub, opt);
        tight += ub == opt;
        dj_sched_free(m);
    }
    cr_assert_gt(tight, 20, "the bound should be exact on most tiny instances (%d/40)", tight);
}

Test(bounds, hard_fairness_proves_infeasibility)
{
    /* participant 0 meets 1..4 at fixed slots 0, 2, 4, 6 (3 breaks);
     * participant 5 meets 6 and 7 at fixed slots 0, 1 (0 breaks): spread 3 */
    dj_sched *m = model(8, 8, 10);
    dj_sched_result res;
    dj_diag d;
    dj_sched_set_fairness(m, 2, 1);
    req(m, 0, 1, 1, 1, 0);
    req(m, 0, 2, 1, 1, 2);
    req(m, 0, 3, 1, 1, 4);
    req(m, 0, 4, 1, 1, 6);
    req(m, 5, 6, 1, 1, 0);
    req(m, 5, 7, 1, 1, 1);
    dj_diag_clear(&d);
    cr_assert_eq(dj_sched_check(m, &d), DJ_EINFEASIBLE);
    cr_assert(strstr(d.message, "fairness") != NULL, "%s", d.message);
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, NULL), DJ_OK);
    cr_assert_eq(res.status, DJ_SCHED_INFEASIBLE);
    dj_sched_result_fini(&res);
    /* with a spread of 3 it is feasible and the bound is exact: 3 breaks */
    dj_sched_set_fairness(m, 3, 1);
    cr_assert_eq(dj_sched_check(m, &d), DJ_OK);
    dj_sched_free(m);
}

Test(bounds, hard_fairness_raises_the_breaks_lower_bound)
{
    /* participant 0: fixed slots 0, 2, 4, 6 = 3 breaks; participant 5 meets
     * 6 and 7 anywhere in 8 slots (alone: 0 breaks) but fairness forces it
     * to at least 3 - 2 = 1 break: lower bound 4, and it is reachable */
    dj_sched *m = model(8, 8, 10);
    dj_sched_result res;
    int lb = 0;
    dj_sched_set_fairness(m, 2, 1);
    req(m, 0, 1, 1, 1, 0);
    req(m, 0, 2, 1, 1, 2);
    req(m, 0, 3, 1, 1, 4);
    req(m, 0, 4, 1, 1, 6);
    req(m, 5, 6, 1, 1, DJ_SCHED_ANY);
    req(m, 5, 7, 1, 1, DJ_SCHED_ANY);
    cr_assert_eq(dj_sched_bounds(&lb, NULL, m), DJ_OK);
    cr_assert_eq(lb, 4);
    test_solve(&res, m, 1, 200000);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.breaks, 4);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* An optional meeting can close a gap: A must meet B in slot 0 and C in
 * slot 2, and may meet D in slot 1. The schedule with all three has no
 * break, so the breaks lower bound is 0, not the 1 of A's required
 * meetings alone (found by fuzz_solve: the solver reported a lower bound
 * above its own schedule's breaks). */
Test(bounds, optional_meetings_may_close_gaps)
{
    dj_sched *m = model(3, 4, 2);
    dj_sched_result res;
    int lb = -1;

    req(m, 0, 1, DJ_SCHED_W_MUST, 1, 0);
    req(m, 0, 2, DJ_SCHED_W_MUST, 1, 2);
    req(m, 0, 3, DJ_SCHED_W_WANT, 0, 1);
    cr_assert_eq(dj_sched_bounds(&lb, NULL, m), DJ_OK);
    cr_assert_eq(lb, 0);
    test_solve(&res, m, 1, 0);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.scheduled, 3);
    cr_assert_eq(res.breaks, 0);
    cr_assert(res.breaks_lb <= res.breaks);
    dj_sched_result_fini(&res);
    /* without the optional request the gap is certain */
    dj_sched_free(m);
    m = model(3, 3, 2);
    req(m, 0, 1, DJ_SCHED_W_MUST, 1, 0);
    req(m, 0, 2, DJ_SCHED_W_MUST, 1, 2);
    cr_assert_eq(dj_sched_bounds(&lb, NULL, m), DJ_OK);
    cr_assert_eq(lb, 1);
    dj_sched_free(m);
}

/* A planned pause on the first slot of a day keeps the day boundary: A
 * meets B on day 1 (slot 0) and C on day 2 (slot 3), with its lunch-like
 * pause at slot 2, the first of day 2: no break, so the lower bound is 0
 * (it was 1: the skipped slot hid the new day; found by fuzz_solve). */
Test(bounds, a_pause_at_the_start_of_a_day_keeps_the_day_boundary)
{
    dj_sched *m = model(4, 3, 2);
    dj_sched_result res;
    int lb = -1, t;

    for (t = 0; t < 4; t++)
        cr_assert_eq(dj_sched_set_slot(m, t, t >= 2, 0, 2), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 0, 2, 1), DJ_OK);
    req(m, 0, 1, DJ_SCHED_W_MUST, 1, 0);
    req(m, 0, 2, DJ_SCHED_W_MUST, 1, 3);
    cr_assert_eq(dj_sched_bounds(&lb, NULL, m), DJ_OK);
    cr_assert_eq(lb, 0);
    test_solve(&res, m, 1, 0);
    cr_assert_eq(res.status, DJ_SCHED_OPTIMAL);
    cr_assert_eq(res.breaks, 0);
    cr_assert_eq(res.breaks_lb, 0);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(bounds, exhaustive_search_proves_an_odd_cycle_infeasible)
{
    /* a triangle of required meetings in 2 slots: every participant alone
     * fits (2 meetings, 2 slots), but 3 pairwise-clashing meetings need 3
     * slots; only the search sees it */
    dj_sched *m = model(2, 3, 10);
    dj_sched_result res;
    dj_diag d;
    dj_sched_set_fairness(m, 2, 1);
    req(m, 0, 1, 1, 1, DJ_SCHED_ANY);
    req(m, 1, 2, 1, 1, DJ_SCHED_ANY);
    req(m, 0, 2, 1, 1, DJ_SCHED_ANY);
    dj_diag_clear(&d);
    cr_assert_eq(dj_sched_check(m, &d), DJ_OK);
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, NULL), DJ_OK);
    cr_assert_eq(res.status, DJ_SCHED_INFEASIBLE, "status %d: %s", res.status, res.reason);
    cr_assert(strstr(res.reason, "exhaustive") != NULL, "%s", res.reason);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

Test(bounds, proves_a_published_fixed_variant_infeasible)
{
    dj_sched *m = test_read_shared_dzn("tic-12.fixed040-Forb.dzn");
    dj_sched_result res;
    dj_sched_result_init(&res);
    cr_assert_eq(dj_sched_solve(&res, m, NULL), DJ_OK);
    cr_assert_eq(res.status, DJ_SCHED_INFEASIBLE, "status %d: %s", res.status, res.reason);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}
