/* stats.c - summary figures of measurements (stats.h). */
#include "util/stats.h"

#include <math.h>

double dj_nearest_rank(const double *v, size_t n, double p)
{
    size_t rank = (size_t)ceil(p * (double)n);
    if (!n)
        return 0;
    return v[rank > 0 ? rank - 1 : 0];
}
