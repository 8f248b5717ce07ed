/* test_weight.c - the first objective, scheduled weight, on instances with
 * optional meetings: meeting limits, one unit of weight against two breaks,
 * a short run that must keep the exact search's schedule, and random small
 * instances against brute force (weight first, then breaks). */
#include "duijie/dj_error.h"
#include "duijie/dj_sched.h"
#include "helper_dzn.h"
#include "helper_solve.h"

#include <criterion/criterion.h>
#include <string.h>

/* Participant 0 may meet once. Its want with 2 can take only slot 2; its
 * must with 1 only slots 0-1. The limit, not a slot, is what they share:
 * the annealer kept the want (weight 10) and the must out. */
Test(weight, a_meeting_limit_does_not_keep_a_must_out)
{
    dj_sched *m = NULL;
    dj_sched_result res;
    cr_assert_eq(dj_sched_new(&m, 3, 3, 1), DJ_OK);
    cr_assert_eq(dj_sched_set_participant(m, 0, 1, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 1, 2, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 2, 0, 0), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 2, 1, 0), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 1, DJ_SCHED_W_MUST, 0, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(
        dj_sched_add_request(NULL, m, 0, 2, DJ_SCHED_W_WANT, 0, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    test_solve(&res, m, 3, 200000);
    cr_assert_eq(res.weight, DJ_SCHED_W_MUST, "weight %lld", res.weight);
    cr_assert_eq(res.slot[1], -1);
    cr_assert(res.slot[0] == 0 || res.slot[0] == 1);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* Request 1 must come before request 0; both of weight-1 request 0's
 * slots apart from 1's open a break for each side. Weight first: both
 * meetings, two breaks, not one meeting and none. */
Test(weight, one_unit_of_weight_outweighs_two_breaks)
{
    dj_sched *m = NULL;
    dj_sched_result res;
    int r0, r1;
    cr_assert_eq(dj_sched_new(&m, 3, 2, 1), DJ_OK);
    cr_assert_eq(dj_sched_set_unavailable(m, 1, 1, 0), DJ_OK);
    cr_assert_eq(dj_sched_add_request(&r0, m, 0, 1, 1, 0, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(dj_sched_add_request(&r1, m, 1, 0, 10, 0, DJ_SCHED_ANY, DJ_SCHED_ANY), DJ_OK);
    cr_assert_eq(dj_sched_add_precedence(m, r1, r0), DJ_OK);
    test_solve(&res, m, 3, 200000);
    cr_assert_eq(res.weight, 11, "weight %lld", res.weight);
    cr_assert_eq(res.slot[r1], 0);
    cr_assert_eq(res.slot[r0], 2);
    cr_assert_eq(res.breaks, 2);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* A run too short for the annealer to reach its half-way point, where it
 * loads the exact search's schedule, still returns that schedule (it used
 * to end "no schedule found in 100 iterations"). */
Test(weight, a_short_run_keeps_the_exact_searchs_schedule)
{
    dj_sched *m = test_read_dzn(DJ_SOURCE_DIR "/tests/data/sched/fairness-forced.dzn");
    dj_sched_result res;
    test_solve(&res, m, 3, 100);
    cr_assert(res.status == DJ_SCHED_FEASIBLE || res.status == DJ_SCHED_OPTIMAL, "status %d: %s",
              res.status, res.reason);
    cr_assert_eq(dj_sched_verify(NULL, m, res.slot, res.table, NULL), DJ_OK);
    dj_sched_result_fini(&res);
    dj_sched_free(m);
}

/* ---- random small instances against brute force ---- */

typedef struct rng {
    uint64_t s;
} rng;

static int below(rng *g, int n)
{
    g->s = g->s * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((g->s >> 33) % (uint64_t)n);
}

typedef struct best {
    long long weight; /* -1: no valid schedule */
    int breaks;
} best;

/* Every choice of slot or none per request, kept when dj_sched_verify
 * accepts it (tables aside): the most weight, then the fewest breaks. */
static void brute(best *b, const dj_sched *m, int nr, int ns, int *slot, int r)
{
    dj_sched_eval ev;
    if (r == nr) {
        if (dj_sched_verify(&ev, m, slot, NULL, NULL) == DJ_OK &&
            (ev.weight > b->weight || (ev.weight == b->weight && ev.breaks < b->breaks))) {
            b->weight = ev.weight;
            b->breaks = ev.breaks;
        }
        return;
    }
    for (slot[r] = -1; slot[r] < ns; slot[r]++)
        brute(b, m, nr, ns, slot, r + 1);
}

Test(weight, random_small_instances_reach_the_brute_force_optimum)
{
    static const int weights[] = {1, 10, 10, 37, 100};
    rng g = {20261202};
    int n, worse = 0;

    for (n = 0; n < 400; n++) {
        int np = 2 + below(&g, 4), ns = 1 + below(&g, 4), tables = 1 + below(&g, 2);
        int nr = 1 + below(&g, 5), slot[8], p, r, t;
        dj_sched *m = NULL;
        dj_sched_result res;
        best b = {-1, 0};

        cr_assert_eq(dj_sched_new(&m, ns, np, tables), DJ_OK);
        for (p = 0; p < np; p++) {
            int lim = below(&g, 5);
            cr_assert_eq(dj_sched_set_participant(m, p, lim <= 2 ? lim : 0, 0), DJ_OK);
            for (t = 0; t < ns; t++)
                if (below(&g, 6) == 0)
                    cr_assert_eq(dj_sched_set_unavailable(m, p, t, 0), DJ_OK);
        }
        for (r = 0; r < nr; r++) {
            int a = below(&g, np), b2 = (a + 1 + below(&g, np - 1)) % np;
            cr_assert_eq(dj_sched_add_request(NULL, m, a, b2, weights[below(&g, 5)],
                                              below(&g, 5) == 0, DJ_SCHED_ANY, DJ_SCHED_ANY),
                         DJ_OK);
        }
        if (nr > 1 && below(&g, 4) == 0) {
            int x = below(&g, nr), y = (x + 1 + below(&g, nr - 1)) % nr;
            cr_assert_eq(dj_sched_add_precedence(m, x, y), DJ_OK);
        }
        brute(&b, m, nr, ns, slot, 0);
        test_solve(&res, m, 3, 50000);
        if (b.weight < 0) {
            cr_assert(res.status == DJ_SCHED_INFEASIBLE || res.status == DJ_SCHED_UNKNOWN,
                      "instance %d: no valid schedule exists, yet status %d", n, res.status);
        } else {
            cr_assert(res.status == DJ_SCHED_FEASIBLE || res.status == DJ_SCHED_OPTIMAL,
                      "instance %d: status %d (%s), brute force found weight %lld", n, res.status,
                      res.reason, b.weight);
            cr_assert_eq(dj_sched_verify(NULL, m, res.slot, res.table, NULL), DJ_OK);
            cr_assert_eq(res.weight, b.weight, "instance %d: weight %lld, optimum %lld", n,
                         res.weight, b.weight);
            worse += res.breaks > b.breaks;
        }
        dj_sched_result_fini(&res);
        dj_sched_free(m);
    }
    cr_assert_eq(worse, 0, "%d instances at the optimal weight with more breaks than needed",
                 worse);
}
