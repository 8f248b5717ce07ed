/* pct.c - exact percentages with integer arithmetic.
 *
 * A percentage is int64 hundredths of a percent. num / den * 10000 is
 * computed by long division, one decimal digit at a time, so nothing is
 * ever multiplied past 2^63: the remainder r < den < 2^60 makes r * 10 fit.
 * The fifth digit decides the rounding: half away from zero (24.255 ->
 * 24.26, -24.255 -> -24.26). */
#include "duijie/dj_report.h"

#include <stdio.h>

#define LIMIT ((int64_t)1 << 60)

int dj_report_pct_of(dj_report_pct *out, int64_t num, int64_t den)
{
    uint64_t a, d, q, r, v;
    int neg = num < 0, i;

    out->defined = 0;
    out->v = 0;
    if (den <= 0 || den >= LIMIT || num >= LIMIT || num <= -LIMIT)
        return 0;
    a = (uint64_t)(neg ? -num : num);
    d = (uint64_t)den;
    q = a / d;
    r = a % d;
    if (q > (uint64_t)INT64_MAX / 10000 - 1)
        return 0; /* the percentage itself does not fit */
    v = q;
    for (i = 0; i < 4; i++) {
        r *= 10;
        v = v * 10 + r / d;
        r %= d;
    }
    if (r * 10 / d >= 5)
        v++;
    out->defined = 1;
    out->v = neg ? -(int64_t)v : (int64_t)v;
    return 1;
}

int dj_report_growth_of(dj_report_pct *out, int64_t cur, int64_t base)
{
    out->defined = 0;
    out->v = 0;
    if (base <= 0 || cur <= -LIMIT || cur >= LIMIT || base >= LIMIT)
        return 0;
    return dj_report_pct_of(out, cur - base, base);
}

size_t dj_report_pct_format(char *out, int64_t v)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(out, 32, "%s%llu.%02llu", v < 0 ? "-" : "", (unsigned long long)(a / 100),
                     (unsigned long long)(a % 100));
    return (size_t)n;
}
