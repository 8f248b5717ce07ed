/* test_date.c - the engine's calendar: strict parsing, day arithmetic and
 * the one-year shift used by year-on-year comparisons. */
#include "report/report_int.h"

#include <criterion/criterion.h>

static int parse(const char *s)
{
    int d = -1;
    cr_assert_eq(dj__report_date_parse(&d, s), DJ_OK, "%s", s);
    return d;
}

static void bad(const char *s)
{
    int d;
    cr_assert_eq(dj__report_date_parse(&d, s), DJ_EINVAL, "%s", s);
}

Test(date, parses_strict_yyyy_mm_dd)
{
    cr_assert_eq(parse("2024-05-31"), 20240531);
    cr_assert_eq(parse("2024-02-29"), 20240229);
    cr_assert_eq(parse("2000-02-29"), 20000229);
    cr_assert_eq(parse(NULL), 0);
    bad("2023-02-29");
    bad("1900-02-29");
    bad("2024-04-31");
    bad("2024-13-01");
    bad("2024-00-10");
    bad("2024-1-01");
    bad("2024/01/01");
    bad("2024-01-01T00:00");
    bad("");
    bad("0999-01-01");
}

Test(date, prints_back)
{
    char t[11];
    dj__report_date_str(t, 20240105);
    cr_assert_str_eq(t, "2024-01-05");
    dj__report_date_str(t, 0);
    cr_assert_str_eq(t, "");
}

Test(date, day_arithmetic_round_trips)
{
    cr_assert_eq(dj__report_days(19700101), 0);
    cr_assert_eq(dj__report_days(20240301) - dj__report_days(20240228), 2);
    cr_assert_eq(dj__report_days(20230301) - dj__report_days(20230228), 1);
    cr_assert_eq(dj__report_from_days(dj__report_days(20240101) - 1), 20231231);
    for (long d = dj__report_days(19991201); d < dj__report_days(20010301); d++)
        cr_assert_eq(dj__report_days(dj__report_from_days(d)), d);
}

Test(date, one_year_earlier)
{
    cr_assert_eq(dj__report_minus_year(20240531, 1), 20230531);
    cr_assert_eq(dj__report_minus_year(20240229, 0), 20230228);
    cr_assert_eq(dj__report_minus_year(20250228, 1), 20240229); /* month end stays month end */
    cr_assert_eq(dj__report_minus_year(20250228, 0), 20240228);
    cr_assert_eq(dj__report_minus_year(20250101, 1), 20240101);
}
