/* test_pct.c - exact percentages: rounding half away from zero, zero and
 * negative bases, formatting with two decimals. */
#include "duijie/dj_report.h"

#include <criterion/criterion.h>
#include <stdint.h>

static void pct_is(int64_t num, int64_t den, int64_t want)
{
    dj_report_pct p;
    cr_assert_eq(dj_report_pct_of(&p, num, den), 1, "%lld/%lld", (long long)num, (long long)den);
    cr_assert(p.defined);
    cr_assert_eq(p.v, want, "%lld/%lld = %lld, want %lld", (long long)num, (long long)den,
                 (long long)p.v, (long long)want);
}

static const char *fmt(int64_t v)
{
    static char t[32];
    dj_report_pct_format(t, v);
    return t;
}

Test(pct, xiangtan_output_growth_is_24_26)
{
    /* 湘潭: 2023 output 330.78 亿元 over 266.20 亿元 in 2022. */
    dj_report_pct g;
    cr_assert_eq(dj_report_growth_of(&g, 3307800000000LL, 2662000000000LL), 1);
    cr_assert_eq(g.v, 2426); /* 24.2599...% */
    cr_assert_str_eq(fmt(g.v), "24.26");
}

Test(pct, rounds_half_away_from_zero_with_integers_only)
{
    pct_is(1, 8, 1250);          /* 12.5 exactly */
    pct_is(1, 3, 3333);          /* 33.333.. */
    pct_is(2, 3, 6667);          /* 66.666.. */
    pct_is(24255, 100000, 2426); /* 24.255 -> 24.26 (half up) */
    pct_is(24254, 100000, 2425);
    pct_is(-24255, 100000, -2426); /* half away from zero */
    pct_is(1, 20000, 1);           /* 0.005 % exactly: half -> 0.01 % */
    pct_is(1, 20001, 0);
    pct_is(7, 7, 10000);
    pct_is(0, 5, 0);
    pct_is(3, 2, 15000);
    /* Near the limit: no overflow, still exact. */
    pct_is(((int64_t)1 << 59) + 1, ((int64_t)1 << 59), 10000);
    pct_is((int64_t)999999999999999999LL, (int64_t)1000000000000000000LL, 10000);
}

Test(pct, zero_or_negative_base_is_undefined)
{
    dj_report_pct p;
    cr_assert_eq(dj_report_pct_of(&p, 5, 0), 0);
    cr_assert_not(p.defined);
    cr_assert_eq(dj_report_growth_of(&p, 5, 0), 0);
    cr_assert_not(p.defined);
    cr_assert_eq(dj_report_growth_of(&p, 0, 0), 0);
    cr_assert_eq(dj_report_growth_of(&p, 5, -1), 0);
    cr_assert_eq(dj_report_pct_of(&p, ((int64_t)1 << 61), 1), 0, "beyond the documented limit");
}

Test(pct, growth_signs)
{
    dj_report_pct g;
    dj_report_growth_of(&g, 90, 100);
    cr_assert_eq(g.v, -1000);
    dj_report_growth_of(&g, 100, 100);
    cr_assert_eq(g.v, 0);
    dj_report_growth_of(&g, 0, 100);
    cr_assert_eq(g.v, -10000);
    dj_report_growth_of(&g, 13, 10);
    cr_assert_eq(g.v, 3000);
    dj_report_growth_of(&g, -50, 100); /* a shrinking cumulative figure */
    cr_assert_eq(g.v, -15000);
}

Test(pct, formats_exactly_two_decimals)
{
    cr_assert_str_eq(fmt(2426), "24.26");
    cr_assert_str_eq(fmt(-310), "-3.10");
    cr_assert_str_eq(fmt(0), "0.00");
    cr_assert_str_eq(fmt(5), "0.05");
    cr_assert_str_eq(fmt(-5), "-0.05");
    cr_assert_str_eq(fmt(10000), "100.00");
    cr_assert_str_eq(fmt(INT64_MIN), "-92233720368547758.08");
}
