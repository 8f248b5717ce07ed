/* test_match.c - counterpart ranking: golden cases from
 * tests/data/rank_match.txt (real Chinese analysis), the factor formulas,
 * explanation offsets, JSON rendering, add/update/delete and an
 * allocation-failure loop on the public entry points. */
#include "duijie/dj_match.h"
#include "duijie/dj_text.h"

#include "util/alloc.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void init_text(void)
{
    dj_diag d = {0};
    cr_assert_eq(dj_text_init(NULL, &d), DJ_OK, "%s", d.message);
}

static void fini_text(void)
{
    dj_text_shutdown();
}

TestSuite(match, .init = init_text, .fini = fini_text);

/* ---- golden file ---- */

typedef struct block {
    dj_match_listing l;
    char title[1024], kw[512], tags[512], body[4096], industry[128];
} block;

static int64_t num_or(const char *s, int64_t unknown)
{
    return strcmp(s, "-") == 0 ? unknown : strtoll(s, NULL, 10);
}

static void parse_head(block *b, char *line)
{
    char side[32], kind[32], status[32], ind[128], region[16], trl[8], modes[16], pmin[32],
        pmax[32];
    long long id;
    memset(b, 0, sizeof *b);
    cr_assert_eq(sscanf(line + 2, "%lld %31s %31s %31s %127s %15s %7s %15s %31s %31s", &id, side,
                        kind, status, ind, region, trl, modes, pmin, pmax),
                 10, "bad head: %s", line);
    b->l.id = id;
    b->l.side = dj_match_side_code(side, strlen(side));
    b->l.kind = dj_match_kind_code(kind, strlen(kind));
    b->l.status = dj_match_status_code(status, strlen(status));
    if (strcmp(ind, "-") != 0)
        snprintf(b->industry, sizeof b->industry, "%s", ind);
    b->l.region = (uint32_t)num_or(region, 0);
    b->l.trl = (int)num_or(trl, 0);
    b->l.modes = (uint32_t)num_or(modes, 0);
    b->l.price_min = num_or(pmin, -1);
    b->l.price_max = num_or(pmax, -1);
}

static void finish(block *b)
{
    b->l.title = b->title;
    b->l.title_len = strlen(b->title);
    b->l.keywords = b->kw;
    b->l.keywords_len = strlen(b->kw);
    b->l.tags = b->tags;
    b->l.tags_len = strlen(b->tags);
    b->l.body = b->body;
    b->l.body_len = strlen(b->body);
    b->l.industry = b->industry;
    b->l.industry_len = strlen(b->industry);
}

Test(match, golden_rankings)
{
    char path[1024], line[4096];
    snprintf(path, sizeof path, "%s/tests/data/rank_match.txt", DJ_SOURCE_DIR);
    FILE *fp = fopen(path, "r");
    cr_assert(fp, "cannot open %s", path);
    dj_match *m = NULL;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    block b;
    int in_block = 0, is_query = 0, cases = 0;
    dj_match_results res = {0};
    while (fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (line[0] == '#')
            continue;
        if (strcmp(line, "RESET") == 0) {
            dj_match_free(m);
            cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
            continue;
        }
        if ((line[0] == 'L' || line[0] == 'Q') && line[1] == ' ') {
            parse_head(&b, line);
            in_block = 1;
            is_query = line[0] == 'Q';
            continue;
        }
        if (in_block && n > 2 && line[1] == ' ' && line[0] != 'E') {
            char *dst = line[0] == 'T'   ? b.title
                        : line[0] == 'K' ? b.kw
                        : line[0] == 'G' ? b.tags
                                         : b.body;
            size_t cap = line[0] == 'T' ? sizeof b.title : line[0] == 'B' ? sizeof b.body : 512;
            snprintf(dst, cap, "%s", line + 2);
            continue;
        }
        if (line[0] == 'E' && line[1] == ' ') {
            cr_assert(is_query, "E without Q");
            char *s = line + 2;
            size_t want_n = 0;
            int64_t want[32];
            while (*s) {
                char *end;
                want[want_n++] = strtoll(s, &end, 10);
                s = end;
                while (*s == ' ')
                    s++;
            }
            finish(&b);
            cr_assert_eq(dj_match_rank(&res, m, &b.l, NULL, 10, NULL), DJ_OK);
            cr_assert_geq(res.n, want_n, "case %d: %zu results", cases, res.n);
            for (size_t i = 0; i < want_n; i++)
                cr_assert_eq(res.v[i].id, want[i], "case %d rank %zu: got %lld want %lld", cases, i,
                             (long long)res.v[i].id, (long long)want[i]);
            cases++;
            is_query = 0;
            in_block = 0;
            continue;
        }
        if (line[0] == 'X' && line[1] == ' ') { /* ids that must not be returned */
            char *s = line + 2;
            while (*s) {
                char *end;
                long long no = strtoll(s, &end, 10);
                for (size_t i = 0; i < res.n; i++)
                    cr_assert_neq(res.v[i].id, no, "case %d: %lld returned", cases - 1, no);
                s = end;
                while (*s == ' ')
                    s++;
            }
            continue;
        }
        if (n == 0)
            dj_match_results_fini(&res);
        if (n == 0 && in_block) {
            finish(&b);
            if (!is_query)
                cr_assert_eq(dj_match_put(m, &b.l), DJ_OK);
            in_block = 0;
        }
    }
    fclose(fp);
    dj_match_results_fini(&res);
    dj_match_free(m);
    cr_assert_gt(cases, 0);
}

/* ---- unit behaviour ---- */

static dj_match_listing mk(int64_t id, int side, const char *title, const char *body)
{
    dj_match_listing l;
    memset(&l, 0, sizeof l);
    l.id = id;
    l.side = side;
    l.kind = DJ_KIND_TECHNOLOGY;
    l.status = DJ_STATUS_PUBLISHED;
    l.title = title;
    l.title_len = strlen(title);
    l.body = body;
    l.body_len = strlen(body);
    l.price_min = l.price_max = -1;
    return l;
}

Test(match, explanation_offsets_point_at_matched_text)
{
    dj_match *m = NULL;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing s =
        mk(1, DJ_SIDE_SUPPLY, "锂电池回收技术", "废旧锂电池中钴和锂的高效回收工艺。");
    cr_assert_eq(dj_match_put(m, &s), DJ_OK);
    dj_match_listing d = mk(2, DJ_SIDE_DEMAND, "需要锂电池回收", "寻找回收钴的技术");
    dj_match_results r = {0};
    cr_assert_eq(dj_match_rank(&r, m, &d, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].id, 1);
    cr_assert_gt(r.v[0].nspans, 0);
    cr_assert_gt(r.v[0].nterms, 0);
    const dj_match_listing *c = dj_match_get(m, 1);
    int saw_title = 0;
    for (size_t i = 0; i < r.v[0].nspans; i++) {
        const dj_match_span *sp = &r.v[0].spans[i];
        const char *ft = sp->field == DJ_FIELD_TITLE ? c->title : c->body;
        size_t fl = sp->field == DJ_FIELD_TITLE ? c->title_len : c->body_len;
        cr_assert_lt(sp->start, sp->end);
        cr_assert_leq(sp->end, fl);
        if (i)
            cr_assert(sp->field > r.v[0].spans[i - 1].field || sp->start > r.v[0].spans[i - 1].end,
                      "spans are merged and ordered");
        /* every span contains some matched term */
        int ok = 0;
        for (size_t t = 0; t < r.v[0].nterms; t++) {
            const char *term = r.v[0].terms[t];
            size_t tl = strlen(term);
            for (size_t at = sp->start; at + tl <= sp->end; at++)
                ok |= memcmp(ft + at, term, tl) == 0;
        }
        cr_assert(ok, "span %zu..%zu", sp->start, sp->end);
        if (sp->field == DJ_FIELD_TITLE && memcmp(ft + sp->start, "锂电池", 9) == 0)
            saw_title = 1;
    }
    cr_assert(saw_title, "the title's 锂电池 is highlighted");
    for (size_t t = 0; t < r.v[0].nterms; t++) /* a word and its bigram are listed once */
        for (size_t u = 0; u < t; u++)
            cr_assert_str_neq(r.v[0].terms[t], r.v[0].terms[u], "term %zu repeats %zu", t, u);
    float sum = 0;
    for (int f = 0; f < DJ_NFACTORS; f++)
        sum += r.v[0].factor[f];
    cr_assert_float_eq(sum, r.v[0].score, 1e-5);
    cr_assert_float_eq(r.v[0].value[DJ_FACTOR_TEXT], 1.0f, 1e-6);

    dj_buf b;
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_match_results_json(&b, m, &r), DJ_OK);
    const char *js = dj_buf_cstr(&b);
    cr_assert(strstr(js, "\"results\":[{\"id\":1,"), "%s", js);
    cr_assert(strstr(js, "\"highlights\":[{\"field\":\"title\""), "%s", js);
    cr_assert(strstr(js, "\"factors\":{\"text\":"), "%s", js);
    dj_buf_fini(&b);
    dj_match_results_fini(&r);
    dj_match_free(m);
}

Test(match, structured_factors_follow_the_formula)
{
    dj_match *m = NULL;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing a = mk(1, DJ_SIDE_SUPPLY, "污水处理膜技术", "膜生物反应器污水处理");
    a.trl = 5;
    a.region = 450203;
    a.modes = 1;
    a.price_min = 100;
    a.price_max = 200;
    a.tags = "环保;膜";
    a.tags_len = strlen(a.tags);
    dj_match_listing b = a;
    b.id = 2;
    b.trl = 8;
    b.region = 440300;
    b.modes = 2;
    b.price_min = 1000;
    b.price_max = 2000;
    b.tags = "环保;水";
    b.tags_len = strlen(b.tags);
    cr_assert_eq(dj_match_put(m, &a), DJ_OK);
    cr_assert_eq(dj_match_put(m, &b), DJ_OK);
    dj_match_listing q = mk(9, DJ_SIDE_DEMAND, "污水处理膜技术", "膜生物反应器污水处理");
    q.trl = 6;
    q.region = 450100;
    q.modes = 1;
    q.price_min = 150;
    q.price_max = 300;
    q.tags = "膜;环保";
    q.tags_len = strlen(q.tags);
    dj_match_results r = {0};
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 2);
    const dj_match_result *ra = r.v[0].id == 1 ? &r.v[0] : &r.v[1];
    const dj_match_result *rb = r.v[0].id == 1 ? &r.v[1] : &r.v[0];
    cr_assert_float_eq(ra->value[DJ_FACTOR_TAGS], 1.0f, 1e-6);
    cr_assert_float_eq(rb->value[DJ_FACTOR_TAGS], 1.0f / 3.0f, 1e-6);
    cr_assert_float_eq(ra->value[DJ_FACTOR_REGION], 0.5f, 1e-6); /* same province only */
    cr_assert_float_eq(rb->value[DJ_FACTOR_REGION], 0.0f, 1e-6);
    cr_assert_float_eq(ra->value[DJ_FACTOR_MATURITY], 0.75f, 1e-6); /* one level short */
    cr_assert_float_eq(rb->value[DJ_FACTOR_MATURITY], 1.0f, 1e-6);
    cr_assert_float_eq(ra->value[DJ_FACTOR_BUDGET], 1.0f, 1e-6);
    cr_assert_float_eq(rb->value[DJ_FACTOR_BUDGET], 0.0f, 1e-6); /* 1000 vs 300: far apart */
    cr_assert_float_eq(ra->value[DJ_FACTOR_MODES], 1.0f, 1e-6);
    cr_assert_float_eq(rb->value[DJ_FACTOR_MODES], 0.0f, 1e-6);
    cr_assert_eq(r.v[0].id, 1);
    dj_match_results_fini(&r);
    dj_match_free(m);
}

Test(match, put_update_delete_and_sides)
{
    dj_match *m = NULL;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing a = mk(1, DJ_SIDE_SUPPLY, "光伏逆变器", "光伏发电并网逆变器");
    dj_match_listing same_side = mk(2, DJ_SIDE_DEMAND, "光伏逆变器需求", "光伏逆变器");
    cr_assert_eq(dj_match_put(m, &a), DJ_OK);
    cr_assert_eq(dj_match_put(m, &same_side), DJ_OK);
    cr_assert_eq(dj_match_count(m), 2);
    dj_match_listing q = mk(3, DJ_SIDE_DEMAND, "光伏逆变器", "");
    dj_match_results r = {0};
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1, "demand listings are not counterparts of a demand");
    cr_assert_eq(r.v[0].id, 1);
    dj_match_results_fini(&r);
    a.title = "风力发电机组";
    a.title_len = strlen(a.title);
    a.body = "风电";
    a.body_len = strlen(a.body);
    cr_assert_eq(dj_match_put(m, &a), DJ_OK);
    cr_assert_eq(dj_match_count(m), 2);
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 0);
    dj_match_results_fini(&r);
    cr_assert_eq(dj_match_delete(m, 1), DJ_OK);
    cr_assert_eq(dj_match_delete(m, 1), DJ_ENOTFOUND);
    cr_assert_null(dj_match_get(m, 1));
    cr_assert_eq(dj_match_count(m), 1);
    a.trl = 12;
    cr_assert_eq(dj_match_put(m, &a), DJ_EINVAL);
    cr_assert_eq(dj_match_search(&r, m, "光伏", strlen("光伏"), NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].id, 2);
    dj_match_results_fini(&r);
    dj_match_free(m);
}

Test(match, survives_every_allocation_failure)
{
    long n;
    for (n = 1;; n++) {
        dj_match *m = NULL;
        dj_match_results r = {0};
        dj_match_listing a = mk(1, DJ_SIDE_SUPPLY, "光伏逆变器", "光伏发电并网逆变器");
        dj_match_listing q = mk(3, DJ_SIDE_DEMAND, "光伏逆变器", "并网");
        dj_buf b;
        dj_buf_init(&b, 0);
        dj_test_fail_alloc_after(n);
        int rc = dj_match_new(&m, NULL);
        if (rc == DJ_OK)
            rc = dj_match_put(m, &a);
        if (rc == DJ_OK)
            rc = dj_match_rank(&r, m, &q, NULL, 5, NULL);
        if (rc == DJ_OK)
            rc = dj_match_results_json(&b, m, &r);
        if (rc == DJ_OK) {
            dj_match_results_fini(&r);
            rc = dj_match_search(&r, m, "逆变器", strlen("逆变器"), NULL, 3, NULL);
        }
        long attempts = dj_test_fail_alloc_after(0);
        dj_match_results_fini(&r);
        dj_buf_fini(&b);
        dj_match_free(m);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 3);
}
