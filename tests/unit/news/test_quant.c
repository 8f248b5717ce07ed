/* test_quant.c - the Chinese quantity parser: golden cases for bulletin
 * quantities (tests/data/quant_extract.txt), numeral conventions, exact
 * money, and allocation failures. */
#include "duijie/dj_quant.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static void describe(char *out, size_t cap, const dj_quant_list *l)
{
    size_t i, w = 0;
    out[0] = 0;
    if (l->n == 0) {
        snprintf(out, cap, "none");
        return;
    }
    for (i = 0; i < l->n && w < cap; i++) {
        char v[64];
        dj_quant_format_value(v, sizeof v, &l->items[i]);
        w += (size_t)snprintf(
            out + w, cap - w, "%s%s:%s:%s%s", i ? " ; " : "", dj_quant_kind_name(l->items[i].kind),
            v, l->items[i].unit[0] ? l->items[i].unit : "-", l->items[i].approx ? "~" : "");
    }
}

static void chomp(char *s)
{
    size_t l = strlen(s);
    while (l > 0 && (s[l - 1] == '\n' || s[l - 1] == '\r'))
        s[--l] = 0;
}

Test(quant, golden_bulletin_quantities)
{
    FILE *f = fopen(DJ_SOURCE_DIR "/tests/data/quant_extract.txt", "r");
    char in[1024], want[1024], got[2048];
    int cases = 0, bad = 0;

    cr_assert_not_null(f, "tests/data/quant_extract.txt missing");
    while (fgets(in, sizeof in, f)) {
        dj_quant_list l;
        chomp(in);
        if (in[0] == '#' || in[0] == 0)
            continue;
        cr_assert_not_null(fgets(want, sizeof want, f), "no expected line for %s", in);
        chomp(want);
        dj_quant_list_init(&l);
        cr_assert_eq(dj_quant_extract(&l, in, strlen(in)), DJ_OK);
        describe(got, sizeof got, &l);
        if (strcmp(got, want) != 0) {
            cr_log_error("%s\n  want %s\n  got  %s", in, want, got);
            bad++;
        }
        dj_quant_list_fini(&l);
        cases++;
    }
    fclose(f);
    cr_assert_gt(cases, 10);
    cr_assert_eq(bad, 0, "%d of %d golden cases differ", bad, cases);
}

static double one_number(const char *s)
{
    dj_quant_list l;
    double v;
    dj_quant_list_init(&l);
    cr_assert_eq(dj_quant_numbers(&l, s, strlen(s)), DJ_OK);
    cr_assert_eq(l.n, 1, "%s: %zu numbers", s, l.n);
    v = l.items[0].value;
    dj_quant_list_fini(&l);
    return v;
}

Test(quant, chinese_numerals)
{
    cr_assert_eq(one_number("三十"), 30);
    cr_assert_eq(one_number("两百"), 200);
    cr_assert_eq(one_number("一百五"), 150);
    cr_assert_eq(one_number("九万四"), 94000);
    cr_assert_eq(one_number("五亿零六"), 500000006);
    cr_assert_eq(one_number("四万万"), 400000000);
    cr_assert_eq(one_number("十余万"), 100000);
    cr_assert_eq(one_number("3万4000"), 34000);
    cr_assert_float_eq(one_number("一百三十九点八七"), 139.87, 1e-9);
    cr_assert_float_eq(one_number("五分之一"), 0.2, 1e-12);
}

Test(quant, lone_digit_needs_a_measure_word)
{
    dj_quant_list l;
    dj_quant_list_init(&l);
    cr_assert_eq(dj_quant_numbers(&l, "一切四川", strlen("一切四川")), DJ_OK);
    cr_assert_eq(l.n, 0);
    cr_assert_eq(dj_quant_numbers(&l, "一只", strlen("一只")), DJ_OK);
    cr_assert_eq(l.n, 1);
    dj_quant_list_fini(&l);
}

Test(quant, money_is_exact_in_fen)
{
    const char *s = "总投资额139.87亿元";
    dj_quant_list l;
    int64_t fen = 0;
    dj_quant_list_init(&l);
    cr_assert_eq(dj_quant_extract(&l, s, strlen(s)), DJ_OK);
    cr_assert_eq(l.n, 1);
    cr_assert_eq(dj_quant_money_fen(&fen, &l.items[0]), DJ_OK);
    cr_assert_eq(fen, 1398700000000LL);
    cr_assert_eq(l.items[0].num_start, strlen("总投资额"));
    cr_assert_eq(l.items[0].end, strlen(s));
    dj_quant_list_fini(&l);
}

Test(quant, spans_stay_inside_invalid_utf8)
{
    const char s[] = "\xe4\xb8\x89\xff\xfe 12\xe4";
    dj_quant_list l;
    size_t i;
    dj_quant_list_init(&l);
    cr_assert_eq(dj_quant_extract(&l, s, sizeof s - 1), DJ_OK);
    for (i = 0; i < l.n; i++)
        cr_assert_leq(l.items[i].end, sizeof s - 1);
    dj_quant_list_fini(&l);
}

Test(quant, survives_every_allocation_failure)
{
    const char *in = "绵阳高新区签约项目57项，总投资额约46.2亿元，同比增长18.6%，用地150亩。";
    long n;
    for (n = 1;; n++) {
        dj_quant_list l;
        int rc;
        long attempts;
        dj_quant_list_init(&l);
        dj_test_fail_alloc_after(n);
        rc = dj_quant_extract(&l, in, strlen(in));
        attempts = dj_test_fail_alloc_after(0);
        dj_quant_list_fini(&l);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "input never reached an allocation");
}
