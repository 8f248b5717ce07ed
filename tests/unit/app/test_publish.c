/* test_publish.c - publishing an event's timetable (src/app/events_publish.c)
 * and what it changes in re-planning (events_schedule.c): refused without
 * a meeting and for a member, audited; once published the default mode is
 * fill-only and a meeting any mode drops is cancelled, not deleted; undo
 * makes it a draft again, whose re-plans delete. */
#include "app/app_events.h"
#include "duijie/dj_app.h"
#include "helper_db.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <string.h>

static char path[256];

static void put(dj_app *app, const char *type, const char *const *cols, const char *const *vals,
                int n)
{
    int64_t id;
    dj_diag d;
    cr_assert_eq(dj_app_put(app, type, cols, vals, n, &id, &d), DJ_OK, "%s: %s", type, d.message);
}

/* Event EV-P: four participants, 6 morning slots, 2 tables; must requests
 * 甲→乙, 甲→丙, 丁→乙. */
static void setup(void)
{
    static const char *const orgs[] = {"甲公司", "乙公司", "丙公司", "丁公司"};
    static const char *const oc[] = {"name", "kind", "region"};
    static const char *const ec[] = {"code", "name", "start_date", "morning_slots", "tables"};
    static const char *const ev[] = {"EV-P", "发布测试对接会", "2026-12-10", "6", "2"};
    static const char *const pc[] = {"event", "org"};
    static const char *const rc[] = {"event", "from", "to", "preference"};
    static const char *const rq[][4] = {{"EV-P", "甲公司", "乙公司", "must"},
                                        {"EV-P", "甲公司", "丙公司", "must"},
                                        {"EV-P", "丁公司", "乙公司", "must"}};
    dj_app *app;
    int i;

    th_db_path(path, sizeof path, "publish");
    app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    for (i = 0; i < 4; i++) {
        const char *o[] = {orgs[i], "enterprise", "450300"};
        put(app, "orgs", oc, o, 3);
    }
    put(app, "events", ec, ev, 5);
    for (i = 0; i < 4; i++) {
        const char *p[] = {"EV-P", orgs[i]};
        put(app, "participants", pc, p, 2);
    }
    for (i = 0; i < 3; i++)
        put(app, "requests", rc, rq[i], 4);
    dj_app_close(app);
}

static void teardown(void)
{
    th_db_remove(path);
}

static void schedule(dj_app *app, int keep, dj_app_sched_report *rep)
{
    dj_app_sched_opts o;
    dj_diag d;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.max_iters = 20000;
    o.keep = keep;
    cr_assert_eq(dj_app_event_schedule(app, "EV-P", &o, rep, &d), DJ_OK, "%s", d.message);
}

static int64_t meetings(dj_app *app, const char *status)
{
    dj_field w = {"status", dj_v_text(status)};
    int64_t n = -1;
    cr_assert_eq(dj_store_count(dj_app_store(app), "meetings", &w, 1, &n, NULL), DJ_OK);
    return n;
}

/* Declines the request from -> to (an import row with status declined). */
static void withdraw(dj_app *app, const char *from, const char *to)
{
    static const char *const rc[] = {"event", "from", "to", "preference", "status"};
    const char *rq[] = {"EV-P", from, to, "must", "declined"};
    put(app, "requests", rc, rq, 5);
}

Test(publish, needs_a_meeting_and_the_event_role, .init = setup, .fini = teardown)
{
    dj_app *admin = th_open_as(path, DJ_ROLE_ADMIN, 0), *member, *organiser;
    dj_app_sched_report rep;
    char at[32];
    dj_diag d;
    int64_t audited = 0;

    cr_assert_eq(dj_app_event_publish(admin, "EV-P", 0, at, &d), DJ_ECONSTRAINT);
    cr_assert(strstr(d.message, "no meetings"), "%s", d.message);
    cr_assert_eq(dj_app_event_publish(admin, "EV-NONE", 0, at, &d), DJ_ENOTFOUND);
    schedule(admin, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.keep, DJ_APP_KEEP_LOCKED);
    cr_assert_eq(rep.published, 0);
    dj_app_sched_report_fini(&rep);
    th_count(admin, "events", &audited);
    dj_app_close(admin);

    member = th_open_as(path, DJ_ROLE_MEMBER, 1);
    cr_assert_eq(dj_app_event_publish(member, "EV-P", 0, at, &d), DJ_EPERM);
    dj_app_close(member);
    organiser = th_open_as(path, DJ_ROLE_ORGANISER, 0);
    cr_assert_eq(dj_app_event_publish(organiser, "EV-P", 0, at, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(strlen(at), 20, "%s", at); /* YYYY-MM-DDTHH:MM:SSZ */
    {
        int64_t after = 0;
        th_count(organiser, "events", &after);
        cr_assert_eq(after, audited + 1, "publishing is audited");
    }
    dj_app_close(organiser);
}

Test(publish, published_replans_keep_and_cancel, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    char at[32];
    dj_diag d;

    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.scheduled, 3);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(dj_app_event_publish(app, "EV-P", 0, at, &d), DJ_OK, "%s", d.message);

    /* the default is fill-only: the withdrawn pair's meeting is cancelled */
    withdraw(app, "甲公司", "乙公司");
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.keep, DJ_APP_FILL_ONLY);
    cr_assert_eq(rep.published, 1);
    cr_assert_eq(rep.kept, 2);
    cr_assert_eq(rep.removed, 1);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(meetings(app, "cancelled"), 1);
    cr_assert_eq(meetings(app, "scheduled"), 2);

    /* an explicit --keep-locked re-plans, but still cancels what it drops */
    withdraw(app, "丁公司", "乙公司");
    schedule(app, DJ_APP_KEEP_LOCKED, &rep);
    cr_assert_eq(rep.keep, DJ_APP_KEEP_LOCKED);
    cr_assert_eq(rep.published, 1);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(meetings(app, "cancelled"), 2);
    cr_assert_eq(meetings(app, "scheduled"), 1);

    /* back to a draft: the default keeps locked meetings only and deletes */
    cr_assert_eq(dj_app_event_publish(app, "EV-P", 1, at, &d), DJ_OK, "%s", d.message);
    cr_assert_str_empty(at);
    withdraw(app, "甲公司", "丙公司");
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.keep, DJ_APP_KEEP_LOCKED);
    cr_assert_eq(rep.published, 0);
    cr_assert_eq(rep.removed, 1);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(meetings(app, "scheduled"), 0);
    cr_assert_eq(meetings(app, "cancelled"), 2, "a draft re-plan deletes");
    dj_app_close(app);
}
