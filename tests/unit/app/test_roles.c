/* test_roles.c - the role table, and members limited to their own
 * organisation's listings. */
#include "duijie/dj_app.h"
#include "store/store.h"
#include "util/buf.h"

#include "helper_db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];

static dj_app *open_as(int role, int64_t org)
{
    return th_open_as(path, role, org);
}

static void setup(void)
{
    const char *cols[] = {"name", "kind", "region"};
    const char *a[] = {"甲公司", "enterprise", "450300"}, *b[] = {"乙公司", "enterprise", "450300"};
    const char *lc[] = {"code", "org", "side", "kind", "title", "body"};
    const char *lb[] = {"L-B", "乙公司", "supply", "patent", "乙的专利", "内容"};
    dj_app *admin;
    int64_t id;

    th_db_path(path, sizeof path, "roles");
    admin = open_as(DJ_ROLE_ADMIN, 0);
    cr_assert_eq(dj_app_put(admin, "orgs", cols, a, 3, &id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "orgs", cols, b, 3, &id, NULL), DJ_OK);
    cr_assert_eq(dj_app_put(admin, "listings", lc, lb, 6, &id, NULL), DJ_OK);
    dj_app_close(admin);
}

static void teardown(void)
{
    th_db_remove(path);
}

Test(roles, table_orders_the_roles)
{
    cr_assert(dj_app_can(DJ_ROLE_VIEWER, DJ_ACT_READ));
    cr_assert(!dj_app_can(DJ_ROLE_VIEWER, DJ_ACT_EDIT_LISTING));
    cr_assert(dj_app_can(DJ_ROLE_MEMBER, DJ_ACT_EDIT_LISTING));
    cr_assert(!dj_app_can(DJ_ROLE_MEMBER, DJ_ACT_IMPORT));
    cr_assert(dj_app_can(DJ_ROLE_ORGANISER, DJ_ACT_RUN_EVENT));
    cr_assert(!dj_app_can(DJ_ROLE_ORGANISER, DJ_ACT_EDIT_PROJECT));
    cr_assert(dj_app_can(DJ_ROLE_STAFF, DJ_ACT_IMPORT));
    cr_assert(!dj_app_can(DJ_ROLE_STAFF, DJ_ACT_ADMIN));
    cr_assert(dj_app_can(DJ_ROLE_ADMIN, DJ_ACT_ADMIN));
}

Test(roles, members_change_only_their_own_listings, .init = setup, .fini = teardown)
{
    const char *lc[] = {"code", "org", "side", "kind", "title", "body"};
    const char *mine[] = {"L-A", "甲公司", "demand", "technology", "甲的需求", "内容"};
    const char *theirs[] = {"L-B2", "乙公司", "demand", "technology", "冒充乙", "内容"};
    const char *uc[] = {"title"}, *uv[] = {"改标题"};
    dj_app *admin = open_as(DJ_ROLE_ADMIN, 0), *member;
    dj_field w = {"name", dj_v_text("甲公司")};
    int64_t org_a = 0, id_a = 0, id_b = 0, id;
    dj_field wb = {"code", dj_v_text("L-B")};
    dj_buf out;
    dj_diag d;

    cr_assert_eq(dj_store_find_id(dj_app_store(admin), "orgs", &w, 1, &org_a, NULL), DJ_OK);
    cr_assert_eq(dj_store_find_id(dj_app_store(admin), "listings", &wb, 1, &id_b, NULL), DJ_OK);
    dj_app_close(admin);

    dj_buf_init(&out, 0);
    member = open_as(DJ_ROLE_MEMBER, org_a);
    cr_assert_eq(dj_app_put(member, "listings", lc, mine, 6, &id_a, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(member, "listings", lc, theirs, 6, &id, &d), DJ_EPERM);
    { /* naming their own org with another org's listing code is no takeover */
        const char *hijack[] = {"L-B", "甲公司", "demand", "technology", "劫持", "内容"};
        cr_assert_eq(dj_app_put(member, "listings", lc, hijack, 6, &id, &d), DJ_EPERM);
        cr_assert_eq(dj_app_get_json(member, "listings", id_b, &out, &d), DJ_OK, "%s", d.message);
        cr_assert(!strstr(dj_buf_cstr(&out), "劫持"), "%s", dj_buf_cstr(&out));
        dj_buf_fini(&out);
    }
    cr_assert_eq(dj_app_update(member, "listings", id_a, uc, uv, 1, NULL, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(dj_app_update(member, "listings", id_b, uc, uv, 1, NULL, &d), DJ_EPERM);
    cr_assert_eq(dj_app_listing_close(member, id_b, NULL, &d), DJ_EPERM);
    cr_assert_eq(dj_app_listing_close(member, id_a, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(member, "orgs", (const char *[]){"name", "kind", "region"},
                            (const char *[]){"丙公司", "enterprise", "450300"}, 3, &id, &d),
                 DJ_EPERM);
    dj_app_close(member);
}

Test(roles, viewers_cannot_write, .init = setup, .fini = teardown)
{
    dj_app *viewer = open_as(DJ_ROLE_VIEWER, 0);
    const char *paths[] = {DJ_SOURCE_DIR "/tests/data/import/orgs.csv"};
    dj_diag d;
    cr_assert_eq(dj_app_import(viewer, paths, NULL, 1, NULL, &d), DJ_EPERM);
    dj_app_close(viewer);
}
