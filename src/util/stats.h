/* stats.h - summary figures of measurements (benchmark latencies). */
#ifndef DJ_STATS_H
#define DJ_STATS_H

#include <stddef.h>

/* Percentile p (0 < p <= 1) of the sorted values v[0..n) by the
 * nearest-rank rule: the smallest value with at least p x n values at or
 * below it; 0 when n = 0. */
double dj_nearest_rank(const double *v, size_t n, double p);

#endif
