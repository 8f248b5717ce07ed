/* apply_events.c - writes import rows of an event and what hangs off it:
 * the event itself (its meeting slots and pool tables, event_slots.c), its
 * participants, their meeting requests and their meetings. The helpers
 * shared with the other writers are apply.c's (apply_int.h).
 *
 * Invariants: a request or meeting names participants of its own event,
 * and two different ones; a request's 指定时段 is a slot of the event and
 * lies inside its 场次, checked as the request will be once written (one of
 * the two may be the stored request's); a meeting row updates the meeting
 * its 编号 names when that is one of this event and pair, else the pair's
 * meeting in the slot, either way round (a live one before a cancelled
 * one); a live meeting never puts a participant or a table in two meetings
 * of one slot. A stored participant keeps its role and booth when the file
 * has no 角色, and every listed 不可用时段 slot exists. */
#include "app/apply_int.h"

#include "app/event_slots.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#define F(col, val) ((dj_field){col, val})

int dj__app_apply_event(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"code", NULL};
    dj__event_slots sl;
    int64_t park = 0, id = 0, tables;
    int rc, n = 0;
    dj_field f[11];

    (void)written; /* only orgs and listings report the id they wrote */

    if ((rc = dj__app_ref_id(app, r, "park", &park, diag)) < 0)
        return rc;
    sl.start = dj__rec_s(r, "start_date");
    sl.end = dj__rec_s(r, "end_date");
    sl.morning = dj__app_cell_has(r, "morning_slots") ? dj__rec_cell(r, "morning_slots")->i : 0;
    sl.afternoon =
        dj__app_cell_has(r, "afternoon_slots") ? dj__rec_cell(r, "afternoon_slots")->i : 0;
    sl.minutes = dj__app_cell_has(r, "slot_minutes") ? dj__rec_cell(r, "slot_minutes")->i : 20;
    tables = dj__app_cell_has(r, "tables") ? dj__rec_cell(r, "tables")->i : 0;
    if ((rc = dj__event_slots_check(&sl, r, diag)) < 0)
        return rc;
    f[n++] = F("code", dj__app_cell_text(r, "code"));
    f[n++] = F("name", dj__app_cell_text(r, "name"));
    f[n++] = F("kind", dj_v_text(dj__app_cell_has(r, "kind") ? dj__rec_s(r, "kind") : "brokerage"));
    f[n++] = F("park_id", dj__app_id_or_null(park));
    f[n++] = F("venue", dj_v_text(dj__app_or_empty(dj__rec_s(r, "venue"))));
    f[n++] = F("start_date", dj_v_text(sl.start));
    f[n++] = F("end_date", dj_v_text(sl.end ? sl.end : sl.start));
    f[n++] = F("slot_minutes", dj_v_int(sl.minutes));
    f[n++] = F("description", dj_v_text(dj__app_or_empty(dj__rec_s(r, "description"))));
    f[n++] = F("created_at", dj_v_text(now));
    if ((rc = dj_store_upsert(app->st, "events", f, n, key, &id, diag)) < 0 ||
        (rc = dj__event_slots_write(app, r, id, &sl, diag)) < 0)
        return rc;
    return dj__event_tables_write(app, r, id, tables, diag);
}

/* Finds the participant of event for org (named in column en). */
static int participant_id(dj_app *app, const dj_rec *r, int64_t event, const char *en, int64_t *out,
                          dj_diag *diag)
{
    int64_t org;
    dj_field w[2];
    int rc;

    if ((rc = dj__app_ref_id(app, r, en, &org, diag)) < 0)
        return rc;
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("org_id", dj_v_int(org));
    rc = dj_store_find_id(app->st, "participants", w, 2, out, diag);
    if (rc == DJ_ENOTFOUND)
        return dj__rec_fail(diag, r, en, DJ_EINVAL, "'%s' is not a participant of this event",
                            dj__rec_s(r, en));
    return rc;
}

int dj__app_apply_participant(dj_app *app, const dj_rec *r, char *now, int64_t *written,
                              dj_diag *diag)
{
    static const char *const key[] = {"event_id", "org_id", NULL};
    static const char *const table_key[] = {"event_id", "label", NULL};
    int64_t event, org, booth = 0, nslots, lo, hi, stored = 0;
    const char *role = dj__app_cell_has(r, "role") ? dj__rec_s(r, "role") : "visitor";
    const char *un = dj__rec_s(r, "unavailable");
    const char *src[8];
    int rc, n = 0, listed, keep_role;
    dj_field f[8];
    dj_buf slots;

    (void)now;
    if ((rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "org", &org, diag)) < 0)
        return rc;
    f[0] = F("event_id", dj_v_int(event));
    f[1] = F("org_id", dj_v_int(org));
    if ((rc = dj_store_find_id(app->st, "participants", f, 2, &stored, diag)) < 0 &&
        rc != DJ_ENOTFOUND)
        return rc;
    /* a stored participant keeps its role and booth when the file has no
     * 角色 (a check-in file of 活动,机构,签到) */
    keep_role = stored && !dj__app_col_given(r, "role");
    nslots = dj__event_slot_count(app, event);
    if ((listed = dj__slot_list(un, &lo, &hi, NULL)) < 0)
        return dj__rec_fail(diag, r, "unavailable", DJ_EINVAL,
                            "not a list of slot numbers or ranges (3;5-8): '%s'",
                            dj__rec_s(r, "unavailable"));
    if (listed && (lo < 1 || hi > nslots)) /* every listed slot must exist */
        return dj__rec_fail(diag, r, "unavailable", DJ_EINVAL,
                            "slot number out of range of the event's slots: '%s'",
                            dj__rec_s(r, "unavailable"));
    if (!keep_role &&
        (rc = dj__event_booth_check(app, r, event, org, !strcmp(role, "exhibitor"), diag)) < 0)
        return rc;
    if (!keep_role && !strcmp(role, "exhibitor")) {
        dj_field tf[3];
        tf[0] = F("event_id", dj_v_int(event));
        tf[1] = F("label", dj__app_cell_text(r, "org"));
        tf[2] = F("booth_org", dj_v_int(org));
        if ((rc = dj_store_upsert(app->st, "event_tables", tf, 3, table_key, &booth, diag)) < 0)
            return rc;
    }
    dj_buf_init(&slots, 0);
    dj__slot_list(un, &lo, &hi, &slots); /* ranges written out */
    if ((rc = dj_buf_rc(&slots)) < 0) {
        dj_buf_fini(&slots);
        return rc;
    }
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("event_id", NULL, dj_v_int(event));
    PUT("org_id", NULL, dj_v_int(org));
    PUT("person", "person", dj_v_text(dj__app_or_empty(dj__rec_s(r, "person"))));
    PUT("role", "role", dj_v_text(role));
    PUT("max_meetings", "max_meetings", dj__app_cell_int(r, "max_meetings"));
    PUT("unavailable", "unavailable", dj_v_text(dj_buf_cstr(&slots)));
    PUT("table_id", "role", dj__app_id_or_null(booth)); /* the booth comes with the role */
    PUT("checked_in", "checked_in",
        dj__app_cell_has(r, "checked_in") ? dj__app_cell_int(r, "checked_in") : dj_v_int(0));
#undef PUT
    /* stored was looked up above: insert, or update the columns the file has */
    if (stored && written)
        *written = stored; /* the id the row wrote: for dj_app_put (event join) */
    rc = stored ? dj__app_update_given(app, r, "participants", stored, f, src, n, diag)
                : dj_store_upsert(app->st, "participants", f, n, key, written, diag);
    dj_buf_fini(&slots);
    return rc;
}

/* The 场次 and 指定时段 of the stored request a row updates (dj_store_each
 * callback). */
typedef struct stored_slot {
    char session[16];
    int64_t slot; /* 0 = none */
    int found;
} stored_slot;

static int stored_slot_cb(const dj_row *row, void *ctx)
{
    stored_slot *ss = ctx;
    snprintf(ss->session, sizeof ss->session, "%s", dj_row_text(row, "session"));
    ss->slot = dj_row_int(row, "slot", 0);
    ss->found = 1;
    return 0;
}

/* A request's 指定时段 names a slot the event has, its 场次 a session the
 * event has slots in, and the two agree: the slot lies inside the session.
 * The two may come one from the row and one from the stored request it
 * updates (a file with 指定时段 but no 场次 keeps the stored 场次), so they
 * are checked as the request will be once written. */
static int check_request_slot(dj_app *app, const dj_rec *r, int64_t event, int64_t from, int64_t to,
                              dj_diag *diag)
{
    stored_slot ss = {{0}, 0, 0};
    const char *session = dj__app_cell_has(r, "session") ? dj__rec_s(r, "session") : NULL;
    dj_value slot = dj__app_cell_has(r, "slot") ? dj__app_cell_int(r, "slot") : dj_v_null();
    dj_field w[3] = {F("event_id", dj_v_int(event)), F("seq", slot), F("session", dj_v_null())};
    dj_field key[3] = {F("event_id", dj_v_int(event)), F("from_id", dj_v_int(from)),
                       F("to_id", dj_v_int(to))};
    const char *blame = "slot", *whose = "the row's";
    char why[200];
    int64_t n = 0;
    int rc;

    if (dj__app_cell_has(r, "slot")) {
        if ((rc = dj_store_count(app->st, "event_slots", w, 2, &n, diag)) < 0)
            return rc;
        if (!n)
            return dj__rec_fail(diag, r, "slot", DJ_EINVAL, "%s", "the event has no such slot");
    }
    if (dj__app_cell_has(r, "session")) {
        w[1] = F("session", dj_v_text(session));
        if ((rc = dj_store_count(app->st, "event_slots", w, 2, &n, diag)) < 0)
            return rc;
        if (!n) {
            snprintf(why, sizeof why, "the event has no %s slots",
                     dj_enum_zh(&dj_enum_session, session));
            return dj__rec_fail(diag, r, "session", DJ_EINVAL, "%s", why);
        }
    }
    if (dj__app_col_given(r, "slot") !=
        dj__app_col_given(r, "session")) { /* the other one is the stored request's */
        if ((rc = dj_store_each(app->st, "meeting_requests", key, 3, NULL, 1, 0, stored_slot_cb,
                                &ss, diag)) < 0)
            return rc;
        if (!dj__app_col_given(r, "session") && ss.found && ss.session[0]) {
            session = ss.session;
            whose = "the stored";
        } else if (!dj__app_col_given(r, "slot") && ss.found && ss.slot) {
            slot = dj_v_int(ss.slot);
            blame = "session";
            whose = "";
        }
    }
    if (slot.type == DJ_V_NULL || !session)
        return DJ_OK;
    w[1] = F("seq", slot);
    w[2] = F("session", dj_v_text(session));
    if ((rc = dj_store_count(app->st, "event_slots", w, 3, &n, diag)) < 0)
        return rc;
    if (n)
        return DJ_OK;
    if (!*whose) /* the row's 场次, the stored 指定时段 */
        snprintf(why, sizeof why,
                 "the stored 指定时段 %lld of this request is not in the row's 场次 (%s); give "
                 "指定时段 in the file too",
                 (long long)slot.i, dj_enum_zh(&dj_enum_session, session));
    else
        snprintf(why, sizeof why, "slot %lld is not in %s 场次 (%s)%s", (long long)slot.i, whose,
                 dj_enum_zh(&dj_enum_session, session),
                 strcmp(whose, "the stored") ? "" : " of this request; give 场次 in the file too");
    return dj__rec_fail(diag, r, blame, DJ_EINVAL, "%s", why);
}

int dj__app_apply_request(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    static const char *const key[] = {"event_id", "from_id", "to_id", NULL};
    int64_t event, from, to, listing = 0, before = 0;
    int rc, n = 0;
    const char *src[10];
    dj_field f[10];

    if ((rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "from", &from, diag)) < 0 ||
        (rc = participant_id(app, r, event, "to", &to, diag)) < 0 ||
        (rc = dj__app_ref_id(app, r, "listing", &listing, diag)) < 0)
        return rc;
    if (from == to)
        return dj__rec_fail(diag, r, "to", DJ_EINVAL, "%s", "a participant cannot request itself");
    if (dj__app_cell_has(r, "before") &&
        (rc = participant_id(app, r, event, "before", &before, diag)) < 0)
        return rc;
    if (before && (before == from || before == to))
        return dj__rec_fail(diag, r, "before", DJ_EINVAL, "%s",
                            "先于 names a third participant (the requester's later meeting), not "
                            "one of this pair");
    if ((rc = check_request_slot(app, r, event, from, to, diag)) < 0)
        return rc;
#define PUT(col, en, val) (src[n] = (en), f[n++] = F(col, val))
    PUT("event_id", NULL, dj_v_int(event));
    PUT("from_id", NULL, dj_v_int(from));
    PUT("to_id", NULL, dj_v_int(to));
    PUT("preference", "preference",
        dj_v_text(dj__app_cell_has(r, "preference") ? dj__rec_s(r, "preference") : "want"));
    PUT("status", "status",
        dj_v_text(dj__app_cell_has(r, "status") ? dj__rec_s(r, "status") : "pending"));
    PUT("listing_id", "listing", dj__app_id_or_null(listing));
    PUT("session", "session",
        dj__app_cell_has(r, "session") ? dj_v_text(dj__rec_s(r, "session")) : dj_v_null());
    PUT("slot", "slot", dj__app_cell_has(r, "slot") ? dj__app_cell_int(r, "slot") : dj_v_null());
    PUT("before_id", "before", dj__app_id_or_null(before));
    PUT("created_at", "", dj_v_text(now));
#undef PUT
    return dj__app_write_row(app, r, "meeting_requests", f, src, n, key, written, diag);
}

/* The first other live meeting of a slot that would put one of the parties,
 * or the table, in two meetings at once (dj_store_each callback). */
typedef struct clash {
    int64_t self, a, b, table; /* self: the row being updated, 0 = new */
    int64_t with;              /* the meeting found, 0 = none */
    const char *col;           /* "a", "b" or "table" */
} clash;

static int clash_cb(const dj_row *row, void *ctx)
{
    clash *c = ctx;
    int64_t id = dj_row_int(row, "id", 0), ma = dj_row_int(row, "a_id", 0),
            mb = dj_row_int(row, "b_id", 0), table = dj_row_int(row, "table_id", 0);
    const char *status = dj_row_text(row, "status");

    if (c->with || id == c->self || (status && !strcmp(status, "cancelled")))
        return 0;
    c->col = ma == c->a || mb == c->a             ? "a"
             : ma == c->b || mb == c->b           ? "b"
             : c->table != 0 && table == c->table ? "table"
                                                  : NULL;
    if (c->col)
        c->with = id;
    return 0;
}

/* The meetings of one pair in one slot: the first live and the first
 * cancelled one (0 = none). */
typedef struct same_meeting {
    int64_t live, cancelled;
} same_meeting;

static int same_meeting_cb(const dj_row *row, void *ctx)
{
    same_meeting *sm = ctx;
    int64_t *at = strcmp(dj_row_text(row, "status"), "cancelled") ? &sm->live : &sm->cancelled;
    if (!*at)
        *at = dj_row_int(row, "id", 0);
    return 0;
}

/* The meeting a row's 编号 names, when it is a meeting of this event and
 * this pair (dj_store_each callback); an export's ids read into another
 * database name other meetings or none, and then the pair and slot decide. */
typedef struct by_id {
    int64_t event, a, b, id;
    int cancelled; /* the meeting found is cancelled */
} by_id;

static int by_id_cb(const dj_row *row, void *ctx)
{
    by_id *q = ctx;
    int64_t ma = dj_row_int(row, "a_id", 0), mb = dj_row_int(row, "b_id", 0);
    if (dj_row_int(row, "event_id", 0) == q->event &&
        ((ma == q->a && mb == q->b) || (ma == q->b && mb == q->a))) {
        q->id = dj_row_int(row, "id", 0);
        q->cancelled = !strcmp(dj_row_text(row, "status"), "cancelled");
    }
    return 0;
}

int dj__app_apply_meeting(dj_app *app, const dj_rec *r, char *now, int64_t *written, dj_diag *diag)
{
    same_meeting same = {0, 0};
    int64_t event, a, b, slot, table = 0, id = 0;
    const char *status = dj__app_cell_has(r, "status") ? dj__rec_s(r, "status") : "scheduled";
    dj_field w[4], f[10];
    int rc, n = 0, was_cancelled;
    int64_t absent = 0;

    (void)written; /* only orgs and listings report the id they wrote */

    (void)now;
    if ((rc = dj__app_ref_id(app, r, "event", &event, diag)) < 0 ||
        (rc = participant_id(app, r, event, "a", &a, diag)) < 0 ||
        (rc = participant_id(app, r, event, "b", &b, diag)) < 0)
        return rc;
    if (a == b)
        return dj__rec_fail(diag, r, "b", DJ_EINVAL, "%s", "a meeting needs two participants");
    if (dj__app_cell_has(r, "absent")) { /* 缺席方: one side of a no-show meeting */
        if ((rc = participant_id(app, r, event, "absent", &absent, diag)) < 0)
            return rc;
        if (absent != a && absent != b) {
            char msg[700];
            snprintf(msg, sizeof msg, "'%s' is neither side of this meeting (甲方 %s, 乙方 %s)",
                     dj__rec_s(r, "absent"), dj__rec_s(r, "a"), dj__rec_s(r, "b"));
            return dj__rec_fail(diag, r, "absent", DJ_EINVAL, "%s", msg);
        }
        if (strcmp(status, "no-show") != 0)
            return dj__rec_fail(
                diag, r, "absent", DJ_EINVAL, "%s",
                "缺席方 names who missed a no-show meeting: give 状态 缺席 with it");
    }
    w[0] = F("event_id", dj_v_int(event));
    w[1] = F("seq", dj__app_cell_int(r, "slot"));
    if ((rc = dj_store_find_id(app->st, "event_slots", w, 2, &slot, diag)) == DJ_ENOTFOUND)
        return dj__rec_fail(diag, r, "slot", DJ_EINVAL, "%s", "the event has no such slot");
    if (rc < 0)
        return rc;
    if (dj__app_cell_has(r, "table")) {
        w[1] = F("label", dj__app_cell_text(r, "table"));
        if ((rc = dj_store_find_id(app->st, "event_tables", w, 2, &table, diag)) == DJ_ENOTFOUND)
            return dj__rec_fail(diag, r, "table", DJ_EINVAL, "the event has no table '%s'",
                                dj__rec_s(r, "table"));
        if (rc < 0)
            return rc;
    }
    f[n++] = F("event_id", dj_v_int(event));
    f[n++] = F("a_id", dj_v_int(a));
    f[n++] = F("b_id", dj_v_int(b));
    f[n++] = F("slot_id", dj_v_int(slot));
    f[n++] = F("table_id", dj__app_id_or_null(table));
    f[n++] =
        F("locked", dj__app_cell_has(r, "locked") ? dj__app_cell_int(r, "locked") : dj_v_int(0));
    f[n++] = F("status", dj_v_text(status));
    f[n++] = F("rating", dj__app_cell_int(r, "rating"));
    f[n++] = F("absent_id", dj__app_id_or_null(absent)); /* f[8] */
    /* the same pair in the same slot, either way round, is the same meeting;
     * beside a cancelled one a re-plan may have written a live one: that is
     * the meeting a row updates */
    w[0] = F("event_id", dj_v_int(event));
    w[3] = F("slot_id", dj_v_int(slot));
    for (int way = 0; way < 2; way++) {
        w[1] = F("a_id", dj_v_int(way ? b : a));
        w[2] = F("b_id", dj_v_int(way ? a : b));
        if ((rc = dj_store_each(app->st, "meetings", w, 4, NULL, 0, 0, same_meeting_cb, &same,
                                diag)) < 0)
            return rc;
    }
    id = same.live ? same.live : same.cancelled;
    was_cancelled = !same.live && same.cancelled;
    if (dj__app_cell_has(r, "id")) { /* an exported row: exactly its meeting (a pair may have a live
                           and a cancelled one in a slot) */
        by_id q = {event, a, b, 0, 0};
        dj_field wid = F("id", dj__app_cell_int(r, "id"));
        if ((rc = dj_store_each(app->st, "meetings", &wid, 1, NULL, 0, 0, by_id_cb, &q, diag)) < 0)
            return rc;
        if (q.id) {
            id = q.id;
            was_cancelled = q.cancelled;
        }
    }
    if (id && !dj__app_cell_has(r, "status") &&
        was_cancelled) /* the row keeps the status it does not name */
        status = "cancelled";
    if (strcmp(status, "cancelled") != 0) { /* a live meeting: nobody is there twice */
        clash c = {id, a, b, table, 0, NULL};
        w[1] = F("slot_id", dj_v_int(slot));
        if ((rc = dj_store_each(app->st, "meetings", w, 2, NULL, 0, 0, clash_cb, &c, diag)) < 0)
            return rc;
        if (c.with) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s '%s' already has meeting #%lld in slot %lld",
                     strcmp(c.col, "table") ? "participant" : "table", dj__rec_s(r, c.col),
                     (long long)c.with, (long long)dj__rec_cell(r, "slot")->i);
            return dj__rec_fail(diag, r, c.col, DJ_EINVAL, "%s", msg);
        }
    }
    if (id) { /* the slot, and what the row names: a file of 活动,甲方,乙方,时段,锁定 locks
                 and changes nothing else (it cleared the table, rating and held status) */
        static const char *const named[] = {"table", "locked", "status", "rating"}; /* f[4..8] */
        dj_field u[6];
        int nu = 0;
        u[nu++] = f[3];
        for (int i = 4; i < 8; i++)
            if (dj__app_cell_has(r, named[i - 4]))
                u[nu++] = f[i];
        /* 缺席方 when the row names it, or cleared when the row names a status
         * other than no-show; a no-show row without it keeps the stored one */
        if (dj__app_cell_has(r, "absent") ||
            (dj__app_cell_has(r, "status") && strcmp(status, "no-show") != 0))
            u[nu++] = f[8];
        return dj_store_update(app->st, "meetings", id, u, nu, diag);
    }
    return dj_store_upsert(app->st, "meetings", f, n, NULL, NULL, diag);
}
