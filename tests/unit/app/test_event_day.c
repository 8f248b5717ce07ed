/* test_event_day.c - after the timetable exists. Publishing it
 * (src/app/events_publish.c) and what that changes in re-planning
 * (events_schedule.c): refused without a meeting and for a member,
 * audited; once published the default mode is fill-only and a meeting any
 * mode drops is cancelled, not deleted; undo makes it a draft again, whose
 * re-plans delete. Marking one meeting (events_mark.c): status, lock and
 * rating written and audited, another event's meeting not found, a
 * cancelled meeting brought back refused when its slot is taken, and the
 * database unchanged by a refusal. Checking a participant in (events_checkin.c):
 * only checked_in changes, audited; unknown names refused. Requests with
 * 指定时段 and 先于 (events_plan.c): a slot the event lacks is refused at
 * import, a pinned pair meets in its slot and an ordered one before it. A
 * meeting named by its pair: either order, cancelled ones aside, several
 * refused. Two rows of a pair naming different slots: the first is used and
 * the report notes it. */
#include "app/app_events.h"
#include "duijie/dj_app.h"
#include "helper_db.h"
#include "store/store.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static char path[256];

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

    th_db_path(path, sizeof path, "event_day");
    app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    for (i = 0; i < 4; i++) {
        const char *o[] = {orgs[i], "enterprise", "450300"};
        th_put(app, "orgs", oc, o, 3);
    }
    th_put(app, "events", ec, ev, 5);
    for (i = 0; i < 4; i++) {
        const char *p[] = {"EV-P", orgs[i]};
        th_put(app, "participants", pc, p, 2);
    }
    for (i = 0; i < 3; i++)
        th_put(app, "requests", rc, rq[i], 4);
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
    th_put(app, "requests", rc, rq, 5);
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

/* The id, slot and status of the meeting of the pair (a, b): its row in
 * v_meetings. */
typedef struct meeting_row {
    const char *a, *b;
    int64_t id, slot;
    char status[16];
    int locked, rating;
} meeting_row;

static int meeting_cb(const dj_row *r, void *ctx)
{
    meeting_row *m = ctx;
    if (strcmp(dj_row_text(r, "a"), m->a) || strcmp(dj_row_text(r, "b"), m->b))
        return 0;
    m->id = dj_row_int(r, "id", 0);
    m->slot = dj_row_int(r, "slot", 0);
    m->locked = (int)dj_row_int(r, "locked", -1);
    m->rating = (int)dj_row_int(r, "rating", 0);
    snprintf(m->status, sizeof m->status, "%s", dj_row_text(r, "status"));
    return 0;
}

static meeting_row meeting(dj_app *app, const char *a, const char *b)
{
    meeting_row m = {a, b, 0, 0, "", 0, 0};
    cr_assert_eq(
        dj_store_each(dj_app_store(app), "v_meetings", NULL, 0, NULL, 0, 0, meeting_cb, &m, NULL),
        DJ_OK);
    cr_assert(m.id > 0, "no meeting %s x %s", a, b);
    return m;
}

Test(event_day, mark_writes_status_lock_and_rating, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0), *member;
    dj_app_sched_report rep;
    dj_app_meeting_change held = {"held", 1, 4, NULL}, none = {NULL, -1, 0, NULL};
    meeting_row m;
    int64_t audited = 0, after = 0;
    dj_diag d;

    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    dj_app_sched_report_fini(&rep);
    m = meeting(app, "甲公司", "乙公司");
    th_count(app, "meetings", &audited);
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &held, &d), DJ_OK, "%s", d.message);
    m = meeting(app, "甲公司", "乙公司");
    cr_assert_str_eq(m.status, "held");
    cr_assert_eq(m.locked, 1);
    cr_assert_eq(m.rating, 4);
    th_count(app, "meetings", &after);
    cr_assert_eq(after, audited + 1, "marking is audited");
    {
        dj_field w[] = {{"entity", dj_v_text("meetings")}, {"entity_id", dj_v_int(m.id)}};
        int64_t named = 0;
        cr_assert_eq(dj_store_count(dj_app_store(app), "audit_log", w, 2, &named, NULL), DJ_OK);
        cr_assert_eq(named, 1, "the audit row names the meeting");
    }
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &none, &d), DJ_EINVAL);
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id + 100, &held, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_meeting_mark(app, "EV-NONE", m.id, &held, &d), DJ_ENOTFOUND);
    held.rating = 9;
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &held, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "out of range"), "%s", d.message);
    {
        dj_app_meeting_change rate = {NULL, -1, 5, NULL}, cancel_rated = {"cancelled", -1, 5, NULL};
        meeting_row other = meeting(app, "甲公司", "丙公司");
        cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &rate, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(meeting(app, "甲公司", "乙公司").rating, 5, "a held meeting takes a rating");
        cr_assert_eq(dj_app_meeting_mark(app, "EV-P", other.id, &rate, &d), DJ_EINVAL,
                     "a scheduled one does not");
        cr_assert(strstr(d.message, "only a held meeting takes a rating"), "%s", d.message);
        cr_assert_eq(dj_app_meeting_mark(app, "EV-P", other.id, &cancel_rated, &d), DJ_EINVAL);
        cr_assert_str_eq(meeting(app, "甲公司", "丙公司").status, "scheduled", "unchanged");
    }
    dj_app_close(app);

    member = th_open_as(path, DJ_ROLE_MEMBER, 1);
    held.rating = 0;
    cr_assert_eq(dj_app_meeting_mark(member, "EV-P", m.id, &held, &d), DJ_EPERM);
    dj_app_close(member);
}

Test(event_day, mark_refuses_to_double_book, .init = setup, .fini = teardown)
{
    static const char *const mc[] = {"event", "a", "b", "slot"};
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    dj_app_meeting_change cancel = {"cancelled", -1, 0, NULL}, back = {"scheduled", -1, 0, NULL};
    meeting_row m, after;
    char slot[16];
    const char *mv[4];
    int64_t id;
    dj_diag d;
    int rc;

    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    dj_app_sched_report_fini(&rep);
    m = meeting(app, "甲公司", "乙公司");
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &cancel, &d), DJ_OK, "%s", d.message);
    /* 乙 now meets 丙 in that slot */
    snprintf(slot, sizeof slot, "%lld", (long long)m.slot);
    mv[0] = "EV-P", mv[1] = "丙公司", mv[2] = "乙公司", mv[3] = slot;
    cr_assert_eq(dj_app_put(app, "meetings", mc, mv, 4, &id, &d), DJ_OK, "%s", d.message);
    rc = dj_app_meeting_mark(app, "EV-P", m.id, &back, &d);
    cr_assert_eq(rc, DJ_EINVAL, "rc %d: %s", rc, d.message);
    cr_assert(strstr(d.message, "乙公司"), "the refusal names the party: %s", d.message);
    after = meeting(app, "甲公司", "乙公司");
    cr_assert_str_eq(after.status, "cancelled", "a refusal changes nothing");
    dj_app_close(app);
}

Test(event_day, checkin_sets_only_checked_in, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0), *member;
    dj_app_checkin ci;
    dj_field w = {"checked_in", dj_v_int(1)};
    int64_t n = -1, audited = 0, after = 0;
    dj_diag d;

    th_count(app, "participants", &audited);
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "乙公司", 0, &ci, NULL, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_str_eq(ci.org, "乙公司");
    cr_assert_eq(ci.meetings, 0);
    cr_assert_eq(dj_store_count(dj_app_store(app), "participants", &w, 1, &n, NULL), DJ_OK);
    cr_assert_eq(n, 1);
    th_count(app, "participants", &after);
    cr_assert_eq(after, audited + 1, "checking in is audited");
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "戊公司", 0, &ci, NULL, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_event_checkin(app, "EV-NONE", "乙公司", 0, &ci, NULL, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "乙公司", 1, &ci, NULL, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(dj_store_count(dj_app_store(app), "participants", &w, 1, &n, NULL), DJ_OK);
    cr_assert_eq(n, 0);
    dj_app_close(app);
    member = th_open_as(path, DJ_ROLE_MEMBER, 1);
    cr_assert_eq(dj_app_event_checkin(member, "EV-P", "甲公司", 0, &ci, NULL, &d), DJ_EPERM);
    dj_app_close(member);
}

/* The desk's sheet comes from the check-in's own load of the event: the
 * agenda of the participant checked in (as dj_app_event_agenda renders it),
 * nothing for --undo or without a meeting, and a refused check-in writes
 * neither the sheet nor checked_in. */
Test(event_day, checkin_sheet_is_the_participants_agenda, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    dj_app_checkin ci;
    dj_buf sheet, agenda;
    dj_diag d;

    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    dj_app_sched_report_fini(&rep);
    dj_buf_init(&sheet, 0);
    dj_buf_init(&agenda, 0);
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "甲公司", 0, &ci, &sheet, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(ci.meetings, 2);
    cr_assert_eq(dj_app_event_agenda(app, "EV-P", "甲公司", DJ_APP_AGENDA_TEXT, NULL, &agenda, &d),
                 DJ_OK, "%s", d.message);
    cr_assert_str_eq(dj_buf_cstr(&sheet), dj_buf_cstr(&agenda));
    cr_assert(strstr(dj_buf_cstr(&sheet), "== 甲公司 ==") != NULL, "%s", dj_buf_cstr(&sheet));
    dj_buf_reset(&sheet);
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "甲公司", 1, &ci, &sheet, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(dj_buf_len(&sheet), 0, "no sheet for --undo");
    cr_assert_eq(dj_app_event_checkin(app, "EV-P", "戊公司", 0, &ci, &sheet, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_buf_len(&sheet), 0);
    dj_buf_fini(&sheet);
    dj_buf_fini(&agenda);
    dj_app_close(app);
}

/* The slot of the scheduled meeting of a and b, 1-based; 0 when none. */
static int64_t slot_of(dj_app *app, const char *a, const char *b)
{
    meeting_row m = {a, b, 0, 0, "", 0, 0};
    cr_assert_eq(
        dj_store_each(dj_app_store(app), "v_meetings", NULL, 0, NULL, 0, 0, meeting_cb, &m, NULL),
        DJ_OK);
    return strcmp(m.status, "scheduled") ? 0 : m.slot;
}

Test(event_day, requests_keep_their_slot_and_order, .init = setup, .fini = teardown)
{
    static const char *const rc[] = {"event", "from", "to", "preference", "slot", "before"};
    static const char *const pin[] = {"EV-P", "甲公司", "丙公司", "must", "2", ""};
    static const char *const order[] = {"EV-P", "甲公司", "乙公司", "must", "", "丙公司"};
    static const char *const bad[] = {"EV-P", "甲公司", "乙公司", "must", "7", ""};
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    int64_t id;
    dj_diag d;

    { /* 场次 and 指定时段 agree with the event and with each other */
        static const char *const sc[] = {"event", "from", "to", "preference", "session", "slot"};
        static const char *const pm[] = {"EV-P", "甲公司", "乙公司", "must", "下午", ""};
        static const char *const am5[] = {"EV-P", "甲公司", "乙公司", "must", "上午", "5"};
        static const char *const clear[] = {"EV-P", "甲公司", "乙公司", "must", "", ""};
        static const char *const ec[] = {
            "code", "name", "start_date", "morning_slots", "afternoon_slots", "tables"};
        static const char *const ev[] = {"EV-P", "发布测试对接会", "2026-12-10", "3", "3", "2"};
        cr_assert_eq(dj_app_put(app, "requests", sc, pm, 6, &id, &d), DJ_EINVAL, "no afternoon");
        cr_assert(strstr(d.message, "the event has no 下午 slots"), "%s", d.message);
        cr_assert_str_eq(d.field, "场次");
        cr_assert_eq(dj_app_put(app, "requests", sc, am5, 6, &id, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(dj_app_put(app, "events", ec, ev, 6, &id, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(dj_app_put(app, "requests", sc, am5, 6, &id, &d), DJ_EINVAL,
                     "slot 5 is in the afternoon now");
        cr_assert(strstr(d.message, "slot 5 is not in the row's 场次 (上午)"), "%s", d.message);
        cr_assert_str_eq(d.field, "指定时段");
        cr_assert_eq(dj_app_put(app, "requests", sc, clear, 6, &id, &d), DJ_OK, "%s", d.message);
    }
    { /* a row with one of the two keeps the stored other: they must agree too */
        static const char *const sess[] = {"event", "from", "to", "session"};
        static const char *const slot[] = {"event", "from", "to", "slot"};
        static const char *const am[] = {"EV-P", "甲公司", "乙公司", "上午"};
        static const char *const pm[] = {"EV-P", "甲公司", "乙公司", "下午"};
        static const char *const s5[] = {"EV-P", "甲公司", "乙公司", "5"};
        static const char *const s2[] = {"EV-P", "甲公司", "乙公司", "2"};
        static const char *const sc[] = {"event", "from", "to", "session", "slot"};
        static const char *const clear[] = {"EV-P", "甲公司", "乙公司", "", ""};
        cr_assert_eq(dj_app_put(app, "requests", sess, am, 4, &id, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(dj_app_put(app, "requests", slot, s5, 4, &id, &d), DJ_EINVAL,
                     "slot 5 is in the afternoon, the stored 场次 上午");
        cr_assert(strstr(d.message, "slot 5 is not in the stored 场次 (上午)"), "%s", d.message);
        cr_assert_str_eq(d.field, "指定时段");
        cr_assert_eq(dj_app_put(app, "requests", slot, s2, 4, &id, &d), DJ_OK, "%s", d.message);
        cr_assert_eq(dj_app_put(app, "requests", sess, pm, 4, &id, &d), DJ_EINVAL,
                     "the stored slot 2 is in the morning");
        cr_assert(
            strstr(d.message, "stored 指定时段 2 of this request is not in the row's 场次 (下午)"),
            "%s", d.message);
        cr_assert_str_eq(d.field, "场次");
        cr_assert_eq(dj_app_put(app, "requests", sc, clear, 5, &id, &d), DJ_OK, "%s", d.message);
    }
    th_put(app, "requests", rc, pin, 6);
    th_put(app, "requests", rc, order, 6);
    cr_assert_eq(dj_app_put(app, "requests", rc, bad, 6, &id, &d), DJ_EINVAL, "slot 7 of 6");
    cr_assert(strstr(d.message, "no such slot"), "%s", d.message);
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.scheduled, 3);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(slot_of(app, "甲公司", "丙公司"), 2);
    cr_assert_eq(slot_of(app, "甲公司", "乙公司"), 1, "先于 丙公司, whose meeting is in slot 2");
    dj_app_close(app);
}

Test(event_day, meeting_of_pair_finds_the_live_one, .init = setup, .fini = teardown)
{
    static const char *const mc[] = {"event", "a", "b", "slot"};
    static const char *const extra[] = {"EV-P", "乙公司", "甲公司", "6"};
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    dj_app_meeting_change cancel = {"cancelled", -1, 0, NULL};
    int64_t id = 0, id2 = 0;
    meeting_row m;
    dj_diag d;

    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    dj_app_sched_report_fini(&rep);
    m = meeting(app, "甲公司", "乙公司");
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "乙公司", "甲公司", &id, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(id, m.id, "either order names the pair");
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "乙公司", "丙公司", &id, &d), DJ_ENOTFOUND);
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "乙公司", "戊公司", &id, &d), DJ_ENOTFOUND);
    /* one participant named twice, by name and by id (甲公司 is participant 1): no pair */
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "甲公司", "1", &id, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "same participant (甲公司, #1)"), "%s", d.message);
    /* a second live meeting of the pair makes the pair ambiguous, until one is cancelled */
    cr_assert_neq(m.slot, 6);
    cr_assert_eq(dj_app_put(app, "meetings", mc, extra, 4, &id2, &d), DJ_OK, "%s", d.message);
    id2 = meeting(app, "乙公司", "甲公司").id; /* written as 乙 x 甲 */
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "甲公司", "乙公司", &id, &d), DJ_EINVAL);
    cr_assert(strstr(d.message, "2 meetings"), "%s", d.message);
    cr_assert_eq(dj_app_meeting_mark(app, "EV-P", m.id, &cancel, &d), DJ_OK, "%s", d.message);
    cr_assert_eq(dj_app_meeting_of_pair(app, "EV-P", "甲公司", "乙公司", &id, &d), DJ_OK, "%s",
                 d.message);
    cr_assert_eq(id, id2, "the cancelled one is not the pair's meeting");
    dj_app_close(app);
}

Test(event_day, disagreeing_rows_are_noted, .init = setup, .fini = teardown)
{
    static const char *const rc[] = {"event", "from", "to", "preference", "slot"};
    static const char *const ab[] = {"EV-P", "甲公司", "乙公司", "must", "2"};
    static const char *const ba[] = {"EV-P", "乙公司", "甲公司", "must", "3"};
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;
    dj_buf out;

    th_put(app, "requests", rc, ab, 5);
    th_put(app, "requests", rc, ba, 5);
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.nnotes, 1);
    cr_assert(strstr(rep.notes[0], "指定时段 2 and 3; 2 is used"), "%s", rep.notes[0]);
    dj_buf_init(&out, 0);
    cr_assert_eq(dj_app_sched_report_json(&out, &rep), DJ_OK);
    cr_assert(strstr(dj_buf_cstr(&out), "\"notes\":[\"甲公司 and 乙公司"), "%s", dj_buf_cstr(&out));
    dj_buf_fini(&out);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(slot_of(app, "甲公司", "乙公司"), 2, "the first row's slot");
    dj_app_close(app);
}

/* Pins 甲→乙 to slot 3 and 甲→丙 to slot 1, schedules, then clears the pins
 * and asks 甲→乙 先于 丙公司: the two meetings stand in the wrong order. */
static void wrong_order(dj_app *app, int lock)
{
    static const char *const rc[] = {"event", "from", "to", "preference", "slot", "before"};
    static const char *const pins[][6] = {{"EV-P", "甲公司", "乙公司", "must", "3", ""},
                                          {"EV-P", "甲公司", "丙公司", "must", "1", ""}};
    static const char *const order[][6] = {{"EV-P", "甲公司", "乙公司", "must", "", "丙公司"},
                                           {"EV-P", "甲公司", "丙公司", "must", "", ""}};
    dj_app_meeting_change locked = {NULL, 1, 0, NULL};
    dj_app_sched_report rep;
    char at[32];
    dj_diag d;

    th_put(app, "requests", rc, pins[0], 6);
    th_put(app, "requests", rc, pins[1], 6);
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(slot_of(app, "甲公司", "乙公司"), 3);
    cr_assert_eq(slot_of(app, "甲公司", "丙公司"), 1);
    cr_assert_eq(dj_app_event_publish(app, "EV-P", 0, at, &d), DJ_OK, "%s", d.message);
    for (int i = 0; lock && i < 2; i++)
        cr_assert_eq(dj_app_meeting_mark(app, "EV-P",
                                         meeting(app, "甲公司", i ? "丙公司" : "乙公司").id,
                                         &locked, &d),
                     DJ_OK, "%s", d.message);
    th_put(app, "requests", rc, order[0], 6);
    th_put(app, "requests", rc, order[1], 6);
}

Test(event_day, published_replan_restores_the_order, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;

    wrong_order(app, 0);
    schedule(app, DJ_APP_KEEP_AUTO, &rep); /* published: fill-only */
    cr_assert_eq(rep.keep, DJ_APP_FILL_ONLY);
    cr_assert_eq(rep.nunsched, 0);
    cr_assert_eq(rep.nnotes, 0);
    dj_app_sched_report_fini(&rep);
    cr_assert_gt(slot_of(app, "甲公司", "乙公司"), 0);
    cr_assert_lt(slot_of(app, "甲公司", "乙公司"), slot_of(app, "甲公司", "丙公司"),
                 "先于: 甲 meets 乙 before 丙");
    dj_app_close(app);
}

Test(event_day, locked_meetings_in_the_wrong_order_are_noted, .init = setup, .fini = teardown)
{
    dj_app *app = th_open_as(path, DJ_ROLE_ADMIN, 0);
    dj_app_sched_report rep;

    wrong_order(app, 1);
    schedule(app, DJ_APP_KEEP_AUTO, &rep);
    cr_assert_eq(rep.nnotes, 1);
    cr_assert(strstr(rep.notes[0], "甲公司 meets 乙公司 in slot 3, not before 丙公司 (slot 1)"),
              "%s", rep.notes[0]);
    dj_app_sched_report_fini(&rep);
    cr_assert_eq(slot_of(app, "甲公司", "乙公司"), 3, "locked meetings stay");
    cr_assert_eq(slot_of(app, "甲公司", "丙公司"), 1);
    dj_app_close(app);
}
