/* events_publish.c - marks an event's timetable as sent to its participants
 * (events.published_at, migration 009) or back to a draft.
 * Invariant: published_at is NULL (draft) or the UTC time of the latest
 * publish; it changes only here, with DJ_ACT_RUN_EVENT, audited as
 * 'event.publish'. What the mark changes is in events_schedule.c
 * (dj_app_event_schedule picks --fill-only by default for a published
 * event; write_plan cancels a dropped meeting rather than deleting it) and
 * docs/sched.md, "Publishing". */
#include "app/app_events.h"
#include "app/app_int.h"

#include "util/buf.h"

#include <stdio.h>
#include <string.h>

/* Meetings of the event that are not cancelled. */
static int live_meetings(dj_app *app, int64_t id, int64_t *n, dj_diag *diag)
{
    dj_field w[2] = {{"event_id", dj_v_int(id)}, {"status", dj_v_text("cancelled")}};
    int64_t all = 0, cancelled = 0;
    int rc;
    if ((rc = dj_store_count(app->st, "meetings", w, 1, &all, diag)) < 0 ||
        (rc = dj_store_count(app->st, "meetings", w, 2, &cancelled, diag)) < 0)
        return rc;
    *n = all - cancelled;
    return DJ_OK;
}

int dj_app_event_publish(dj_app *app, const char *event, int undo, char *at_out, dj_diag *diag)
{
    char now[32];
    int64_t id = 0, live = 0;
    dj_field f;
    dj_buf detail;
    int rc;

    if (at_out)
        at_out[0] = '\0';
    if (!dj_app_can(app->actor.role, DJ_ACT_RUN_EVENT))
        return dj_diag_set(diag, DJ_EPERM, "role may not publish event timetables");
    if ((rc = dj_app_event_find(app, event, &id, diag)) < 0)
        return rc;
    if ((rc = live_meetings(app, id, &live, diag)) < 0) /* also for the audit of an undo */
        return rc;
    if (!undo && live == 0)
        return dj_diag_set(diag, DJ_ECONSTRAINT,
                           "event %s has no meetings to publish: run `duijie event schedule` first",
                           event);
    dj_store_now(now);
    f = (dj_field){"published_at", undo ? dj_v_null() : dj_v_text(now)};
    dj_buf_init(&detail, 0);
    dj_buf_printf(&detail, "{\"published\":%s,\"meetings\":%lld}", undo ? "false" : "true",
                  (long long)live);
    if ((rc = dj_buf_rc(&detail)) < 0 || (rc = dj_store_begin(app->st, diag)) < 0) {
        dj_buf_fini(&detail);
        return rc;
    }
    if ((rc = dj_store_update(app->st, "events", id, &f, 1, diag)) == DJ_OK)
        rc = dj_store_audit(app->st, app->actor.login, "event.publish", "events", id,
                            dj_buf_cstr(&detail), diag);
    dj_buf_fini(&detail);
    if (rc < 0) {
        dj_store_rollback(app->st);
        return rc;
    }
    if ((rc = dj_store_commit(app->st, diag)) == DJ_OK && at_out && !undo)
        snprintf(at_out, 32, "%s", now);
    return rc;
}
