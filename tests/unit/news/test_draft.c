/* test_draft.c - draft records proposed from articles (src/news/draft.c):
 * batch signings (docs/news.md section 5), whose named items are drafts of
 * their own and whose batch draft keeps only the rest, so that no amount
 * is proposed twice. The pages are written for these tests; their figures
 * are invented. */
#include "duijie/dj_news.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

typedef struct drafts {
    dj_news_doc *doc;
    dj_news_draft *v;
    size_t n;
} drafts;

static void propose(drafts *d, const char *page)
{
    memset(d, 0, sizeof *d);
    cr_assert_eq(dj_news_extract(&d->doc, page, strlen(page), NULL), DJ_OK);
    cr_assert_eq(dj_news_drafts(&d->v, &d->n, d->doc), DJ_OK);
}

static void drafts_fini(drafts *d)
{
    dj_free(d->v);
    dj_news_doc_free(d->doc);
}

/* Sum of the amounts of the drafts of one kind. */
static int64_t sum_fen(const drafts *d, int kind)
{
    int64_t s = 0;
    size_t i;
    for (i = 0; i < d->n; i++)
        if (d->v[i].kind == kind && d->v[i].amount_fen > 0)
            s += d->v[i].amount_fen;
    return s;
}

static const char same_sentence[] =
    "本报讯 日前，某某经开区举行重点项目集中签约活动。本次集中签约项目8个，总投资46.2亿元，其中，"
    "某光伏组件项目投资12亿元，某储能电池项目投资9亿元。\n\n张明\n";

Test(draft, batch_items_named_after_qizhong_are_parts_and_the_batch_keeps_the_rest)
{
    drafts d;
    propose(&d, same_sentence);
    cr_assert_eq(d.n, 3);
    cr_expect_eq(d.v[0].kind, DJ_DRAFT_PROJECT);
    cr_expect_eq(d.v[0].batch, DJ_BATCH_REST);
    cr_expect_eq(d.v[0].batch_items, 8);
    cr_expect_eq(d.v[0].batch_parts, 2);
    cr_expect_eq(d.v[0].batch_total_fen, 462000000000LL);
    cr_expect_eq(d.v[0].amount_fen, 252000000000LL); /* 46.2 - 12 - 9 亿元 */
    cr_expect_str_eq(d.v[0].name, "本次集中签约项目（共8个，其余6个）");
    cr_expect_eq(d.v[0].part_of, -1);
    cr_expect_str_eq(d.v[1].name, "某光伏组件项目");
    cr_expect_eq(d.v[1].amount_fen, 120000000000LL);
    cr_expect_str_eq(d.v[2].name, "某储能电池项目");
    cr_expect_eq(d.v[2].amount_fen, 90000000000LL);
    for (size_t i = 1; i < 3; i++) {
        cr_expect_eq(d.v[i].batch, DJ_BATCH_PART);
        cr_expect_eq(d.v[i].part_of, 0);
        cr_expect_eq(d.v[i].batch_items, 8);
        cr_expect_eq(d.v[i].batch_total_fen, 462000000000LL);
    }
    /* the batch's own figures stop where its items start */
    cr_expect_eq(d.v[0].ncounts, 1, "counts: %zu", d.v[0].ncounts);
    cr_expect_eq(sum_fen(&d, DJ_DRAFT_PROJECT), 462000000000LL);
    drafts_fini(&d);
}

static const char next_sentence[] =
    "本报讯 日前，某某经开区集中签约新能源汽车零部件项目8个，总投资额46.2亿元。\n\n"
    "其中，某电驱系统项目计划用地约150亩，总投资额约12亿元，可新增就业岗位800个。\n\n周敏\n";

Test(draft, enumeration_opening_the_next_paragraph_belongs_to_the_batch)
{
    drafts d;
    propose(&d, next_sentence);
    cr_assert_eq(d.n, 2);
    cr_expect_eq(d.v[0].batch, DJ_BATCH_REST);
    cr_expect_eq(d.v[0].amount_fen, 342000000000LL);
    cr_expect_eq(d.v[0].land_mu, -1);
    cr_expect_eq(d.v[1].batch, DJ_BATCH_PART);
    cr_expect_eq(d.v[1].part_of, 0);
    cr_expect_str_eq(d.v[1].name, "某电驱系统项目");
    cr_expect_eq(d.v[1].land_mu, 150);
    cr_expect_eq(sum_fen(&d, DJ_DRAFT_PROJECT), 462000000000LL);
    drafts_fini(&d);
}

Test(draft, a_batch_whose_items_are_all_named_proposes_no_rest)
{
    static const char page[] = "本报讯 日前，某某经开区签约新材料项目2个，总投资20亿元，其中"
                               "某碳纤维项目总投资12亿元，计划用地约100亩；某复合材料项目总投资8"
                               "亿元。\n\n赵磊\n";
    drafts d;
    propose(&d, page);
    cr_assert_eq(d.n, 2);
    cr_expect_str_eq(d.v[0].name, "某碳纤维项目");
    cr_expect_eq(d.v[0].land_mu, 100);
    cr_expect_str_eq(d.v[1].name, "某复合材料项目");
    cr_expect_eq(d.v[1].land_mu, -1);
    for (size_t i = 0; i < 2; i++) {
        cr_expect_eq(d.v[i].batch, DJ_BATCH_PART);
        cr_expect_eq(d.v[i].part_of, -1);
        cr_expect_eq(d.v[i].batch_total_fen, 200000000000LL);
    }
    cr_expect_eq(sum_fen(&d, DJ_DRAFT_PROJECT), 200000000000LL);
    drafts_fini(&d);
}

Test(draft, a_deal_batch_links_its_named_deals)
{
    static const char page[] =
        "本报讯 近日，某某高新区集中签约科技成果转化项目5个，签约金额10亿元。"
        "其中，某芯片封装项目签约金额4亿元。\n\n陈东\n";
    drafts d;
    propose(&d, page);
    cr_assert_eq(d.n, 2);
    cr_expect_eq(d.v[0].kind, DJ_DRAFT_DEAL);
    cr_expect_eq(d.v[0].batch, DJ_BATCH_REST);
    cr_expect_eq(d.v[0].amount_fen, 60000000000LL);
    cr_expect_eq(d.v[1].batch, DJ_BATCH_PART);
    cr_expect_eq(d.v[1].part_of, 0);
    cr_expect_str_eq(d.v[1].name, "某芯片封装项目 签约金额");
    cr_expect_eq(sum_fen(&d, DJ_DRAFT_DEAL), 100000000000LL);
    drafts_fini(&d);
}

Test(draft, a_batch_without_named_items_keeps_its_total_and_says_it_is_a_batch)
{
    static const char page[] =
        "本报讯 日前，某某经开区集中签约项目6个，总投资额约30亿元。\n\n张明\n";
    drafts d;
    propose(&d, page);
    cr_assert_eq(d.n, 1);
    cr_expect_eq(d.v[0].batch, DJ_BATCH_REST);
    cr_expect_eq(d.v[0].batch_items, 6);
    cr_expect_eq(d.v[0].batch_parts, 0);
    cr_expect_eq(d.v[0].amount_fen, 300000000000LL);
    cr_expect_str_eq(d.v[0].name, "某某经开区集中签约项目（共6个）");
    drafts_fini(&d);
}

Test(draft, single_projects_and_inconsistent_parts_are_no_batch_parts)
{
    /* one project; amounts listed with 分别 are single; a part larger than
     * the batch is not in it */
    static const char page[] =
        "本报讯 日前，某某经开区签约某新材料项目，总投资额8.5亿元。\n\n张明\n\n"
        "本报讯 近日，某某高新区签约项目3个，总投资分别为5亿元。\n\n李华\n\n"
        "本报讯 日前，某某开发区签约项目3个，总投资10亿元，其中某电池项目总投资12亿元。\n\n王军\n";
    drafts d;
    size_t i;
    propose(&d, page);
    cr_assert_eq(d.n, 4);
    for (i = 0; i < 4; i++)
        cr_expect_eq(d.v[i].part_of, -1);
    cr_expect_eq(d.v[0].batch, DJ_BATCH_NONE);
    cr_expect_eq(d.v[0].amount_fen, 85000000000LL);
    cr_expect_eq(d.v[1].batch, DJ_BATCH_NONE);
    cr_expect_eq(d.v[2].batch, DJ_BATCH_REST);
    cr_expect_eq(d.v[2].amount_fen, 100000000000LL);
    cr_expect_eq(d.v[3].batch, DJ_BATCH_NONE);
    cr_expect_eq(d.v[3].amount_fen, 120000000000LL);
    drafts_fini(&d);
}

Test(draft, json_shows_the_batch)
{
    drafts d;
    dj_buf b;
    propose(&d, same_sentence);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_news_drafts_json(&b, d.v, d.n), DJ_OK);
    cr_expect_not_null(strstr(dj_buf_cstr(&b), "\"batch\": {\"role\": \"rest\", \"items\": 8, "
                                               "\"parts\": 2, \"total_fen\": 462000000000}"),
                       "%s", dj_buf_cstr(&b));
    cr_expect_not_null(strstr(dj_buf_cstr(&b), "\"batch\": {\"role\": \"part\", \"items\": 8, "
                                               "\"total_fen\": 462000000000, \"of\": 0}"));
    dj_buf_fini(&b);
    drafts_fini(&d);
}

Test(draft, survives_every_allocation_failure)
{
    dj_news_doc *doc = NULL;
    long n;
    cr_assert_eq(dj_news_extract(&doc, same_sentence, strlen(same_sentence), NULL), DJ_OK);
    for (n = 1;; n++) {
        dj_news_draft *v = NULL;
        size_t nv = 0;
        int rc;
        long attempts;
        dj_test_fail_alloc_after(n);
        rc = dj_news_drafts(&v, &nv, doc);
        attempts = dj_test_fail_alloc_after(0);
        dj_free(v);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "drafts never reached an allocation");
    dj_news_doc_free(doc);
}
