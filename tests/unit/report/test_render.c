/* test_render.c - the bulletin paragraph (exact strings, amounts at the
 * edges of 万元/亿元, growth wording, period phrases) and the JSON (parsed
 * back with jansson). */
#include "duijie/dj_report.h"
#include "helper_report.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

static void text_is(const dj_report_input *in, const dj_report_query *q, const char *want)
{
    dj_report_figures f;
    dj_buf b;
    dj_diag d;
    dj_diag_clear(&d);
    cr_assert_eq(dj_report_compute(&f, in, q, &d), DJ_OK, "%s", d.message);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_report_render_text(&b, &f, q), DJ_OK);
    cr_assert_str_eq(dj_buf_cstr(&b), want);
    dj_buf_fini(&b);
    dj_report_figures_fini(&f);
}

Test(bulletin, lanzhou_with_year_on_year_growth)
{
    static const char *const days[13] = {"2024-01-05", "2024-01-20", "2024-02-02", "2024-02-28",
                                         "2024-03-01", "2024-03-15", "2024-03-31", "2024-04-01",
                                         "2024-04-12", "2024-04-30", "2024-05-06", "2024-05-20",
                                         "2024-05-31"};
    dj_report_project p[14];
    dj_report_input in = {0};
    dj_report_query q = {0};
    int i;
    for (i = 0; i < 13; i++)
        p[i] = th_project(i + 1, 1, DJ_STAGE_SIGNED, th_yi_h(i < 12 ? 400 : 462), days[i]);
    p[13] = th_project(14, 1, DJ_STAGE_SIGNED, th_yi_h(4235), "2023-05-31");
    in.projects = p;
    in.nprojects = 14;
    q.park_id = 1;
    q.park_name = "兰州高新区";
    q.from = "2024-01-01";
    q.to = "2024-05-31";
    text_is(&in, &q,
            "2024年1-5月，兰州高新区新签约招商引资项目13个、总投资额52.62亿元，同比增长24.25%。");
}

Test(bulletin, xiangtan_style_growth_24_26_and_decline_and_flat)
{
    dj_report_project p[2] = {th_project(1, 1, DJ_STAGE_SIGNED, 3307800000000LL, "2023-06-01"),
                              th_project(2, 1, DJ_STAGE_SIGNED, 2662000000000LL, "2022-06-01")};
    dj_report_input in = {0};
    dj_report_query q = {0};
    in.projects = p;
    in.nprojects = 2;
    q.park_name = "湘潭高新区";
    q.from = "2023-01-01";
    q.to = "2023-12-31";
    text_is(&in, &q,
            "2023年，湘潭高新区新签约招商引资项目1个、总投资额330.78亿元，同比增长24.26%。");
    p[1].total_investment = 3307800000000LL + 10000000000LL; /* base 331.78 亿 */
    text_is(&in, &q,
            "2023年，湘潭高新区新签约招商引资项目1个、总投资额330.78亿元，同比下降0.30%。");
    p[1].total_investment = 3307800000000LL;
    text_is(&in, &q,
            "2023年，湘潭高新区新签约招商引资项目1个、总投资额330.78亿元，与上年同期持平。");
    p[1].total_investment = 0; /* zero base: no growth rate at all */
    text_is(&in, &q, "2023年，湘潭高新区新签约招商引资项目1个、总投资额330.78亿元。");
}

Test(bulletin, guilin_tech_service_contracts_at_an_event)
{
    static const int64_t wan_h[6] = {2000, 1800, 1550, 2040, 1200, 1800};
    dj_report_deal d[6];
    dj_report_event ev = {5, 2, "专利技术供需对接大会", "2024-04-18", "2024-04-18"};
    dj_report_participant pa[3] = {{5, 1, 1}, {5, 2, 1}, {5, 3, 0}};
    dj_report_input in = {0};
    dj_report_query q = {0};
    int i;
    for (i = 0; i < 6; i++)
        d[i] = th_deal(i + 1, DJ_DEAL_TECH_SERVICE, th_wan_h(wan_h[i]), "2024-04-18", 5, 0, 0);
    in.deals = d;
    in.ndeals = 6;
    in.events = &ev;
    in.nevents = 1;
    q.park_id = 2;
    q.park_name = "桂林高新区";
    q.event_id = 5;
    q.from = "2024-04-01";
    q.to = "2024-04-30";
    text_is(&in, &q,
            "2024年4月，桂林高新区在专利技术供需对接大会上签订技术服务合同6项、合同金额103.9万元。"
            "本次活动达成协议6项、金额103.9万元。");
    in.participants = pa;
    in.nparticipants = 3;
    text_is(&in, &q,
            "2024年4月，桂林高新区在专利技术供需对接大会上签订技术服务合同6项、合同金额103.9万元。"
            "本次活动参会单位3家（签到2家），达成协议6项、金额103.9万元。");
    /* nothing before the outcomes: a comma after "在…上" */
    in.ndeals = 0;
    text_is(&in, &q,
            "2024年4月，桂林高新区在专利技术供需对接大会上，本次活动参会单位3家（签到2家）。");
    q.park_name = NULL;
    q.from = q.to = NULL;
    text_is(&in, &q, "在专利技术供需对接大会上，本次活动参会单位3家（签到2家）。");
}

Test(bulletin, liuzhou_at_a_national_event_without_a_period)
{
    static const int64_t yi_h[5] = {4500, 3200, 2800, 2187, 1300};
    dj_report_project p[5];
    dj_report_event ev = {7, 0, "2024中国产业转移发展对接活动", "2024-03-21", "2024-03-23"};
    dj_report_input in = {0};
    dj_report_query q = {0};
    int i;
    for (i = 0; i < 5; i++) {
        p[i] = th_project(i + 1, 3, DJ_STAGE_SIGNED, th_yi_h(yi_h[i]), "2024-03-22");
        p[i].event_id = 7;
    }
    in.projects = p;
    in.nprojects = 5;
    in.events = &ev;
    in.nevents = 1;
    q.park_id = 3;
    q.park_name = "柳州市";
    q.event_id = 7;
    text_is(&in, &q,
            "柳州市在2024中国产业转移发展对接活动上新签约招商引资项目5个、总投资额139.87亿元。");
}

Test(bulletin, cohort_progress_increase_land_and_jobs)
{
    dj_report_project p[2];
    dj_report_update u[3];
    dj_report_input in = {0};
    dj_report_query q = {0};
    p[0] = th_project(1, 1, DJ_STAGE_STARTED, th_yi_h(300), "2024-01-10");
    p[0].started_on = "2024-03-01";
    p[0].land_mu = 15050; /* 150.5 亩 */
    p[0].jobs = 100;
    p[1] = th_project(2, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2023-05-01");
    p[1].planned_start = "2024-02-01";
    u[0] = th_update(1, 1, "2024-04-01", DJ_UPDATE_PROGRESS, 0, th_wan_h(123500), 0);
    u[1] = th_update(2, 2, "2024-02-01", DJ_UPDATE_INCREASE, 0, th_yi_h(20), 0);
    u[2] = th_update(3, 1, "2024-04-02", DJ_UPDATE_INVESTOR, 0, 0, 0);
    in.projects = p;
    in.nprojects = 2;
    in.updates = u;
    in.nupdates = 3;
    q.park_name = "某园区";
    q.from = "2024-01-01";
    q.to = "2024-06-30";
    text_is(&in, &q,
            "2024年1-6月，某园区新签约招商引资项目1个、总投资额3亿元，同比增长275.00%，"
            "计划用地150.5亩，"
            "可新增就业岗位100个，增资项目1个、新增投资额2000万元，完成投资额1235万元，"
            "新签约项目开工率100.00%、资金到位率4.12%、履约率100.00%。");
}

Test(bulletin, zero_rates_are_left_out)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2024-02-10");
    dj_report_input in = {0};
    dj_report_query q = {0};
    p.planned_start = "2024-03-01"; /* late at as_of: the cohort has something to show */
    in.projects = &p;
    in.nprojects = 1;
    q.park_name = "某园区";
    q.from = "2024-02-01";
    q.to = "2024-04-30";
    text_is(&in, &q, "2024年2-4月，某园区新签约招商引资项目1个、总投资额1亿元。");
    p.started_on = "2024-04-01";
    text_is(&in, &q,
            "2024年2-4月，某园区新签约招商引资项目1个、总投资额1亿元，"
            "新签约项目开工率100.00%、履约率100.00%。");
}

Test(bulletin, amounts_at_the_edges_of_wan_and_yi)
{
    dj_report_deal d[3] = {
        th_deal(1, DJ_DEAL_TECH_DEVELOPMENT, 9999990000LL, "2024-05-01", 0, 0, 1),
        th_deal(2, DJ_DEAL_TECH_TRANSFER, 500000, "2024-05-02", 0, 0, 1),
        th_deal(3, DJ_DEAL_FRAMEWORK, 10000000000LL, "2024-05-03", 0, 0, 1)};
    dj_report_input in = {0};
    dj_report_query q = {0};
    in.deals = d;
    in.ndeals = 3;
    q.from = "2024-05-01";
    q.to = "2024-05-31";
    q.park_name = "某园区";
    text_is(&in, &q,
            "2024年5月，某园区签订技术合同2项、合同金额1亿元（其中技术开发合同1项、9999.99万元；"
            "技术转让合同1项、0.5万元），签订框架协议1份、1亿元。");
    in.ndeals = 1;
    text_is(&in, &q, "2024年5月，某园区签订技术开发合同1项、合同金额9999.99万元。");
}

Test(bulletin, event_outcomes_over_several_events)
{
    dj_report_event ev[2] = {{1, 1, "甲会", "2024-04-18", "2024-04-19"},
                             {2, 1, "乙会", "2024-05-20", "2024-05-20"}};
    dj_report_participant pa[3] = {{1, 10, 1}, {1, 11, 0}, {2, 10, 1}};
    dj_report_request rq[3] = {
        {1, DJ_REQUEST_ACCEPTED}, {2, DJ_REQUEST_ACCEPTED}, {2, DJ_REQUEST_DECLINED}};
    dj_report_meeting mt[3] = {
        {1, DJ_MEETING_HELD}, {2, DJ_MEETING_NO_SHOW}, {2, DJ_MEETING_CANCELLED}};
    dj_report_input in = {0};
    dj_report_query q = {0};
    in.events = ev;
    in.nevents = 2;
    in.participants = pa;
    in.nparticipants = 3;
    in.requests = rq;
    in.nrequests = 3;
    in.meetings = mt;
    in.nmeetings = 3;
    q.park_id = 1;
    q.park_name = "某园区";
    q.from = "2024-04-01";
    q.to = "2024-05-31";
    text_is(&in, &q,
            "2024年4-5月，某园区举办对接活动2场，参会单位3家（签到2家），提出洽谈需求3个、接受2个，"
            "安排洽谈2场、实际洽谈1场、缺席1场。");
    /* where no request has an answer recorded, 接受0个 would say nobody
     * accepted: the clause is left out */
    rq[0].status = rq[1].status = rq[2].status = DJ_REQUEST_PENDING;
    text_is(&in, &q,
            "2024年4-5月，某园区举办对接活动2场，参会单位3家（签到2家），提出洽谈需求3个，"
            "安排洽谈2场、实际洽谈1场、缺席1场。");
}

/* With an industry, the paragraph names it and leaves out the events: an
 * event's outcome is every industry's (docs/reports.md, Scope). */
Test(bulletin, an_industry_is_named_and_its_paragraph_has_no_events)
{
    dj_report_event ev[1] = {{1, 1, "甲会", "2024-04-18", "2024-04-19"}};
    dj_report_participant pa[1] = {{1, 10, 1}};
    dj_report_project p[1];
    dj_report_input in = {0};
    dj_report_query q = {0};
    p[0] = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(250), "2024-04-18");
    p[0].industry = "C36";
    in.events = ev;
    in.nevents = 1;
    in.participants = pa;
    in.nparticipants = 1;
    in.projects = p;
    in.nprojects = 1;
    q.park_id = 1;
    q.park_name = "某园区";
    q.from = "2024-04-01";
    q.to = "2024-05-31";
    text_is(&in, &q,
            "2024年4-5月，某园区新签约招商引资项目1个、总投资额2."
            "5亿元。举办对接活动1场，参会单位1家（签到1家）。");
    q.industry = "C";
    text_is(&in, &q, "2024年4-5月，某园区C行业新签约招商引资项目1个、总投资额2.5亿元。");
    q.industry = "D";
    text_is(&in, &q, "2024年4-5月，某园区D行业暂无签约项目和合同记录。");
}

Test(bulletin, nothing_to_report_and_period_phrases)
{
    dj_report_input in = {0};
    dj_report_query q = {0};
    q.park_name = "兰州高新区";
    q.from = "2024-01-01";
    q.to = "2024-05-31";
    text_is(&in, &q, "2024年1-5月，兰州高新区暂无签约项目、合同和对接活动记录。");
    q.park_name = NULL;
    q.from = "2023-12-01";
    q.to = "2024-02-29";
    text_is(&in, &q, "2023年12月至2024年2月，暂无签约项目、合同和对接活动记录。");
    q.from = "2024-03-02";
    q.to = "2024-03-11";
    text_is(&in, &q, "2024年3月2日至3月11日，暂无签约项目、合同和对接活动记录。");
    q.from = "2023-12-30";
    q.to = "2024-01-02";
    text_is(&in, &q, "2023年12月30日至2024年1月2日，暂无签约项目、合同和对接活动记录。");
    q.from = q.to = "2024-06-10";
    text_is(&in, &q, "2024年6月10日，暂无签约项目、合同和对接活动记录。");
    q.from = NULL;
    q.to = "2024-05-31";
    text_is(&in, &q, "截至2024年5月31日，暂无签约项目、合同和对接活动记录。");
    q.from = "2024-03-01";
    q.to = NULL;
    text_is(&in, &q, "2024年3月1日以来，暂无签约项目、合同和对接活动记录。");
    q.from = NULL;
    text_is(&in, &q, "累计暂无签约项目、合同和对接活动记录。");
}

Test(json, figures_round_trip_through_a_parser)
{
    dj_report_project p[2] = {th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(5262), "2024-03-01"),
                              th_project(2, 1, DJ_STAGE_SIGNED, th_yi_h(4235), "2023-03-01")};
    dj_report_event ev = {9, 1, "对接会\"一\"", "2024-03-01", "2024-03-01"};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    json_error_t err;
    json_t *root;
    dj_buf b;

    p[0].event_id = 9;
    in.projects = p;
    in.nprojects = 2;
    in.events = &ev;
    in.nevents = 1;
    q.park_id = 1;
    q.park_name = "兰州高新区";
    q.from = "2024-01-01";
    q.to = "2024-05-31";
    cr_assert_eq(dj_report_compute(&f, &in, &q, NULL), DJ_OK);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_report_render_json(&b, &f, &q), DJ_OK);
    root = json_loads(dj_buf_cstr(&b), 0, &err);
    cr_assert_not_null(root, "%s at %d: %s", err.text, err.position, dj_buf_cstr(&b));
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(root, "query"), "park_id")), 1);
    json_t *cur = json_object_get(root, "current");
    cr_assert_str_eq(json_string_value(json_object_get(cur, "from")), "2024-01-01");
    json_t *pr = json_object_get(cur, "projects");
    cr_assert_eq(json_integer_value(json_object_get(pr, "signed")), 1);
    cr_assert_eq(json_integer_value(json_object_get(pr, "signed_investment_fen")), 526200000000LL);
    cr_assert(json_is_null(json_object_get(json_object_get(cur, "cohort"), "funds_rate")) == 0);
    cr_assert_str_eq(
        json_string_value(json_object_get(json_object_get(cur, "cohort"), "start_rate")), "0.00");
    json_t *g = json_object_get(json_object_get(root, "growth"), "yoy");
    cr_assert_str_eq(json_string_value(json_object_get(g, "signed_investment")), "24.25");
    cr_assert(json_is_null(json_object_get(g, "tech_amount")), "zero base is null");
    cr_assert(json_is_object(json_object_get(root, "pop")));
    json_t *evs = json_object_get(root, "events");
    cr_assert_eq(json_array_size(evs), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(evs, 0), "name")),
                     "对接会\"一\"");
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(evs, 0), "projects")), 1);
    json_decref(root);
    dj_buf_fini(&b);
    dj_report_figures_fini(&f);
}

Test(json, unbounded_period_has_null_comparisons)
{
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    json_t *root;
    dj_buf b;
    cr_assert_eq(dj_report_compute(&f, &in, &q, NULL), DJ_OK);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_report_render_json(&b, &f, &q), DJ_OK);
    root = json_loads(dj_buf_cstr(&b), 0, NULL);
    cr_assert_not_null(root, "%s", dj_buf_cstr(&b));
    cr_assert(json_is_null(json_object_get(root, "yoy")));
    cr_assert(json_is_null(json_object_get(json_object_get(root, "growth"), "pop")));
    cr_assert(json_is_null(json_object_get(json_object_get(root, "current"), "from")));
    json_decref(root);
    dj_buf_fini(&b);
    dj_report_figures_fini(&f);
}

Test(render, a_small_cap_is_a_limit_error_and_allocation_failures_are_reported)
{
    dj_report_deal d = th_deal(1, DJ_DEAL_TECH_SERVICE, 103900000, "2024-04-18", 0, 0, 1);
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    dj_buf b;
    long n;
    in.deals = &d;
    in.ndeals = 1;
    q.from = "2024-04-01";
    q.to = "2024-04-30";
    cr_assert_eq(dj_report_compute(&f, &in, &q, NULL), DJ_OK);
    dj_buf_init(&b, 64);
    cr_assert_eq(dj_report_render_json(&b, &f, &q), DJ_ELIMIT);
    dj_buf_fini(&b);
    for (n = 1;; n++) {
        dj_buf_init(&b, 0);
        dj_test_fail_alloc_after(n);
        int rc = dj_report_render_text(&b, &f, &q);
        long attempts = dj_test_fail_alloc_after(0);
        dj_buf_fini(&b);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1);
    dj_report_figures_fini(&f);
}
