/* test_news.c - bulletin text to articles: the shared gold sample (titles,
 * authors, place, orgs, facts), golden cases for doubled headlines and
 * article splitting (tests/data/news_*.txt), drafts, bad input and
 * allocation failures. */
#include "duijie/dj_news.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file (util/file.h); NULL when it cannot. Free with dj_free. */
static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    return dj_file_read(&buf, len, path, 0) == DJ_OK ? buf : NULL;
}

static void shared_path(char *out, size_t cap, const char *rel)
{
    const char *env = getenv("DJ_SHARED_DATA");
    if (env && *env)
        snprintf(out, cap, "%s/%s", env, rel);
    else
        snprintf(out, cap, "%s/../shared/data/%s", DJ_SOURCE_DIR, rel);
}

Test(news, reproduces_the_gold_sample)
{
    char pp[4096], gp[4096];
    size_t len, i, k;
    char *page;
    json_t *gold, *arts;
    json_error_t err;
    dj_news_doc *d = NULL;

    shared_path(pp, sizeof pp, "news/sample-page.txt");
    shared_path(gp, sizeof gp, "news/sample-gold.json");
    page = slurp(pp, &len);
    gold = json_load_file(gp, 0, &err);
    if (!page || !gold) {
        dj_free(page);
        json_decref(gold);
        fprintf(stderr, "SKIP news gold: ../shared/data/news/sample-*.{txt,json} not found\n");
        cr_skip_test("shared data absent: ../shared/data/news/sample-*.{txt,json} not found "
                     "(set DJ_SHARED_DATA)");
    }
    cr_assert_eq(dj_news_extract(&d, page, len, NULL), DJ_OK);
    arts = json_object_get(gold, "articles");
    cr_assert_eq(d->narticles, json_array_size(arts));
    for (i = 0; i < d->narticles; i++) {
        const dj_news_article *a = &d->articles[i];
        json_t *g = json_array_get(arts, i);
        json_t *au = json_object_get(g, "authors"), *facts = json_object_get(g, "facts");
        json_t *orgs = json_object_get(g, "orgs");
        cr_expect_str_eq(a->title, json_string_value(json_object_get(g, "title")));
        cr_expect_str_eq(a->place, json_string_value(json_object_get(g, "key")));
        cr_assert_eq(a->nauthors, json_array_size(au), "article %zu authors", i);
        for (k = 0; k < a->nauthors; k++)
            cr_expect_str_eq(a->authors[k], json_string_value(json_array_get(au, k)));
        cr_assert_eq(a->nfacts, json_array_size(facts), "article %zu: %zu facts", i, a->nfacts);
        for (k = 0; k < a->nfacts; k++) {
            json_t *f = json_array_get(facts, k);
            double want = json_number_value(json_array_get(f, 0));
            cr_expect(fabs(a->facts[k].q.value - want) <= 1e-9 * fmax(1, fabs(want)),
                      "article %zu fact %zu: %.15g want %.15g", i, k, a->facts[k].q.value, want);
            cr_expect_str_eq(a->facts[k].q.unit, json_string_value(json_array_get(f, 1)));
            cr_expect_leq(a->facts[k].q.end, a->text_len);
        }
        cr_assert_eq(a->norgs, json_array_size(orgs), "article %zu orgs", i);
        for (k = 0; k < a->norgs; k++)
            cr_expect_str_eq(a->orgs[k], json_string_value(json_array_get(orgs, k)));
    }
    dj_news_doc_free(d);
    json_decref(gold);
    dj_free(page);
}

static void chomp(char *s)
{
    size_t l = strlen(s);
    while (l > 0 && (s[l - 1] == '\n' || s[l - 1] == '\r'))
        s[--l] = 0;
}

/* Reads the next input/expected pair of a golden file; 0 at the end. */
static int next_pair(FILE *f, char *in, size_t incap, char *want, size_t wcap)
{
    while (fgets(in, (int)incap, f)) {
        chomp(in);
        if (in[0] == '#' || in[0] == 0)
            continue;
        if (!fgets(want, (int)wcap, f))
            return 0;
        chomp(want);
        return 1;
    }
    return 0;
}

Test(news, golden_doubled_headlines)
{
    FILE *f = fopen(DJ_SOURCE_DIR "/tests/data/news_undouble.txt", "r");
    char in[1024], want[1024], out[1024];
    int cases = 0;
    cr_assert_not_null(f);
    while (next_pair(f, in, sizeof in, want, sizeof want)) {
        dj_news_undouble(out, in, strlen(in));
        cr_expect_str_eq(out, want, "undouble %s", in);
        cases++;
    }
    fclose(f);
    cr_assert_geq(cases, 4);
}

static void unescape(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (r[0] == '\\' && (r[1] == 'n' || r[1] == 'f')) {
            *w++ = r[1] == 'n' ? '\n' : '\f';
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = 0;
}

Test(news, golden_article_split)
{
    FILE *f = fopen(DJ_SOURCE_DIR "/tests/data/news_split.txt", "r");
    char in[4096], want[2048];
    int cases = 0;
    cr_assert_not_null(f);
    while (next_pair(f, in, sizeof in, want, sizeof want)) {
        dj_news_doc *d = NULL;
        dj_buf b;
        size_t i, k;
        unescape(in);
        cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
        dj_buf_init(&b, 0);
        for (i = 0; i < d->narticles; i++) {
            const dj_news_article *a = &d->articles[i];
            dj_buf_printf(&b, "%s%s|%s|", i ? " ;; " : "", a->title, a->place);
            for (k = 0; k < a->nauthors; k++)
                dj_buf_printf(&b, "%s%s", k ? "," : "", a->authors[k]);
        }
        cr_expect_str_eq(dj_buf_cstr(&b), want, "split of %s", in);
        dj_buf_fini(&b);
        dj_news_doc_free(d);
        cases++;
    }
    fclose(f);
    cr_assert_geq(cases, 3);
}

static const char page[] = "本报讯 日前，某某经开区集中签约\n\n项目 6 个，总投资额约 30 亿元，签约"
                           "合同金额 1.5 亿元。\n\n张明\n\n某某经开区\n\n66个项目签约个项目签约\n";

Test(news, drafts_are_proposed_not_stored)
{
    dj_news_doc *d = NULL;
    dj_news_draft *dr = NULL;
    size_t n = 0, i;
    int deal = 0, project = 0;
    dj_buf b;

    cr_assert_eq(dj_news_extract(&d, page, strlen(page), NULL), DJ_OK);
    cr_assert_eq(d->narticles, 1);
    cr_assert_str_eq(d->articles[0].title, "6个项目签约");
    cr_assert_eq(dj_news_drafts(&dr, &n, d), DJ_OK);
    for (i = 0; i < n; i++) {
        if (dr[i].kind == DJ_DRAFT_DEAL) {
            deal++;
            cr_expect_eq(dr[i].amount_fen, 15000000000LL);
        }
        if (dr[i].kind == DJ_DRAFT_PROJECT) {
            project++;
            cr_expect_eq(dr[i].amount_fen, 300000000000LL);
        }
        cr_assert_leq(dr[i].end, d->articles[dr[i].article].text_len);
    }
    cr_expect_eq(deal, 1);
    cr_expect_eq(project, 1);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_news_drafts_json(&b, dr, n), DJ_OK);
    cr_assert_not_null(strstr(dj_buf_cstr(&b), "\"status\": \"draft\""));
    dj_buf_fini(&b);
    dj_free(dr);
    dj_news_doc_free(d);
}

Test(news, rejects_invalid_utf8_with_offset)
{
    const char bad[] = "本报讯\xff";
    dj_news_doc *d = NULL;
    dj_diag diag;
    dj_diag_clear(&diag);
    cr_assert_eq(dj_news_extract(&d, bad, sizeof bad - 1, &diag), DJ_EINVAL);
    cr_assert_null(d);
    cr_assert_eq(diag.offset, strlen("本报讯"));
}

Test(news, json_is_well_formed)
{
    dj_news_doc *d = NULL;
    dj_buf b;
    json_error_t err;
    json_t *j;
    cr_assert_eq(dj_news_extract(&d, page, strlen(page), NULL), DJ_OK);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_news_to_json(&b, d), DJ_OK);
    j = json_loads(dj_buf_cstr(&b), 0, &err);
    cr_assert_not_null(j, "bad JSON: %s", err.text);
    cr_assert_eq(json_array_size(json_object_get(j, "articles")), 1);
    json_decref(j);
    dj_buf_fini(&b);
    dj_news_doc_free(d);
}

/* 万/亿 amounts without 元 are money when their label is a money label. */
Test(news, money_label_without_yuan_is_money)
{
    static const char in[] = "本报讯 近日，成都高新区技术市场成交额1.2万亿，实现营收2.5亿，"
                             "常住人口1.2万，签约金额3亿。\n";
    static const char *const labels[] = {"成交额", "营收", "签约金额"};
    static const double values[] = {1.2e12, 2.5e8, 3e8};
    dj_news_doc *d = NULL;
    const dj_news_article *a;
    size_t k;
    int64_t fen = 0;
    cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
    cr_assert_eq(d->narticles, 1);
    a = &d->articles[0];
    cr_assert_eq(a->nfacts, 3, "%zu facts", a->nfacts); /* not 人口1.2万 */
    for (k = 0; k < 3; k++) {
        cr_expect_str_eq(a->facts[k].label, labels[k]);
        cr_expect_eq(a->facts[k].q.kind, DJ_QUANT_MONEY);
        cr_expect_str_eq(a->facts[k].q.unit, "元");
        cr_expect(fabs(a->facts[k].q.value - values[k]) < 1e-3 * values[k]);
    }
    cr_expect_eq(dj_quant_money_fen(&fen, &a->facts[2].q), DJ_OK);
    cr_expect_eq(fen, 30000000000LL);
    dj_news_doc_free(d);
}

/* A colon before the number keeps the label; a range keeps it too. */
Test(news, labels_across_a_colon_and_a_range)
{
    static const char in[] = "本报讯 近日，成都高新区签约合同金额：286.5万元，总投资额3亿至5亿元，"
                             "年产值10-15亿元，投资总额约为15亿元。\n";
    static const char *const labels[] = {"合同金额", "总投资额", "年产值", "投资总额"};
    static const int approx[] = {0, 1, 1, 1};
    dj_news_doc *d = NULL;
    const dj_news_article *a;
    size_t k;
    cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
    a = &d->articles[0];
    cr_assert_eq(a->nfacts, 4, "%zu facts", a->nfacts);
    for (k = 0; k < 4; k++) {
        cr_expect_str_eq(a->facts[k].label, labels[k], "fact %zu", k);
        cr_expect_eq(a->facts[k].q.approx != 0, approx[k], "fact %zu", k);
    }
    dj_news_doc_free(d);
}

/* What opens a name run but names nothing stays out of places and labels:
 * the unit of a date (2026年), an ordinal (第三届) and the connective 其中. */
Test(news, dates_ordinals_and_connectives_are_no_part_of_names)
{
    static const char in[] =
        "本报讯 11月28日，2026年桂林高新区产业招商推介会在桂林举行。会上共签约项目12个，"
        "总投资额86.5亿元，其中工业项目8个，投资额62.3亿元。第三届柳州经开区供需对接会同期举办。\n";
    static const char *const labels[] = {"签约项目", "总投资额", "工业项目", "投资额"};
    dj_news_doc *d = NULL;
    const dj_news_article *a;
    size_t k;
    int other = 0;
    cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
    cr_assert_eq(d->narticles, 1);
    a = &d->articles[0];
    cr_expect_str_eq(a->place, "桂林高新区");
    cr_assert_eq(a->nfacts, 4, "%zu facts", a->nfacts);
    for (k = 0; k < 4; k++)
        cr_expect_str_eq(a->facts[k].label, labels[k], "fact %zu", k);
    for (k = 0; k < a->norgs; k++) {
        cr_expect(strstr(a->orgs[k], "届") == NULL, "%s", a->orgs[k]);
        other |= strcmp(a->orgs[k], "柳州经开区") == 0;
    }
    cr_expect(other, "the second park is an organisation");
    dj_news_doc_free(d);
}

/* Without a closing byline, the names in parentheses after the dateline are
 * the authors; role words separate them. */
Test(news, opening_bylines_in_parentheses_name_the_authors)
{
    static const char in[] = "本报讯（记者 王五 通讯员 赵六）12月1日，南宁经开区签约项目3个。\n\n"
                             "本报讯（记者李明、欧阳明 摄）柳州经开区签约项目4个。\n\n"
                             "本报讯（上接第一版）桂林高新区签约项目5个。\n";
    static const char *const names[][2] = {{"王五", "赵六"}, {"李明", "欧阳明"}};
    dj_news_doc *d = NULL;
    size_t k;
    cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
    cr_assert_eq(d->narticles, 3);
    for (k = 0; k < 2; k++) {
        const dj_news_article *a = &d->articles[k];
        cr_assert_eq(a->nauthors, 2, "article %zu: %zu authors", k, a->nauthors);
        cr_expect_str_eq(a->authors[0], names[k][0]);
        cr_expect_str_eq(a->authors[1], names[k][1]);
    }
    cr_expect_eq(d->articles[2].nauthors, 0, "a parenthesis that names no one");
    dj_news_doc_free(d);
    d = NULL;
    { /* at the end of the text: （记者 周敏）, but not （完） */
        static const char tail[] =
            "本报讯 园区签约项目3个。（记者 周敏）\n\n本报讯 园区签约项目4个。（完）\n";
        cr_assert_eq(dj_news_extract(&d, tail, strlen(tail), NULL), DJ_OK);
        cr_assert_eq(d->narticles, 2);
        cr_assert_eq(d->articles[0].nauthors, 1);
        cr_expect_str_eq(d->articles[0].authors[0], "周敏");
        cr_expect_eq(d->articles[1].nauthors, 0);
        dj_news_doc_free(d);
        d = NULL;
    }
    { /* after a dateline that stays in the text */
        static const char wire[] = "新华社南宁12月2日电（记者王五）柳州经开区签约项目4个。\n";
        cr_assert_eq(dj_news_extract(&d, wire, strlen(wire), NULL), DJ_OK);
        cr_assert_eq(d->narticles, 1);
        cr_assert_eq(d->articles[0].nauthors, 1);
        cr_expect_str_eq(d->articles[0].authors[0], "王五");
        dj_news_doc_free(d);
    }
}

/* 突破 / 达到 / 超过 between a label and its figure are no part of the label;
 * 工业总产值, 合同投资额 and 计划投资 are labels of their own, and money
 * without 元. */
Test(news, labels_past_reaching_verbs)
{
    static const char in[] = "本报讯 园区规上工业总产值突破800亿，合同投资额达到432亿元，"
                             "年产值超过25亿元。某智能制造项目计划投资12.5亿。\n";
    static const char *const labels[] = {"工业总产值", "合同投资额", "年产值", "计划投资"};
    dj_news_doc *d = NULL;
    const dj_news_article *a;
    size_t k;
    cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
    a = &d->articles[0];
    cr_assert_eq(a->nfacts, 4, "%zu facts", a->nfacts);
    for (k = 0; k < 4; k++) {
        cr_expect_str_eq(a->facts[k].label, labels[k], "fact %zu", k);
        cr_expect_str_eq(a->facts[k].q.unit, "元", "fact %zu", k);
    }
    dj_news_doc_free(d);
}

/* A figure too large for a double is dropped: JSON has no inf. */
Test(news, json_has_no_infinite_value)
{
    static const char *const amounts[] = {
        "9亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿亿元",
        "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000万元"};
    size_t a;
    for (a = 0; a < sizeof amounts / sizeof amounts[0]; a++) {
        char in[1024];
        dj_news_doc *d = NULL;
        dj_buf b;
        json_error_t err;
        json_t *j;
        snprintf(in, sizeof in, "本报讯 近日，成都高新区签约项目5个，总投资额%s，另有3亿元。\n",
                 amounts[a]);
        cr_assert_eq(dj_news_extract(&d, in, strlen(in), NULL), DJ_OK);
        dj_buf_init(&b, 0);
        cr_assert_eq(dj_news_to_json(&b, d), DJ_OK);
        cr_assert_null(strstr(dj_buf_cstr(&b), "inf"), "%s", dj_buf_cstr(&b));
        j = json_loads(dj_buf_cstr(&b), 0, &err);
        cr_assert_not_null(j, "bad JSON: %s", err.text);
        /* 5 个 and 3 亿元 stay; the overflowing amount is gone */
        cr_assert_eq(json_array_size(json_object_get(
                         json_array_get(json_object_get(j, "articles"), 0), "facts")),
                     2, "%s", dj_buf_cstr(&b));
        json_decref(j);
        dj_buf_fini(&b);
        dj_news_doc_free(d);
    }
}

Test(news, survives_every_allocation_failure)
{
    long n;
    for (n = 1;; n++) {
        dj_news_doc *d = NULL;
        int rc;
        long attempts;
        dj_test_fail_alloc_after(n);
        rc = dj_news_extract(&d, page, strlen(page), NULL);
        attempts = dj_test_fail_alloc_after(0);
        dj_news_doc_free(d);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "input never reached an allocation");
}
