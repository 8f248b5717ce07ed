/* test_match_lsa.c - the matching engine with learned semantic vectors
 * (dj_match_learn): over two topics of Chinese listings, a candidate of the
 * query's topic outranks one of the other topic when both share only one
 * generic word with the query; listings put after learning are folded in;
 * semantic = 0 gives back plain BM25F; the model kept in a file next to
 * the saved index and used only with that index; allocation-failure loop
 * over learn, put and rank. */
#include "duijie/dj_match.h"
#include "duijie/dj_text.h"

#include "util/alloc.h"

#include <criterion/criterion.h>
#include <stdio.h>
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

TestSuite(match_lsa, .init = init_text, .fini = fini_text);

static const char *const topic_a[] = {"锂电池", "正极",   "负极",   "电解液",  "隔膜",
                                      "储能",   "充电",   "容量",   "循环",    "电芯",
                                      "快充",   "热管理", "电池包", "能量密度"};
static const char *const topic_b[] = {"水稻", "种植", "灌溉", "施肥", "土壤", "病虫害", "产量",
                                      "育种", "小麦", "农机", "大棚", "玉米", "秸秆",   "滴灌"};

typedef struct text {
    char s[512];
} text;

static void topic_text(text *t, const char *const *words, unsigned *seed)
{
    size_t n = 0;
    t->s[0] = '\0';
    for (int i = 0; i < 7; i++) {
        *seed = *seed * 1103515245u + 12345u;
        n += (size_t)snprintf(t->s + n, sizeof t->s - n, "%s%s", i ? "，" : "",
                              words[(*seed >> 16) % 14]);
    }
}

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

/* 40 supply listings per topic (ids 1.. topic a, 101.. topic b), put, or
 * staged and loaded through the index file at path (dj_match_finish_load). */
static dj_match *corpus_via(const char *path)
{
    dj_match *m = NULL;
    unsigned seed = 3;
    cr_assert_eq(dj_match_new(&m, NULL), DJ_OK);
    for (int i = 0; i < 40; i++) {
        text a, b;
        topic_text(&a, topic_a, &seed);
        topic_text(&b, topic_b, &seed);
        dj_match_listing la = mk(1 + i, DJ_SIDE_SUPPLY, "", a.s);
        dj_match_listing lb = mk(101 + i, DJ_SIDE_SUPPLY, "", b.s);
        int (*add)(dj_match *, const dj_match_listing *) = path ? dj_match_stage : dj_match_put;
        cr_assert_eq(add(m, &la), DJ_OK);
        cr_assert_eq(add(m, &lb), DJ_OK);
    }
    if (path)
        cr_assert_eq(dj_match_finish_load(m, path, NULL, NULL), DJ_OK);
    return m;
}

static dj_match *corpus(void)
{
    return corpus_via(NULL);
}

static const dj_match_result *find(const dj_match_results *r, int64_t id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].id == id)
            return &r->v[i];
    return NULL;
}

Test(match_lsa, topic_decides_between_equal_word_matches)
{
    dj_match *m = corpus();
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.dim = 2;
    cr_assert_null(dj_match_lsa(m));
    cr_assert_eq(dj_match_learn(m, &c), DJ_OK);
    cr_assert_not_null(dj_match_lsa(m));
    /* put after learning: folded in. Both share only 技术 with the query. */
    dj_match_listing x = mk(500, DJ_SIDE_SUPPLY, "技术", "正极，隔膜，循环，电芯");
    dj_match_listing y = mk(501, DJ_SIDE_SUPPLY, "技术", "水稻，灌溉，施肥，土壤");
    cr_assert_eq(dj_match_put(m, &x), DJ_OK);
    cr_assert_eq(dj_match_put(m, &y), DJ_OK);
    dj_match_listing q = mk(900, DJ_SIDE_DEMAND, "储能技术", "储能，快充，热管理，技术");
    dj_match_weights w;
    dj_match_weights_default(&w);
    w.semantic = 1;
    dj_match_results r = {0};
    cr_assert_eq(dj_match_rank(&r, m, &q, &w, 200, NULL), DJ_OK);
    const dj_match_result *rx = find(&r, 500), *ry = find(&r, 501);
    cr_assert_not_null(rx);
    cr_assert_not_null(ry);
    cr_assert_gt(rx->value[DJ_FACTOR_TEXT], ry->value[DJ_FACTOR_TEXT] + 0.3f, "x %f y %f",
                 rx->value[DJ_FACTOR_TEXT], ry->value[DJ_FACTOR_TEXT]);
    cr_assert_lt(rx - r.v, ry - r.v, "x ranks above y");
    for (size_t i = 0; i < r.n; i++) {
        cr_assert_geq(r.v[i].value[DJ_FACTOR_TEXT], 0);
        cr_assert_leq(r.v[i].value[DJ_FACTOR_TEXT], 1.0001f);
    }
    dj_match_results_fini(&r);
    /* semantic 0: the text value is BM25F over the best, as without a model */
    w.semantic = 0;
    cr_assert_eq(dj_match_rank(&r, m, &q, &w, 200, NULL), DJ_OK);
    cr_assert_float_eq(r.v[0].value[DJ_FACTOR_TEXT], 1.0f, 1e-6);
    dj_match_results_fini(&r);
    dj_match_free(m);
}

Test(match_lsa, survives_every_allocation_failure)
{
    dj_match *base = corpus();
    dj_index_lsa_config c;
    dj_index_lsa_config_default(&c);
    c.dim = 2;
    long n;
    for (n = 1;; n++) {
        dj_match_results r = {0};
        dj_match_listing x = mk(600 + n, DJ_SIDE_SUPPLY, "储能", "正极，隔膜");
        dj_match_listing q = mk(900, DJ_SIDE_DEMAND, "储能", "快充，电芯");
        dj_test_fail_alloc_after(n);
        int rc = dj_match_learn(base, &c);
        if (rc == DJ_OK)
            rc = dj_match_put(base, &x);
        if (rc == DJ_OK)
            rc = dj_match_rank(&r, base, &q, NULL, 5, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        dj_match_results_fini(&r);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 3);
    cr_assert_not_null(dj_match_lsa(base));
    dj_match_free(base);
}

/* ---- the model kept in a file (dj_match_learn_saved) ---- */

static void saved_paths(char *index, char *model, size_t n)
{
    snprintf(index, n, "%s/dj_match_lsa_%d.index", DJ_BINARY_DIR, (int)getpid());
    snprintf(model, n, "%s/dj_match_lsa_%d.semantic", DJ_BINARY_DIR, (int)getpid());
}

/* Same semantic ranking of one query in both engines. */
static void same_semantic_ranking(const dj_match *a, const dj_match *b)
{
    dj_match_listing q = mk(900, DJ_SIDE_DEMAND, "储能技术", "储能，快充，热管理，技术");
    dj_match_weights w;
    dj_match_results x = {0}, y = {0};
    dj_match_weights_default(&w);
    w.semantic = 1;
    cr_assert_eq(dj_match_rank(&x, a, &q, &w, 50, NULL), DJ_OK);
    cr_assert_eq(dj_match_rank(&y, b, &q, &w, 50, NULL), DJ_OK);
    cr_assert_eq(x.n, y.n);
    for (size_t i = 0; i < x.n; i++) {
        cr_assert_eq(x.v[i].id, y.v[i].id);
        cr_assert_eq(x.v[i].score, y.v[i].score);
    }
    dj_match_results_fini(&x);
    dj_match_results_fini(&y);
}

Test(match_lsa, saved_model_is_used_only_with_its_index)
{
    char ipath[512], mpath[512];
    dj_index_lsa_config c;
    int how = 0;
    dj_match *ref = corpus(), *m;

    saved_paths(ipath, mpath, sizeof ipath);
    remove(ipath);
    remove(mpath);
    dj_index_lsa_config_default(&c);
    c.dim = 2;
    cr_assert_eq(dj_match_learn(ref, &c), DJ_OK);

    m = corpus_via(ipath); /* index saved: the model is learned and saved */
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    same_semantic_ranking(ref, m);
    dj_match_free(m);
    m = corpus_via(ipath); /* index loaded: the model too */
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_LOADED);
    same_semantic_ranking(ref, m);
    /* after a put the index is not the saved one: learn only */
    dj_match_listing x = mk(500, DJ_SIDE_SUPPLY, "技术", "正极，隔膜，循环，电芯");
    cr_assert_eq(dj_match_put(m, &x), DJ_OK);
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_BUILT);
    dj_match_free(m);
    m = corpus_via(ipath); /* another config: learned again and saved */
    c.dim = 3;
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_SAVED);
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_LOADED);
    dj_match_free(m);
    m = corpus(); /* an index with no file (no stamp): learn only */
    cr_assert_eq(dj_match_learn_saved(m, &c, mpath, &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_BUILT);
    dj_match_free(m);
    m = corpus_via(ipath); /* an unwritable place only costs the save */
    cr_assert_eq(dj_match_learn_saved(m, &c, "/nonexistent/dir/m", &how, NULL), DJ_OK);
    cr_assert_eq(how, DJ_MATCH_NOT_SAVED);
    cr_assert_not_null(dj_match_lsa(m));
    dj_match_free(m);
    remove(ipath);
    remove(mpath);
    dj_match_free(ref);
}
