/* test_records.c - single records (src/app/records.c): the id a put
 * returns and audits is the row's, also for a listing without a code (no
 * natural key); industry codes are stored upper-case on put and update,
 * and the list and search filters take them in any case. */
#include "app/app_match.h"
#include "duijie/dj_app.h"
#include "duijie/dj_text.h"
#include "store/store.h"
#include "util/buf.h"

#include "helper_db.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];

static void setup(void)
{
    th_db_path(path, sizeof path, "records");
}

static void teardown(void)
{
    th_db_remove(path);
    dj_text_shutdown();
}

typedef struct audited {
    int64_t entity_id;
    int n;
} audited;

static int audit_cb(const dj_row *r, void *ctx)
{
    audited *a = ctx;
    a->entity_id = dj_row_int(r, "entity_id", -1);
    a->n++;
    return 0;
}

/* The entity id of the newest audit_log entry about table. */
static int64_t last_audited(dj_app *app, const char *table)
{
    dj_field w = {"entity", dj_v_text(table)};
    audited a = {-1, 0};
    cr_assert_eq(
        dj_store_each(dj_app_store(app), "audit_log", &w, 1, "id DESC", 1, 0, audit_cb, &a, NULL),
        DJ_OK);
    cr_assert_eq(a.n, 1, "no audit entry about %s", table);
    return a.entity_id;
}

static int text_cb(const dj_row *r, void *ctx)
{
    snprintf(ctx, 64, "%s", dj_row_text(r, "industry"));
    return 0;
}

/* The stored industry of row id of table. */
static const char *industry_of(dj_app *app, const char *table, int64_t id)
{
    static char s[64];
    dj_field w = {"id", dj_v_int(id)};
    s[0] = '\0';
    cr_assert_eq(dj_store_each(dj_app_store(app), table, &w, 1, NULL, 1, 0, text_cb, s, NULL),
                 DJ_OK);
    return s;
}

static int64_t put_org(dj_app *app, const char *name, const char *industry)
{
    const char *oc[] = {"name", "kind", "region", "industry"};
    const char *ov[] = {name, "enterprise", "450300", industry};
    int64_t id = -1;
    dj_diag d;
    cr_assert_eq(dj_app_put(app, "orgs", oc, ov, 4, &id, &d), DJ_OK, "%s", d.message);
    return id;
}

/* A listing without a code has no natural key to find it by: `listing add`
 * without code printed "saved listings 0" and audited entity id 0. */
Test(records, put_returns_and_audits_the_new_id, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    const char *lc[] = {"org", "side", "kind", "title", "body"};
    const char *l1[] = {"甲公司", "供给", "技术成果", "测试一", "内容"};
    const char *l2[] = {"甲公司", "供给", "技术成果", "测试二", "内容"};
    const char *l3[] = {"甲公司", "供给", "技术成果", "测试三", "内容"};
    const char *kc[] = {"code", "org", "side", "kind", "title", "body"};
    const char *k1[] = {"L-1", "甲公司", "需求", "技术成果", "有编号", "内容"};
    dj_field w = {"title", dj_v_text("测试二")};
    int64_t org, other, id1 = -1, id2 = -1, k = -1, found = -1;
    dj_diag d;

    org = put_org(app, "甲公司", "");
    other = put_org(app, "乙公司", "");
    cr_assert_gt(org, 0);
    cr_assert_eq(other, org + 1);
    cr_assert_eq(last_audited(app, "orgs"), other);
    cr_assert_eq(put_org(app, "甲公司", "C39"), org, "a put by name updates the same org");
    cr_assert_eq(last_audited(app, "orgs"), org);

    cr_assert_eq(dj_app_put(app, "listings", kc, k1, 6, &k, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(app, "listings", lc, l1, 5, &id1, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(app, "listings", lc, l2, 5, &id2, &d), DJ_OK, "%s", d.message);
    cr_assert_gt(k, 0);
    cr_assert_eq(id1, k + 1);
    cr_assert_eq(id2, id1 + 1);
    cr_assert_eq(dj_store_find_id(dj_app_store(app), "listings", &w, 1, &found, NULL), DJ_OK);
    cr_assert_eq(id2, found);
    cr_assert_eq(last_audited(app, "listings"), id2);
    /* without id_out the audit still names the row */
    cr_assert_eq(dj_app_put(app, "listings", lc, l3, 5, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(last_audited(app, "listings"), id2 + 1);
    /* a listing without 编号 is found as an import row finds it, by
     * organisation, side and title: adding 测试一 again updates it */
    cr_assert_eq(dj_app_put(app, "listings", lc, l1, 5, &k, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(k, id1);
    cr_assert_eq(last_audited(app, "listings"), id1);
    dj_app_close(app);
}

/* GB/T 4754 industry codes are stored upper-case whatever way they come
 * (c39 once stayed c39, and neither search --industry C39 nor the match's
 * industry factor saw it), and the filters take any case. */
Test(records, industry_codes_are_stored_and_filtered_upper_case, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    const char *lc[] = {"code", "org", "side", "kind", "title", "body", "industry"};
    const char *a[] = {"L-A", "甲公司", "供给", "技术成果", "蝾螈再生技术", "蝾螈肢体再生", "c39"};
    const char *b[] = {"L-B", "甲公司", "供给", "技术成果", "蝾螈养殖技术", "蝾螈养殖", "i65"};
    const char *fc[] = {"industry"}, *fv[] = {"c39"}, *bad[] = {"ZZZ99"};
    const char *uc[] = {"industry"}, *uv[] = {"ｃ３９１１"};
    dj_app_search_req req = {0};
    dj_match *m = NULL;
    int64_t org, ida = -1, idb = -1;
    dj_buf out;
    dj_diag d;

    dj_buf_init(&out, 0);
    org = put_org(app, "甲公司", "c3911");
    cr_assert_str_eq(industry_of(app, "orgs", org), "C3911");
    cr_assert_eq(dj_app_put(app, "listings", lc, a, 7, &ida, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(app, "listings", lc, b, 7, &idb, &d), DJ_OK, "%s", d.message);
    cr_assert_str_eq(industry_of(app, "listings", ida), "C39");
    cr_assert_str_eq(industry_of(app, "listings", idb), "I65");

    cr_assert_eq(dj_app_list_json(app, "listings", fc, fv, 1, NULL, &out, &d), DJ_OK, "%s",
                 d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "\"code\":\"L-A\""), "%s", dj_buf_cstr(&out));
    cr_assert(!strstr(dj_buf_cstr(&out), "\"code\":\"L-B\""), "%s", dj_buf_cstr(&out));
    dj_diag_clear(&d);
    cr_assert_eq(dj_app_list_json(app, "listings", fc, bad, 1, NULL, &out, &d), DJ_EINVAL);
    cr_assert_str_eq(d.field, "行业");

    cr_assert_eq(dj_app_match_load(&m, app, 0, &d), DJ_OK, "%s", d.message);
    req.query = "蝾螈";
    req.industry = "c39";
    dj_buf_reset(&out);
    cr_assert_eq(dj_app_search(app, m, &req, &out, &d), DJ_OK, "%s", d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "蝾螈再生技术"), "%s", dj_buf_cstr(&out));
    cr_assert(!strstr(dj_buf_cstr(&out), "蝾螈养殖技术"), "%s", dj_buf_cstr(&out));
    req.industry = "ZZZ99";
    dj_diag_clear(&d);
    cr_assert_eq(dj_app_search(app, m, &req, &out, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "not a GB/T 4754 industry code"), "%s", d.message);
    dj_match_free(m);

    cr_assert_eq(dj_app_update(app, "listings", idb, uc, uv, 1, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_str_eq(industry_of(app, "listings", idb), "C3911");
    dj_diag_clear(&d);
    cr_assert_eq(dj_app_update(app, "listings", idb, uc, bad, 1, NULL, &d), DJ_EINVAL);
    cr_assert_str_eq(d.field, "行业");
    cr_assert_str_eq(industry_of(app, "listings", idb), "C3911",
                     "a refused update changes nothing");
    dj_buf_fini(&out);
    dj_app_close(app);
}

/* A record is named as a person types it (record_key.c): its natural key
 * first - a listing's 编号, an organisation's name or 统一社会信用代码 - else
 * digits as its id; #N is always the id. */
Test(records, a_record_is_found_by_its_key_or_its_id, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    const char *kc[] = {"code", "org", "side", "kind", "title", "body"};
    const char *k1[] = {"GL-D03", "甲公司", "需求", "技术成果", "有编号", "内容"};
    const char *k2[] = {"1", "甲公司", "需求", "技术成果", "编号是数字", "内容"};
    const char *uc[] = {"name", "uscc"};
    const char *uv[] = {"甲公司", "91450300MA5KXXXX0A"};
    int64_t org, l1 = -1, l2 = -1, id = -1;
    dj_diag d;

    org = put_org(app, "甲公司", "");
    cr_assert_eq(dj_app_update(app, "orgs", org, uc, uv, 2, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(app, "listings", kc, k1, 6, &l1, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_put(app, "listings", kc, k2, 6, &l2, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(l1, 1, "the listing coded 1 is not listing 1");

    cr_assert_eq(dj_app_record_id(app, "listings", "GL-D03", &id, &d), DJ_OK);
    cr_assert_eq(id, l1);
    cr_assert_eq(dj_app_record_id(app, "listings", "1", &id, &d), DJ_OK);
    cr_assert_eq(id, l2, "the 编号 1 before the id 1");
    cr_assert_eq(dj_app_record_id(app, "listings", "#1", &id, &d), DJ_OK);
    cr_assert_eq(id, l1, "#1 is the id");
    cr_assert_eq(dj_app_record_id(app, "listings", "2", &id, &d), DJ_OK);
    cr_assert_eq(id, l2, "digits that are no 编号: the id");
    cr_assert_eq(dj_app_record_id(app, "listings", "GL-NONE", &id, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_record_id(app, "listings", "", &id, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_record_id(app, "listings", "#", &id, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_record_id(app, "listings", "#-1", &id, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_record_id(app, "orgs", "甲公司", &id, &d), DJ_OK);
    cr_assert_eq(id, org);
    cr_assert_eq(dj_app_record_id(app, "orgs", "91450300MA5KXXXX0A", &id, &d), DJ_OK);
    cr_assert_eq(id, org, "an organisation by its 统一社会信用代码");
    dj_app_close(app);
}

/* The number of audit_log entries about row id of table. */
static int audits_of(dj_app *app, const char *table, int64_t id)
{
    dj_field w[2] = {{"entity", dj_v_text(table)}, {"entity_id", dj_v_int(id)}};
    int64_t n = -1;
    cr_assert_eq(dj_store_count(dj_app_store(app), "audit_log", w, 2, &n, NULL), DJ_OK);
    return (int)n;
}

/* An update or close that changes nothing writes nothing: no audit entry
 * (org update wrote one whatever it changed), *changed_out 0. */
Test(records, an_update_that_changes_nothing_writes_nothing, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    const char *lc[] = {"code", "org", "side", "kind", "title", "body"};
    const char *lv[] = {"L-1", "甲公司", "供给", "技术成果", "标题", "内容"};
    const char *oc[] = {"name", "region", "industry"}, *ov[] = {"甲公司", "450300", "c39"};
    const char *uc[] = {"标题", "trl"}, *same[] = {"标题", ""}, *other[] = {"新标题", "5"};
    int64_t org, id = -1;
    int changed = -1;
    dj_diag d;

    org = put_org(app, "甲公司", "C39");
    cr_assert_eq(dj_app_put(app, "listings", lc, lv, 6, &id, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(audits_of(app, "orgs", org), 1);
    cr_assert_eq(dj_app_update(app, "orgs", org, oc, ov, 3, &changed, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(changed, 0, "the same name, region and industry (c39 is stored C39)");
    cr_assert_eq(audits_of(app, "orgs", org), 1);

    cr_assert_eq(dj_app_update(app, "listings", id, uc, same, 2, &changed, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(changed, 0, "the same title, and an empty trl clears what is not there");
    cr_assert_eq(audits_of(app, "listings", id), 1);
    cr_assert_eq(dj_app_update(app, "listings", id, uc, other, 2, &changed, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(changed, 1);
    cr_assert_eq(audits_of(app, "listings", id), 2);

    cr_assert_eq(dj_app_listing_close(app, id, &changed, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(changed, 1);
    cr_assert_eq(dj_app_listing_close(app, id, &changed, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(changed, 0);
    cr_assert_eq(audits_of(app, "listings", id), 3);
    dj_diag_clear(&d);
    cr_assert_eq(dj_app_update(app, "orgs", org + 99, oc, ov, 3, &changed, &d), DJ_ENOTFOUND);
    dj_app_close(app);
}

static int desc_cb(const dj_row *r, void *ctx)
{
    snprintf(ctx, 64, "%s|%d", dj_row_text(r, "description"),
             dj_row_get(r, "description").type == DJ_V_NULL);
    return 0;
}

/* Clearing optional text the schema keeps as '' (简介, 联系人, 关键词,
 * 标签) writes ''; it wrote NULL and failed "NOT NULL constraint failed". */
Test(records, clearing_a_description_writes_empty_text, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    const char *dc[] = {"简介"}, *dv[] = {"一所大学"}, *empty[] = {""};
    const char *kc[] = {"code", "org", "side", "kind", "title", "body", "keywords", "tags"};
    const char *kv[] = {"L-1", "甲公司", "供给", "技术成果", "标题", "内容", "光;电", "园区"};
    const char *lc[] = {"关键词", "标签"}, *lv[] = {"", ""};
    char got[64];
    int64_t org, id = -1;
    dj_field w;
    dj_diag d;

    org = put_org(app, "甲公司", "");
    cr_assert_eq(dj_app_update(app, "orgs", org, dc, dv, 1, NULL, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_update(app, "orgs", org, dc, empty, 1, NULL, &d), DJ_OK, "%s", d.message);
    w = (dj_field){"id", dj_v_int(org)};
    cr_assert_eq(dj_store_each(dj_app_store(app), "orgs", &w, 1, NULL, 1, 0, desc_cb, got, NULL),
                 DJ_OK);
    cr_assert_str_eq(got, "|0", "empty text, not NULL");
    cr_assert_eq(dj_app_put(app, "listings", kc, kv, 8, &id, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_update(app, "listings", id, lc, lv, 2, NULL, &d), DJ_OK, "%s", d.message);
    dj_app_close(app);
}
