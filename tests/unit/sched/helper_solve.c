/* helper_solve.c - see helper_solve.h. */
#include "helper_solve.h"

#include "duijie/dj_error.h"

#include <criterion/criterion.h>
#include <string.h>

void test_solve(dj_sched_result *res, const dj_sched *m, uint64_t seed, long max_iters)
{
    dj_sched_opts o;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.max_iters = max_iters;
    dj_sched_result_init(res);
    cr_assert_eq(dj_sched_solve(res, m, &o), DJ_OK);
}
