/* helper_solve.h - one solve of a model for the scheduler tests, on an
 * iteration budget, so that the result is reproducible. */
#ifndef DJ_TEST_HELPER_SOLVE_H
#define DJ_TEST_HELPER_SOLVE_H

#include "duijie/dj_sched.h"

#include <stdint.h>

/* Solves m with this seed and max_iters (0 = automatic), no time limit;
 * fails the calling test unless dj_sched_solve returns DJ_OK. res is
 * initialised here and released by the caller (dj_sched_result_fini). */
void test_solve(dj_sched_result *res, const dj_sched *m, uint64_t seed, long max_iters);

#endif
