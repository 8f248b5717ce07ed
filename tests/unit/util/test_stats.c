/* test_stats.c - the nearest-rank percentile that both benchmark drivers
 * report. */
#include "util/stats.h"

#include <criterion/criterion.h>

Test(stats, nearest_rank_percentiles)
{
    double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    cr_assert_eq(dj_nearest_rank(v, 0, 0.5), 0);
    cr_assert_eq(dj_nearest_rank(v, 10, 0.5), 5);
    cr_assert_eq(dj_nearest_rank(v, 10, 0.99), 10);
    cr_assert_eq(dj_nearest_rank(v, 2, 0.5), 1);  /* p50 of two values: the first */
    cr_assert_eq(dj_nearest_rank(v, 2, 0.99), 2); /* p99 never below p50 */
    cr_assert_eq(dj_nearest_rank(v, 1, 0.01), 1);
}
