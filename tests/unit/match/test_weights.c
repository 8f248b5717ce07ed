/* test_weights.c - the match weights as text (src/match/weights.c): specs
 * in English and Chinese, the canonical form, and every way a spec can be
 * wrong (each leaves the weights as they were). */
#include "duijie/dj_match.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void expect_same(const dj_match_weights *a, const dj_match_weights *b)
{
    for (int f = 0; f < DJ_NFACTORS; f++)
        cr_assert_float_eq(a->w[f], b->w[f], 1e-7, "factor %s", dj_match_factor_name(f));
    cr_assert_float_eq(a->semantic, b->semantic, 1e-7);
}

Test(weights, names_in_english_and_chinese_over_the_defaults)
{
    dj_match_weights w, def;
    dj_diag d;

    dj_match_weights_default(&def);
    dj_match_weights_default(&w);
    cr_assert_eq(dj_match_weights_parse(&w, "text=0.4，地区=0.3；语义=0.2　modes=1 ", &d), DJ_OK,
                 "%s", d.message);
    cr_assert_float_eq(w.w[DJ_FACTOR_TEXT], 0.4f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_REGION], 0.3f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_MODES], 1.0f, 1e-7);
    cr_assert_float_eq(w.semantic, 0.2f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_TAGS], def.w[DJ_FACTOR_TAGS], 1e-7,
                       "names not given keep theirs");
    cr_assert_eq(w.candidates, def.candidates);
    cr_assert_eq(dj_match_weights_parse(&w, "标签=0,行业=2.5,成熟度=.5,预算=7.,合作方式=0", &d),
                 DJ_OK, "%s", d.message);
    cr_assert_float_eq(w.w[DJ_FACTOR_TAGS], 0.0f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_INDUSTRY], 2.5f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_MATURITY], 0.5f, 1e-7);
    cr_assert_float_eq(w.w[DJ_FACTOR_BUDGET], 7.0f, 1e-7);
}

Test(weights, canonical_form_reads_back_the_same)
{
    dj_match_weights w, back;
    dj_buf b;

    dj_match_weights_default(&w);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_match_weights_write(&b, &w), DJ_OK);
    cr_assert_str_eq(dj_buf_cstr(&b), "text=0.55,tags=0.15,industry=0.1,region=0.05,maturity=0.05,"
                                      "budget=0.05,modes=0.05,semantic=0.5");
    cr_assert_eq(dj_match_weights_parse(&w, "地区=0.333,text=12.125,semantic=0.05", NULL), DJ_OK);
    dj_buf_reset(&b);
    cr_assert_eq(dj_match_weights_write(&b, &w), DJ_OK);
    dj_match_weights_default(&back);
    back.w[DJ_FACTOR_TEXT] = 0; /* every name is in the canonical form, so nothing stays */
    cr_assert_eq(dj_match_weights_parse(&back, dj_buf_cstr(&b), NULL), DJ_OK);
    expect_same(&back, &w);
    dj_buf_fini(&b);
}

/* Writes w, checks the text has no exponent (the parser refuses one) and
 * reads it back onto the defaults: every weight comes back the same. */
static void expect_round_trip(const dj_match_weights *w)
{
    dj_match_weights back;
    dj_buf b;
    dj_diag d;

    dj_buf_init(&b, 0);
    cr_assert_eq(dj_match_weights_write(&b, w), DJ_OK);
    for (const char *v = strchr(dj_buf_cstr(&b), '='); v; v = strchr(v + 1, '='))
        cr_assert_eq(strspn(v + 1, "0123456789."), strcspn(v + 1, ","), "not a plain decimal in %s",
                     dj_buf_cstr(&b));
    dj_match_weights_default(&back);
    cr_assert_eq(dj_match_weights_parse(&back, dj_buf_cstr(&b), &d), DJ_OK, "%s: %s",
                 dj_buf_cstr(&b), d.message);
    for (int f = 0; f < DJ_NFACTORS; f++)
        cr_assert(back.w[f] == w->w[f], "%s: %s %.9g back as %.9g", dj_buf_cstr(&b),
                  dj_match_factor_name(f), (double)w->w[f], (double)back.w[f]);
    cr_assert(back.semantic == w->semantic, "%s", dj_buf_cstr(&b));
    dj_buf_fini(&b);
}

/* The canonical form is what a database keeps: `config set` once stored
 * budget=1e-05 (%g), which the parser refuses, and every later match
 * failed until `config reset`. */
Test(weights, written_form_always_parses_back)
{
    static const char *const specs[] = {
        "budget=0.00001",
        "text=0.0000001,semantic=0.000001",
        "text=100,semantic=1,tags=99.99999",
        "region=0.00000000000000000000000000000000000000000000000000000001", /* 0 as a float */
        "maturity=0.0000000000000000000000000000000000000117549435",         /* near FLT_MIN */
        "modes=99.678901234,industry=0.1,semantic=0.3333333333",
    };
    dj_match_weights w;
    dj_buf b;

    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        dj_diag d;
        dj_match_weights_default(&w);
        cr_assert_eq(dj_match_weights_parse(&w, specs[i], &d), DJ_OK, "%s: %s", specs[i],
                     d.message);
        expect_round_trip(&w);
    }
    dj_match_weights_default(&w);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_match_weights_parse(&w, "budget=0.00001", NULL), DJ_OK);
    cr_assert_eq(dj_match_weights_write(&b, &w), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&b), ",budget=0.00001,"), "%s", dj_buf_cstr(&b));
    dj_buf_fini(&b);
    /* floats of every magnitude the two ranges hold, and the smallest ones */
    srand(7);
    for (int i = 0; i < 5000; i++) {
        dj_match_weights_default(&w);
        w.w[i % DJ_NFACTORS] = (float)(100.0 * rand() / RAND_MAX * pow(10, -(i % 40)));
        w.semantic = (float)((double)rand() / RAND_MAX * pow(10, -(i % 45)));
        expect_round_trip(&w);
    }
    w.w[0] = 1.4e-45f; /* the smallest subnormal */
    w.semantic = 1.17549435e-38f;
    expect_round_trip(&w);
}

Test(weights, every_bad_spec_is_named_and_changes_nothing)
{
    static const struct {
        const char *spec, *says;
    } cases[] = {
        {"", "no weights given"},
        {" ，; ", "no weights given"},
        {"text", "is not NAME=VALUE"},
        {"text=0.5,score=1", "unknown factor in 'score=1'"},
        {"Text=0.5", "unknown factor"},
        {"text=", "the value is not a number"},
        {"text=abc", "the value is not a number"},
        {"text=-1", "'text=-1': a weight cannot be negative (a factor weight lies in 0..100)"},
        {"语义=-0.5", "a weight cannot be negative (semantic lies in 0..1)"},
        {"text=-", "the value is not a number"},
        {"text=--1", "the value is not a number"},
        {"text=+1", "the value is not a number"},
        {"text=1e3", "the value is not a number"},
        {"text=inf", "the value is not a number"},
        {"text=0x10", "the value is not a number"},
        {"text=1.2.3", "the value is not a number"},
        {"text=.", "the value is not a number"},
        {"text=0.5=1", "the value is not a number"},
        {"text=100.5", "must lie in 0..100"},
        {"semantic=1.5", "semantic must lie in 0..1"},
        {"text=0.5,文本=0.6", "given twice"},
        {"text=0,tags=0,industry=0,region=0,maturity=0,budget=0,modes=0",
         "every factor weight is 0"},
        {"text=0000000000000000000000000000000000000000000000000000000000000000001",
         "the value is too long"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dj_match_weights w, def;
        dj_diag d;
        dj_diag_clear(&d);
        dj_match_weights_default(&w);
        dj_match_weights_default(&def);
        cr_assert_eq(dj_match_weights_parse(&w, cases[i].spec, &d), DJ_EINVAL, "'%s'",
                     cases[i].spec);
        cr_assert(strstr(d.message, cases[i].says), "'%s' says '%s'", cases[i].spec, d.message);
        cr_assert_str_eq(d.field, "weights");
        expect_same(&w, &def);
    }
    {
        dj_match_weights w;
        dj_match_weights_default(&w);
        cr_assert_eq(dj_match_weights_parse(&w, NULL, NULL), DJ_EINVAL, "a NULL spec is empty");
    }
}

Test(weights, labels_follow_the_names)
{
    cr_assert_str_eq(dj_match_factor_label(DJ_FACTOR_TEXT), "文本");
    cr_assert_str_eq(dj_match_factor_label(DJ_FACTOR_MODES), "合作方式");
    cr_assert_str_eq(dj_match_factor_label(DJ_NFACTORS), "?");
}
