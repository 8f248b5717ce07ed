/* test_settings.c - the settings of a database (src/app/settings.c): the
 * match weights set, read, used by matching and reset; a wrong value or a
 * role below staff changes nothing, not even the audit log. */
#include "app/app_match.h"
#include "duijie/dj_app.h"
#include "duijie/dj_text.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"

#include "helper_db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];
static int64_t demand_id;

static dj_app *open_as(int role)
{
    return th_open_as(path, role, 0);
}

/* A demand in 桂林 (450300) and two offers: one in 北京 whose text matches
 * it closely, one in 桂林 whose text matches it less. */
static void setup(void)
{
    const char *oc[] = {"name", "kind", "region"};
    const char *org[] = {"甲公司", "enterprise", "450300"};
    const char *org2[] = {"乙公司", "enterprise", "450300"}; /* match never proposes one's own */
    const char *lc[] = {"code", "org", "side", "kind", "title", "body", "region", "status"};
    const char *need[] = {"D",
                          "甲公司",
                          "demand",
                          "technology",
                          "石墨烯散热膜量产工艺",
                          "需要石墨烯散热膜的卷对卷量产工艺",
                          "450300",
                          "published"};
    const char *far[] = {"S1",
                         "乙公司",
                         "supply",
                         "technology",
                         "石墨烯散热膜卷对卷量产工艺",
                         "石墨烯散热膜的卷对卷量产工艺与设备",
                         "110000",
                         "published"};
    const char *near[] = {"S2",         "乙公司",           "supply",
                          "technology", "导热材料测试服务", "散热材料的导热系数测试",
                          "450300",     "published"};
    dj_app *admin;
    int64_t id;

    th_db_path(path, sizeof path, "settings");
    admin = open_as(DJ_ROLE_ADMIN);
    cr_assert_eq(dj_app_put(admin, "orgs", oc, org, 3, &id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "orgs", oc, org2, 3, &id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "listings", lc, need, 8, &demand_id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "listings", lc, far, 8, &id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "listings", lc, near, 8, &id, NULL), DJ_OK);
    dj_app_close(admin);
}

static void teardown(void)
{
    th_db_remove(path);
    dj_text_shutdown();
}

/* Rows of settings, or of audit_log about them. */
static int64_t count(dj_app *app, const char *table)
{
    int64_t audited = -1, n = th_count(app, "settings", &audited);
    return strcmp(table, "audit_log") == 0 ? audited : n;
}

/* The title of the first match of the demand, with weights (NULL = the
 * database's); the JSON into out. */
static const char *first_match(dj_app *app, const char *weights, dj_buf *out)
{
    static char title[128];
    dj_match *m = NULL;
    dj_diag d;
    const char *t;

    cr_assert_eq(dj_app_match_load(&m, app, 0, &d), DJ_OK, "%s", d.message);
    dj_buf_reset(out);
    cr_assert_eq(dj_app_match(app, m, demand_id, 5, weights, out, &d), DJ_OK, "%s", d.message);
    dj_match_free(m);
    t = strstr(dj_buf_cstr(out), "\"title\":\"");
    cr_assert(t, "%s", dj_buf_cstr(out));
    t += 9;
    snprintf(title, sizeof title, "%.*s", (int)(strchr(t, '"') - t), t);
    return title;
}

Test(settings, match_weights_set_used_and_reset, .init = setup, .fini = teardown)
{
    dj_app *app = open_as(DJ_ROLE_STAFF);
    dj_buf out, v;
    dj_diag d;

    dj_buf_init(&out, 0);
    dj_buf_init(&v, 0);
    cr_assert_str_eq(first_match(app, NULL, &out), "石墨烯散热膜卷对卷量产工艺");
    cr_assert(strstr(dj_buf_cstr(&out), "\"weights\":{\"text\":0.55,"), "%s", dj_buf_cstr(&out));

    cr_assert_eq(dj_app_setting_set(app, "match.weights", "文本=0.1，地区=5", NULL, &d), DJ_OK,
                 "%s", d.message);
    cr_assert_eq(dj_app_setting_get(app, "match.weights", &v, &d), DJ_OK);
    cr_assert_str_eq(dj_buf_cstr(&v), "text=0.1,tags=0.15,industry=0.1,region=5,maturity=0.05,"
                                      "budget=0.05,modes=0.05,semantic=0.5");
    cr_assert_str_eq(first_match(app, NULL, &out), "导热材料测试服务", "the setting is used");
    /* used divided by their sum, 5.5: only ratios matter */
    cr_assert(strstr(dj_buf_cstr(&out), "\"region\":0.909091,"), "%s", dj_buf_cstr(&out));
    cr_assert_str_eq(first_match(app, "text=1,region=0", &out), "石墨烯散热膜卷对卷量产工艺",
                     "a call's weights go over the setting");

    dj_buf_reset(&out);
    cr_assert_eq(dj_app_settings_json(app, &out, &d), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&out), "\"default\":false,\"updated_at\":"), "%s",
              dj_buf_cstr(&out));
    cr_assert(strstr(dj_buf_cstr(&out), "\"updated_by\":\"tester\""), "%s", dj_buf_cstr(&out));
    cr_assert_eq(count(app, "audit_log"), 1);
    { /* the value it has already (in another spelling): nothing written */
        int changed = -1;
        cr_assert_eq(dj_app_setting_set(app, "match.weights", "地区=5,文本=0.1", &changed, &d),
                     DJ_OK, "%s", d.message);
        cr_assert_eq(changed, 0);
        cr_assert_eq(count(app, "audit_log"), 1, "no audit entry for no change");
    }

    cr_assert_eq(dj_app_setting_reset(app, "match.weights", NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(count(app, "settings"), 0);
    cr_assert_eq(count(app, "audit_log"), 2);
    {
        int changed = -1;
        cr_assert_eq(dj_app_setting_reset(app, "match.weights", &changed, &d), DJ_OK);
        cr_assert_eq(changed, 0, "at its default already");
        cr_assert_eq(count(app, "audit_log"), 2);
    }
    cr_assert_str_eq(first_match(app, NULL, &out), "石墨烯散热膜卷对卷量产工艺");
    dj_buf_reset(&out);
    cr_assert_eq(dj_app_settings_json(app, &out, &d), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&out), "\"default\":true}"), "%s", dj_buf_cstr(&out));
    dj_buf_fini(&out);
    dj_buf_fini(&v);
    dj_app_close(app);
}

Test(settings, wrong_values_and_roles_change_nothing, .init = setup, .fini = teardown)
{
    static const int below_staff[] = {DJ_ROLE_VIEWER, DJ_ROLE_MEMBER, DJ_ROLE_ORGANISER};
    dj_app *app = open_as(DJ_ROLE_ADMIN);
    dj_buf out;
    dj_diag d;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_setting_set(app, "match.weights", "region=7", NULL, &d), DJ_OK);
    cr_assert_eq(count(app, "audit_log"), 1);
    dj_diag_clear(&d);
    cr_assert_eq(dj_app_setting_set(app, "match.weights", "region=7,score=1", NULL, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "unknown factor in 'score=1'"), "%s", d.message);
    cr_assert_str_eq(d.field, "match.weights");
    cr_assert_eq(dj_app_setting_set(app, "match.weights", "", NULL, &d), DJ_EINVAL);
    cr_assert_eq(dj_app_setting_set(app, "match.weights", NULL, NULL, &d), DJ_EINVAL);
    cr_assert_eq(dj_app_setting_set(app, "match.limit", "3", NULL, &d), DJ_ENOTFOUND);
    cr_assert(strstr(d.message, "no setting named 'match.limit'"), "%s", d.message);
    cr_assert_eq(dj_app_setting_get(app, "match.limit", &out, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_setting_reset(app, "match.limit", NULL, &d), DJ_ENOTFOUND);
    dj_app_close(app);

    for (size_t i = 0; i < sizeof below_staff / sizeof below_staff[0]; i++) {
        app = open_as(below_staff[i]);
        cr_assert_eq(dj_app_setting_set(app, "match.weights", "region=1", NULL, &d), DJ_EPERM);
        cr_assert_eq(dj_app_setting_reset(app, "match.weights", NULL, &d), DJ_EPERM);
        dj_buf_reset(&out);
        cr_assert_eq(dj_app_setting_get(app, "match.weights", &out, &d), DJ_OK, "anyone reads");
        cr_assert(strstr(dj_buf_cstr(&out), "region=7,"), "%s", dj_buf_cstr(&out));
        dj_app_close(app);
    }
    app = open_as(DJ_ROLE_ADMIN);
    cr_assert_eq(count(app, "settings"), 1);
    cr_assert_eq(count(app, "audit_log"), 1, "nothing refused was recorded");
    dj_buf_fini(&out);
    dj_app_close(app);
}

Test(settings, configure_is_for_staff_and_up)
{
    cr_assert(!dj_app_can(DJ_ROLE_ORGANISER, DJ_ACT_CONFIGURE));
    cr_assert(dj_app_can(DJ_ROLE_STAFF, DJ_ACT_CONFIGURE));
    cr_assert(dj_app_can(DJ_ROLE_ADMIN, DJ_ACT_CONFIGURE));
}

/* An allocation failure anywhere in setting the weights is DJ_ENOMEM and
 * changes nothing, not even the audit log; the same call then succeeds. */
Test(settings, allocation_failures_change_nothing, .init = setup, .fini = teardown)
{
    dj_app *app = open_as(DJ_ROLE_STAFF);
    long n;
    int rc = DJ_ENOMEM;

    for (n = 1;; n++) {
        dj_test_fail_alloc_after(n);
        rc = dj_app_setting_set(app, "match.weights", "文本=0.1，地区=5", NULL, NULL);
        dj_test_fail_alloc_after(0);
        if (rc == DJ_OK) /* every allocation made, or the rest optional (statement cache) */
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d", n, rc);
        cr_assert_eq(count(app, "settings"), 0, "n=%ld: a failed set wrote the setting", n);
        cr_assert_eq(count(app, "audit_log"), 0, "n=%ld: a failed set was recorded", n);
    }
    cr_assert_gt(n, 1, "setting never reached an allocation");
    cr_assert_eq(count(app, "settings"), 1);
    cr_assert_eq(count(app, "audit_log"), 1);
    dj_app_close(app);
}
