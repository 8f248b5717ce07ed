/* test_stage.c - project stage rules: allowed moves, non-decreasing dates,
 * terminated is final; late flags as of a date; enum spellings. */
#include "duijie/dj_report.h"
#include "helper_report.h"

#include <criterion/criterion.h>
#include <string.h>

static int check(const dj_report_project *p, const dj_report_update *u, size_t n, int to,
                 const char *on)
{
    dj_diag d;
    dj_diag_clear(&d);
    return dj_report_stage_check(p, u, n, to, on, &d);
}

Test(stage, forward_moves_and_skips_are_allowed)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_LEAD, DJ_REPORT_NULL, NULL);
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_NEGOTIATING, "2024-01-02"), DJ_OK);
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_SIGNED, "2024-01-02"), DJ_OK, "lead -> signed");
    p.stage = DJ_STAGE_SIGNED;
    p.signed_on = "2024-01-02";
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_STARTED, "2024-01-02"), DJ_OK, "same day is fine");
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_PRODUCING, "2024-06-01"), DJ_OK);
}

Test(stage, backward_same_and_out_of_range_moves_are_refused)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_STARTED, 100, "2024-01-02");
    dj_diag d;
    p.started_on = "2024-02-01";
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_SIGNED, "2024-03-01"), DJ_EINVAL);
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_LEAD, "2024-03-01"), DJ_EINVAL);
    cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_STARTED, "2024-03-01"), DJ_EINVAL);
    cr_assert_eq(check(&p, NULL, 0, 6, "2024-03-01"), DJ_EINVAL);
    cr_assert_eq(check(&p, NULL, 0, -1, "2024-03-01"), DJ_EINVAL);
    dj_diag_clear(&d);
    cr_assert_eq(dj_report_stage_check(&p, NULL, 0, DJ_STAGE_SIGNED, "2024-03-01", &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "backwards") != NULL, "%s", d.message);
}

Test(stage, terminated_is_reachable_from_anywhere_and_final)
{
    int s;
    for (s = DJ_STAGE_LEAD; s < DJ_STAGE_TERMINATED; s++) {
        dj_report_project p = th_project(1, 10, s, 100, NULL);
        cr_assert_eq(check(&p, NULL, 0, DJ_STAGE_TERMINATED, "2024-03-01"), DJ_OK, "from %d", s);
    }
    dj_report_project t = th_project(1, 10, DJ_STAGE_TERMINATED, 100, "2024-01-01");
    for (s = DJ_STAGE_LEAD; s < DJ_STAGE_COUNT; s++)
        cr_assert_eq(check(&t, NULL, 0, s, "2024-03-01"), DJ_EINVAL, "to %d", s);
}

Test(stage, dates_never_decrease)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_NEGOTIATING, 100, NULL);
    dj_report_update u[3];
    u[0] = th_update(1, 1, "2024-03-10", DJ_UPDATE_STAGE, DJ_STAGE_NEGOTIATING, 0, 0);
    u[1] =
        th_update(2, 2, "2024-09-01", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 0); /* other project */
    u[2] = th_update(3, 1, "2024-12-01", DJ_UPDATE_PROGRESS, 0, 5, 0); /* not a transition */
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_SIGNED, "2024-03-09"), DJ_EINVAL);
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_SIGNED, "2024-03-10"), DJ_OK);
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_SIGNED, "2024-05-01"), DJ_OK);
    p.signed_on = "2024-04-01"; /* row dates count too */
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_STARTED, "2024-03-31"), DJ_EINVAL);
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_STARTED, "2024-02-30"), DJ_EINVAL, "not a date");
    cr_assert_eq(check(&p, u, 3, DJ_STAGE_STARTED, NULL), DJ_EINVAL);
}

static unsigned late(const dj_report_project *p, const dj_report_update *u, size_t n,
                     const char *as_of)
{
    unsigned f = 99;
    cr_assert_eq(dj_report_late(&f, p, u, n, as_of, NULL), DJ_OK);
    return f;
}

Test(late, signed_not_started_after_planned_start)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_SIGNED, 100, "2024-01-10");
    p.planned_start = "2024-03-31";
    cr_assert_eq(late(&p, NULL, 0, "2024-03-31"), 0u, "the planned day itself is not late");
    cr_assert_eq(late(&p, NULL, 0, "2024-04-01"), (unsigned)DJ_LATE_START);
    cr_assert_eq(late(&p, NULL, 0, "2024-01-01"), 0u, "not yet signed");
    p.started_on = "2024-05-01";
    p.stage = DJ_STAGE_STARTED;
    cr_assert_eq(late(&p, NULL, 0, "2024-04-15"), (unsigned)DJ_LATE_START, "as of the past");
    cr_assert_eq(late(&p, NULL, 0, "2024-05-01"), 0u);
}

Test(late, started_not_producing_after_planned_production)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_STARTED, 100, "2024-01-10");
    dj_report_update u = th_update(1, 1, "2024-02-01", DJ_UPDATE_STAGE, DJ_STAGE_STARTED, 0, 0);
    p.planned_production = "2026-06-30";
    cr_assert_eq(late(&p, &u, 1, "2026-06-30"), 0u);
    cr_assert_eq(late(&p, &u, 1, "2026-07-01"), (unsigned)DJ_LATE_PRODUCTION);
    p.planned_production = NULL;
    cr_assert_eq(late(&p, &u, 1, "2030-01-01"), 0u, "no plan, never late");
}

Test(late, terminated_projects_are_never_late)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_TERMINATED, 100, "2024-01-10");
    dj_report_update u = th_update(1, 1, "2024-06-01", DJ_UPDATE_STAGE, DJ_STAGE_TERMINATED, 0, 0);
    p.planned_start = "2024-03-01";
    cr_assert_eq(late(&p, &u, 1, "2024-05-01"), (unsigned)DJ_LATE_START);
    cr_assert_eq(late(&p, &u, 1, "2024-06-01"), 0u);
    cr_assert_eq(late(&p, NULL, 0, "2024-05-01"), 0u, "undated termination: since signing");
    unsigned f;
    cr_assert_eq(dj_report_late(&f, &p, &u, 1, "2024-13-01", NULL), DJ_EINVAL);
}

Test(names, parse_database_and_chinese_spellings)
{
    int v = -1;
    cr_assert_eq(dj_report_stage_parse(&v, "producing", 9), DJ_OK);
    cr_assert_eq(v, DJ_STAGE_PRODUCING);
    cr_assert_eq(dj_report_stage_parse(&v, "签约", strlen("签约")), DJ_OK);
    cr_assert_eq(v, DJ_STAGE_SIGNED);
    cr_assert_eq(dj_report_stage_parse(&v, "sign", 4), DJ_EINVAL);
    cr_assert_eq(dj_report_deal_type_parse(&v, "tech_service", 12), DJ_OK);
    cr_assert_eq(v, DJ_DEAL_TECH_SERVICE);
    cr_assert_eq(dj_report_deal_type_parse(&v, "技术转让", strlen("技术转让")), DJ_OK);
    cr_assert_eq(v, DJ_DEAL_TECH_TRANSFER);
    cr_assert_eq(dj_report_deal_type_parse(&v, "框架协议", strlen("框架协议")), DJ_OK);
    cr_assert_eq(v, DJ_DEAL_FRAMEWORK);
    cr_assert_eq(dj_report_update_kind_parse(&v, "increase", 8), DJ_OK);
    cr_assert_eq(v, DJ_UPDATE_INCREASE);
    cr_assert_eq(dj_report_meeting_status_parse(&v, "no-show", 7), DJ_OK);
    cr_assert_eq(v, DJ_MEETING_NO_SHOW);
    cr_assert_eq(dj_report_request_status_parse(&v, "accepted", 8), DJ_OK);
    cr_assert_eq(v, DJ_REQUEST_ACCEPTED);
    cr_assert_str_eq(dj_report_stage_name_cn(DJ_STAGE_TERMINATED), "终止");
    cr_assert_str_eq(dj_report_deal_type_name(DJ_DEAL_INTENT), "intent");
    cr_assert_str_eq(dj_report_deal_type_name_cn(99), "?");
}

Test(late, a_stage_corrected_back_to_negotiating_is_not_late)
{
    dj_report_project p = th_project(1, 10, DJ_STAGE_NEGOTIATING, 100, NULL);
    dj_report_update u[2];
    p.planned_start = "2024-05-01";
    u[0] = th_update(1, 1, "2024-03-20", DJ_UPDATE_STAGE, DJ_STAGE_SIGNED, 0, 0);
    u[1] = th_update(2, 1, "2024-06-05", DJ_UPDATE_CORRECTION, DJ_STAGE_NEGOTIATING, 0, 0);
    u[1].field = "stage";
    cr_assert_eq(late(&p, u, 2, "2025-01-01"), 0u, "never signed, as corrected");
    p.signed_on = "2024-03-20"; /* the row's date is taken back too */
    cr_assert_eq(late(&p, u, 2, "2025-01-01"), 0u);
    u[1].field = "note"; /* a correction of another field changes nothing */
    cr_assert_eq(late(&p, u, 2, "2025-01-01"), (unsigned)DJ_LATE_START);
}
