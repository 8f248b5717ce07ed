/* test_compute.c - the report figures over small hand-built arrays: exact
 * figures, each counting rule, the rates, growth and its zero base, event
 * outcomes, validation and allocation failures. */
#include "duijie/dj_report.h"
#include "helper_report.h"
#include "util/alloc.h"

#include <criterion/criterion.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run(dj_report_figures *f, const dj_report_input *in, const dj_report_query *q)
{
    dj_diag d;
    dj_diag_clear(&d);
    int rc = dj_report_compute(f, in, q, &d);
    cr_assert_eq(rc, DJ_OK, "rc=%d %s", rc, d.message);
}

/* ---- 兰州高新区: 13 projects, 52.62 亿元, Jan-May 2024 ---------------------- */

static dj_report_project lz[18];

static size_t lanzhou(void)
{
    static const char *const days[13] = {"2024-01-05", "2024-01-20", "2024-02-02", "2024-02-28",
                                         "2024-03-01", "2024-03-15", "2024-03-31", "2024-04-01",
                                         "2024-04-12", "2024-04-30", "2024-05-06", "2024-05-20",
                                         "2024-05-31"};
    size_t i, n = 0;
    for (i = 0; i < 13; i++, n++) /* 12 x 4 亿 + 4.62 亿 */
        lz[n] =
            th_project((int64_t)i + 1, 1, DJ_STAGE_SIGNED, th_yi_h(i < 12 ? 400 : 462), days[i]);
    /* Noise: outside the period, another park, never signed. */
    lz[n++] = th_project(100, 1, DJ_STAGE_SIGNED, th_yi_h(999), "2023-12-31");
    lz[n++] = th_project(101, 1, DJ_STAGE_SIGNED, th_yi_h(999), "2024-06-01");
    lz[n++] = th_project(102, 2, DJ_STAGE_SIGNED, th_yi_h(999), "2024-03-03");
    lz[n++] = th_project(103, 1, DJ_STAGE_NEGOTIATING, th_yi_h(999), NULL);
    /* Last year's Jan-May: one project of 42.35 亿. */
    lz[n++] = th_project(104, 1, DJ_STAGE_SIGNED, th_yi_h(4235), "2023-05-31");
    return n;
}

Test(compute, lanzhou_13_projects_52_62_yi)
{
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    in.projects = lz;
    in.nprojects = lanzhou();
    q.park_id = 1;
    q.from = "2024-01-01";
    q.to = "2024-05-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 13);
    cr_assert_eq(f.cur.signed_investment, 526200000000LL); /* 52.62 亿元 in fen */
    cr_assert_eq(f.cur.new_investment, 526200000000LL);
    cr_assert(f.has_yoy);
    cr_assert_str_eq(f.yoy.from, "2023-01-01");
    cr_assert_str_eq(f.yoy.to, "2023-05-31");
    cr_assert_eq(f.yoy.signed_count, 1);
    cr_assert_eq(f.yoy.signed_investment, th_yi_h(4235));
    cr_assert(f.yoy_growth.signed_investment.defined);
    cr_assert_eq(f.yoy_growth.signed_investment.v, 2425); /* 5262/4235 = 1.242502.. */
    cr_assert_eq(f.yoy_growth.signed_count.v, 120000);    /* 13 over 1: +1200.00% */
    /* Period-on-period: the five months before. */
    cr_assert(f.has_pop);
    cr_assert_str_eq(f.pop.from, "2023-08-01");
    cr_assert_str_eq(f.pop.to, "2023-12-31");
    cr_assert_eq(f.pop.signed_count, 1); /* project 100 */
    dj_report_figures_fini(&f);

    q.park_id = 0; /* all parks: project 102 joins */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 14);
    dj_report_figures_fini(&f);
}

/* ---- a batch row counts as its projects (项目个数) -------------------------- */

Test(rules, a_batch_row_counts_as_its_projects)
{
    dj_report_project p[3];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    p[0] = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(3420), "2024-03-12"); /* 共8个，其余7个 */
    p[0].items = 7;
    p[1] = th_project(2, 1, DJ_STAGE_STARTED, th_yi_h(1200), "2024-03-12");
    p[1].started_on = "2024-04-01";
    p[2] = th_project(3, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-12"); /* 0 counts as 1 */
    in.projects = p;
    in.nprojects = 3;
    q.park_id = 1;
    q.from = "2024-01-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 9);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(4720)); /* money once: the batch's total */
    cr_assert_eq(f.cur.started_count, 1);
    cr_assert_eq(f.cur.cohort_started, 1);
    cr_assert_eq(f.cur.start_rate.v, 1111); /* 1 of 9: 11.11% */
    dj_report_figures_fini(&f);
}

Test(rules, a_batch_deal_counts_as_its_contracts)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-12");
    dj_report_deal d[2];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    d[0] = th_deal(1, DJ_DEAL_INVESTMENT, th_yi_h(600), "2024-03-12", 0, 1, 0); /* 其余4个 */
    d[0].items = 4;
    d[1] = th_deal(2, DJ_DEAL_INVESTMENT, th_yi_h(400), "2024-03-12", 0, 1, 0);
    in.projects = &p;
    in.nprojects = 1;
    in.deals = d;
    in.ndeals = 2;
    q.park_id = 1;
    q.from = "2024-01-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.all.count, 5);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_INVESTMENT].count, 5);
    cr_assert_eq(f.cur.all.amount, th_yi_h(1000)); /* the amount once */
    dj_report_figures_fini(&f);
}

/* ---- counting rule: credited to the first event where signed ------------- */

Test(rules, project_is_credited_to_the_first_event_where_signed)
{
    dj_report_project p[3];
    dj_report_update u[3];
    dj_report_deal d[2];
    dj_report_event ev[4] = {{1, 1, "A会", "2024-03-01", "2024-03-01"},
                             {2, 1, "B会", "2024-05-01", "2024-05-02"},
                             {3, 1, "C会", "2024-02-01", "2024-02-01"},
                             {4, 1, "D会", "2024-01-15", "2024-01-15"}};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    /* Project 1: signed at A, re-signed (supplementary) at B. */
    p[0] = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-01");
    p[0].event_id = 1;
    u[0] = th_update(1, 1, "2024-05-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 2);
    d[0] = th_deal(1, DJ_DEAL_INVESTMENT, th_yi_h(100), "2024-05-01", 2, 1, 0);
    /* Project 2: no event on the row; stage update at C (Feb 1) but its
     * investment deal was signed earlier, at D (Jan 15). */
    p[1] = th_project(2, 1, DJ_STAGE_STARTED, th_yi_h(50), NULL);
    u[1] = th_update(2, 2, "2024-02-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 3);
    u[2] = th_update(3, 2, "2024-03-01", DJ_UPDATE_STAGE, DJ_STAGE_STARTED, 0, 0);
    d[1] = th_deal(2, DJ_DEAL_INVESTMENT, th_yi_h(50), "2024-01-15", 4, 2, 0);
    /* Project 3: no event at all. */
    p[2] = th_project(3, 1, DJ_STAGE_SIGNED, th_yi_h(10), "2024-04-01");
    in.projects = p;
    in.nprojects = 3;
    in.updates = u;
    in.nupdates = 3;
    in.deals = d;
    in.ndeals = 2;
    in.events = ev;
    in.nevents = 4;

    q.event_id = 1;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(100));
    cr_assert_eq(f.nevents, 1);
    cr_assert_eq(f.events[0].projects, 1);
    dj_report_figures_fini(&f);

    q.event_id = 2; /* the re-signing does not count the project again */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0);
    cr_assert_eq(f.cur.signed_investment, 0);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_INVESTMENT].count, 1, "the deal itself is a contract");
    cr_assert_eq(f.events[0].projects, 0);
    cr_assert_eq(f.events[0].agreements, 1);
    dj_report_figures_fini(&f);

    q.event_id = 3;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0, "the deal at D came first");
    dj_report_figures_fini(&f);
    q.event_id = 4;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(50));
    dj_report_figures_fini(&f);

    q.event_id = 0; /* all: each project once */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 3);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(160));
    cr_assert_eq(f.nevents, 4);
    cr_assert_str_eq(f.events[0].name, "D会", "ordered by start date");
    cr_assert_eq(f.events[0].projects + f.events[1].projects + f.events[2].projects +
                     f.events[3].projects,
                 2, "project 3 has no event; nobody twice");
    dj_report_figures_fini(&f);
}

Test(rules, same_day_tie_goes_to_the_row_event)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, 100, "2024-03-01");
    dj_report_update u = th_update(1, 1, "2024-03-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 2);
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    p.event_id = 5;
    in.projects = &p;
    in.nprojects = 1;
    in.updates = &u;
    in.nupdates = 1;
    q.event_id = 5;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    dj_report_figures_fini(&f);
    q.event_id = 2;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0);
    dj_report_figures_fini(&f);
}

/* ---- counting rule: a capital increase counts only the added amount ------ */

Test(rules, capital_increase_counts_only_the_added_amount)
{
    /* Signed Jan 10 for 10 亿; +2 亿 on Jul 1, so the row now says 12 亿. */
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(1200), "2024-01-10");
    dj_report_update u = th_update(1, 1, "2024-07-01", DJ_UPDATE_INCREASE, 0, th_yi_h(200), 0);
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    in.projects = &p;
    in.nprojects = 1;
    in.updates = &u;
    in.nupdates = 1;
    q.from = "2024-01-01";
    q.to = "2024-06-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(1000), "investment at signing");
    cr_assert_eq(f.cur.increase_count, 0);
    cr_assert_eq(f.cur.cohort_investment, th_yi_h(1000), "as of Jun 30");
    dj_report_figures_fini(&f);

    q.from = "2024-07-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0, "an increase is not a new project");
    cr_assert_eq(f.cur.increase_count, 1);
    cr_assert_eq(f.cur.increase_amount, th_yi_h(200));
    cr_assert_eq(f.cur.new_investment, th_yi_h(200));
    dj_report_figures_fini(&f);

    q.from = "2024-01-01"; /* the whole year: 12 亿, never 14 */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_investment + f.cur.increase_amount, th_yi_h(1200));
    cr_assert_eq(f.cur.new_investment, th_yi_h(1200));
    cr_assert_eq(f.cur.cohort_investment, th_yi_h(1200));
    dj_report_figures_fini(&f);
}

Test(rules, increase_at_an_event_is_credited_to_that_event)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, 300, "2024-01-10");
    dj_report_update u[2] = {th_update(1, 1, "2024-03-01", DJ_UPDATE_INCREASE, 0, 100, 9),
                             th_update(2, 1, "2024-04-01", DJ_UPDATE_INCREASE, 0, 50, 0)};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    p.event_id = 8;
    in.projects = &p;
    in.nprojects = 1;
    in.updates = u;
    in.nupdates = 2;
    q.event_id = 9;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0);
    cr_assert_eq(f.cur.increase_amount, 100);
    dj_report_figures_fini(&f);
    q.event_id = 8; /* the signing (150) and the increase without an event */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_investment, 150);
    cr_assert_eq(f.cur.increase_amount, 50);
    dj_report_figures_fini(&f);
}

Test(rules, increases_larger_than_the_total_are_refused)
{
    dj_report_project p = th_project(7, 1, DJ_STAGE_SIGNED, 100, "2024-01-10");
    dj_report_update u = th_update(1, 7, "2024-07-01", DJ_UPDATE_INCREASE, 0, 101, 0);
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    dj_diag d;
    in.projects = &p;
    in.nprojects = 1;
    in.updates = &u;
    in.nupdates = 1;
    dj_diag_clear(&d);
    cr_assert_eq(dj_report_compute(&f, &in, &q, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "project 7") != NULL, "%s", d.message);
    dj_report_figures_fini(&f);
}

/* ---- counting rule: a change of investor is not a new project ----------- */

Test(rules, change_of_investor_is_not_a_new_project)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(300), "2024-02-01");
    dj_report_update u[2];
    dj_report_deal d[2];
    int64_t a = 501, b = 502;
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    p.investor_id = b; /* the row holds the current investor */
    u[0] = th_update(1, 1, "2024-04-01", DJ_UPDATE_INVESTOR, 0, DJ_REPORT_NULL, 0);
    u[0].investor_id = b;
    /* ...and the new investor signs again on the same project. */
    u[1] = th_update(2, 1, "2024-04-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 0);
    d[0] = th_deal(1, DJ_DEAL_INVESTMENT, th_yi_h(300), "2024-02-01", 0, 1, 0);
    d[0].parties = &a;
    d[0].nparties = 1;
    d[1] = th_deal(2, DJ_DEAL_INVESTMENT, th_yi_h(300), "2024-04-01", 0, 1, 0);
    d[1].parties = &b;
    d[1].nparties = 1;
    in.projects = &p;
    in.nprojects = 1;
    in.updates = u;
    in.nupdates = 2;
    in.deals = d;
    in.ndeals = 2;

    q.from = "2024-01-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(300));
    cr_assert_eq(f.cur.contracts[DJ_DEAL_INVESTMENT].count, 2);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_INVESTMENT].parties, 2);
    dj_report_figures_fini(&f);

    q.from = "2024-04-01"; /* the period of the change only */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0);
    cr_assert_eq(f.cur.signed_investment, 0);
    cr_assert_eq(f.cur.new_investment, 0);
    dj_report_figures_fini(&f);
}

/* ---- completed investment and the cohort rates -------------------------- */

static dj_report_project cp[4];
static dj_report_update cu[6];

static void cohort_fixture(dj_report_input *in)
{
    cp[0] = th_project(1, 1, DJ_STAGE_PRODUCING, th_yi_h(100), "2024-01-10");
    cp[0].started_on = "2024-03-01";
    cp[0].producing_on = "2024-06-01";
    cp[0].planned_start = "2024-03-31";
    cp[0].completed_investment = th_wan_h(600000);
    cp[1] = th_project(2, 1, DJ_STAGE_SIGNED, th_yi_h(200), "2024-02-01");
    cp[1].planned_start = "2024-04-30";
    cp[2] = th_project(3, 1, DJ_STAGE_STARTED, th_yi_h(100), "2024-03-01");
    cp[2].planned_production = "2024-05-31";
    cp[2].completed_investment = th_wan_h(23500);
    cp[3] = th_project(4, 1, DJ_STAGE_TERMINATED, DJ_REPORT_NULL, "2024-04-01");
    cu[0] = th_update(1, 1, "2024-02-15", DJ_UPDATE_PROGRESS, 0, th_wan_h(100000), 0);
    cu[1] = th_update(2, 1, "2024-05-20", DJ_UPDATE_PROGRESS, 0, th_wan_h(600000), 0);
    cu[2] = th_update(3, 3, "2024-04-01", DJ_UPDATE_STAGE, DJ_STAGE_STARTED, 0, 0);
    cu[3] = th_update(4, 3, "2024-04-10", DJ_UPDATE_PROGRESS, 0, th_wan_h(23500), 0);
    cu[4] = th_update(5, 4, "2024-05-01", DJ_UPDATE_STAGE, DJ_STAGE_TERMINATED, 0, 0);
    cu[5] = th_update(6, 1, "2024-05-20", DJ_UPDATE_CORRECTION, 0, 0, 0); /* no flow */
    memset(in, 0, sizeof *in);
    in->projects = cp;
    in->nprojects = 4;
    in->updates = cu;
    in->nupdates = 6;
}

Test(compute, cohort_rates_and_completed_investment)
{
    dj_report_input in;
    dj_report_query q = {0};
    dj_report_figures f;

    cohort_fixture(&in);
    q.from = "2024-01-01";
    q.to = "2024-06-30";
    run(&f, &in, &q);
    cr_assert_str_eq(f.cur.as_of, "2024-06-30");
    cr_assert_eq(f.cur.signed_count, 4);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(400));
    cr_assert_eq(f.cur.signed_unpriced, 1);
    cr_assert_eq(f.cur.cohort_started, 2);
    cr_assert_eq(f.cur.cohort_producing, 1);
    cr_assert_eq(f.cur.cohort_terminated, 1);
    cr_assert_eq(f.cur.cohort_late, 2); /* 2: not started; 3: not producing */
    cr_assert_eq(f.cur.cohort_performing, 1);
    cr_assert_eq(f.cur.start_rate.v, 5000);
    cr_assert_eq(f.cur.production_rate.v, 2500);
    cr_assert_eq(f.cur.performance_rate.v, 2500);
    cr_assert_eq(f.cur.cohort_investment, th_yi_h(400), "the unpriced project is left out");
    cr_assert_eq(f.cur.cohort_completed, th_wan_h(623500));
    cr_assert_eq(f.cur.funds_rate.v, 1559); /* 6235 万 / 4 亿 = 15.5875% */
    cr_assert_eq(f.cur.completed_in_period, th_wan_h(623500));
    cr_assert_eq(f.cur.completed_total, th_wan_h(623500));
    cr_assert_eq(f.cur.started_count, 2);
    cr_assert_eq(f.cur.producing_count, 1);
    cr_assert_eq(f.cur.terminated_count, 1);
    dj_report_figures_fini(&f);

    /* As of an earlier day the same cohort looks younger. */
    q.as_of = "2024-04-15";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.cohort_started, 2);
    cr_assert_eq(f.cur.cohort_producing, 0);
    cr_assert_eq(f.cur.cohort_terminated, 0);
    cr_assert_eq(f.cur.cohort_late, 0, "planned dates not yet passed");
    cr_assert_eq(f.cur.cohort_completed, th_wan_h(123500));
    dj_report_figures_fini(&f);
}

Test(compute, completed_investment_is_the_growth_of_a_cumulative_figure)
{
    dj_report_input in;
    dj_report_query q = {0};
    dj_report_figures f;

    cohort_fixture(&in);
    q.from = "2024-04-01";
    q.to = "2024-06-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_in_period, th_wan_h(523500)); /* (6000-1000) + 235 万 */
    cr_assert_eq(f.cur.completed_total, th_wan_h(623500));
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, 0);
    cr_assert_eq(f.cur.signed_unpriced, 1);
    cr_assert_not(f.cur.funds_rate.defined, "only an unpriced project signed");
    cr_assert_eq(f.cur.start_rate.v, 0);
    dj_report_figures_fini(&f);
}

Test(compute, completed_investment_without_progress_is_dated_at_the_start)
{
    /* "已完成投资额1235万元" on a row with no progress updates. */
    dj_report_project p = th_project(1, 1, DJ_STAGE_STARTED, th_wan_h(500000), "2023-11-01");
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    p.started_on = "2024-02-01";
    p.completed_investment = th_wan_h(123500);
    in.projects = &p;
    in.nprojects = 1;
    q.from = "2024-01-01";
    q.to = "2024-01-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, 0);
    dj_report_figures_fini(&f);
    q.to = "2024-02-29";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, 123500 * 10000LL);
    cr_assert_eq(f.cur.completed_in_period, 123500 * 10000LL);
    dj_report_figures_fini(&f);
}

/* ---- contracts: 桂林高新区 专利技术供需对接大会 ------------------------------- */

Test(compute, guilin_six_tech_service_contracts_103_9_wan)
{
    static const int64_t wan_h[6] = {2000, 1800, 1550, 2040, 1200, 1800}; /* 103.9 万 */
    static int64_t parties[6][2];
    dj_report_deal d[8];
    dj_report_event ev = {5, 2, "专利技术供需对接大会", "2024-04-18", "2024-04-18"};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    size_t i;

    for (i = 0; i < 6; i++) {
        parties[i][0] = 900; /* the same university every time */
        parties[i][1] = 1000 + (int64_t)i;
        d[i] = th_deal((int64_t)i + 1, DJ_DEAL_TECH_SERVICE, th_wan_h(wan_h[i]), "2024-04-18", 5, 0,
                       0); /* park from the event */
        d[i].parties = parties[i];
        d[i].nparties = 2;
    }
    d[6] = th_deal(7, DJ_DEAL_TECH_SERVICE, 100, "2024-04-18", 0, 0, 0); /* no park */
    d[7] = th_deal(8, DJ_DEAL_TECH_SERVICE, 100, "2024-04-18", 0, 0, 3); /* another park */
    in.deals = d;
    in.ndeals = 8;
    in.events = &ev;
    in.nevents = 1;
    q.park_id = 2;
    q.from = "2024-04-01";
    q.to = "2024-04-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_SERVICE].count, 6);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_SERVICE].amount, 103900000); /* fen */
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_SERVICE].parties, 7);
    cr_assert_eq(f.cur.tech.count, 6);
    cr_assert_eq(f.cur.all.amount, 103900000);
    cr_assert_eq(f.nevents, 1);
    cr_assert_eq(f.events[0].agreements, 6);
    cr_assert_eq(f.events[0].agreements_amount, 103900000);
    dj_report_figures_fini(&f);

    q.park_id = 0;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.tech.count, 8);
    cr_assert_eq(f.cur.tech.amount, 103900200);
    dj_report_figures_fini(&f);
}

Test(compute, contracts_by_type_and_undisclosed_amounts)
{
    dj_report_deal d[5];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    d[0] = th_deal(1, DJ_DEAL_TECH_DEVELOPMENT, 500, "2024-01-01", 0, 0, 1);
    d[1] = th_deal(2, DJ_DEAL_TECH_DEVELOPMENT, DJ_REPORT_NULL, "2024-01-02", 0, 0, 1);
    d[2] = th_deal(3, DJ_DEAL_FRAMEWORK, 0, "2024-01-03", 0, 0, 1);
    d[3] = th_deal(4, DJ_DEAL_INTENT, DJ_REPORT_NULL, "2024-01-04", 0, 0, 1);
    d[4] = th_deal(5, DJ_DEAL_TECH_LICENSE, 700, "2023-12-31", 0, 0, 1); /* before */
    in.deals = d;
    in.ndeals = 5;
    q.from = "2024-01-01";
    q.to = "2024-01-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_DEVELOPMENT].count, 2);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_DEVELOPMENT].amount, 500);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_DEVELOPMENT].unpriced, 1);
    cr_assert_eq(f.cur.contracts[DJ_DEAL_TECH_LICENSE].count, 0);
    cr_assert_eq(f.cur.tech.count, 2);
    cr_assert_eq(f.cur.all.count, 4);
    cr_assert_eq(f.cur.all.unpriced, 2);
    cr_assert_eq(f.cur.all.parties, 0);
    dj_report_figures_fini(&f);
}

Test(compute, industry_filter_uses_the_project_then_the_deal)
{
    dj_report_project p[2];
    dj_report_deal d[3];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    p[0] = th_project(1, 1, DJ_STAGE_SIGNED, 100, "2024-01-10");
    p[0].industry = "新材料";
    p[1] = th_project(2, 1, DJ_STAGE_SIGNED, 200, "2024-01-10"); /* no industry */
    d[0] = th_deal(1, DJ_DEAL_INVESTMENT, 100, "2024-01-10", 0, 1, 0);
    d[0].industry = "生物医药"; /* ignored: the project decides */
    d[1] = th_deal(2, DJ_DEAL_TECH_SERVICE, 5, "2024-01-10", 0, 0, 1);
    d[1].industry = "新材料";
    d[2] = th_deal(3, DJ_DEAL_TECH_SERVICE, 7, "2024-01-10", 0, 0, 1);
    in.projects = p;
    in.nprojects = 2;
    in.deals = d;
    in.ndeals = 3;
    q.industry = "新材料";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, 100);
    cr_assert_eq(f.cur.all.count, 2);
    cr_assert_eq(f.cur.all.amount, 105);
    cr_assert_not(f.has_yoy, "unbounded period: no comparison");
    cr_assert_not(f.has_pop);
    dj_report_figures_fini(&f);
}

/* GB/T 4754 codes nest by prefix, so --industry C is all manufacturing (C36
 * automobiles, C3612 ...), as search --industry is; other text is exact. */
Test(compute, industry_code_covers_the_codes_below_it)
{
    static const char *ind[5] = {"C36", "C3612", "c39", "D44", "C"};
    static const struct {
        const char *q;
        int64_t count;
    } want[] = {{"C", 4},     {"c", 4}, {"C36", 2}, {"C361", 1},
                {"C3612", 1}, {"D", 1}, {"C4", 0},  {"X", 0}};
    dj_report_project p[5];
    dj_report_input in = {0};
    dj_report_figures f;
    for (int i = 0; i < 5; i++) {
        p[i] = th_project(i + 1, 1, DJ_STAGE_SIGNED, 100, "2024-01-10");
        p[i].industry = ind[i];
    }
    in.projects = p;
    in.nprojects = 5;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        dj_report_query q = {0};
        q.industry = want[k].q;
        run(&f, &in, &q);
        cr_assert_eq(f.cur.signed_count, want[k].count, "--industry %s: %lld projects", want[k].q,
                     (long long)f.cur.signed_count);
        dj_report_figures_fini(&f);
    }
}

/* ---- 柳州 at the 2024 中国产业转移发展对接活动 ------------------------------- */

Test(compute, liuzhou_five_projects_139_87_yi_at_one_event)
{
    static const int64_t yi_h[5] = {4500, 3200, 2800, 2187, 1300}; /* 139.87 亿 */
    dj_report_project p[8];
    dj_report_event ev = {7, 0, "2024中国产业转移发展对接活动", "2024-03-21", "2024-03-23"};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    size_t i;
    for (i = 0; i < 5; i++) {
        p[i] = th_project((int64_t)i + 1, 3, DJ_STAGE_SIGNED, th_yi_h(yi_h[i]), "2024-03-22");
        p[i].event_id = 7;
    }
    p[5] = th_project(6, 4, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-22"); /* another city */
    p[5].event_id = 7;
    p[6] = th_project(7, 4, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-22");
    p[6].event_id = 7;
    p[7] = th_project(8, 3, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-22"); /* not at the event */
    in.projects = p;
    in.nprojects = 8;
    in.events = &ev;
    in.nevents = 1;
    q.park_id = 3;
    q.event_id = 7;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 5);
    cr_assert_eq(f.cur.signed_investment, 1398700000000LL);
    cr_assert_eq(f.nevents, 1, "an explicitly chosen event is shown whatever its park");
    cr_assert_eq(f.events[0].projects, 7, "the event row is the whole event");
    cr_assert_eq(f.events[0].projects_investment, 1398700000000LL + th_yi_h(200));
    dj_report_figures_fini(&f);
}

/* ---- event outcomes ------------------------------------------------------ */

Test(compute, event_outcomes)
{
    dj_report_event ev[3] = {{1, 1, "对接会", "2024-04-18", "2024-04-19"},
                             {2, 2, "别园会", "2024-04-20", "2024-04-20"},
                             {3, 1, "去年会", "2023-04-20", "2023-04-20"}};
    dj_report_participant pa[5] = {{1, 10, 1}, {1, 11, 1}, {1, 12, 1}, {1, 13, 0}, {2, 10, 1}};
    dj_report_request rq[6] = {{1, DJ_REQUEST_ACCEPTED},  {1, DJ_REQUEST_ACCEPTED},
                               {1, DJ_REQUEST_DECLINED},  {1, DJ_REQUEST_PENDING},
                               {1, DJ_REQUEST_CANCELLED}, {2, DJ_REQUEST_ACCEPTED}};
    dj_report_meeting mt[7] = {{1, DJ_MEETING_HELD},      {1, DJ_MEETING_HELD},
                               {1, DJ_MEETING_HELD},      {1, DJ_MEETING_NO_SHOW},
                               {1, DJ_MEETING_SCHEDULED}, {1, DJ_MEETING_CANCELLED},
                               {3, DJ_MEETING_HELD}};
    dj_report_deal d[3] = {th_deal(1, DJ_DEAL_TECH_SERVICE, 1000, "2024-04-19", 1, 0, 0),
                           th_deal(2, DJ_DEAL_INTENT, DJ_REPORT_NULL, "2024-04-19", 1, 0, 0),
                           th_deal(3, DJ_DEAL_INTENT, 5, "2024-04-20", 2, 0, 0)};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    in.events = ev;
    in.nevents = 3;
    in.participants = pa;
    in.nparticipants = 5;
    in.requests = rq;
    in.nrequests = 6;
    in.meetings = mt;
    in.nmeetings = 7;
    in.deals = d;
    in.ndeals = 3;
    q.park_id = 1;
    q.from = "2024-01-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_eq(f.nevents, 1);
    cr_assert_eq(f.events[0].event_id, 1);
    cr_assert_str_eq(f.events[0].start_date, "2024-04-18");
    cr_assert_eq(f.events[0].participants, 4);
    cr_assert_eq(f.events[0].checked_in, 3);
    cr_assert_eq(f.events[0].requests, 5);
    cr_assert_eq(f.events[0].accepted, 2);
    cr_assert_eq(f.events[0].scheduled, 5);
    cr_assert_eq(f.events[0].held, 3);
    cr_assert_eq(f.events[0].no_shows, 1);
    cr_assert_eq(f.events[0].cancelled, 1);
    cr_assert_eq(f.events[0].agreements, 2);
    cr_assert_eq(f.events[0].agreements_amount, 1000);
    dj_report_figures_fini(&f);

    q.park_id = 0;
    run(&f, &in, &q);
    cr_assert_eq(f.nevents, 2);
    dj_report_figures_fini(&f);
}

/* ---- growth: defaults, explicit periods, zero base ----------------------- */

Test(growth, zero_base_is_undefined_and_comparisons_follow_the_period)
{
    dj_report_deal d[2] = {th_deal(1, DJ_DEAL_TECH_SERVICE, 12426, "2024-03-05", 0, 0, 1),
                           th_deal(2, DJ_DEAL_TECH_SERVICE, 10000, "2023-03-05", 0, 0, 1)};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    in.deals = d;
    in.ndeals = 2;
    q.from = "2024-03-02";
    q.to = "2024-03-11";
    run(&f, &in, &q);
    cr_assert_str_eq(f.yoy.from, "2023-03-02");
    cr_assert_str_eq(f.yoy.to, "2023-03-11");
    cr_assert_str_eq(f.pop.from, "2024-02-21", "ten days before, across Feb 29");
    cr_assert_str_eq(f.pop.to, "2024-03-01");
    cr_assert(f.yoy_growth.tech_amount.defined);
    cr_assert_eq(f.yoy_growth.tech_amount.v, 2426);
    cr_assert_eq(f.yoy_growth.contracts_count.v, 0);
    cr_assert_not(f.pop_growth.tech_amount.defined, "nothing in the previous ten days");
    cr_assert_not(f.yoy_growth.signed_count.defined, "no projects either year");
    dj_report_figures_fini(&f);

    q.yoy_from = "2023-03-01"; /* explicit comparison period */
    q.yoy_to = "2023-03-04";
    run(&f, &in, &q);
    cr_assert_eq(f.yoy.tech.count, 0);
    cr_assert_not(f.yoy_growth.tech_amount.defined);
    dj_report_figures_fini(&f);
}

Test(growth, whole_year_and_leap_month_ends)
{
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;
    q.from = "2025-01-01";
    q.to = "2025-02-28";
    run(&f, &in, &q);
    cr_assert_str_eq(f.yoy.from, "2024-01-01");
    cr_assert_str_eq(f.yoy.to, "2024-02-29");
    cr_assert_str_eq(f.pop.from, "2024-11-01");
    cr_assert_str_eq(f.pop.to, "2024-12-31");
    dj_report_figures_fini(&f);
    q.from = "2024-01-01";
    q.to = "2024-12-31";
    run(&f, &in, &q);
    cr_assert_str_eq(f.pop.from, "2023-01-01");
    cr_assert_str_eq(f.pop.to, "2023-12-31");
    dj_report_figures_fini(&f);
}

/* ---- validation ---------------------------------------------------------- */

static int compute_rc(const dj_report_input *in, const dj_report_query *q, dj_diag *d)
{
    dj_report_figures f;
    int rc;
    dj_diag_clear(d);
    rc = dj_report_compute(&f, in, q, d);
    dj_report_figures_fini(&f);
    return rc;
}

Test(validate, malformed_rows_and_queries)
{
    dj_report_project p[2] = {th_project(1, 1, DJ_STAGE_SIGNED, 100, "2024-02-30"),
                              th_project(1, 1, DJ_STAGE_SIGNED, 100, "2024-02-01")};
    dj_report_deal dl = th_deal(3, 8, 100, "2024-02-01", 0, 0, 0);
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_diag d;

    in.projects = p;
    in.nprojects = 1;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "signed_on") != NULL, "%s", d.message);
    p[0].signed_on = "2024-02-01";
    in.nprojects = 2;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "twice") != NULL, "%s", d.message);
    p[1].id = 2;
    p[1].total_investment = -5;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    p[1].total_investment = 5;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_OK);

    in.deals = &dl;
    in.ndeals = 1;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "deal 3") != NULL, "%s", d.message);
    dl.type = DJ_DEAL_INTENT;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_OK);

    q.from = "2024-05-01";
    q.to = "2024-04-01";
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    q.to = "2024-05-31";
    q.yoy_from = "2023-05-01"; /* without yoy_to */
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
    q.yoy_from = NULL;
    q.as_of = "yesterday";
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_EINVAL);
}

Test(validate, sums_that_overflow_are_a_limit_error)
{
    dj_report_project p[2] = {th_project(1, 1, DJ_STAGE_SIGNED, INT64_MAX - 5, "2024-02-01"),
                              th_project(2, 1, DJ_STAGE_SIGNED, 10, "2024-02-01")};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_diag d;
    in.projects = p;
    in.nprojects = 2;
    cr_assert_eq(compute_rc(&in, &q, &d), DJ_ELIMIT);
}

/* ---- allocation failures ------------------------------------------------- */

Test(compute, survives_every_allocation_failure)
{
    dj_report_input in;
    dj_report_query q = {0};
    dj_report_event ev = {1, 1, "会", "2024-03-01", "2024-03-01"};
    dj_report_participant pa = {1, 10, 1};
    int64_t party = 10;
    dj_report_deal d = th_deal(1, DJ_DEAL_TECH_SERVICE, 5, "2024-03-01", 1, 0, 0);
    long n;

    cohort_fixture(&in);
    d.parties = &party;
    d.nparties = 1;
    in.events = &ev;
    in.nevents = 1;
    in.participants = &pa;
    in.nparticipants = 1;
    in.deals = &d;
    in.ndeals = 1;
    q.from = "2024-01-01";
    q.to = "2024-06-30";
    for (n = 1;; n++) {
        dj_report_figures f;
        dj_test_fail_alloc_after(n);
        int rc = dj_report_compute(&f, &in, &q, NULL);
        long attempts = dj_test_fail_alloc_after(0);
        if (rc == DJ_OK && attempts < n) {
            cr_assert_eq(f.nevents, 1);
            cr_assert_eq(f.cur.signed_count, 4);
            dj_report_figures_fini(&f);
            break;
        }
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        dj_report_figures_fini(&f);
    }
    cr_assert_gt(n, 1, "never reached an allocation");
}

/* ---- corrections fix the record (docs/reports.md, "Corrections") ---------- */

static dj_report_update correction(int64_t id, int64_t project, const char *on, const char *field,
                                   int stage, int64_t amount)
{
    dj_report_update u = th_update(id, project, on, DJ_UPDATE_CORRECTION, stage, amount, 0);
    u.field = field;
    return u;
}

Test(corrections, completed_investment_correction_replaces_the_report_it_fixes)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(13987), "2024-04-20");
    dj_report_update u[3];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    p.completed_investment = th_yi_h(500); /* the row holds the corrected value */
    u[0] = th_update(1, 1, "2024-05-10", DJ_UPDATE_PROGRESS, 0, th_yi_h(1000), 0);
    u[1] = correction(2, 1, "2024-05-20", "completed_investment", 0, th_yi_h(500));
    in.projects = &p;
    in.nprojects = 1;
    in.updates = u;
    in.nupdates = 2;
    q.from = "2024-05-01";
    q.to = "2024-05-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, th_yi_h(500));
    cr_assert_eq(f.cur.completed_in_period, th_yi_h(500));
    dj_report_figures_fini(&f);
    q.to = "2024-05-15"; /* before the correction's date: the fixed report is still wrong */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, th_yi_h(500));
    dj_report_figures_fini(&f);
    q.to = "2024-05-09"; /* before the report it fixes */
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, 0);
    dj_report_figures_fini(&f);
    /* a later report stands */
    u[2] = th_update(3, 1, "2024-06-10", DJ_UPDATE_PROGRESS, 0, th_yi_h(800), 0);
    in.nupdates = 3;
    q.from = "2024-06-01";
    q.to = "2024-06-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, th_yi_h(800));
    cr_assert_eq(f.cur.completed_in_period, th_yi_h(300));
    dj_report_figures_fini(&f);
}

Test(corrections, correction_with_no_report_before_it_fixes_the_row_value)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(100), "2024-03-01");
    dj_report_update u = correction(1, 1, "2024-05-20", "completed_investment", 0, th_yi_h(20));
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    p.completed_investment = th_yi_h(20);
    in.projects = &p;
    in.nprojects = 1;
    in.updates = &u;
    in.nupdates = 1;
    q.from = "2024-03-01";
    q.to = "2024-03-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.completed_total, th_yi_h(20), "dated at the signing, as the row was");
    dj_report_figures_fini(&f);
}

Test(corrections, corrected_signing_date_moves_the_project_to_its_period)
{
    dj_report_project p = th_project(1, 1, DJ_STAGE_SIGNED, th_yi_h(300), "2024-04-20");
    dj_report_update u[2];
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    p.event_id = 7;
    u[0] = th_update(1, 1, "2024-03-20", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 7);
    u[1] = correction(2, 1, "2024-05-01", "signed_on", 0, 0);
    in.projects = &p;
    in.nprojects = 1;
    in.updates = u;
    in.nupdates = 2;
    q.from = "2024-03-01";
    q.to = "2024-03-31";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0, "March: the corrected date is in April");
    dj_report_figures_fini(&f);
    q.from = "2024-04-01";
    q.to = "2024-04-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1);
    cr_assert_eq(f.cur.signed_investment, th_yi_h(300));
    dj_report_figures_fini(&f);
    q.from = q.to = NULL;
    q.event_id = 7;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1, "still credited to the event where it was signed");
    dj_report_figures_fini(&f);
}

Test(corrections, stage_corrected_back_before_signing_is_not_signed)
{
    dj_report_project p[2];
    dj_report_update u[3];
    dj_report_event e = {.id = 7, .park_id = 1, .name = "春季招商会"};
    dj_report_input in = {0};
    dj_report_query q = {0};
    dj_report_figures f;

    e.start_date = e.end_date = "2024-03-10";
    p[0] = th_project(1, 1, DJ_STAGE_NEGOTIATING, th_yi_h(100), "2024-03-10");
    p[0].event_id = 7;
    u[0] = correction(1, 1, "2024-05-01", "stage", DJ_STAGE_NEGOTIATING, 0);
    /* project 2: signed at the event, corrected back, then signed again */
    p[1] = th_project(2, 1, DJ_STAGE_SIGNED, th_yi_h(200), NULL);
    u[1] = th_update(2, 2, "2024-03-10", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 7);
    u[2] = correction(3, 2, "2024-04-01", "stage", DJ_STAGE_NEGOTIATING, 0);
    in.projects = p;
    in.nprojects = 2;
    in.updates = u;
    in.nupdates = 3;
    in.events = &e;
    in.nevents = 1;
    q.event_id = 7;
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 0);
    cr_assert_eq(f.nevents, 1);
    cr_assert_eq(f.events[0].projects, 0);
    dj_report_figures_fini(&f);

    dj_report_update again[4] = {
        u[0], u[1], u[2], th_update(4, 2, "2024-06-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 0)};
    in.updates = again;
    in.nupdates = 4;
    q.event_id = 0;
    q.from = "2024-06-01";
    q.to = "2024-06-30";
    run(&f, &in, &q);
    cr_assert_eq(f.cur.signed_count, 1, "signed again after the correction: from then on");
    cr_assert_eq(f.cur.signed_investment, th_yi_h(200));
    dj_report_figures_fini(&f);
}
