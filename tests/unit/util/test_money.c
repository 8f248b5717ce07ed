/* test_money.c - exact money parsing and Chinese formatting at the edges. */
#include "duijie/dj_error.h"
#include "util/money.h"

#include <criterion/criterion.h>
#include <string.h>

static int64_t parse(const char *s)
{
    int64_t v = -1;
    cr_assert_eq(dj_money_parse(&v, s, strlen(s)), DJ_OK, "parse %s", s);
    return v;
}

static void fmt_is(int64_t fen, const char *want)
{
    char out[64];
    dj_money_format_cn(out, fen, " ");
    cr_assert_str_eq(out, want, "fen=%lld", (long long)fen);
}

Test(money, parses_plain_and_scaled_amounts)
{
    cr_assert_eq(parse("1234.56"), 123456);
    cr_assert_eq(parse("1,234.5"), 123450);
    cr_assert_eq(parse("103.9万元"), 103900000);
    cr_assert_eq(parse("139.87亿元"), 1398700000000LL);
    cr_assert_eq(parse("11 亿"), 110000000000LL);
    cr_assert_eq(parse("0.01"), 1);
}

Test(money, rejects_garbage_and_excess_precision)
{
    int64_t v;
    cr_assert_eq(dj_money_parse(&v, "12a", 3), DJ_EINVAL);
    cr_assert_eq(dj_money_parse(&v, "0.001", 5), DJ_EINVAL);
    cr_assert_eq(dj_money_parse(&v, "", 0), DJ_EINVAL);
    cr_assert_eq(dj_money_parse(&v, "99999999999999999999", 20), DJ_ELIMIT);
}

/* Money as an IME or a spreadsheet writes it: full-width digits and
 * punctuation, a leading ¥ or ￥; another currency or an estimate is no
 * amount of yuan. */
Test(money, full_width_and_the_yuan_sign)
{
    static const char *const bad[] = {"1500万美元", "￥", "¥¥5", "约12亿", "5￥", "１,５"};
    int64_t v;
    cr_assert_eq(parse("￥1500万"), 1500000000LL);
    cr_assert_eq(parse("¥ 1,500.5万元"), 1500500000LL);
    cr_assert_eq(parse("１５００万"), 1500000000LL);
    cr_assert_eq(parse("１，５００．５万"), 1500500000LL);
    cr_assert_eq(parse("52.62　亿"), 526200000000LL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(dj_money_parse(&v, bad[i], strlen(bad[i])), DJ_EINVAL, "%s", bad[i]);
}

/* A comma is a thousands separator or nothing: 1,5 is not 15. */
Test(money, commas_only_between_groups_of_three)
{
    static const char *const bad[] = {"1,5",       "1,5万",    ",,5",      ",500",
                                      "1,2345",    "1234,567", "1,234,56", "1,23.5",
                                      "12,34,567", "1,",       "1,234,"};
    int64_t v;
    cr_assert_eq(parse("1,234,567"), 123456700);
    cr_assert_eq(parse("12,345.67"), 1234567);
    cr_assert_eq(parse("123,456万元"), 123456000000LL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(dj_money_parse(&v, bad[i], strlen(bad[i])), DJ_EINVAL, "%s", bad[i]);
}

Test(money, formats_the_chinese_way)
{
    fmt_is(103900000, "103.9 万元");
    fmt_is(1398700000000LL, "139.87 亿元");
    fmt_is(9999990000LL, "9999.99 万元");
    fmt_is(10000000000LL, "1 亿元");
    fmt_is(500000, "0.5 万元");
    fmt_is(9999995000LL, "1 亿元"); /* 9999.995 万 rounds up into 亿 */
    fmt_is(5000, "50 元");
}
