/* fuzz_query.c - libFuzzer target for query handling: any valid UTF-8 query
 * text, run against a small fixed index through dj_index_search (with and
 * without feedback and filters), dj_match_search and, as a listing's title,
 * dj_match_rank, must not crash; hits must be sorted, within k, MaxScore must
 * agree with exhaustive scoring, and explaining a result afterwards
 * (dj_match_explain) must give the terms and spans the ranking gave. The
 * query is also the listing's tags and keywords (so an item is in both
 * fields), against documents with tags: every factor's value must lie in
 * [0, 1] and the score must be their weighted sum.
 * Violations trap so that the fuzzer (or replay) reports them. The first
 * input byte selects k and the options; the rest is the query. */
#include "duijie/dj_index.h"
#include "duijie/dj_match.h"
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const docs[][3] = {
    {"石墨烯导热膜制备技术", "采用氧化还原法制备石墨烯导热膜，导热系数1500W/mK。", "石墨烯;导热膜"},
    {"工业机器人视觉引导系统", "基于深度学习的机器视觉定位与抓取，适用于汽车零部件装配。",
     "机器视觉，工业机器人"},
    {"茶叶病虫害绿色防控", "茶园病虫害生物防治技术，减少农药使用50%。", "茶叶"},
    {"锂电池回收", "废旧锂电池中钴、锂的高效回收工艺 Li-ion recycling。", "Li-ion;锂电池;回收"},
    {"5G工业互联网平台", "面向中小企业的5G+工业互联网解决方案。", "5G"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dj_match *m;
    if (!m) {
        if (dj_text_init(NULL, NULL) != DJ_OK || dj_match_new(&m, NULL) != DJ_OK)
            __builtin_trap();
        for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
            dj_match_listing l;
            memset(&l, 0, sizeof l);
            l.id = (int64_t)i + 1;
            l.side = 1 + (int)(i % 2);
            l.status = DJ_STATUS_PUBLISHED;
            l.title = docs[i][0];
            l.title_len = strlen(docs[i][0]);
            l.body = docs[i][1];
            l.body_len = strlen(docs[i][1]);
            l.tags = docs[i][2];
            l.tags_len = strlen(docs[i][2]);
            l.price_min = l.price_max = -1;
            if (dj_match_put(m, &l) != DJ_OK)
                __builtin_trap();
        }
    }
    if (size < 1 || !dj_utf8_valid(data + 1, size - 1, NULL))
        return 0;
    const char *q = (const char *)data + 1;
    size_t qlen = size - 1;
    dj_index_filter f = {0};
    if (data[0] & 0x10)
        f.side_mask = 1u << 1;
    dj_index_query iq = {0};
    iq.text = q;
    iq.len = qlen;
    iq.k = 1 + (data[0] & 7);
    iq.filter = &f;
    iq.prf_docs = (data[0] & 0x20) ? 2 : 0;
    dj_index_hit *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    const dj_index *idx = dj_match_index(m);
    if (dj_index_search(&a, &na, idx, &iq, NULL) != DJ_OK)
        __builtin_trap();
    iq.exhaustive = 1;
    if (dj_index_search(&b, &nb, idx, &iq, NULL) != DJ_OK)
        __builtin_trap();
    if (na != nb || na > iq.k)
        __builtin_trap();
    for (size_t i = 0; i < na; i++) {
        if (a[i].id != b[i].id || (i && a[i - 1].score < a[i].score))
            __builtin_trap();
        if ((data[0] & 0x10) && (a[i].id % 2) == 0) /* side filter: ids 1, 3, 5 are supply */
            __builtin_trap();
    }
    dj_free(a);
    dj_free(b);
    dj_match_results r = {0};
    if (dj_match_search(&r, m, q, qlen, NULL, 3, NULL) != DJ_OK)
        __builtin_trap();
    for (size_t i = 0; i < r.n; i++)
        for (size_t s = 0; s < r.v[i].nspans; s++)
            if (r.v[i].spans[s].start >= r.v[i].spans[s].end)
                __builtin_trap();
    dj_match_results_fini(&r);

    dj_match_listing ql;
    dj_match_results x = {0}, y = {0};
    memset(&ql, 0, sizeof ql);
    ql.id = 99;
    ql.side = (data[0] & 0x40) ? DJ_SIDE_DEMAND : DJ_SIDE_SUPPLY;
    ql.status = DJ_STATUS_PUBLISHED;
    ql.title = q;
    ql.title_len = qlen;
    ql.tags = ql.keywords = q;
    ql.tags_len = ql.keywords_len = qlen;
    ql.price_min = ql.price_max = -1;
    if (dj_match_rank(&x, m, &ql, NULL, 3, NULL) != DJ_OK ||
        dj_match_rank_unexplained(&y, m, &ql, NULL, 3, NULL) != DJ_OK || x.n != y.n)
        __builtin_trap();
    for (size_t i = 0; i < x.n; i++) {
        const dj_match_result *e = &x.v[i], *g = &y.v[i];
        float sum = 0;
        for (int j = 0; j < DJ_NFACTORS; j++) {
            if (!(e->value[j] >= 0 && e->value[j] <= 1))
                __builtin_trap();
            sum += e->factor[j];
        }
        if (!(sum > e->score - 1e-4f && sum < e->score + 1e-4f))
            __builtin_trap();
        if (e->id != g->id || g->nterms || g->nspans ||
            dj_match_explain(&y.v[i], m, &ql) != DJ_OK || e->nterms != g->nterms ||
            e->nspans != g->nspans)
            __builtin_trap();
        for (size_t t = 0; t < e->nterms; t++)
            if (strcmp(e->terms[t], g->terms[t]) != 0)
                __builtin_trap();
        for (size_t t = 0; t < e->nspans; t++)
            if (e->spans[t].field != g->spans[t].field || e->spans[t].start != g->spans[t].start ||
                e->spans[t].end != g->spans[t].end)
                __builtin_trap();
    }
    dj_match_results_fini(&x);
    dj_match_results_fini(&y);
    return 0;
}
