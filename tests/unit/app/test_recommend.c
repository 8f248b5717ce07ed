/* test_recommend.c - recommended meetings for an event (推荐洽谈,
 * src/app/events_recommend.c): the matching demand and supply of two
 * participants are paired, a pair with a request is not, a weak match is
 * not; --apply writes the requests once (a second run finds nothing new);
 * a member may look but not apply. */
#include "app/app_events.h"
#include "duijie/dj_app.h"
#include "duijie/dj_text.h"
#include "helper_db.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];

/* 甲 needs a (CVD) graphene film process that 乙 offers; 丁 needs one too but
 * has asked 乙 already; 丙 offers a vaccine adjuvant, which matches nobody. */
static void setup(void)
{
    static const char *const orgs[] = {"甲公司", "乙大学", "丙公司", "丁公司"};
    static const char *const oc[] = {"name", "kind", "region"};
    static const char *const lc[] = {"code", "org", "side", "kind", "title", "body", "status"};
    static const char *const ls[][7] = {
        {"L1", "甲公司", "demand", "technology", "CVD石墨烯散热膜量产工艺",
         "需要CVD石墨烯散热膜的CVD量产工艺与CVD设备", "published"},
        {"L2", "乙大学", "supply", "technology", "Cvd 石墨烯散热膜卷对卷量产工艺",
         "Cvd 石墨烯散热膜的卷对卷量产工艺与设备", "published"},
        {"L3", "丙公司", "supply", "technology", "新型疫苗佐剂", "用于动物疫苗的佐剂配方",
         "published"},
        {"L4", "丁公司", "demand", "technology", "石墨烯导热膜工艺", "石墨烯导热膜的量产",
         "published"},
    };
    static const char *const ec[] = {"code", "name", "start_date", "morning_slots", "tables"};
    static const char *const ev[] = {"EV-T", "测试对接会", "2026-12-10", "6", "3"};
    static const char *const pc[] = {"event", "org"};
    static const char *const rc[] = {"event", "from", "to", "preference"};
    static const char *const rq[] = {"EV-T", "丁公司", "乙大学", "want"};
    dj_app *app;

    th_db_path(path, sizeof path, "recommend");
    app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    for (int i = 0; i < 4; i++) {
        const char *o[] = {orgs[i], i == 1 ? "university" : "enterprise", "450300"};
        const char *p[] = {"EV-T", orgs[i]};
        th_put(app, "orgs", oc, o, 3);
        th_put(app, "listings", lc, ls[i], 7);
        if (i == 0)
            th_put(app, "events", ec, ev, 5);
        th_put(app, "participants", pc, p, 2);
    }
    th_put(app, "requests", rc, rq, 4);
    dj_app_close(app);
}

static void teardown(void)
{
    th_db_remove(path);
    dj_text_shutdown();
}

static int64_t requests(dj_app *app)
{
    int64_t n = -1;
    cr_assert_eq(dj_store_count(dj_app_store(app), "meeting_requests", NULL, 0, &n, NULL), DJ_OK);
    return n;
}

Test(recommend, pairs_matching_participants_once, .init = setup, .fini = teardown)
{
    dj_app_recommend_opts o = {3, 0.3, 0};
    dj_app *app = th_open_as(path, DJ_ROLE_ORGANISER, 0);
    dj_buf out;
    dj_diag d;
    const char *s;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    s = dj_buf_cstr(&out);
    cr_assert(strstr(s, "\"demand\":{\"participant\":1,\"org\":\"甲公司\"},\"supply\":{"
                        "\"participant\":2,\"org\":\"乙大学\"}"),
              "%s", s);
    /* a matched term reads as the candidate (乙's offer) writes it, not case folded */
    {
        const char *t = strstr(s, "\"terms\":[");
        char terms[160] = "";
        cr_assert(t, "%s", s);
        sscanf(t + 9, "%159[^]]", terms);
        cr_assert((strstr(terms, "CVD") || strstr(terms, "Cvd")) && !strstr(terms, "cvd"),
                  "terms '%s'", terms);
    }
    cr_assert_null(strstr(s, "丁公司"), "丁 has asked 乙 already: %s", s);
    cr_assert_null(strstr(s, "丙公司"), "a vaccine matches no graphene demand: %s", s);
    cr_assert(strstr(s, "\"added\":0}"), "%s", s);
    cr_assert_eq(requests(app), 1, "nothing written without apply");

    o.apply = 1;
    dj_buf_reset(&out);
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "\"added\":1}"), "%s", dj_buf_cstr(&out));
    cr_assert_eq(requests(app), 2);
    {
        dj_field w[4] = {{"from_id", dj_v_int(1)},
                         {"to_id", dj_v_int(2)},
                         {"preference", dj_v_text("want")},
                         {"status", dj_v_text("pending")}};
        int64_t n = 0;
        cr_assert_eq(dj_store_count(dj_app_store(app), "meeting_requests", w, 4, &n, NULL), DJ_OK);
        cr_assert_eq(n, 1, "a pending want request from the demand side");
    }
    dj_buf_reset(&out);
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "\"recommendations\":[],\"added\":0}"), "%s",
              dj_buf_cstr(&out));
    cr_assert_eq(requests(app), 2, "a second run adds nothing");
    dj_buf_fini(&out);
    dj_app_close(app);
}

/* Two participants without a slot they are both free in are not paired:
 * a request between them could never be met. */
Test(recommend, only_participants_who_can_meet, .init = setup, .fini = teardown)
{
    static const char *const pc[] = {"event", "org", "unavailable"};
    static const char *const jia[] = {"EV-T", "甲公司", "2-6"};
    static const char *const yi_away[] = {"EV-T", "乙大学", "1"};
    static const char *const yi_back[] = {"EV-T", "乙大学", "3"};
    dj_app_recommend_opts o = {3, 0.3, 0};
    dj_app *app = th_open_as(path, DJ_ROLE_ORGANISER, 0);
    dj_buf out;
    dj_diag d;

    dj_buf_init(&out, 0);
    th_put(app, "participants", pc, jia, 3);     /* 甲 only in slot 1 */
    th_put(app, "participants", pc, yi_away, 3); /* 乙 in every slot but 1 */
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "\"recommendations\":[]"), "%s", dj_buf_cstr(&out));
    th_put(app, "participants", pc, yi_back, 3); /* 乙 free in slot 1 again */
    dj_buf_reset(&out);
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    cr_assert(strstr(dj_buf_cstr(&out), "\"org\":\"甲公司\"") &&
                  strstr(dj_buf_cstr(&out), "\"org\":\"乙大学\""),
              "both are free in slot 1: %s", dj_buf_cstr(&out));
    dj_buf_fini(&out);
    dj_app_close(app);
}

Test(recommend, members_look_but_do_not_apply, .init = setup, .fini = teardown)
{
    dj_app_recommend_opts o = {3, 0.3, 1};
    dj_app *app = th_open_as(path, DJ_ROLE_MEMBER, 1);
    dj_buf out;
    dj_diag d;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_EPERM);
    o.apply = 0;
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_OK, "%s", d.message);
    o.per = 0;
    cr_assert_eq(dj_app_event_recommend(app, "EV-T", &o, &out, &d), DJ_EINVAL);
    o.per = 3;
    cr_assert_eq(dj_app_event_recommend(app, "EV-NONE", &o, &out, &d), DJ_ENOTFOUND);
    cr_assert_eq(requests(app), 1);
    dj_buf_fini(&out);
    dj_app_close(app);
}

/* An allocation failure at any point is DJ_ENOMEM and writes nothing (the
 * answer is composed before the commit: before, a failure there returned
 * DJ_ENOMEM with the requests already written); the same call then
 * succeeds. */
Test(recommend, allocation_failures_write_nothing, .init = setup, .fini = teardown)
{
    dj_app_recommend_opts o = {3, 0.3, 1};
    dj_app *app = th_open_as(path, DJ_ROLE_ORGANISER, 0);
    long n;

    for (n = 1;; n++) {
        dj_buf out;
        long attempts;
        int rc;
        dj_buf_init(&out, 0);
        dj_test_fail_alloc_after(n);
        rc = dj_app_event_recommend(app, "EV-T", &o, &out, NULL);
        attempts = dj_test_fail_alloc_after(0);
        dj_buf_fini(&out);
        if (rc == DJ_OK) /* every allocation made, or the rest optional (statement cache) */
            break;
        cr_assert_eq(rc, DJ_ENOMEM, "n=%ld rc=%d (%ld allocations)", n, rc, attempts);
        cr_assert_eq(requests(app), 1, "n=%ld: a failed run wrote requests", n);
    }
    cr_assert_gt(n, 10, "the run never reached its allocations");
    cr_assert_eq(requests(app), 2, "the run that succeeded applied its pair");
    dj_app_close(app);
}
