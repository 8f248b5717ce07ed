/* test_report_load.c - loading the store into the report engine's input
 * (src/app/report.c): row counts, deal parties with their park and
 * industry, the figures of the fixture in tests/data/report_fixture, and
 * every allocation failure of load + report cleaned up (ASan checks). */
#include "app/app_report.h"

#include "util/alloc.h"
#include "util/buf.h"

#include "helper_db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];

static dj_app *open_fixture(void)
{
    static const char *const files[] = {"orgs.csv", "events.csv", "projects.csv", "deals.csv"};
    dj_actor actor = {"test", DJ_ROLE_ADMIN, 0};
    char full[4][512];
    const char *paths[4];
    dj_app *app = NULL;
    dj_diag d;
    int i;

    th_db_path(path, sizeof path, "report_load");
    cr_assert_eq(dj_app_open(&app, path, &actor, &d), DJ_OK, "%s", d.message);
    for (i = 0; i < 4; i++) {
        snprintf(full[i], sizeof full[i], "%s/tests/data/report_fixture/%s", DJ_SOURCE_DIR,
                 files[i]);
        paths[i] = full[i];
    }
    cr_assert_eq(dj_app_import(app, paths, NULL, 4, NULL, &d), DJ_OK, "%s", d.message);
    return app;
}

static void close_fixture(dj_app *app)
{
    dj_app_close(app);
    th_db_remove(path);
}

Test(report_load, loads_rows_and_deal_parties)
{
    dj_app *app = open_fixture();
    dj_app_report_data d;
    dj_diag diag;
    size_t i;
    int seen = 0;

    cr_assert_eq(dj_app_report_load(app, &d, 0, &diag), DJ_OK, "%s", diag.message);
    cr_assert_eq(d.in.nprojects, 8);
    cr_assert_eq(d.in.ndeals, 3);
    cr_assert_eq(d.in.nevents, 2);
    for (i = 0; i < d.in.ndeals; i++) {
        const dj_report_deal *x = &d.in.deals[i];
        cr_assert_eq(x->nparties, 2, "deal %lld", (long long)x->id);
        cr_assert_eq(x->project_id, 0);
        /* every fixture deal involves an org of 测试园区 (or the park itself) */
        cr_assert_eq(x->park_id, d.in.projects[0].park_id, "deal %lld", (long long)x->id);
        if (x->type == DJ_DEAL_TECH_SERVICE) {
            /* party b (丙大学, P83) has no park; its industry comes first */
            cr_assert_str_eq(x->industry, "P83");
            cr_assert_eq(x->amount, 28500000); /* 28.5万 in fen */
            seen = 1;
        }
    }
    cr_assert(seen);
    dj_app_report_data_fini(&d);
    close_fixture(app);
}

Test(report_load, one_project_only)
{
    dj_app *app = open_fixture();
    dj_app_report_data d;
    dj_diag diag;
    int64_t id;

    cr_assert_eq(dj_app_project_find(app, "PF-04", &id, &diag), DJ_OK, "%s", diag.message);
    cr_assert_eq(dj_app_report_load(app, &d, id, &diag), DJ_OK, "%s", diag.message);
    cr_assert_eq(d.in.nprojects, 1);
    cr_assert_eq(d.in.projects[0].total_investment, INT64_C(1398700000000));
    cr_assert_str_eq(d.in.projects[0].signed_on, "2024-04-20");
    cr_assert_eq(d.in.ndeals, 0);
    dj_app_report_data_fini(&d);
    close_fixture(app);
}

Test(report_load, report_text_of_the_fixture)
{
    dj_app *app = open_fixture();
    dj_app_report_req req = {"测试园区", NULL, NULL, "2024-04-01", "2024-04-30", NULL};
    dj_buf out;
    dj_diag diag;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_report(app, &req, DJ_APP_REPORT_TEXT, &out, &diag), DJ_OK, "%s",
                 diag.message);
    cr_assert(
        strstr(dj_buf_cstr(&out), "2024年4月，测试园区新签约招商引资项目1个、总投资额139.87亿元"),
        "%s", dj_buf_cstr(&out));
    cr_assert(strstr(dj_buf_cstr(&out), "139.87 亿元（13987000000.00 元）"), "%s",
              dj_buf_cstr(&out));
    dj_buf_fini(&out);
    close_fixture(app);
}

Test(report_load, viewer_may_read_but_not_edit)
{
    dj_app *app = open_fixture();
    dj_actor viewer = {"boss", DJ_ROLE_VIEWER, 0};
    dj_app *v = NULL;
    dj_app_report_data d;
    dj_diag diag;

    cr_assert_eq(dj_app_open(&v, path, &viewer, &diag), DJ_OK, "%s", diag.message);
    cr_assert_eq(dj_app_report_load(v, &d, 0, &diag), DJ_OK, "%s", diag.message);
    dj_app_report_data_fini(&d);
    cr_assert_eq(dj_app_project_stage(v, "PF-05", "签约", "2024-03-20", NULL, NULL, &diag),
                 DJ_EPERM);
    cr_assert_eq(dj_app_project_correct(v, "PF-05", "总投资", "4亿", "2024-03-20", "x", &diag),
                 DJ_EPERM);
    dj_app_close(v);
    close_fixture(app);
}

Test(report_load, survives_every_allocation_failure)
{
    dj_app *app = open_fixture();
    dj_app_report_req req = {"测试园区", NULL, NULL, "2024-01-01", "2024-12-31", NULL};
    long n;

    for (n = 1;; n++) {
        dj_buf out;
        long attempts;
        int rc;
        dj_buf_init(&out, 0);
        dj_test_fail_alloc_after(n);
        rc = dj_app_report(app, &req, DJ_APP_REPORT_TEXT, &out, NULL);
        attempts = dj_test_fail_alloc_after(0);
        dj_buf_fini(&out);
        if (rc == DJ_OK && attempts < n)
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
    }
    cr_assert_gt(n, 1, "the report never reached an allocation");
    close_fixture(app);
}
