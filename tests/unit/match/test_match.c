/* test_match.c - counterpart ranking: golden cases from
 * tests/data/rank_match.txt (real Chinese analysis), the factor formulas,
 * explanation offsets, JSON rendering, add/update/delete, the bulk load
 * through a saved index (used only while it fits the listings and the
 * analyser) and an allocation-failure loop on the public entry points. */
#include "duijie/dj_match.h"
#include "duijie/dj_text.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/file.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Every occurrence is highlighted, however many: a body of 2,000
 * sentences with 机器人 gets 2,000 spans, the last at the last one (spans
 * stopped at 4,096 matched term occurrences: 1,024 here, with no sign). */
Test(match, every_occurrence_is_highlighted)
{
    const char *unit = "机器人视觉检测，";
    size_t ul = strlen(unit), n = 2000;
    char *body = malloc(ul * n + 1);
    dj_match *m = NULL;
    dj_match_results r = {0};

    cr_assert_not_null(body);
    for (size_t i = 0; i < n; i++)
        memcpy(body + i * ul, unit, ul);
    body[ul * n] = '\0';
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing s = mk(1, DJ_SIDE_SUPPLY, "长文", body);
    cr_assert_eq(dj_match_put(m, &s), DJ_OK);
    cr_assert_eq(dj_match_search(&r, m, "机器人", strlen("机器人"), NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].nspans, n);
    cr_assert_eq(r.v[0].spans[n - 1].start, ul * (n - 1));
    dj_match_results_fini(&r);
    dj_match_free(m);
    free(body);
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

/* Tags and keywords form one set: an item in both fields counts once, so
 * the overlap is a Jaccard index in [0, 1] (it once counted such an item
 * twice and could exceed 1). Items are trimmed, ASCII case folded and split
 * on full-width separators too. */
static float tags_value(const char *qtags, const char *qkw, const char *ctags, const char *ckw)
{
    dj_match *m = NULL;
    dj_match_results r = {0};
    float v;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing c = mk(1, DJ_SIDE_SUPPLY, "集成电路测试服务", "提供集成电路测试");
    c.tags = ctags;
    c.tags_len = strlen(ctags);
    c.keywords = ckw;
    c.keywords_len = strlen(ckw);
    cr_assert_eq(dj_match_put(m, &c), DJ_OK);
    dj_match_listing q = mk(9, DJ_SIDE_DEMAND, "集成电路测试需求", "需要集成电路测试");
    q.tags = qtags;
    q.tags_len = strlen(qtags);
    q.keywords = qkw;
    q.keywords_len = strlen(qkw);
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    v = r.v[0].value[DJ_FACTOR_TAGS];
    dj_match_results_fini(&r);
    dj_match_free(m);
    return v;
}

Test(match, tags_and_keywords_are_one_set)
{
    /* {集成电路, 晶圆测试} and {集成电路, 封装} */
    cr_assert_float_eq(tags_value("集成电路", "集成电路;晶圆测试", "集成电路", "封装"), 1.0f / 3.0f,
                       1e-6);
    /* {eda} and {eda}: the same item in both fields of the query, case folded */
    cr_assert_float_eq(tags_value("EDA", "eda", "Eda", ""), 1.0f, 1e-6);
    /* {a, b, c} and {b, c, d}, with full-width separators and spaces */
    cr_assert_float_eq(tags_value(" a ；b", "c，b", "b;c", "d , c"), 0.5f, 1e-6);
    /* no items on one side */
    cr_assert_float_eq(tags_value("", "", "a", "b"), 0.0f, 1e-6);
    cr_assert_float_eq(tags_value(";;", " ", "a", "b"), 0.0f, 1e-6);
}

/* n items, the CJK characters from first on, joined by ';' into out;
 * returns the length. */
static size_t cjk_list(char *out, unsigned first, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        unsigned cp = first + (unsigned)i;
        if (i)
            out[len++] = ';';
        out[len++] = (char)(0xE0 | (cp >> 12));
        out[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[len++] = (char)(0x80 | (cp & 0x3F));
    }
    out[len] = '\0';
    return len;
}

/* Every item counts, however many: tags and keywords are list cells of up
 * to 1000 characters, so up to 500 items each (the overlap once ignored
 * every item after the 64th). */
Test(match, every_tag_and_keyword_counts)
{
    char tags[2048], kw[2048], qkw[64];
    size_t n = 0;

    /* 70 tags and keyword 蝾螈 against {蝾螈, 标签1}: 2 shared of 71 */
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(tags + n, sizeof tags - n, "%s标签%d", i ? ";" : "", i);
    cr_assert_float_eq(tags_value(tags, "蝾螈", "", "蝾螈;标签1"), 2.0f / 71.0f, 1e-6);
    cr_assert_float_eq(tags_value("", "蝾螈;标签1", tags, "蝾螈"), 2.0f / 71.0f, 1e-6,
                       "the stored side counts them too");
    /* the most a listing can hold: 500 one-character items in each field
     * (1000 characters with the separators), all distinct */
    cjk_list(tags, 0x4E00, 500);
    cjk_list(kw, 0x5000, 500);
    n = cjk_list(qkw, 0x4E00 + 499, 1);
    qkw[n++] = ';';
    cjk_list(qkw + n, 0x5000 + 499, 1);
    /* {the last tag, the last keyword} against the 1000 items: 2 of 1000 */
    cr_assert_float_eq(tags_value(qkw, "", tags, kw), 2.0f / 1000.0f, 1e-7);
    cr_assert_float_eq(tags_value(tags, kw, "", qkw), 2.0f / 1000.0f, 1e-7);
    /* repeats count once, in any case */
    cr_assert_float_eq(tags_value("a;B;a;b;A", "b", "A", "c;C"), 1.0f / 3.0f, 1e-6);
}

static long term_at(const dj_match_result *r, const char *w)
{
    for (size_t t = 0; t < r->nterms; t++)
        if (strcmp(r->terms[t], w) == 0)
            return (long)t;
    return -1;
}

/* The matched terms are the words: a bigram across a word boundary of the
 * candidate (烯散 of 石墨烯|散热膜) is there for recall and explains nothing,
 * however rare it is, so it is neither listed nor highlighted. */
Test(match, explained_terms_leave_out_bigrams_across_words)
{
    dj_match *m = NULL;
    dj_match_results r = {0};
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing c = mk(1, DJ_SIDE_SUPPLY, "石墨烯散热膜卷对卷量产工艺", "卷对卷量产设备");
    dj_match_listing o = mk(2, DJ_SIDE_SUPPLY, "散热风扇", "工艺改进与量产");
    cr_assert_eq(dj_match_put(m, &c), DJ_OK);
    cr_assert_eq(dj_match_put(m, &o), DJ_OK);
    dj_match_listing q =
        mk(9, DJ_SIDE_DEMAND, "石墨烯散热膜量产工艺", "需要石墨烯散热膜的量产工艺");
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_geq(r.n, 1);
    cr_assert_eq(r.v[0].id, 1);
    cr_assert_geq(term_at(&r.v[0], "石墨烯"), 0, "the words matched");
    cr_assert_geq(term_at(&r.v[0], "量产"), 0, "the words matched");
    cr_assert_lt(term_at(&r.v[0], "烯散"), 0, "烯散 crosses 石墨烯|散热");
    dj_match_results_fini(&r);
    dj_match_free(m);
}

/* When bigrams across words are all a candidate shares, they are its reason. */
Test(match, explained_terms_fall_back_to_bigrams_across_words)
{
    dj_match *m = NULL;
    dj_match_results r = {0};
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing c = mk(1, DJ_SIDE_SUPPLY, "降低检测误报", "");
    cr_assert_eq(dj_match_put(m, &c), DJ_OK);
    dj_match_listing q = mk(9, DJ_SIDE_DEMAND, "监测误差", "");
    cr_assert_eq(dj_match_rank(&r, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_geq(term_at(&r.v[0], "测误"), 0, "the shared bigram is the reason");
    cr_assert_eq(r.v[0].nspans, 0, "but it is not highlighted");
    dj_match_results_fini(&r);
    dj_match_free(m);
}

/* A query of one character is searched through the bigrams holding it
 * (钢结 of 钢结构, 锈钢 of 不锈钢管): the character is the reason and the
 * highlight, as the candidate writes it (鋼 in a traditional text). */
Test(match, one_character_query_is_its_own_reason)
{
    dj_match *m = NULL;
    dj_match_results r = {0};
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    dj_match_listing a = mk(1, DJ_SIDE_SUPPLY, "装配式钢结构住宅", "");
    dj_match_listing b = mk(2, DJ_SIDE_SUPPLY, "不鏽鋼管焊接", "");
    cr_assert_eq(dj_match_put(m, &a), DJ_OK);
    cr_assert_eq(dj_match_put(m, &b), DJ_OK);
    cr_assert_eq(dj_match_search(&r, m, "钢", strlen("钢"), NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 2);
    for (size_t k = 0; k < r.n; k++) {
        const dj_match_result *x = &r.v[k];
        const char *title = x->id == 1 ? a.title : b.title;
        const char *want = x->id == 1 ? "钢" : "鋼";
        cr_assert_eq(x->nterms, 1, "listing %lld: one reason", (long long)x->id);
        cr_assert_str_eq(x->terms[0], want);
        cr_assert_eq(x->nspans, 1);
        cr_assert_eq(x->spans[0].field, 0);
        cr_assert_eq(x->spans[0].end - x->spans[0].start, strlen(want), "the character alone");
        cr_assert(memcmp(title + x->spans[0].start, want, strlen(want)) == 0);
    }
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

/* ---- bulk load with a saved index ---- */

#define NCAT 40

/* A small catalog: every listing mentions 逆变器 (see drop_inverter). */
typedef struct catalog {
    char title[NCAT][128], body[NCAT][512];
    dj_match_listing l[NCAT];
    int n; /* listings in the catalog: l[0..n) */
} catalog;

static void make_catalog(catalog *c)
{
    static const char *w[] = {"光伏",   "储能",   "电池", "膜",   "污水",
                              "石墨烯", "传感器", "芯片", "风电", "氢能",
                              "催化剂", "机器人", "数控", "涂层", "疫苗"};
    const int nw = (int)(sizeof w / sizeof *w);
    for (int i = 0; i < NCAT; i++) {
        snprintf(c->title[i], sizeof c->title[i], "%s%s逆变器", w[i % nw], w[(i * 7 + 3) % nw]);
        snprintf(c->body[i], sizeof c->body[i], "%s技术与%s工艺，用于%s和逆变器", w[(i * 3) % nw],
                 w[(i * 5 + 1) % nw], w[(i * 11 + 2) % nw]);
        c->l[i] = mk(100 + i, i % 2 ? DJ_SIDE_SUPPLY : DJ_SIDE_DEMAND, c->title[i], c->body[i]);
        c->l[i].region = 450100 + (uint32_t)(i % 3);
    }
    c->n = NCAT;
}

/* A copy of c whose strings point into the copy, free to edit. */
static void copy_catalog(catalog *e, const catalog *c)
{
    *e = *c;
    for (int i = 0; i < NCAT; i++) {
        e->l[i].title = e->title[i];
        e->l[i].body = e->body[i];
    }
}

/* c's listings put one by one: what the engine gives from scratch. */
static dj_match *fresh_engine(const catalog *c)
{
    dj_match *m = NULL;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    for (int i = 0; i < c->n; i++)
        cr_assert_eq(dj_match_put(m, &c->l[i]), DJ_OK);
    return m;
}

static int drop_inverter_on; /* the "changed analyser" switch */

static int drop_cb(const dj_term *t, void *ctx)
{
    void **f = ctx;
    if (drop_inverter_on && t->len == strlen("逆变器") && !memcmp(t->text, "逆变器", t->len))
        return 0;
    return ((dj_term_cb)(uintptr_t)f[0])(t, f[1]);
}

/* dj_text_analyze, dropping the word 逆变器 while drop_inverter_on. */
static int drop_inverter(const char *text, size_t len, int flags, dj_term_cb cb, void *ctx)
{
    void *f[2] = {(void *)(uintptr_t)cb, ctx};
    return dj_text_analyze(text, len, flags, drop_cb, f);
}

/* An engine loaded from c's listings (order reversed when asked) through
 * dj_match_finish_load(path); *outcome says how. */
static dj_match *load_catalog(const catalog *c, int reverse, const dj_index_config *cfg,
                              const char *path, int *outcome)
{
    dj_match *m = NULL;
    dj_diag d = {0};
    cr_assert_eq(dj_match_new(&m, cfg), DJ_OK);
    for (int i = 0; i < c->n; i++)
        cr_assert_eq(dj_match_stage(m, &c->l[reverse ? c->n - 1 - i : i]), DJ_OK);
    cr_assert_eq(dj_match_finish_load(m, path, outcome, &d), DJ_OK, "%s", d.message);
    return m;
}

/* Same results (ids, scores, matched terms) from both engines. */
static void same_ranking_at(int line, const dj_match *a, const dj_match *b, const catalog *c)
{
    for (int i = 0; i < NCAT; i += 7) {
        dj_match_results x = {0}, y = {0};
        cr_assert_eq(dj_match_rank(&x, a, &c->l[i], NULL, 10, NULL), DJ_OK);
        cr_assert_eq(dj_match_rank(&y, b, &c->l[i], NULL, 10, NULL), DJ_OK);
        cr_assert_eq(x.n, y.n);
        cr_assert_gt(x.n, 0);
        for (size_t j = 0; j < x.n; j++) {
            cr_assert_eq(x.v[j].id, y.v[j].id);
            cr_assert_float_eq(x.v[j].score, y.v[j].score, 1e-6,
                               "line %d query %d rank %zu: %g vs %g", line, i, j, x.v[j].score,
                               y.v[j].score);
            cr_assert_eq(x.v[j].nterms, y.v[j].nterms);
        }
        dj_match_results_fini(&x);
        dj_match_results_fini(&y);
    }
}

#define same_ranking(a, b, c) same_ranking_at(__LINE__, a, b, c)

static void saved_path(char *out, size_t n)
{
    snprintf(out, n, "%s/dj_match_test_%d.index", DJ_BINARY_DIR, (int)getpid());
}

Test(match, saved_index_is_used_only_while_it_fits)
{
    static catalog c;
    char path[512];
    int how = 0;
    dj_match *ref = NULL, *m;
    dj_match_results r = {0};

    make_catalog(&c);
    saved_path(path, sizeof path);
    remove(path);
    cr_assert_eq(dj_match_new(&ref, NULL), DJ_OK);
    for (int i = 0; i < NCAT; i++)
        cr_assert_eq(dj_match_put(ref, &c.l[i]), DJ_OK);

    m = load_catalog(&c, 0, NULL, NULL, &how); /* no file asked for */
    cr_assert_eq(how, DJ_MATCH_BUILT);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    m = load_catalog(&c, 0, NULL, path, &how); /* no file yet */
    cr_assert_eq(how, DJ_MATCH_SAVED);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    m = load_catalog(&c, 1, NULL, path, &how); /* the same listings in another order */
    cr_assert_eq(how, DJ_MATCH_LOADED);
    same_ranking(ref, m, &c);
    /* an adopted index takes puts and deletes like a built one */
    cr_assert_eq(dj_match_delete(m, 100), DJ_OK);
    cr_assert_eq(dj_match_delete(ref, 100), DJ_OK);
    cr_assert_eq(dj_match_put(m, &c.l[0]), DJ_OK);
    cr_assert_eq(dj_match_put(ref, &c.l[0]), DJ_OK);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    /* ref as built from scratch again (a tombstone still counts in df) */
    dj_match_free(ref);
    ref = fresh_engine(&c);

    /* one listing edited: the saved index is brought up to date, with the
     * scores of a fresh index, and saved again */
    static catalog e;
    copy_catalog(&e, &c);
    snprintf(e.body[5], sizeof e.body[5], "%s", "钠离子电池正极材料");
    e.l[5].body_len = strlen(e.body[5]);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_UPDATED);
    cr_assert_eq(dj_match_search(&r, m, "钠离子", strlen("钠离子"), NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].id, 105);
    dj_match_results_fini(&r);
    dj_match *fe = fresh_engine(&e);
    same_ranking(fe, m, &e);
    dj_match_free(fe);
    dj_match_free(m);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_LOADED);
    dj_match_free(m);
    e.l[7].region = 110100; /* a field other than text */
    e.n = NCAT - 3;         /* three listings gone */
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_UPDATED);
    cr_assert_eq(dj_match_count(m), NCAT - 3);
    cr_assert_null(dj_match_get(m, 100 + NCAT - 1));
    fe = fresh_engine(&e);
    same_ranking(fe, m, &e);
    dj_match_free(fe);
    dj_match_free(m);
    m = load_catalog(&c, 0, NULL, path, &how); /* back to the first catalog: 3 added, 2 changed */
    cr_assert_eq(how, DJ_MATCH_UPDATED);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    /* ten more edits would leave a quarter of the document numbers dead:
     * rebuilt (and after that, loaded as it is) */
    copy_catalog(&e, &c);
    for (int i = 20; i < 30; i++)
        e.l[i].trl = 5;
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match_free(m);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_LOADED);
    dj_match_free(m);
    /* half the catalog changed: rebuilt rather than updated */
    for (int i = 0; i < NCAT / 2 + 1; i++)
        e.l[i].trl = 7;
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match_free(m);
    m = load_catalog(&c, 0, NULL, path, &how); /* 21 + 10 changed: rebuilt */
    cr_assert_eq(how, DJ_MATCH_SAVED);
    same_ranking(ref, m, &c);
    dj_match_free(m);

    /* a damaged file is rebuilt; an unwritable place only costs the save */
    FILE *fp = fopen(path, "rb");
    cr_assert(fp);
    cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    fclose(fp);
    cr_assert_eq(truncate(path, size / 2), 0);
    m = load_catalog(&c, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    m = load_catalog(&c, 0, NULL, "/nonexistent/dir/x.index", &how);
    cr_assert_eq(how, DJ_MATCH_NOT_SAVED);
    same_ranking(ref, m, &c);
    dj_match_free(m);
    remove(path);
    dj_match_free(ref);
}

/* The key cannot see a custom analyser change; re-analysing a sample does. */
Test(match, saved_index_from_another_analyser_is_rebuilt)
{
    static catalog c;
    char path[512];
    int how = 0;
    dj_index_config cfg;
    dj_match *m;

    make_catalog(&c);
    saved_path(path, sizeof path);
    remove(path);
    dj_index_config_default(&cfg);
    cfg.analyze = drop_inverter;
    drop_inverter_on = 0;
    m = load_catalog(&c, 0, &cfg, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match_free(m);
    m = load_catalog(&c, 0, &cfg, path, &how);
    cr_assert_eq(how, DJ_MATCH_LOADED);
    dj_match_free(m);
    drop_inverter_on = 1;
    m = load_catalog(&c, 0, &cfg, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match *ref = NULL; /* what the changed analyser gives from scratch */
    cr_assert_eq(dj_match_new(&ref, &cfg), DJ_OK);
    for (int i = 0; i < NCAT; i++)
        cr_assert_eq(dj_match_put(ref, &c.l[i]), DJ_OK);
    same_ranking(ref, m, &c);
    dj_match_free(ref);
    dj_match_free(m);
    drop_inverter_on = 0;
    /* a saved index of other settings is not used either */
    cfg.k1 = 1.5f;
    m = load_catalog(&c, 0, &cfg, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match_free(m);
    remove(path);
}

/* A dictionary change (a domain term added) changes how listings are read
 * even where the re-analysed sample does not show it: the saved index is
 * rebuilt. Listing 102 sits where the sample of 32 in 40 does not look. */
Test(match, saved_index_from_other_dictionaries_is_rebuilt)
{
    static const char term[] = "量子点显示屏";
    static catalog c, e;
    char path[512];
    int how = 0;
    dj_match *m, *fe;
    dj_match_results r = {0};
    dj_diag d = {0};

    make_catalog(&c);
    copy_catalog(&e, &c);
    snprintf(e.body[2], sizeof e.body[2], "%s", "量子点显示屏材料与逆变器");
    e.l[2].body_len = strlen(e.body[2]);
    saved_path(path, sizeof path);
    remove(path);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    dj_match_free(m);

    dj_text_shutdown();
    cr_assert_eq(dj_text_init_words(term, strlen(term), NULL, &d), DJ_OK, "%s", d.message);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_SAVED, "rebuilt, not brought up to date (%d)", how);
    fe = fresh_engine(&e);
    same_ranking(fe, m, &e);
    cr_assert_eq(dj_match_search(&r, m, term, strlen(term), NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].id, 102);
    int found = 0;
    for (size_t i = 0; i < r.v[0].nterms; i++)
        found |= strcmp(r.v[0].terms[i], term) == 0;
    cr_assert(found, "the domain term is matched as one word");
    dj_match_results_fini(&r);
    dj_match_free(fe);
    dj_match_free(m);
    m = load_catalog(&e, 0, NULL, path, &how);
    cr_assert_eq(how, DJ_MATCH_LOADED, "and then used as it is");
    dj_match_free(m);

    dj_text_shutdown(); /* back to the suite's dictionaries */
    cr_assert_eq(dj_text_init(NULL, &d), DJ_OK);
    remove(path);
}

Test(match, staged_engine_answers_nothing_until_loaded)
{
    dj_match *m = NULL;
    dj_match_results r = {0};
    dj_match_listing a = mk(1, DJ_SIDE_SUPPLY, "光伏逆变器", "光伏发电并网逆变器");
    dj_match_listing b = mk(2, DJ_SIDE_DEMAND, "逆变器需求", "并网");
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    cr_assert_eq(dj_match_stage(m, &a), DJ_OK);
    cr_assert_eq(dj_match_stage(m, &a), DJ_EINVAL); /* an id twice */
    cr_assert_eq(dj_match_put(m, &b), DJ_EINVAL);
    cr_assert_eq(dj_match_delete(m, 1), DJ_EINVAL);
    cr_assert_eq(dj_match_rank(&r, m, &b, NULL, 5, NULL), DJ_EINVAL);
    cr_assert_eq(dj_match_learn(m, NULL), DJ_EINVAL);
    cr_assert_eq(dj_match_stage(m, &b), DJ_OK);
    cr_assert_eq(dj_match_finish_load(m, NULL, NULL, NULL), DJ_OK);
    cr_assert_eq(dj_match_count(m), 2);
    cr_assert_eq(dj_match_rank(&r, m, &b, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.v[0].id, 1);
    dj_match_results_fini(&r);
    dj_match_listing c = mk(3, DJ_SIDE_SUPPLY, "风电", "风电");
    cr_assert_eq(dj_match_stage(m, &c), DJ_EINVAL); /* the index holds listings now */
    dj_match_free(m);
}

/* Bringing a saved index up to date (one listing edited) fails cleanly at
 * every allocation: the saved file is put back before each try. */
Test(match, update_of_a_saved_index_survives_every_allocation_failure)
{
    static catalog c, e;
    char path[512];
    char *saved = NULL;
    size_t size = 0;
    int how = 0;
    long n;

    make_catalog(&c);
    c.n = 8;
    saved_path(path, sizeof path);
    remove(path);
    dj_match_free(load_catalog(&c, 0, NULL, path, &how));
    cr_assert_eq(how, DJ_MATCH_SAVED);
    cr_assert_eq(dj_file_read(&saved, &size, path, 0), DJ_OK);
    copy_catalog(&e, &c);
    snprintf(e.body[3], sizeof e.body[3], "%s", "钠离子电池正极材料");
    e.l[3].body_len = strlen(e.body[3]);
    for (n = 1;; n++) {
        dj_match *m = NULL;
        FILE *fp = fopen(path, "wb");
        cr_assert(fp);
        cr_assert_eq(fwrite(saved, 1, size, fp), size);
        fclose(fp);
        dj_test_fail_alloc_after(n);
        int rc = dj_match_new(&m, NULL);
        for (int i = 0; rc == DJ_OK && i < e.n; i++)
            rc = dj_match_stage(m, &e.l[i]);
        if (rc == DJ_OK)
            rc = dj_match_finish_load(m, path, &how, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        dj_match_free(m);
        if (rc == DJ_OK && attempts < n)
            break;
        /* a load that failed is not an error: the listings are indexed */
        if (rc == DJ_OK)
            cr_assert(how == DJ_MATCH_SAVED || how == DJ_MATCH_NOT_SAVED, "n=%ld how=%d", n, how);
        else
            cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_eq(how, DJ_MATCH_UPDATED);
    cr_assert_gt(n, 3);
    dj_free(saved);
    remove(path);
}

/* Ranking without explanations and explaining afterwards gives what
 * dj_match_rank gives: the same results, terms and spans. */
Test(match, explain_afterwards_equals_ranked_explanation)
{
    static const char *const title[] = {"锂电池回收技术", "动力电池梯次利用", "光伏逆变器",
                                        "锂电池正极材料", "废旧电池拆解设备"};
    static const char *const body[] = {"废旧锂电池中钴和锂的高效回收工艺。",
                                       "退役动力电池检测、重组与储能梯次利用。",
                                       "光伏发电并网逆变器。", "高镍三元正极材料，循环寿命长。",
                                       "自动化拆解废旧电池，分选钴镍锂。"};
    dj_match *m = NULL;
    dj_match_results a = {0}, b = {0};
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    for (int i = 0; i < 5; i++) {
        dj_match_listing l = mk(i + 1, DJ_SIDE_SUPPLY, title[i], body[i]);
        cr_assert_eq(dj_match_put(m, &l), DJ_OK);
    }
    dj_match_listing q =
        mk(9, DJ_SIDE_DEMAND, "寻找废旧锂电池回收", "回收钴和锂，拆解退役动力电池");
    cr_assert_eq(dj_match_rank(&a, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(dj_match_rank_unexplained(&b, m, &q, NULL, 5, NULL), DJ_OK);
    cr_assert_eq(a.n, b.n);
    cr_assert_geq(a.n, 3);
    for (size_t i = 0; i < a.n; i++) {
        dj_match_result *x = &a.v[i], *y = &b.v[i];
        cr_assert_eq(x->id, y->id);
        cr_assert_float_eq(x->score, y->score, 1e-6);
        cr_assert_eq(y->nterms + y->nspans, 0, "rank %zu: explained", i);
        cr_assert_gt(x->nterms, 0);
        for (int twice = 0; twice < 2; twice++) /* a second call replaces the first */
            cr_assert_eq(dj_match_explain(y, m, &q), DJ_OK);
        cr_assert_eq(x->nterms, y->nterms, "rank %zu", i);
        for (size_t t = 0; t < x->nterms; t++)
            cr_assert_str_eq(x->terms[t], y->terms[t]);
        cr_assert_eq(x->nspans, y->nspans, "rank %zu", i);
        for (size_t t = 0; t < x->nspans; t++)
            cr_assert(x->spans[t].field == y->spans[t].field &&
                          x->spans[t].start == y->spans[t].start &&
                          x->spans[t].end == y->spans[t].end,
                      "rank %zu span %zu", i, t);
    }
    dj_match_result none = {.id = 77};
    cr_assert_eq(dj_match_explain(&none, m, &q), DJ_EINVAL);
    dj_match_results_fini(&a);
    dj_match_results_fini(&b);
    dj_match_free(m);
}

Test(match, survives_every_allocation_failure)
{
    long n;
    char path[512];
    saved_path(path, sizeof path);
    for (n = 1;; n++) {
        dj_match *m = NULL, *m2 = NULL;
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
            rc = dj_match_rank_unexplained(&r, m, &q, NULL, 5, NULL);
        }
        if (rc == DJ_OK && r.n)
            rc = dj_match_explain(&r.v[0], m, &q);
        if (rc == DJ_OK) {
            dj_match_results_fini(&r);
            rc = dj_match_search(&r, m, "逆变器", strlen("逆变器"), NULL, 3, NULL);
        }
        /* a bulk load through the saved index: built and saved, then adopted */
        for (int pass = 0; pass < 2 && rc == DJ_OK; pass++) {
            dj_match_free(m2);
            m2 = NULL;
            if ((rc = dj_match_new(&m2, NULL)) == DJ_OK && (rc = dj_match_stage(m2, &a)) == DJ_OK &&
                (rc = dj_match_stage(m2, &q)) == DJ_OK)
                rc = dj_match_finish_load(m2, path, NULL, NULL);
        }
        long attempts = dj_test_fail_alloc_after(0);
        dj_match_results_fini(&r);
        dj_buf_fini(&b);
        dj_match_free(m);
        dj_match_free(m2);
        remove(path);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 3);
}
